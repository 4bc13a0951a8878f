#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parts of the zip format .npz files need: members stored or deflated, read through the
/// central directory (including the ZIP64 records NumPy's `savez` writes), written without ZIP64.
enum ZipArchive {
    static let localHeaderSignature: UInt32 = 0x0403_4b50
    static let centralHeaderSignature: UInt32 = 0x0201_4b50
    static let endSignature: UInt32 = 0x0605_4b50
    static let zip64EndSignature: UInt32 = 0x0606_4b50
    static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    static let methodStored: UInt16 = 0
    static let methodDeflated: UInt16 = 8

    // MARK: - Writing

    /// The bytes of a zip archive holding `members` (name, contents), in order.
    static func archive(_ members: [(String, [UInt8])], compressed: Bool, name: String) throws -> [UInt8] {
        let (time, date) = dosTimestamp()
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (memberName, contents) in members {
            let nameBytes = Array(memberName.utf8)
            guard contents.count < 0xffff_ffff, nameBytes.count < 0xffff else {
                throw formatError(name, "archive member '\(memberName)' is too large; archives over 4 GiB (ZIP64) are not supported")
            }
            let data = compressed ? try Deflate.compress(contents) : contents
            let offset = out.count
            guard data.count < 0xffff_ffff, offset < 0xffff_ffff else {
                throw formatError(name, "archive too large; archives over 4 GiB (ZIP64) are not supported")
            }
            let crc = Deflate.crc(contents[...])
            let method = compressed ? methodDeflated : methodStored
            // Bit 11: the name is UTF-8 (only needed, and set by Python, for non-ASCII names).
            let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x800

            out.append32(localHeaderSignature)
            out.append16(20)                    // version needed: 2.0
            out.append16(flags)
            out.append16(method)
            out.append16(time); out.append16(date)
            out.append32(crc)
            out.append32(UInt32(data.count)); out.append32(UInt32(contents.count))
            out.append16(UInt16(nameBytes.count)); out.append16(0)
            out += nameBytes
            out += data

            central.append32(centralHeaderSignature)
            central.append16(0x0314)            // made by: Unix, zip 2.0
            central.append16(20)
            central.append16(flags)
            central.append16(method)
            central.append16(time); central.append16(date)
            central.append32(crc)
            central.append32(UInt32(data.count)); central.append32(UInt32(contents.count))
            central.append16(UInt16(nameBytes.count))
            central.append16(0); central.append16(0)   // extra, comment
            central.append16(0); central.append16(0)   // disk, internal attributes
            central.append32(0o600 << 16)               // external attributes: rw-------
            central.append32(UInt32(offset))
            central += nameBytes
        }
        guard members.count < 0xffff, out.count < 0xffff_ffff, central.count < 0xffff_ffff else {
            throw formatError(name, "archive too large; archives over 4 GiB (ZIP64) are not supported")
        }
        let centralOffset = out.count
        out += central
        out.append32(endSignature)
        out.append16(0); out.append16(0)
        out.append16(UInt16(members.count)); out.append16(UInt16(members.count))
        out.append32(UInt32(central.count)); out.append32(UInt32(centralOffset))
        out.append16(0)
        return out
    }

    /// Now, in the MS-DOS time and date fields zip uses (local time, two-second resolution).
    private static func dosTimestamp() -> (UInt16, UInt16) {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let year = max(Int(parts.tm_year) + 1900, 1980)
        let time = UInt16(parts.tm_hour << 11 | parts.tm_min << 5 | parts.tm_sec / 2)
        let date = UInt16((year - 1980) << 9 | Int(parts.tm_mon + 1) << 5 | Int(parts.tm_mday))
        return (time, date)
    }

    // MARK: - Reading

