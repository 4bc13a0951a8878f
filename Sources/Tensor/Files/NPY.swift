/// NumPy's .npy files (`np.save` / `np.load`): one array per file.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0, little-endian data in C or Fortran order,
/// and the five dtypes (narrower integers are widened to int64). Writing produces exactly the
/// bytes `np.save` produces for the same array, atomically.
public enum NPY {
    /// Saves `array` as `path`, adding the `.npy` extension when missing as `np.save` does.
    /// Returns the path written.
    @discardableResult
    public static func save(_ array: NDArray, to path: String) throws -> String {
        let target = path.hasSuffix(".npy") ? path : path + ".npy"
        let writer = try AtomicFileWriter(path: target)
        try write(array) { pointer, count in try writer.write(pointer, count: count) }
        try writer.commit()
        return target
    }

    /// Loads the array stored in a .npy file.
    public static func load(_ path: String) throws -> NDArray {
        let file = try InputFile(path: path)
        return try decode(from: try FileSource(file), name: path)
    }

    /// Loads a .npy file by mapping it into memory instead of reading it: the array's pages
    /// come from the file on first touch (so a large, recently used file loads at once).
    /// Writes to the array stay private to the process and never reach the file.
    /// Falls back to an ordinary read when the data cannot be used in place.
    /// Meant for files replaced only by atomic renames (as ``save(_:to:)`` does): truncating
    /// a mapped file in place while the array is alive would fault on the next access.
    public static func load(_ path: String, memoryMapped: Bool) throws -> NDArray {
        guard memoryMapped else { return try load(path) }
        let file = try InputFile(path: path)
        let source = try FileSource(file)
        let header = try readHeader(from: source, name: path)
        let count = try NDArray.checkedCount(header.shape)
        let (expected, overflow) = count.multipliedReportingOverflow(by: header.stored.itemSize)
        let fileSize = try file.size()
        guard header.stored.widen == nil, header.stored.dtype != .bool, !overflow, expected > 0,
              header.dataOffset <= fileSize, expected <= fileSize - header.dataOffset,
              let mapping = file.mapPrivately(byteCount: fileSize) else {
            return try readData(from: source, stored: header.stored, fortran: header.fortran, shape: header.shape, name: path)
        }
        let storage = Storage(borrowing: mapping + header.dataOffset, byteCount: expected) {
            unmapFile(mapping, byteCount: fileSize)
        }
        let strides = header.fortran ? NPYFormat.fortranStrides(header.shape) : NDArray.contiguousStrides(header.shape)
        return NDArray(storage: storage, dtype: header.stored.dtype, shape: header.shape, strides: strides)
    }

