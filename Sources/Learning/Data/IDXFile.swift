#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Tensor

/// The IDX format of the MNIST files: a big-endian header (magic, then one count per axis)
/// followed by unsigned bytes. Files may be gzip-compressed (`.gz`) or plain.
enum IDXFile {
    /// The raw (decompressed) content of `path`, gunzipping when it starts with gzip's magic.
    static func contents(of path: String) throws -> [UInt8] {
        let raw = try readFile(path)
        guard raw.count >= 2, raw[0] == 0x1f, raw[1] == 0x8b else { return raw }
        return try gunzip(raw, path: path)
    }

    /// Parses IDX bytes: image files (magic 0x803) give (count, rows, cols), label files
    /// (0x801) give (count); the data must be exactly as long as the header says.
    static func parse(_ bytes: [UInt8], path: String, expectImages: Bool) throws -> (shape: [Int], dataOffset: Int) {
        func word(_ i: Int) -> Int {
            Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        }
        let magic = expectImages ? 0x0803 : 0x0801
        let axes = expectImages ? 3 : 1
        let header = 4 + 4 * axes
        guard bytes.count >= header else { throw problem(path, "file is truncated (only \(bytes.count) bytes)") }
        guard word(0) == magic else {
            throw problem(path, "not an MNIST \(expectImages ? "image" : "label") file (magic number \(String(word(0), radix: 16)), expected \(String(magic, radix: 16)))")
        }
        let shape = (0..<axes).map { word(4 + 4 * $0) }
        let expected = shape.reduce(1, *)
        guard bytes.count - header == expected else {
            throw problem(path, bytes.count - header < expected
                ? "file is truncated: \(bytes.count - header) of \(expected) data bytes"
                : "file has \(bytes.count - header - expected) bytes of trailing garbage")
        }
        return (shape, header)
    }

    static func problem(_ path: String, _ text: String) -> TensorError {
        TensorError(.valueError, "\(path): \(text)")
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw TensorError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
        }
        defer { fclose(f) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 20, f) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < 1 << 20 { break }
        }
        if ferror(f) != 0 { throw TensorError(.osError, "\(path): read error") }
        return out
    }

    /// Inflates a gzip stream (zlib with the gzip wrapper), refusing corrupt or cut-off data.
    static func gunzip(_ input: [UInt8], path: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TensorError(.memoryError, "zlib: cannot initialise decompression")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        try input.withUnsafeBytes { src in
            stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(src.count)
            repeat {
                let produced = chunk.withUnsafeMutableBytes { dst -> Int in
                    stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(dst.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return dst.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    throw problem(path, "corrupt gzip data (zlib error \(status))")
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && stream.avail_in == 0 && produced == 0 { break }
            } while status != Z_STREAM_END
        }
        guard status == Z_STREAM_END else { throw problem(path, "gzip data is cut off") }
        return output
    }
}
