#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's read/write, named apart from the methods below that wrap them.
private let systemRead = read
private let systemWrite = write

/// Python's `repr` of a path, as its OSError messages show it: `'x.npy'`.
func quotedPath(_ path: String) -> String {
    if path.contains("'") && !path.contains("\"") { return "\"" + path + "\"" }
    return "'" + path.replacingAll("\\", "\\\\").replacingAll("'", "\\'") + "'"
}

/// The OSError Python raises for `errno` on `path`: `[Errno 2] No such file or directory: 'x.npy'`.
func osError(_ code: Int32, _ path: String) -> TensorError {
    let text = String(cString: strerror(code))
    let kind: TensorError.Kind = code == ENOENT ? .fileNotFoundError : .osError
    return TensorError(kind, "[Errno \(code)] \(text): \(quotedPath(path))")
}

/// A malformed-file error that names the file and the problem.
func formatError(_ path: String, _ problem: String) -> TensorError {
    TensorError.value("\(path): \(problem)")
}

/// Releases a mapping made by ``InputFile/mapPrivately(byteCount:)``.
func unmapFile(_ base: UnsafeMutableRawPointer, byteCount: Int) {
    munmap(base, byteCount)
}

/// A file opened for reading, with `read(exactly:)` that reports short reads.
final class InputFile {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw osError(errno, path) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The file's size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw osError(errno, path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw osError(EISDIR, path) }
        return Int(info.st_size)
    }

    /// Reads up to `count` bytes into `buffer`; returns how many arrived before end of file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var done = 0
        while done < count {
            let chunk = min(count - done, 1 << 30)
            let r = systemRead(fd, buffer + done, chunk)
            if r < 0 {
                if errno == EINTR { continue }
                throw osError(errno, path)
            }
            if r == 0 { break }
            done += r
        }
        return done
    }

    /// A private, writable (copy-on-write) mapping of the first `byteCount` bytes, or nil.
    func mapPrivately(byteCount: Int) -> UnsafeMutableRawPointer? {
        guard byteCount > 0 else { return nil }
        let p = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        return p
    }

    /// The whole rest of the file.
    func readAll() throws -> [UInt8] {
        let expected = try size()
        guard expected <= TensorLimits.maxAllocationBytes else {
            throw TensorError(.memoryError, "\(path): file of \(expected) bytes is larger than the allocation limit")
        }
        var bytes = [UInt8](repeating: 0, count: expected)
        let got = try bytes.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: expected) }
        if got < expected { bytes.removeLast(expected - got) }
        return bytes
    }
}

/// Writes a file atomically: everything goes to a temporary file in the same directory,
/// which is flushed to disk and then renamed over `path`. A reader never sees a half-written
/// file, and a failure leaves any previous file untouched.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var finished = false

    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var attempt = 0
        while true {
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let candidate = directory + "." + name + ".tmp-\(getpid())-" + tag
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                self.fd = fd
                self.temporaryPath = candidate
                return
            }
            let code = errno
            attempt += 1
            if code == EEXIST || code == EINTR, attempt < 100 { continue }
            // Report the error against the file the caller asked for, as Python would.
            throw osError(code, path)
        }
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }

    public func write(_ buffer: UnsafeRawPointer, count: Int) throws {
        var done = 0
        while done < count {
            let r = systemWrite(fd, buffer + done, min(count - done, 1 << 30))
            if r < 0 {
                if errno == EINTR { continue }
                throw osError(errno, path)
            }
            done += r
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { if let base = $0.baseAddress { try write(base, count: $0.count) } }
    }

    /// Flushes, closes and renames the temporary file into place.
    public func commit() throws {
        guard fsync(fd) == 0 else { throw osError(errno, path) }
        let closed = close(fd)
        finished = true
        guard closed == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw osError(code, path)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw osError(code, path)
        }
        // Make the rename itself durable (best effort: some file systems refuse).
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }
}