    /// The members of an archive, decompressed and checked against their CRC-32.
    static func members(of bytes: [UInt8], name: String) throws -> [(String, [UInt8])] {
        let reader = ByteReader(bytes: bytes)
        // The end record sits in the last 22 + 65535 (comment) bytes.
        guard bytes.count >= 22 else { throw formatError(name, "not a zip file (too short)") }
        var end = -1
        var at = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xffff)
        while at >= lowest {
            if reader.u32(at) == endSignature { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw formatError(name, "not a zip file (no end of central directory record)") }
        var count = Int(reader.u16(end + 10))
        var centralSize = Int(reader.u32(end + 12))
        var centralOffset = Int(reader.u32(end + 16))
        // ZIP64: the locator just before the end record points at a 64-bit end record.
        if end >= 20, reader.u32(end - 20) == zip64LocatorSignature {
            let record = reader.u64(end - 12)
            guard record < UInt64(bytes.count), reader.u32(Int(record)) == zip64EndSignature, Int(record) + 56 <= bytes.count else {
                throw formatError(name, "bad zip file (corrupt ZIP64 end record)")
            }
            count = Int(clamping: reader.u64(Int(record) + 32))
            centralSize = Int(clamping: reader.u64(Int(record) + 40))
            centralOffset = Int(clamping: reader.u64(Int(record) + 48))
        }
        guard centralOffset >= 0, centralSize >= 0, centralOffset <= bytes.count - centralSize else {
            throw formatError(name, "bad zip file (central directory out of range)")
        }

        var result: [(String, [UInt8])] = []
        var p = centralOffset
        for _ in 0..<count {
            guard p + 46 <= bytes.count, reader.u32(p) == centralHeaderSignature else {
                throw formatError(name, "bad zip file (corrupt central directory)")
            }
            let flags = reader.u16(p + 8)
            let method = reader.u16(p + 10)
            let crc = reader.u32(p + 16)
            var compressedSize = Int(reader.u32(p + 20))
            var size = Int(reader.u32(p + 24))
            let nameLength = Int(reader.u16(p + 28)), extraLength = Int(reader.u16(p + 30)), commentLength = Int(reader.u16(p + 32))
            var localOffset = Int(reader.u32(p + 42))
            guard p + 46 + nameLength + extraLength + commentLength <= bytes.count else {
                throw formatError(name, "bad zip file (corrupt central directory)")
            }
            let memberName = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            // ZIP64 extra field: 64-bit values for whichever fields hold 0xFFFFFFFF, in this order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = reader.u16(e), length = Int(reader.u16(e + 2))
                if id == 1 {
                    var q = e + 4
                    let limit = min(e + 4 + length, extraEnd)
                    if size == 0xffff_ffff, q + 8 <= limit { size = Int(clamping: reader.u64(q)); q += 8 }
                    if compressedSize == 0xffff_ffff, q + 8 <= limit { compressedSize = Int(clamping: reader.u64(q)); q += 8 }
                    if localOffset == 0xffff_ffff, q + 8 <= limit { localOffset = Int(clamping: reader.u64(q)); q += 8 }
                }
                e += 4 + length
            }
            p = extraEnd + commentLength

            guard flags & 1 == 0 else { throw formatError(name, "member '\(memberName)' is encrypted") }
            guard localOffset >= 0, localOffset <= bytes.count - 30, reader.u32(localOffset) == localHeaderSignature else {
                throw formatError(name, "bad zip file (bad local header for '\(memberName)')")
            }
            let dataStart = localOffset + 30 + Int(reader.u16(localOffset + 26)) + Int(reader.u16(localOffset + 28))
            guard compressedSize >= 0, size >= 0, dataStart <= bytes.count, compressedSize <= bytes.count - dataStart else {
                throw formatError(name, "truncated archive: member '\(memberName)' extends past the end of the file")
            }
            guard size < 0xffff_ffff, compressedSize < 0xffff_ffff else {
                throw formatError(name, "member '\(memberName)' is larger than 4 GiB, which is not supported")
            }
            guard size <= TensorLimits.maxAllocationBytes else {
                throw TensorError(.memoryError, "\(name): member '\(memberName)' of \(size) bytes is larger than the allocation limit")
            }
            let raw = bytes[dataStart..<(dataStart + compressedSize)]
            let contents: [UInt8]
            switch method {
            case methodStored:
                guard compressedSize == size else { throw formatError(name, "bad zip file (size mismatch for '\(memberName)')") }
                contents = Array(raw)
            case methodDeflated:
                // DEFLATE cannot expand data more than about 1032:1; a larger claim is a corrupt header.
                guard size <= compressedSize &* 1032 &+ 64 else {
                    throw formatError(name, "bad zip file (impossible size for '\(memberName)')")
                }
                guard let inflated = try Deflate.decompress(raw, expectedSize: size) else {
                    throw formatError(name, "bad zip file (corrupt compressed data in '\(memberName)')")
                }
                contents = inflated
            default:
                throw formatError(name, "member '\(memberName)' uses compression method \(method); only stored (0) and deflated (8) are supported")
            }
            guard Deflate.crc(contents[...]) == crc else {
                throw formatError(name, "bad CRC-32 for member '\(memberName)'")
            }
            result.append((memberName, contents))
        }
        return result
    }

    /// Little-endian field reads that never go out of bounds (out-of-range reads give 0;
    /// callers check ranges before trusting a value).
    private struct ByteReader {
        let bytes: [UInt8]
        func u16(_ at: Int) -> UInt16 {
            guard at >= 0, at + 2 <= bytes.count else { return 0 }
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) -> UInt32 {
            guard at >= 0, at + 4 <= bytes.count else { return 0 }
            return UInt32(u16(at)) | UInt32(u16(at + 2)) << 16
        }
        func u64(_ at: Int) -> UInt64 {
            guard at >= 0, at + 8 <= bytes.count else { return 0 }
            return UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
        }
    }
}

extension Array where Element == UInt8 {
    mutating func append16(_ v: UInt16) { append(UInt8(v & 0xff)); append(UInt8(v >> 8)) }
    mutating func append32(_ v: UInt32) { append16(UInt16(v & 0xffff)); append16(UInt16(v >> 16)) }
}
