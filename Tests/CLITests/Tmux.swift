import Foundation

/// Drives nntutor inside a real terminal (a detached tmux session) for readline,
/// completion, Ctrl-C and plots: type with `send`, read the screen with `screen()`.
final class TmuxSession {
    let name: String
    let socket: String

    init(command: String, width: Int = 80, height: Int = 24, environment: [String: String]) throws {
        name = "t\(UInt32.random(in: 0...UInt32.max))"
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(name)").path
        let exports = environment
            .filter { ["HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "NNTUTOR_DATA_DIR", "PATH", "LANG", "LC_ALL", "TERM", "NO_COLOR"].contains($0.key) }
            .map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: " ")
        try TmuxSession.tmux(["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                              "-x", String(width), "-y", String(height),
                              "env \(exports) \(command); sleep 30"])
    }

    deinit {
        _ = try? TmuxSession.tmux(["-S", socket, "kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Types keys; tmux key names (Enter, Tab, C-c, C-d, Up) are allowed.
    func send(_ keys: String...) throws {
        try TmuxSession.tmux(["-S", socket, "send-keys", "-t", name] + keys)
    }

    /// Types literal text (no key-name interpretation).
    func type(_ text: String) throws {
        try TmuxSession.tmux(["-S", socket, "send-keys", "-t", name, "-l", text])
    }

    /// The visible screen, one string per row.
    func screen() throws -> String {
        try TmuxSession.tmux(["-S", socket, "capture-pane", "-p", "-t", name])
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    @discardableResult
    func waitFor(timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        return last
    }

    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        p.arguments = args
        // Only capture-pane's output is read: the server that new-session forks would
        // otherwise inherit the pipe and keep it open forever.
        let capture = args.contains("capture-pane")
        let out = Pipe()
        p.standardOutput = capture ? out : FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
}
