import Foundation
import Testing
@testable import Plots

/// Shows rendered figures in real tmux panes of 80×24 and 200×50 and checks the captured
/// screen holds exactly the rendered lines: nothing wrapped or shifted, wide characters
/// included. Skipped when tmux is not installed.
struct TmuxFitTests {
    static var tmuxAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    @Test(.enabled(if: tmuxAvailable), arguments: [(80, 24), (200, 50)])
    func plotFitsPane(size: (Int, Int)) throws {
        let fig = Figure()
        let x = (0..<200).map { Double($0) / 20 }
        try fig.axes.plot(x: x, y: x.map { sin($0) }, label: "訓練 train")
        try fig.axes.plot(x: x, y: x.map { cos($0) }, format: "r--", label: "テスト test")
        fig.axes.title = "学習曲線 learning curve"
        fig.axes.xLabel = "エポック"
        fig.axes.yLabel = "精度"
        fig.axes.legendVisible = true
        let text = fig.render(RenderOptions(width: size.0, height: size.1, unicode: true))
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }

        let dir = FileManager.default.temporaryDirectory
        let file = dir.appendingPathComponent("plots-tmux-\(getpid())-\(size.0).txt")
        try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let server = "plots-test-\(getpid())-\(size.0)"
        defer { _ = tmux(["-L", server, "kill-server"]) }
        _ = tmux(capture: false, ["-u", "-L", server, "-f", "/dev/null", "new-session", "-d", "-s", "fit", "-x", "\(size.0)", "-y", "\(size.1)",
                  "cat '\(file.path)'; sleep 30"])
        var captured: [String] = []
        for _ in 0..<40 {
            Thread.sleep(forTimeInterval: 0.1)
            let screen = tmux(["-L", server, "capture-pane", "-p", "-t", "fit"]) ?? ""
            captured = screen.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
            if captured.contains(where: { $0.contains("エポック") }) { break }
        }
        let trimmed = captured.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        #expect(Array(trimmed.prefix(expected.count)) == expected)
        #expect(expected.count < size.1)
    }

    /// Runs tmux; `capture: false` for commands that start the server, which would keep
    /// an output pipe open for its whole life.
    private func tmux(capture: Bool = true, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = capture ? pipe : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Started from Foundation's Process, the new-session client stays until its
        // session ends, so it is not waited for; kill-server ends it.
        guard capture else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
