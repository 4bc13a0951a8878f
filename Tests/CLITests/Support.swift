import Foundation
import TestSupport

/// Runs the real `nntutor` binary the way a user would, for end-to-end tests.
enum NNTutor {
    /// The binary built next to the test bundle (swift test builds every product).
    static var executable: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("nntutor").path
    }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// A private home and state directory so tests never touch the user's history or progress;
    /// the cache (decoded MNIST) is shared by the sessions of this test process.
    static func sandboxEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        let home = Scratch.directory("home")
        env["HOME"] = home
        env["XDG_STATE_HOME"] = home + "/state"
        env["XDG_CACHE_HOME"] = Scratch.sharedCache
        env.removeValue(forKey: "COLUMNS")
        env.removeValue(forKey: "LINES")
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs nntutor with arguments and piped stdin.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment ?? sandboxEnvironment()
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        inPipe.fileHandleForWriting.write(stdin.data(using: .utf8)!)
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        var errData = Data()
        let errThread = Thread { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errThread.isExecuting || !errThread.isFinished { usleep(1000) }
        return Result(stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus)
    }
}

extension NNTutor {
    /// Presses Ctrl-C in a running nntutor (SIGINT), waits for it to exit — killing it if it
    /// is still running after 10 s — and returns the seconds it took to stop.
    static func interrupt(_ process: Process) -> TimeInterval {
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { if process.isRunning { kill(pid, SIGKILL) } }
        process.waitUntilExit()
        return Date().timeIntervalSince(sent)
    }
}

/// Runs a Python program with python3 (the oracle) and returns its stdout.
enum Python {
    static func run(_ source: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", source]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
