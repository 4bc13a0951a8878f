import Foundation
import Testing
@testable import Language
import Learning
import Tensor

/// Every code cell of the five seed documents, run in order in one workspace per document
/// (as their notebooks ran), with each cell's output compared to what the seed printed —
/// NumPy 2's formatting where the seed's NumPy was older, tolerances where randomness enters.
@Suite struct SeedsCorpusTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func mnistDirectory() -> String {
        if let d = ProcessInfo.processInfo.environment["NNTUTOR_DATA_DIR"], !d.isEmpty { return d }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/datasets/mnist").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return "../shared/datasets/mnist"
    }

    /// The documents transcribed so far (Corpus/README.md says which and how).
    static let documents: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".cells") }.map { String($0.dropLast(6)) }.sorted()
    }()

    @Test func theCorpusIsThere() {
        #expect(!Self.documents.isEmpty)
    }

    @Test(arguments: documents)
    func seedDocumentRunsAsPrinted(_ name: String) throws {
        let text = try String(contentsOf: Self.corpusDirectory.appendingPathComponent(name + ".cells"), encoding: .utf8)
        let document = try CorpusDocument(name: name, text: text)
        #expect(!document.cells.isEmpty)
        MNIST.dataDirectoryOverride = Self.mnistDirectory()
        let interp = Interpreter()
        // np.random is process-wide by default; documents run side by side need their own.
        interp.randomState = RandomState(seed: nil)
        var output = ""
        interp.output = { output += $0 }
        // Plots are drawn as plain text at a fixed size, as on a pipe.
        setenv("COLUMNS", "80", 1)
        setenv("LINES", "24", 1)
        if let seed = document.seed {
            _ = try interp.run("import numpy\nnumpy.random.seed(\(seed))", filename: "<seed>")
        }
        for cell in document.cells where cell.runs {
            output = ""
            let started = Date()
            defer { Self.reportTime("\(name) cell \(cell.number)", since: started) }
            var failure: String? = nil
            do {
                if let value = try interp.run(cell.runnableCode, filename: "<cell \(cell.number)>", mode: .interactive) {
                    output += try interp.repr(value) + "\n"
                }
            } catch {
                failure = interp.format(error)
            }
            try Self.showFigures(interp)
            if let problem = OutputMatching.mismatch(cell, output: output, error: failure.map(Self.lastLine))
                ?? OutputMatching.printoutMismatch(cell, output: output) {
                Issue.record("\(name) cell \(cell.number) (\(cell.mode)): \(problem)\n--- code:\n\(cell.runnableCode)\n--- traceback:\n\(failure ?? "none")")
            }
        }
    }

    /// The expectations are what python3 + NumPy print: with NNTUTOR_SEEDS_ORACLE=1 each
    /// document also runs through the oracle (Corpus/oracle/run_cells.py --check). Off by
    /// default: python3 repeats the training runs, which doubles the time.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NNTUTOR_SEEDS_ORACLE"] != nil), arguments: documents)
    func expectationsAreWhatPython3Prints(_ name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.corpusDirectory.appendingPathComponent("oracle/run_cells.py").path, "--check",
                       Self.corpusDirectory.appendingPathComponent(name + ".cells").path]
        var env = ProcessInfo.processInfo.environment
        env["NNTUTOR_DATA_DIR"] = Self.mnistDirectory()
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(report)")
    }

    /// A notebook's inline backend shows the figure a cell drew when the cell ends, with or
    /// without plt.show(); pyplot's own show() does that here.
    static func showFigures(_ interp: Interpreter) throws {
        guard let pyplot = interp.loadedModules["matplotlib.pyplot"], let show = pyplot.members["show"] else { return }
        _ = try interp.call(show, [], [])
    }

    /// With NNTUTOR_SEEDS_TIMES=1, each cell's time (to see what makes a document slow).
    static func reportTime(_ what: String, since start: Date) {
        guard ProcessInfo.processInfo.environment["NNTUTOR_SEEDS_TIMES"] != nil else { return }
        print("\(what): \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }

    static func lastLine(_ traceback: String) -> String {
        traceback.split(separator: "\n").last.map(String.init) ?? traceback
    }
}
