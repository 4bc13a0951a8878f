#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Tensor

/// Decoded arrays kept as .npy files under the user's cache directory, keyed by the source
/// files' paths, sizes and modification times. Later loads map them read-only-shared
/// (copy-on-write), which is fast and lets many sessions on one machine share the pages.
///
/// Each key has a `<key>.sources` file naming its source files. Whenever something is
/// decoded, entries whose sources are gone or changed are removed, so the cache holds
/// copies only of data files that still exist as they were (a re-downloaded or moved data
/// set would otherwise leave 262 MB behind each time).
struct DecodedCache {
    let directory: String
    let key: String
    let sources: [String]

    init(sources: [String], directory: String = MNIST.cacheRoot() + "/decoded") {
        self.sources = sources
        self.key = Self.key(for: sources)
        self.directory = directory
    }

    /// A hash of each source's path, size and modification time.
    static func key(for sources: [String]) -> String {
        var text = ""
        for path in sources {
            var st = stat()
            if stat(path, &st) == 0 { text += "\(path)|\(st.st_size)|\(st.st_mtim.tv_sec)|\(st.st_mtim.tv_nsec)\n" }
            else { text += path + "\n" }
        }
        return SHA256.hash(data: Array(text.utf8)).prefix(8).map { String(format2: $0) }.joined()
    }

    /// The cached array, or `make()`'s result, stored for next time (best effort: a cache
    /// that cannot be written only costs speed). Sessions starting together take turns
    /// (a lock file), so the first decodes and the others map its file; the decoding
    /// session drops its own copy and maps the file as well.
    func array(named name: String, _ make: () throws -> NDArray) throws -> NDArray {
        let path = "\(directory)/\(key)-\(name).npy"
        if let a = mapped(path) { return a }
        guard makeDirectories(directory) else { return try make() }
        recordSourcesAndRemoveStaleEntries()
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

    /// Writes this key's sources file, then removes every other key whose sources file is
    /// missing or names files that no longer hash to that key. A session still mapping a
    /// removed file keeps its pages; the file goes when the last mapping does.
    private func recordSourcesAndRemoveStaleEntries() {
        // NUL-separated: the one byte a path cannot hold.
        if let writer = try? AtomicFileWriter(path: directory + "/" + key + ".sources") {
            try? writer.write(Array(sources.joined(separator: "\0").utf8))
            try? writer.commit()
        }
        var verdicts = [key: true]
        for name in Self.names(in: directory) {
            if Self.isAbandonedTemporaryFile(name) { unlink(directory + "/" + name); continue }
            guard let other = Self.keyPrefix(of: name) else { continue }
            let current: Bool
            if let known = verdicts[other] { current = known } else {
                let listed = (try? IDXFile.readFile(directory + "/" + other + ".sources"))
                    .map { $0.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) } }
                current = listed.map { Self.key(for: $0) == other } ?? false
                verdicts[other] = current
            }
            if !current { unlink(directory + "/" + name) }
        }
    }

    /// A half-written file (`AtomicFileWriter`'s `.NAME.tmp-PID-TAG`) whose writer has exited.
    static func isAbandonedTemporaryFile(_ name: String) -> Bool {
        let u = Array(name.utf8), marker = Array(".tmp-".utf8)
        guard u.first == UInt8(ascii: "."), u.count > marker.count,
              let at = (1...(u.count - marker.count)).last(where: { u[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { return false }
        let digits = u[(at + marker.count)...].prefix { $0 != UInt8(ascii: "-") }
        guard let pid = pid_t(String(decoding: digits, as: UTF8.self)), pid > 0 else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    static func names(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names = [String]()
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The 16 hex digits a cache file's name starts with, if it is one of ours.
    static func keyPrefix(of name: String) -> String? {
        let u = Array(name.utf8)
        guard u.count > 17, u[16] == UInt8(ascii: "-") || u[16] == UInt8(ascii: "."),
              u[..<16].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return String(decoding: u[..<16], as: UTF8.self)
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