    /// The bytes of a .npy file holding `array`.
    public static func encode(_ array: NDArray) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(array.nbytes + 128)
        try write(array) { pointer, count in
            out.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
        }
        return out
    }

    /// Reads a .npy image from memory; `name` is used in error messages.
    public static func decode(_ bytes: [UInt8], name: String) throws -> NDArray {
        try decode(from: MemorySource(bytes), name: name)
    }

    // MARK: - Writing

    /// Emits header and data as NumPy does: Fortran-ordered data when the array is
    /// Fortran- but not C-contiguous, C order otherwise.
    private static func write(_ array: NDArray, _ sink: (UnsafeRawPointer, Int) throws -> Void) throws {
        let fortran = !array.isContiguous && NPYFormat.isFortranContiguous(shape: array.shape, strides: array.strides)
        let header = NPYFormat.header(descr: array.dtype.typeCode, fortranOrder: fortran, shape: array.shape)
        try header.withUnsafeBytes { try sink($0.baseAddress!, $0.count) }
        let source = (array.isContiguous || fortran) ? array : try array.copy()
        let byteCount = source.count * source.dtype.itemSize
        if byteCount > 0 {
            try sink(UnsafeRawPointer(source.storage.base + source.offset * source.dtype.itemSize), byteCount)
        }
    }

    // MARK: - Reading

    /// Largest header accepted, as NumPy's default `max_header_size`.
    static let maxHeaderSize = 10_000

    static func decode(from source: ByteSource, name: String) throws -> NDArray {
        let header = try readHeader(from: source, name: name)
        return try readData(from: source, stored: header.stored, fortran: header.fortran, shape: header.shape, name: name)
    }

    /// What the header says about the data that follows it.
    struct Header {
        var stored: NPYFormat.StoredType
        var fortran: Bool
        var shape: [Int]
        /// Where the elements start, from the beginning of the file.
        var dataOffset: Int
    }

    static func readHeader(from source: ByteSource, name: String) throws -> Header {
        // Magic string, version, header length.
        var prefix = [UInt8](repeating: 0, count: 8)
        let got = try prefix.withUnsafeMutableBytes { try source.read(into: $0.baseAddress!, count: 8) }
        guard got >= 6, Array(prefix[0..<6]) == NPYFormat.magic else {
            throw formatError(name, got == 0 ? "empty file, not a .npy file" : "not a .npy file: the magic string is not correct")
        }
        guard got == 8 else { throw formatError(name, "truncated header") }
        let major = prefix[6], minor = prefix[7]
        guard minor == 0, (1...3).contains(major) else {
            throw formatError(name, "unsupported .npy format version \(major).\(minor); NumPy writes 1.0, 2.0 and 3.0")
        }
        let lengthBytes = major == 1 ? 2 : 4
        var lengthField = [UInt8](repeating: 0, count: lengthBytes)
        let gotLength = try lengthField.withUnsafeMutableBytes { try source.read(into: $0.baseAddress!, count: lengthBytes) }
        guard gotLength == lengthBytes else { throw formatError(name, "truncated header") }
        var headerLength = 0
        for (k, b) in lengthField.enumerated() { headerLength |= Int(b) << (8 * k) }
        // NumPy's own limit (np.load's max_header_size): real headers are a few hundred bytes.
        guard headerLength <= maxHeaderSize else {
            throw formatError(name, "header info length (\(headerLength)) is large and may not be safe to load securely")
        }
        if let remaining = try source.remainingBytes(), remaining < headerLength {
            throw formatError(name, "truncated header: expected \(headerLength) bytes, found \(remaining)")
        }
        var headerBytes = [UInt8](repeating: 0, count: headerLength)
        let gotHeader = try headerBytes.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return try source.read(into: base, count: headerLength)
        }
        guard gotHeader == headerLength else {
            throw formatError(name, "truncated header: expected \(headerLength) bytes, found \(gotHeader)")
        }
        // Versions 1.0 and 2.0 are latin-1, 3.0 is UTF-8.
        let headerText = major == 3
            ? String(decoding: headerBytes, as: UTF8.self)
            : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        let (stored, fortran, shape) = try parseHeader(headerText, name: name)
        return Header(stored: stored, fortran: fortran, shape: shape, dataOffset: 8 + lengthBytes + headerLength)
    }

    /// Checks the header dict the way `np.load` does and extracts its three entries.
    static func parseHeader(_ text: String, name: String) throws -> (NPYFormat.StoredType, Bool, [Int]) {
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch let e as PythonLiteral.ParseError {
            let shown = PythonLiteral.string(text).repr
            throw formatError(name, "cannot parse header (\(e.message)): " + (shown.count > 200 ? shown.prefix(200) + "..." : shown))
        }
        guard case .dict(let pairs) = literal else {
            throw formatError(name, "header is not a dictionary: \(literal.repr)")
        }
        var entries: [String: PythonLiteral] = [:]
        var keys: [String] = []
        for (key, value) in pairs {
            guard case .string(let k) = key else { throw formatError(name, "header does not contain the correct keys: \(literal.repr)") }
            if entries[k] == nil { keys.append(k) }
            entries[k] = value
        }
        guard Set(keys) == ["descr", "fortran_order", "shape"] else {
            let listed = keys.sorted().map { PythonLiteral.string($0).repr }.joined(separator: ", ")
            throw formatError(name, "header does not contain the correct keys: [\(listed)]")
        }
        guard case .tuple(let dims) = entries["shape"]! else {
            throw formatError(name, "shape is not valid: \(entries["shape"]!.repr)")
        }
        var shape: [Int] = []
        for d in dims {
            guard case .int(let n) = d, n >= 0 else { throw formatError(name, "shape is not valid: \(entries["shape"]!.repr)") }
            shape.append(n)
        }
        guard case .bool(let fortran) = entries["fortran_order"]! else {
            throw formatError(name, "fortran_order is not a valid bool: \(entries["fortran_order"]!.repr)")
        }
        let descr = entries["descr"]!
        guard case .string(let code) = descr else {
            if case .list = descr { throw formatError(name, "structured arrays (descr \(descr.repr)) are not supported") }
            throw formatError(name, "descr is not a valid dtype descriptor: \(descr.repr)")
        }
        switch NPYFormat.storedType(descr: code) {
        case .success(let stored): return (stored, fortran, shape)
        case .failure(let problem): throw formatError(name, problem.text)
        }
    }

    /// Reads the elements straight into a new array's storage (widening narrow integers).
    private static func readData(from source: ByteSource, stored: NPYFormat.StoredType, fortran: Bool, shape: [Int], name: String) throws -> NDArray {
        let count: Int
        do { count = try NDArray.checkedCount(shape) } catch {
            throw formatError(name, "shape \(NPYFormat.pythonTuple(shape)) is too large")
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: stored.itemSize)
        if overflow { throw formatError(name, "shape \(NPYFormat.pythonTuple(shape)) is too large") }
        if let remaining = try source.remainingBytes(), remaining < expected {
            throw formatError(name, "truncated data: expected \(expected) bytes, found \(remaining)")
        }
        let (storageBytes, tooBig) = count.multipliedReportingOverflow(by: stored.dtype.itemSize)
        if tooBig { throw formatError(name, "shape \(NPYFormat.pythonTuple(shape)) is too large") }
        let storage = try Storage(byteCount: storageBytes, zeroed: false)
        if let widening = stored.widen {
            var raw = [UInt8](repeating: 0, count: expected)
            let got = try raw.withUnsafeMutableBytes { b -> Int in
                guard let base = b.baseAddress else { return 0 }
                return try source.read(into: base, count: expected)
            }
            guard got == expected else { throw formatError(name, "truncated data: expected \(expected) bytes, found \(got)") }
            let out = storage.base.assumingMemoryBound(to: Int64.self)
            raw.withUnsafeBytes { b in
                for i in 0..<count {
                    let o = i * stored.itemSize
                    switch widening {
                    case .int8: out[i] = Int64(Int8(bitPattern: b[o]))
                    case .int16: out[i] = Int64(Int16(littleEndian: b.loadUnaligned(fromByteOffset: o, as: Int16.self)))
                    case .int32: out[i] = Int64(Int32(littleEndian: b.loadUnaligned(fromByteOffset: o, as: Int32.self)))
                    case .uint16: out[i] = Int64(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
                    case .uint32: out[i] = Int64(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
                    }
                }
            }
        } else {
            let got = try source.read(into: storage.base, count: expected)
            guard got == expected else { throw formatError(name, "truncated data: expected \(expected) bytes, found \(got)") }
            if stored.dtype == .bool {
                // NumPy keeps any nonzero byte as True; store it as the canonical 1.
                let p = storage.base.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count where p[i] > 1 { p[i] = 1 }
            }
        }
        let strides = fortran ? NPYFormat.fortranStrides(shape) : NDArray.contiguousStrides(shape)
        return NDArray(storage: storage, dtype: stored.dtype, shape: shape, strides: strides)
    }
}
