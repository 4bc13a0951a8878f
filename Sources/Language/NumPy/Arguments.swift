import Tensor

/// Binds positional and keyword arguments to parameter names, as Python does for
/// `np.sum(x, axis=1, keepdims=True)`, with Python's errors for mistakes.
struct Arguments {
    let function: String
    /// The parameters, and what each was given (nil when nothing). A handful of names, so
    /// a search beats hashing them for a dictionary made on every call.
    private let names: [String]
    private var values: [Value?]

    init(_ function: String, _ args: [Value], _ kwargs: [(String, Value)], _ names: [String], required: Int = 0) throws {
        self.function = function
        self.names = names
        if args.count > names.count {
            throw PyError(.typeError, "\(function)() takes at most \(names.count) positional argument\(names.count == 1 ? "" : "s") (\(args.count) given)")
        }
        values = [Value?](filling: nil, count: names.count)
        for (i, a) in args.enumerated() { values[i] = a }
        for (k, v) in kwargs {
            guard let i = names.firstIndex(of: k) else { throw PyError(.typeError, "\(function)() got an unexpected keyword argument '\(k)'") }
            if values[i] != nil { throw PyError(.typeError, "argument for \(function)() given by name ('\(k)') and position") }
            values[i] = v
        }
        for (i, n) in names.prefix(required).enumerated() where values[i] == nil {
            throw PyError(.typeError, "\(function)() missing required argument '\(n)'")
        }
    }

    subscript(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name), let v = values[i] else { return nil }
        if case .none = v { return nil }
        return v
    }

    func int(_ name: String, _ interp: Interpreter) throws -> Int? {
        guard let v = self[name] else { return nil }
        return try interp.integer(v, function)
    }

    func double(_ name: String, _ interp: Interpreter) throws -> Double? {
        guard let v = self[name] else { return nil }
        return try interp.toFloat(v)
    }

    func bool(_ name: String, _ interp: Interpreter) throws -> Bool? {
        guard let v = self[name] else { return nil }
        return try interp.truthy(v)
    }

    /// An int, a tuple of ints, or None for "all axes".
    func axes(_ name: String, _ interp: Interpreter) throws -> [Int]? {
        guard let v = self[name] else { return nil }
        if case .tuple(let items) = v { return try items.map { try interp.integer($0, function) } }
        if case .list(let l) = v { return try l.items.map { try interp.integer($0, function) } }
        return [try interp.integer(v, function)]
    }

    func shape(_ name: String, _ interp: Interpreter) throws -> [Int]? {
        guard let v = self[name] else { return nil }
        return try NumPyBridge.shape(v, interp)
    }

    func dtype(_ name: String, _ interp: Interpreter) throws -> DType? {
        guard let v = self[name] else { return nil }
        return try NumPyBridge.dtype(v, interp)
    }

    func array(_ name: String, _ interp: Interpreter) throws -> NDArray? {
        guard let v = self[name] else { return nil }
        return try NumPyBridge.toArray(v, interp)
    }
}

extension NumPyBridge {
    /// `(2, 3)`, `[2, 3]` or `5` as a shape.
    static func shape(_ v: Value, _ interp: Interpreter) throws -> [Int] {
        switch v {
        case .tuple(let items): return try items.map { try interp.integer($0, "shape") }
        case .list(let l): return try l.items.map { try interp.integer($0, "shape") }
        default: return [try interp.integer(v, "shape")]
        }
    }

    /// `np.float32`, `'float32'`, `float`, `int`, `bool`, `'f4'` as a dtype.
    static func dtype(_ v: Value, _ interp: Interpreter) throws -> DType {
        switch v {
        case .dtype(let d): return d
        case .builtin(let b):
            switch b.name {
            case "float": return .float64
            case "int": return .int64
            case "bool": return .bool
            default: break
            }
        case .str(let s):
            switch s {
            case "float64", "f8", "float", "double", "d": return .float64
            case "float32", "f4", "single", "f": return .float32
            case "int64", "i8", "int", "l": return .int64
            case "uint8", "u1", "B": return .uint8
            case "bool", "?", "b1": return .bool
            default: throw PyError(.typeError, "data type '\(s)' not understood")
            }
        case .object(let o) as Value where o is DTypeObject: return (o as! DTypeObject).dtype
        default: break
        }
        throw PyError(.typeError, "Cannot interpret '\(try interp.repr(v))' as a data type")
    }
}

/// `x.dtype`: prints as `dtype('float32')` and compares equal to `np.float32`.
final class DTypeObject: HostObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    var typeName: String { "numpy.dtype" }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(dtype.name)
        case "itemsize": return .int(dtype.itemSize)
        case "type": return .dtype(dtype)
        case "kind": return .str(dtype == .bool ? "b" : (dtype.isFloatingPoint ? "f" : (dtype == .uint8 ? "u" : "i")))
        default: return nil
        }
    }
    var attributeNames: [String] { ["itemsize", "kind", "name", "type"] }
    func repr(in interpreter: Interpreter) throws -> String { "dtype('\(dtype.name)')" }
    func str(in interpreter: Interpreter) throws -> String { dtype.name }
}
