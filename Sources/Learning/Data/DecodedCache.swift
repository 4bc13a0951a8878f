#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Tensor

/// Decoded arrays kept as .npy files under the user's cache directory, keyed by the source
/// files' paths, sizes and modification times. Later loads map them read-only-shared
/// (copy-on-write), which is fast and lets many sessions on one machine share the pages.
struct DecodedCache {
    let directory: String
    let key: String

    init(sources: [String]) {
        var text = ""
        for path in sources {
            var st = stat()
            if stat(path, &st) == 0 { text += "\(path)|\(st.st_size)|\(st.st_mtim.tv_sec)|\(st.st_mtim.tv_nsec)\n" }
            else { text += path + "\n" }
        }
        key = SHA256.hash(data: Array(text.utf8)).prefix(8).map { String(format2: $0) }.joined()
        directory = MNIST.cacheRoot() + "/decoded"
    }

    /// The cached array, or `make()`'s result, stored for next time (best effort: a cache
    /// that cannot be written only costs speed). Sessions starting together take turns
    /// (a lock file), so the first decodes and the others map its file; the decoding
    /// session drops its own copy and maps the file as well.
    func array(named name: String, _ make: () throws -> NDArray) throws -> NDArray {
        let path = "\(directory)/\(key)-\(name).npy"
        if let a = mapped(path) { return a }
        guard makeDirectories(directory) else { return try make() }
        let lock = open("\(directory)/\(key)-\(name).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if lock >= 0 { close(lock) } }
        if let a = mapped(path) { return a }
        let a = try make()
        guard (try? NPY.save(a, to: path)) != nil else { return a }
        return mapped(path) ?? a
    }

    private func mapped(_ path: String) -> NDArray? {
        access(path, R_OK) == 0 ? try? NPY.load(path, memoryMapped: true) : nil
    }
}

/// `mkdir -p`; true when the directory exists afterwards.
func makeDirectories(_ path: String) -> Bool {
    var current = ""
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
        current += "/" + component
        if mkdir(current, 0o755) != 0 && errno != EEXIST { return false }
    }
    return true
}
