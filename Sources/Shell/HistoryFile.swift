#if canImport(Glibc)
import Glibc
#endif
import CReadline

/// Persistent readline history at `$XDG_STATE_HOME/nntutor/history`
/// (default `~/.local/state/nntutor/history`), capped at 10 000 entries.
public final class HistoryFile {
    public static let limit: Int32 = 10_000
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default location, following the XDG base directory specification.
    public static func defaultPath(environment env: [String: String] = Environment.all()) -> String {
        StatePaths.stateDirectory(environment: env) + "/history"
    }

    func load() {
        using_history()
        stifle_history(HistoryFile.limit)
        read_history(path)
    }

    /// Adds an entry and appends it to the file at once, so a crash loses nothing.
    /// A multi-line block is stored as one entry, recalled as one unit.
    func add(_ entry: String) {
        let trimmed = entry.trimmingTrailingNewlines()
        guard !trimmed.isEmpty else { return }
        // Skip an immediate repeat, as bash's ignoredups does.
        if history_length > 0, let last = history_get(history_base + history_length - 1),
           let line = last.pointee.line, String(cString: line) == trimmed { return }
        add_history(trimmed)
        StatePaths.makeDirectories(for: path)
        if access(path, F_OK) != 0 {
            let fd = open(path, O_CREAT | O_WRONLY, 0o600)
            if fd >= 0 { close(fd) }
        }
        append_history(1, path)
        history_truncate_file(path, HistoryFile.limit)
    }
}

/// Where per-user state lives (history, lesson progress).
public enum StatePaths {
    public static func stateDirectory(environment env: [String: String] = Environment.all()) -> String {
        if let xdg = env["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/nntutor" }
        return (env["HOME"] ?? "/tmp") + "/.local/state/nntutor"
    }

    /// `mkdir -p` of the file's parent directory.
    public static func makeDirectories(for file: String) {
        var dir = ""
        let parts = file.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (i, part) in parts.enumerated() {
            dir += (i == 0 ? "" : "/") + part
            if !dir.isEmpty { mkdir(dir, 0o755) }
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}

extension HistoryFile {
    /// The last `n` entries of the in-memory history, oldest first.
    static func recent(_ n: Int) -> [String] {
        var out: [String] = []
        let total = Int(history_length)
        for i in max(0, total - n)..<total {
            if let e = history_get(history_base + Int32(i)), let line = e.pointee.line {
                out.append(String(cString: line))
            }
        }
        return out
    }
}
