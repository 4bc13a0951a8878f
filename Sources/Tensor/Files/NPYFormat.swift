/// The .npy byte layout: a magic string, a version, a Python-dict header padded to 64 bytes,
/// then the raw little-endian elements in C or Fortran order.
enum NPYFormat {
    static let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]   // "\x93NUMPY"
    static let alignment = 64
    /// Spare header room NumPy leaves so the growing axis can be rewritten in place.
    static let growthAxisMaxDigits = 21

    /// The complete header NumPy's `np.save` writes for an array with these properties,
    /// using format 1.0 when the header fits in 65535 bytes and 2.0 otherwise.
    static func header(descr: String, fortranOrder: Bool, shape: [Int]) -> [UInt8] {
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(pythonTuple(shape)), }"
        if let growing = fortranOrder ? shape.last : shape.first {
            dict += String(repeating: " ", count: max(growthAxisMaxDigits - String(growing).utf8.count, 0))
        }
        let text = Array(dict.utf8)
        for (major, lengthBytes) in [(UInt8(1), 2), (UInt8(2), 4)] {
            let used = magic.count + 2 + lengthBytes + text.count + 1
            let padding = alignment - used % alignment
            let headerLength = text.count + 1 + padding
            if lengthBytes == 2 && headerLength > 0xffff { continue }
            var out = magic + [major, 0]
            for k in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: headerLength >> (8 * k))) }
            out += text
            out += [UInt8](repeating: 0x20, count: padding)
            out.append(0x0a)
            return out
        }
        return []   // unreachable: format 2.0 holds any header that fits in memory
    }

    /// `repr(tuple)` of a shape: `()`, `(3,)`, `(2, 3)`.
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// How the stored elements map onto one of the five dtypes.
    struct StoredType {
        var dtype: DType
        var itemSize: Int
        /// Stored integers that are widened to int64 on load.
        var widen: Widening?

        enum Widening { case int8, int16, int32, uint16, uint32 }
    }

    /// Interprets a header's `descr` string (`'<f8'`, `'|b1'`, ...), or explains why not.
    static func storedType(descr: String) -> Result<StoredType, DescrProblem> {
        var code = Substring(descr)
        var bigEndian = false
        if let first = code.first, "<>|=!".contains(first) {
            bigEndian = first == ">" || first == "!"
            code = code.dropFirst()
        }
        let supported = "nntutor reads float64, float32, int64, uint8 and bool (int8/16/32 and uint16/32 are widened to int64)"
        let type: StoredType
        switch code {
        case "f8", "d", "float64": type = StoredType(dtype: .float64, itemSize: 8)
        case "f4", "f", "float32": type = StoredType(dtype: .float32, itemSize: 4)
        case "i8", "q", "l", "int64": type = StoredType(dtype: .int64, itemSize: 8)
        case "u1", "B", "uint8": type = StoredType(dtype: .uint8, itemSize: 1)
        case "b1", "?", "bool": type = StoredType(dtype: .bool, itemSize: 1)
        case "i1", "b", "int8": type = StoredType(dtype: .int64, itemSize: 1, widen: .int8)
        case "i2", "h", "int16": type = StoredType(dtype: .int64, itemSize: 2, widen: .int16)
        case "i4", "i", "int32": type = StoredType(dtype: .int64, itemSize: 4, widen: .int32)
        case "u2", "H", "uint16": type = StoredType(dtype: .int64, itemSize: 2, widen: .uint16)
        case "u4", "I", "uint32": type = StoredType(dtype: .int64, itemSize: 4, widen: .uint32)
        case "O":
            return .failure(DescrProblem(text: "Object arrays cannot be loaded when allow_pickle=False"))
        default:
            return .failure(DescrProblem(text: "unsupported dtype \(PythonLiteral.string(descr).repr); \(supported)"))
        }
        if bigEndian && type.itemSize > 1 {
            return .failure(DescrProblem(text: "big-endian data (dtype \(PythonLiteral.string(descr).repr)) is not supported; save it little-endian"))
        }
        return .success(type)
    }

    /// Why a dtype descriptor cannot be loaded.
    struct DescrProblem: Error { var text: String }

    /// True when the elements lie contiguously in Fortran (column-major) order.
    static func isFortranContiguous(shape: [Int], strides: [Int]) -> Bool {
        var expected = 1
        for i in 0..<shape.count {
            if shape[i] == 0 { return true }
            if shape[i] != 1 && strides[i] != expected { return false }
            expected &*= shape[i]
        }
        return true
    }

    /// Column-major strides for a shape, in elements.
    static func fortranStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in 0..<shape.count {
            strides[i] = acc
            acc &*= max(shape[i], 1)
        }
        return strides
    }
}
