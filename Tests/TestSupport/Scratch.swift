import Foundation

/// Where tests write files: one folder per test process under the system's temporary
/// directory, removed when the process exits, so a run of the suite leaves nothing behind
/// (sessions that load MNIST write a 268 MB decoded cache; a few hundred runs of that filled
/// a CI disk). A process that was killed leaves its folder; a later one removes it.
///
/// The folder's `.lock` is held (flock) for the life of the process: a folder whose lock can
/// be taken belongs to no running test process, whatever process ids say (test runs in other
/// containers sharing the temporary directory have their own).
public enum Scratch {
    /// This process's folder, made on first use.
    public static let root: String = {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        removeAbandonedFolders(in: base)
        var template = Array((base + prefix + "\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            fatalError("cannot make a folder under \(base): \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        lock = open(path + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lock >= 0 { _ = flock(lock, LOCK_EX) }
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
    nonisolated(unsafe) private static var lock: Int32 = -1

    /// Removes the folders of test processes that no longer run: their lock is free (or,
    /// for a folder without one, it is over an hour old). A folder made in the last minute is
    /// left alone either way: its process may not have taken its lock yet.
    private static func removeAbandonedFolders(in base: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let folder = base + name
            guard let made = try? FileManager.default.attributesOfItem(atPath: folder)[.creationDate] as? Date
                    ?? FileManager.default.attributesOfItem(atPath: folder)[.modificationDate] as? Date,
                  Date().timeIntervalSince(made) > 60 else { continue }
            let fd = open(folder + "/.lock", O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                let free = flock(fd, LOCK_EX | LOCK_NB) == 0
                close(fd)
                if free { try? FileManager.default.removeItem(atPath: folder) }
            } else if errno == ENOENT && Date().timeIntervalSince(made) > 3600 {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
    }
}
