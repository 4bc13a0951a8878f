import Tensor

extension NumPyBridge {
    static let arrayAttributeNames = [
        "T", "all", "any", "argmax", "argmin", "astype", "copy", "cumsum", "dot", "dtype", "fill", "flatten",
        "item", "max", "mean", "min", "nbytes", "ndim", "prod", "ravel", "reshape", "round", "shape", "size",
        "squeeze", "std", "sum", "tolist", "transpose", "var", "clip", "itemsize",
    ]

    /// The attributes that are methods (the others are values: shape, T, dtype, ...), by Name
    /// so that a call `x.copy()` is recognised without hashing the name again.
    static let arrayMethodNames: Set<Name> = Set(arrayAttributeNames.filter {
        !["T", "dtype", "nbytes", "ndim", "shape", "size", "itemsize"].contains($0)
    }.map { Name($0) })

    static func attributeNames(_ v: Value) -> [String] {
        switch v {
        case .array, .scalar: return arrayAttributeNames
        default: return ["itemsize", "name"]
        }
    }

    static func attribute(_ obj: Value, _ name: String, _ interp: Interpreter) throws -> Value? {
        let a: NDArray
        let isScalar: Bool
        switch obj {
        case .array(let x): a = x; isScalar = false
        case .scalar(let s): a = try NDArray(scalar: s); isScalar = true
        case .dtype(let d):
            if name == "__name__" { return .str(d.name) }
            return try DTypeObject(d).attribute(name, in: interp)
        default: return nil
        }
        switch name {
        case "shape": return .tuple(a.shape.map { .int($0) })
        case "ndim": return .int(a.ndim)
        case "size": return .int(a.count)
        case "dtype": return .object(DTypeObject(a.dtype))
        case "nbytes": return .int(a.nbytes)
        case "itemsize": return .int(a.dtype.itemSize)
        case "T": return wrap(a.T, scalarResult: isScalar)
        case "real": return obj
        default: break
        }
        guard arrayMethodNames.contains(Name(name)) else { return nil }
        return .builtin(Builtin(name, doc: ArrayDocs.doc(name)) { args, kwargs, interp in
            try arrayMethod(a, name, args, kwargs, interp, isScalar: isScalar)
        })
    }

    static func setAttribute(_ obj: Value, _ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        throw PyError(.attributeError, name == "shape" || name == "dtype"
            ? "nntutor arrays do not allow setting '\(name)'; use reshape() or astype() instead"
            : "'numpy.ndarray' object has no attribute '\(name)'")
    }

    static func arrayMethod(_ a: NDArray, _ name: String, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter, isScalar: Bool) throws -> Value {
        switch name {
        case "reshape":
            var shapeArgs = args
            if let kw = kwargs.first(where: { $0.0 == "shape" }) { shapeArgs = [kw.1] }
            let shape = shapeArgs.count == 1 ? try NumPyBridge.shape(shapeArgs[0], interp) : try shapeArgs.map { try interp.integer($0, "reshape") }
            return .array(try a.reshaped(shape))
        case "transpose":
            if args.isEmpty { return .array(try a.transposed(nil)) }
            let axes = args.count == 1 ? try NumPyBridge.shape(args[0], interp) : try args.map { try interp.integer($0, "transpose") }
            return .array(try a.transposed(axes))
        case "flatten": return .array(try a.flatten())
        case "ravel": return .array(try a.ravel())
        case "copy": return wrap(try a.copy(), scalarResult: isScalar)
        case "squeeze":
            let p = try Arguments(name, args, kwargs, ["axis"])
            return .array(try a.squeezed(axes: try p.axes("axis", interp)))
        case "astype":
            let p = try Arguments(name, args, kwargs, ["dtype", "copy"], required: 1)
            return wrap(try a.astype(try p.dtype("dtype", interp)!), scalarResult: isScalar)
        case "item":
            if args.isEmpty {
                guard a.count == 1 else { throw PyError(.valueError, "can only convert an array of size 1 to a Python scalar") }
                return pythonValue(a.toScalars()[0])
            }
            let flat = try a.flatten()
            let i = try interp.normalizedIndex(args[0], count: flat.count, what: "index")
            return pythonValue(flat.scalar(atStorageOffset: flat.offset + i))
        case "tolist": return toList(a)
        case "fill":
            guard let v = args.first, let o = try operand(v, interp) else { throw PyError(.typeError, "fill() takes exactly 1 argument") }
            try a.set([.ellipsis], o)
            return .none
        case "dot":
            guard let other = args.first else { throw PyError(.typeError, "dot() missing required argument 'b'") }
            return wrap(try dot(a, try toArray(other, interp)), scalarResult: true)
        case "clip":
            let p = try Arguments(name, args, kwargs, ["min", "max"])
            return .array(try clip(a, try p["min"].flatMap { try operand($0, interp) }, try p["max"].flatMap { try operand($0, interp) }))
        case "round":
            let p = try Arguments(name, args, kwargs, ["decimals"])
            return wrap(try Tensor.round(a, decimals: try p.int("decimals", interp) ?? 0), scalarResult: true)
        case "cumsum":
            let p = try Arguments(name, args, kwargs, ["axis"])
            return .array(try cumsum(a, axis: try p.int("axis", interp)))
        case "argmax", "argmin":
            let p = try Arguments(name, args, kwargs, ["axis", "out", "keepdims"])
            let r = name == "argmax"
                ? try argmax(a, axis: try p.int("axis", interp), keepdims: try p.bool("keepdims", interp) ?? false)
                : try argmin(a, axis: try p.int("axis", interp), keepdims: try p.bool("keepdims", interp) ?? false)
            return wrap(r, scalarResult: true)
        default:
            return try reduction(name, a, args, kwargs, interp)
        }
    }

