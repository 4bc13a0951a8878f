import Foundation

/// Where tests write files: one folder per test process under the system's temporary
/// directory, removed when the process exits, so a run of the suite leaves nothing behind
/// (sessions that load MNIST write a 268 MB decoded cache; a few hundred runs of that filled
/// a CI disk). A process that was killed leaves its folder; the next one removes it.
public enum Scratch {
    /// This process's folder, made on first use.
    public static let root: String = {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        removeAbandonedFolders(in: base)
        let path = base + prefix + String(getpid())
        // A folder with our own process id was left by an earlier process that had it.
        try? FileManager.default.removeItem(atPath: path)
        mkdir(path, 0o755)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A cache folder the test sessions of this process share (XDG_CACHE_HOME), so MNIST is
    /// decoded once per process rather than once per session.
    public static let sharedCache: String = {
        let path = root + "/cache"
        mkdir(path, 0o755)
        return path
    }()

    /// A new empty folder under `root`, named after `label`.
    public static func directory(_ label: String) -> String {
        var template = Array((root + "/\(label)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            fatalError("cannot make a folder under \(root): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    private static let prefix = "nntutor-tests-"

    /// Removes the folders of test processes that no longer run.
    private static func removeAbandonedFolders(in base: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: base + name)
            }
        }
    }
}
