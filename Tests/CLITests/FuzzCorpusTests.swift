import Foundation
import Testing

/// The fuzzer's corpus and every crasher it found, replayed through the same harness
/// (Sources/nntutor-fuzz, an ordinary build): each must run to its end without a crash,
/// a hang or a sanitizer report. `scripts/fuzz` grows the corpus.
@Suite struct FuzzCorpusTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzCorpus")
    }

    @Test func everyCorpusInputRunsToTheEnd() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
            .filter { !$0.hasPrefix(".") }.sorted().map { Self.corpus.appendingPathComponent($0).path }
        #expect(files.count >= 30, "the corpus is there")
        let harness = URL(fileURLWithPath: NNTutor.executable).deletingLastPathComponent()
            .appendingPathComponent("nntutor-fuzz").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: harness)
        process.arguments = files
        process.environment = NNTutor.sandboxEnvironment()
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        let started = Date()
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text.suffix(2000))")
        #expect(text.contains("ran \(files.count) inputs"))
        // The harness interrupts each input after half a second, as Ctrl-C would.
        #expect(Date().timeIntervalSince(started) < 5 + 1.0 * Double(files.count))
    }
}
