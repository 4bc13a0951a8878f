import Tensor

/// A one-dimensional NumPy array of Python objects (`dtype=object`): what `np.array` and
/// `np.random.choice` make from a list of dicts or other values that are not numbers.
/// It holds the objects themselves (not copies), as NumPy does.
final class ObjectArray: HostObject {
    var items: [Value]
    init(_ items: [Value]) { self.items = items }

    var typeName: String { "numpy.ndarray" }
    var attributeNames: [String] { ["T", "copy", "dtype", "ndim", "shape", "size", "tolist"] }

    /// Whether `np.array(v)` gives an object array: a flat list or tuple holding something
    /// that is neither a number nor a string (strings make NumPy's text arrays instead).
    static func wanted(for v: Value) -> [Value]? {
        let items: [Value]
        switch v {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: return nil
        }
        var sawObject = false
        for item in items {
            switch item {
            case .bool, .int, .float, .scalar: continue
            case .list, .tuple, .array, .range, .str: return nil
            default: sawObject = true
            }
        }
        return sawObject ? items : nil
    }

    /// The objects of a list, tuple or object array, for `np.random.choice`.
    static func population(_ v: Value) -> [Value]? {
        if case .object(let o as ObjectArray) = v { return o.items }
        return wanted(for: v)
    }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple([.int(items.count)])
        case "ndim": return .int(1)
        case "size": return .int(items.count)
        case "dtype": return .object(ObjectDType())
        case "T": return .object(self)
        case "copy": return method("copy") { _, _, _ in .object(ObjectArray(self.items)) }
        case "tolist": return method("tolist") { _, _, _ in .list(PyList(self.items)) }
        case "__len__": return method("__len__") { _, _, _ in .int(self.items.count) }
        case "__getitem__":
            return method("__getitem__") { args, _, interp in try self.item(args.first ?? .none, interp) }
        case "__setitem__":
            return method("__setitem__") { args, _, interp in
                guard args.count == 2 else { throw PyError(.typeError, "expected an index and a value") }
                let i = try self.position(args[0], interp)
                self.items[i] = args[1]
                return .none
            }
        default: return nil
        }
    }

    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? {
        AnyIterator(items.makeIterator())
    }

    func repr(in interp: Interpreter) throws -> String {
        let prefix = "array("
        let body = wrappedArrayText(try words(interp), summarised: summarised, separator: ", ", prefix: prefix, suffixLength: 1)
        let extras = (summarised ? "shape=(\(items.count),), " : "") + "dtype=object)"
        let text = prefix + body + ","
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
        let spacer = lastLine + extras.count + 1 > PrintOptions.current.linewidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return text + spacer + extras
    }

    func str(in interp: Interpreter) throws -> String {
        wrappedArrayText(try words(interp), summarised: summarised, separator: " ", prefix: "", suffixLength: 0)
    }

    private var summarised: Bool { items.count > PrintOptions.current.threshold }

    /// Each element as NumPy shows it in an object array: its repr, lists marked `list(...)`.
    private func words(_ interp: Interpreter) throws -> [String] {
        let edge = PrintOptions.current.edgeitems
        return try items.enumerated().map { i, v in
            // Summarised arrays only show their edges; the rest need no text.
            if summarised && i >= edge && i < items.count - edge { return "" }
            if case .list = v { return "list(\(try interp.repr(v)))" }
            return try interp.repr(v)
        }
    }

    private func method(_ name: String, _ body: @escaping Builtin.Body) -> Value {
        .builtin(Builtin(name, doc: "ndarray.\(name)", body))
    }

    /// `a[i]`, `a[i:j]`, `a[[i, j]]`, `a[mask]`.
    func item(_ index: Value, _ interp: Interpreter) throws -> Value {
        switch index {
        case .tuple(let parts) where parts.count == 1:
            return try item(parts[0], interp)
        case .slice:
            return .object(ObjectArray(try interp.sliceItems(items, index)))
        case .list, .array:
            let picks = try NumPyBridge.toArray(index, interp)
            if picks.dtype == .bool {
                guard picks.ndim == 1, picks.count == items.count else {
                    throw PyError(.indexError, "boolean index did not match indexed array along axis 0; size of axis is \(items.count) but size of corresponding boolean axis is \(picks.count)")
                }
                let keep = picks.toScalars().map(\.boolValue)
                return .object(ObjectArray(zip(items, keep).filter { $0.1 }.map { $0.0 }))
            }
            guard !picks.dtype.isFloatingPoint else { throw Self.badIndex }
            return .object(ObjectArray(try picks.toScalars().map { try items[bounded(Int($0.int64Value))] }))
        default:
            return items[try position(index, interp)]
        }
    }

    /// An integer index made non-negative, with NumPy's errors.
    private func position(_ index: Value, _ interp: Interpreter) throws -> Int {
        switch index {
        case .int(let i): return try bounded(i)
        case .scalar(let s) where s.dtype.isInteger: return try bounded(Int(s.int64Value))
        default: throw Self.badIndex
        }
    }

    private func bounded(_ i: Int) throws -> Int {
        let j = i < 0 ? i + items.count : i
        guard j >= 0, j < items.count else { throw PyError(.indexError, "index \(i) is out of bounds for axis 0 with size \(items.count)") }
        return j
    }

    static let badIndex = PyError(.indexError, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
}

/// `dtype('O')`, the dtype of an object array.
final class ObjectDType: HostObject {
    var typeName: String { "numpy.dtype" }
    var attributeNames: [String] { ["kind", "name"] }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str("object")
        case "kind": return .str("O")
        default: return nil
        }
    }
    func repr(in interpreter: Interpreter) throws -> String { "dtype('O')" }
    func str(in interpreter: Interpreter) throws -> String { "object" }
}
