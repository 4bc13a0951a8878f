/// Where .npy bytes come from: a file on disk, or a member already unpacked from an .npz.
protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes; returns how many there were.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
    /// Bytes left to read, when known (lets a huge header shape fail before allocating).
    func remainingBytes() throws -> Int?
}

/// A byte source over an in-memory buffer.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = min(count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }

    func remainingBytes() throws -> Int? { bytes.count - position }
}

/// A byte source over an open file, tracking how far it has read.
final class FileSource: ByteSource {
    private let file: InputFile
    private let total: Int
    private var position = 0

    init(_ file: InputFile) throws {
        self.file = file
        self.total = try file.size()
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = try file.read(into: buffer, count: count)
        position += n
        return n
    }

    func remainingBytes() throws -> Int? { max(total - position, 0) }
}
