import Foundation
import Language
import Tensor

/// Runs one untrusted program the way the shell would, and swallows every language-level
/// error: only a crash, a hang or a sanitizer report counts as a finding. Each input gets a
/// fresh interpreter (so findings reproduce from the input alone), no output, a sandbox
/// folder for files, a small array budget and a watchdog that presses Ctrl-C after
/// `timeLimit`, the way a learner would stop an endless loop.
enum FuzzHarness {
    static let timeLimit: TimeInterval = 0.5

    /// Bumped for every input; the watchdog interrupts a run still going after `timeLimit`.
    nonisolated(unsafe) static var generation = 0
    nonisolated(unsafe) static var startedAt = Date.distantFuture
    nonisolated(unsafe) static var prepared = false

    static var sandboxFolder: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nntutor-fuzz-\(getpid())").path
    }

    static func prepareOnce() {
        if prepared { return }
        prepared = true
        // Nothing a program does may touch the real file system or block on a keyboard.
        let folder = sandboxFolder
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        Interpreter.classroomSandbox = folder
        atexit { try? FileManager.default.removeItem(atPath: FuzzHarness.sandboxFolder) }
        _ = freopen("/dev/null", "r", stdin)
        TensorLimits.maxTotalBytes = 256 << 20
        setenv("COLUMNS", "80", 1)
        setenv("LINES", "24", 1)
        let watchdog = Thread {
            var seen = -1
            while true {
                usleep(20_000)
                let g = generation
                if g == seen { continue }
                if Date().timeIntervalSince(startedAt) > timeLimit {
                    seen = g
                    Interrupt.request()
                }
            }
        }
        watchdog.start()
    }

    static func run(_ bytes: UnsafeRawBufferPointer) {
        prepareOnce()
        let source = String(decoding: bytes, as: UTF8.self)
        let interp = Interpreter()
        interp.output = { _ in }
        interp.randomState = RandomState(seed: 0)
        Interrupt.clear()
        generation += 1
        startedAt = Date()
        defer { startedAt = .distantFuture }
        do {
            _ = try interp.run(source, mode: .interactive)
        } catch {
            // Errors are the language working: render them, as the shell would.
            _ = interp.format(error)
        }
    }
}
