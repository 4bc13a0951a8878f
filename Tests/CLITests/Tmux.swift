import Foundation
import TestSupport

/// Drives nntutor inside a real terminal (a detached tmux session) for readline,
/// completion, Ctrl-C and plots: type with `send`, read the screen with `screen()`.
final class TmuxSession {
    let name: String
    let socket: String

    init(command: String, width: Int = 80, height: Int = 24, environment: [String: String]) throws {
        name = "t\(UInt32.random(in: 0...UInt32.max))"
        socket = Scratch.root + "/tmux-\(name)"
        let exports = environment
            .filter { ["HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "PATH", "LANG", "LC_ALL", "TERM", "NO_COLOR"].contains($0.key) || $0.key.hasPrefix("NNTUTOR_") }
            .map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: " ")
        try TmuxSession.tmux(["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                              "-x", String(width), "-y", String(height),
                              "env -u COLUMNS -u LINES \(exports) \(command); sleep 30 </dev/null >/dev/null 2>&1"])
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

    /// The visible screen, one string per row (with the colour codes when `escapes`).
    func screen(escapes: Bool = false) throws -> String {
        try TmuxSession.tmux(["-S", socket, "capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", name])
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

    /// The process tmux started in the pane (the shell around the command).
    func panePID() throws -> pid_t? {
        pid_t(try TmuxSession.tmux(["-S", socket, "display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs tmux through popen(3): Foundation's Process waits forever here because the
    /// server that `new-session` forks inherits the child's descriptors.
    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let command = "/usr/bin/tmux " + args.map(quote).joined(separator: " ") + " 2>/dev/null"
        guard let pipe = popen(command, "r") else { return "" }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
}
