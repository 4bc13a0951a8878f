import CZlib

/// Raw DEFLATE (no zlib or gzip wrapper) and CRC-32, as the zip format uses them.
enum Deflate {
    /// Compresses with zlib's defaults, as Python's `zipfile` does for `ZIP_DEFLATED`.
    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        let windowBits: Int32 = -15   // negative: raw deflate stream
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TensorError(.memoryError, "zlib: cannot initialise compression")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBytes { src -> Int32 in
            output.withUnsafeMutableBytes { dst -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw TensorError(.osError, "zlib: compression failed (\(status))") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Decompresses a raw DEFLATE stream that must yield exactly `expectedSize` bytes.
    /// Returns nil when the data is corrupt or its size is wrong.
    static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TensorError(.memoryError, "zlib: cannot initialise decompression")
        }
        defer { inflateEnd(&stream) }
        // One spare byte so that a stream longer than announced is noticed.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let status = input.withUnsafeBytes { src -> Int32 in
            output.withUnsafeMutableBytes { dst -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else { return nil }
        output.removeLast()
        return output
    }

    /// CRC-32 of a buffer (the checksum zip stores for each member).
    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBytes { buffer -> UInt32 in
            var value = crc32(0, nil, 0)
            var start = 0
            while start < buffer.count {
                let n = min(buffer.count - start, 1 << 30)
                value = crc32(value, buffer.baseAddress!.advanced(by: start).assumingMemoryBound(to: Bytef.self), uInt(n))
                start += n
            }
            return UInt32(truncatingIfNeeded: value)
        }
    }
}