    static let reductions: [String: ReduceOp] = [
        "sum": .sum, "prod": .prod, "mean": .mean, "max": .max, "min": .min, "any": .any, "all": .all,
        "std": .std, "var": .variance, "amax": .max, "amin": .min,
    ]

    /// sum, mean, max... with axis/keepdims/ddof, for both `x.sum(...)` and `np.sum(x, ...)`.
    static func reduction(_ name: String, _ a: NDArray, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> Value {
        guard let op = reductions[name] else { throw PyError(.attributeError, "'numpy.ndarray' object has no attribute '\(name)'") }
        var names = ["axis", "dtype", "out", "keepdims"]
        if op == .std || op == .variance { names = ["axis", "dtype", "out", "ddof", "keepdims"] }
        if op == .max || op == .min { names = ["axis", "out", "keepdims", "initial", "where"] }
        let p = try Arguments(name, args, kwargs, names)
        var input = a
        if let d = try p.dtype("dtype", interp) { input = try a.astype(d) }
        let r = try reduce(op, input, axes: try p.axes("axis", interp), keepdims: try p.bool("keepdims", interp) ?? false,
                           ddof: try p.int("ddof", interp) ?? 0)
        return wrap(r, scalarResult: true)
    }

    static func toList(_ a: NDArray) -> Value {
        if a.ndim == 0 { return pythonValue(a.toScalars()[0]) }
        let scalars = a.toScalars()
        var index = 0
        func build(_ axis: Int) -> Value {
            if axis == a.ndim - 1 {
                let items = scalars[index..<(index + a.shape[axis])].map { pythonValue($0) }
                index += a.shape[axis]
                return .list(PyList(items))
            }
            return .list(PyList((0..<a.shape[axis]).map { _ in build(axis + 1) }))
        }
        return build(0)
    }
}

/// Short docs with an example for array methods (help(x.sum)).
enum ArrayDocs {
    static func doc(_ name: String) -> String {
        switch name {
        case "reshape": return "a.reshape(shape)\n\nThe same data in a new shape; one dimension may be -1.\n\n>>> np.arange(6).reshape(2, 3).shape\n(2, 3)"
        case "sum": return "a.sum(axis=None, keepdims=False)\n\nSum of the elements, over all or along an axis.\n\n>>> np.array([[1, 2], [3, 4]]).sum(axis=0)\narray([4, 6])"
        case "argmax": return "a.argmax(axis=None)\n\nIndex of the largest element (first one on ties).\n\n>>> np.array([0.1, 0.7, 0.2]).argmax()\nnp.int64(1)"
        case "astype": return "a.astype(dtype)\n\nA copy converted to another dtype.\n\n>>> np.array([1.7]).astype(np.int64)\narray([1])"
        default: return "a.\(name)(...): as NumPy's ndarray.\(name)."
        }
    }
}
