#if canImport(Glibc)
import Glibc
#endif
import CKernels
import Crypto
import Tensor

/// Decoded arrays kept as .npy files under the user's cache directory, keyed by the source
/// files' paths, sizes and modification times. Later loads map them read-only-shared
/// (copy-on-write), which is fast and lets many sessions on one machine share the pages.
///
/// Each key has a `<key>.sources` file naming its source files (absolute paths). Whenever
/// something is decoded, entries whose sources are gone or changed are removed, so the cache
/// holds copies only of data files that still exist as they were (a re-downloaded or moved
/// data set would otherwise leave 262 MB behind each time). An entry this process cannot
/// judge — a source it may not read, a sources file it cannot open — is left alone.
struct DecodedCache {
    let directory: String
    let key: String
    let sources: [String]

    init(sources: [String], directory: String = MNIST.cacheRoot() + "/decoded") {
        // Absolute, so a session started in another folder judges the same files.
        self.sources = sources.map(Self.absolute)
        self.key = Self.key(for: self.sources)
        self.directory = directory
    }

    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
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
        let made = try makeSaveAndMap(make, path)
        if made.isMapped {
            // The decoded copy is freed by now; the allocator would keep its pages for
            // reuse: hundreds of megabytes that the session will not allocate again.
            nn_trim_heap()
        }
        return made.array
    }

    /// `make()`'s array written to `path` and mapped back, or the array itself when the
    /// file cannot be written or mapped. The array is released before this returns.
    private func makeSaveAndMap(_ make: () throws -> NDArray, _ path: String) throws -> (array: NDArray, isMapped: Bool) {
        let a = try make()
        guard (try? NPY.save(a, to: path)) != nil, let m = mapped(path) else { return (a, false) }
        return (m, true)
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
            let path = directory + "/" + name
            if Self.isAbandonedTemporaryFile(name, at: path) { unlink(path); continue }
            guard let other = Self.keyPrefix(of: name) else { continue }
            let stale: Bool
            if let known = verdicts[other] { stale = !known } else {
                stale = Self.isStale(key: other, sourcesFile: directory + "/" + other + ".sources")
                verdicts[other] = !stale
            }
            if stale { unlink(path) }
        }
    }

    /// True when the key's sources file is missing, or names files of which one is missing
    /// or all exist but no longer hash to the key. A file that cannot be read or checked for
    /// another reason (permissions, a failing disk) proves nothing: the entry stays.
    static func isStale(key: String, sourcesFile: String) -> Bool {
        let fd = open(sourcesFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT }
        var bytes = [UInt8](), chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { close(fd); return false }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        close(fd)
        let listed = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        for source in listed {
            var st = stat()
            if stat(source, &st) != 0 {
                if errno == ENOENT || errno == ENOTDIR { return true }
                return false
            }
        }
        return Self.key(for: listed) != key
    }

    /// A half-written file (`AtomicFileWriter`'s `.NAME.tmp-PID-TAG`) not touched for an
    /// hour: its writer is gone (a writer takes seconds; its process id cannot tell, as
    /// another container sharing the cache has its own).
    static func isAbandonedTemporaryFile(_ name: String, at path: String, now: Int = time(nil)) -> Bool {
        guard name.hasPrefix("."), name.contains(".tmp-") else { return false }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return now - Int(st.st_mtim.tv_sec) > 3600
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
