import Tensor

/// `import numpy as np`: NumPy's names and keyword arguments over the tensor core.
enum NumPyModule {
    static let unaryFunctions: [String: UnaryOp] = [
        "exp": .exp, "log": .log, "sqrt": .sqrt, "tanh": .tanh, "sin": .sin, "cos": .cos, "sign": .sign,
        "floor": .floor, "ceil": .ceil, "abs": .absolute, "absolute": .absolute, "negative": .negative,
        "isnan": .isnan, "isfinite": .isfinite, "logical_not": .logicalNot, "square": .square, "log10": .log10,
        "log2": .log2, "tan": .tan, "arctan": .arctan, "exp2": .exp2, "expm1": .expm1, "log1p": .log1p,
        "trunc": .trunc, "rint": .rint, "isinf": .isinf, "positive": .positive,
    ]
    static let binaryFunctions: [String: BinaryOp] = [
        "add": .add, "subtract": .subtract, "multiply": .multiply, "divide": .divide, "true_divide": .divide,
        "floor_divide": .floorDivide, "mod": .remainder, "remainder": .remainder, "power": .power,
        "maximum": .maximum, "minimum": .minimum, "equal": .equal, "not_equal": .notEqual, "less": .less,
        "less_equal": .lessEqual, "greater": .greater, "greater_equal": .greaterEqual,
        "logical_and": .logicalAnd, "logical_or": .logicalOr,
    ]

    static func make(_ interp: Interpreter) -> PyModule {
        var m: [String: Value] = [:]
        func add(_ name: String, _ doc: String, _ params: [String] = [], _ body: @escaping Builtin.Body) {
            m[name] = .builtin(Builtin(name, doc: doc, parameters: params, body))
        }
        for (name, op) in unaryFunctions {
            add(name, "np.\(name)(x)\n\nElement-wise \(name).\n\n>>> np.\(name)(np.array([1.0, 4.0]))") { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["x", "out"], required: 1)
                let v = p["x"]!
                // A ufunc's 0-d result is a scalar, from a 0-d array too.
                let a = try NumPyBridge.toArray(v, interp)
                return NumPyBridge.wrap(try NumPyBridge.watched(op, a, interp) { try unary(op, a) }, scalarResult: true)
            }
        }
        for (name, op) in binaryFunctions {
            add(name, "np.\(name)(x1, x2)\n\nElement-wise \(name) with broadcasting.") { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["x1", "x2", "out"], required: 2)
                guard let x = try NumPyBridge.operand(p["x1"]!, interp), let y = try NumPyBridge.operand(p["x2"]!, interp) else {
                    throw PyError(.typeError, "unsupported operand types for \(name)")
                }
                return NumPyBridge.wrap(try NumPyBridge.watched(op, x, y, interp) { try binary(op, x, y) }, scalarResult: true)
            }
        }
        for name in ["sum", "prod", "mean", "max", "min", "any", "all", "std", "var", "amax", "amin"] {
            add(name, name == "sum" ? "np.sum(a, axis=None, keepdims=False)\n\nSum of array elements over a given axis.\n\n>>> np.sum(np.array([[1, 2], [3, 4]]), axis=1)\narray([3, 7])" : "np.\(name)(a, axis=None, keepdims=False)\n\nThe \(name) of the elements, over all or along an axis.", ["a", "axis", "keepdims"]) { args, kwargs, interp in
                guard let first = args.first ?? kwargs.first(where: { $0.0 == "a" })?.1 else { throw PyError(.typeError, "\(name)() missing required argument 'a'") }
                let rest = args.isEmpty ? [] : Array(args.dropFirst())
                return try NumPyBridge.reduction(name, try NumPyBridge.toArray(first, interp), rest, kwargs.filter { $0.0 != "a" }, interp)
            }
        }
        for name in ["argmax", "argmin"] {
            add(name, "np.\(name)(a, axis=None)\n\nIndices of the \(name == "argmax" ? "largest" : "smallest") values.", ["a", "axis", "keepdims"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["a", "axis", "out", "keepdims"], required: 1)
                let a = try p.array("a", interp)!
                let r = name == "argmax" ? try argmax(a, axis: try p.int("axis", interp), keepdims: try p.bool("keepdims", interp) ?? false)
                                         : try argmin(a, axis: try p.int("axis", interp), keepdims: try p.bool("keepdims", interp) ?? false)
                return NumPyBridge.wrap(r, scalarResult: true)
            }
        }
        add("array", "np.array(object, dtype=None)\n\nAn array from (nested) lists.\n\n>>> np.array([[1, 2], [3, 4]]).shape\n(2, 2)", ["object", "dtype"]) { args, kwargs, interp in
            let p = try Arguments("array", args, kwargs, ["object", "dtype", "copy"], required: 1)
            let d = try p.dtype("dtype", interp)
            if case .array(let a) = p["object"]! {
                return .array(d == nil || d == a.dtype ? try a.copy() : try a.astype(d!))
            }
            if d == nil, let objects = ObjectArray.wanted(for: p["object"]!) { return .object(ObjectArray(objects)) }
            if d == nil, case .object(let o as ObjectArray) = p["object"]! { return .object(ObjectArray(o.items)) }
            return .array(try NumPyBridge.toArray(p["object"]!, interp, dtype: d))
        }
        add("asarray", "np.asarray(a, dtype=None)\n\nAn array view of a when possible.", ["a", "dtype"]) { args, kwargs, interp in
            let p = try Arguments("asarray", args, kwargs, ["a", "dtype"], required: 1)
            if p["dtype"] == nil || p["dtype"]!.isNone {
                if case .object(let o as ObjectArray) = p["a"]! { return .object(o) }
                if let objects = ObjectArray.wanted(for: p["a"]!) { return .object(ObjectArray(objects)) }
            }
            return .array(try NumPyBridge.toArray(p["a"]!, interp, dtype: try p.dtype("dtype", interp)))
        }
        for name in ["zeros", "ones", "empty"] {
            add(name, "np.\(name)(shape, dtype=float)\n\nA new array of \(name == "empty" ? "uninitialised values" : name).\n\n>>> np.\(name)(3)", ["shape", "dtype"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["shape", "dtype"], required: 1)
                let shape = try p.shape("shape", interp)!
                let d = try p.dtype("dtype", interp) ?? .float64
                switch name {
                case "zeros": return .array(try zeros(shape, dtype: d))
                case "ones": return .array(try ones(shape, dtype: d))
                default: return .array(try empty(shape, dtype: d))
                }
            }
        }
        for name in ["zeros_like", "ones_like", "empty_like"] {
            add(name, "np.\(name)(a, dtype=None)\n\nA new array shaped like a.\n\n>>> np.zeros_like(np.array([1.5, 2.5]))\narray([0., 0.])", ["a", "dtype"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["a", "dtype"], required: 1)
                let a = try p.array("a", interp)!
                let d = try p.dtype("dtype", interp) ?? a.dtype
                return .array(name == "ones_like" ? try ones(a.shape, dtype: d) : try zeros(a.shape, dtype: d))
            }
        }
        add("full", "np.full(shape, fill_value, dtype=None)", ["shape", "fill_value", "dtype"]) { args, kwargs, interp in
            let p = try Arguments("full", args, kwargs, ["shape", "fill_value", "dtype"], required: 2)
            let v = p["fill_value"]!
            let inferred: DType = { if case .int = v { return .int64 }; if case .bool = v { return .bool }; if case .scalar(let s) = v { return s.dtype }; return .float64 }()
            let d = try p.dtype("dtype", interp) ?? inferred
            guard let n = interp.numericValue(v) else { throw PyError(.typeError, "fill_value must be a number") }
            return .array(try full(try p.shape("shape", interp)!, Scalar(n, as: d), dtype: d))
        }
        add("arange", "np.arange([start,] stop[, step], dtype=None)\n\nEvenly spaced values in [start, stop).\n\n>>> np.arange(0.0, 1.0, 0.25)\narray([0.  , 0.25, 0.5 , 0.75])", ["start", "stop", "step", "dtype"]) { args, kwargs, interp in
            var positional = args
            var d: DType? = nil
            for (k, v) in kwargs {
                switch k {
                case "dtype": d = try NumPyBridge.dtype(v, interp)
                case "stop": positional.append(v)
                case "step": if positional.count == 1 { positional.insert(.int(0), at: 0) }; positional.append(v)
                case "start": positional.insert(v, at: 0)
                default: throw PyError(.typeError, "arange() got an unexpected keyword argument '\(k)'")
                }
            }
            guard !positional.isEmpty && positional.count <= 3 else { throw PyError(.typeError, "arange() requires stop to be specified.") }
            let allInts = positional.allSatisfy { if case .int = $0 { return true }; if case .bool = $0 { return true }; if case .scalar(let s) = $0 { return s.dtype.isInteger }; return false }
            let nums = try positional.map { try interp.toFloat($0) }
            let (start, stop, step) = nums.count == 1 ? (0, nums[0], 1) : (nums[0], nums[1], nums.count == 3 ? nums[2] : 1)
            if step == 0 { throw PyError(.zeroDivisionError, "division by zero") }
            return .array(try arange(start: start, stop: stop, step: step, dtype: d ?? (allInts ? .int64 : .float64)))
        }
        add("linspace", "np.linspace(start, stop, num=50, endpoint=True)\n\nnum evenly spaced values from start to stop.", ["start", "stop", "num", "endpoint"]) { args, kwargs, interp in
            let p = try Arguments("linspace", args, kwargs, ["start", "stop", "num", "endpoint", "retstep", "dtype"], required: 2)
            return .array(try linspace(try p.double("start", interp)!, try p.double("stop", interp)!, num: try p.int("num", interp) ?? 50, endpoint: try p.bool("endpoint", interp) ?? true))
        }
        add("eye", "np.eye(N, M=None, k=0, dtype=float)\n\nThe identity matrix; row k of np.eye(10) is the one-hot vector of k.", ["N", "M", "k", "dtype"]) { args, kwargs, interp in
            let p = try Arguments("eye", args, kwargs, ["N", "M", "k", "dtype"], required: 1)
            return .array(try eye(try p.int("N", interp)!, try p.int("M", interp), k: try p.int("k", interp) ?? 0, dtype: try p.dtype("dtype", interp) ?? .float64))
        }
        add("meshgrid", "np.meshgrid(x, y)\n\nCoordinate matrices from coordinate vectors.") { args, _, interp in
            .list(PyList(try meshgrid(try args.map { try NumPyBridge.toArray($0, interp) }).map { .array($0) }))
        }
        for name in ["concatenate", "stack", "vstack", "hstack"] {
            add(name, "np.\(name)(arrays\(name.hasSuffix("stack") && name.count > 5 ? "" : ", axis=0"))", ["arrays", "axis"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["arrays", "axis"], required: 1)
                let arrays = try interp.iterate(p["arrays"]!).all().map { try NumPyBridge.toArray($0, interp) }
                switch name {
                case "concatenate": return .array(try concatenate(arrays, axis: try p.int("axis", interp) ?? 0))
                case "stack": return .array(try stack(arrays, axis: try p.int("axis", interp) ?? 0))
                case "vstack": return .array(try vstack(arrays))
                default: return .array(try hstack(arrays))
                }
            }
        }
        add("dot", "np.dot(a, b)\n\nMatrix product (inner product for vectors).\n\n>>> np.dot(np.array([1, 2]), np.array([3, 4]))\nnp.int64(11)", ["a", "b"]) { args, kwargs, interp in
            let p = try Arguments("dot", args, kwargs, ["a", "b", "out"], required: 2)
            return NumPyBridge.wrap(try dot(try p.array("a", interp)!, try p.array("b", interp)!), scalarResult: true)
        }
        add("matmul", "np.matmul(a, b)\n\nThe @ operator.", ["a", "b"]) { args, kwargs, interp in
            let p = try Arguments("matmul", args, kwargs, ["a", "b"], required: 2)
            return NumPyBridge.wrap(try matmul(try p.array("a", interp)!, try p.array("b", interp)!), scalarResult: true)
        }
        add("outer", "np.outer(a, b)\n\nOuter product of two vectors.", ["a", "b"]) { args, kwargs, interp in
            let p = try Arguments("outer", args, kwargs, ["a", "b"], required: 2)
            return .array(try outer(try p.array("a", interp)!, try p.array("b", interp)!))
        }
        add("reshape", "np.reshape(a, newshape)", ["a", "newshape"]) { args, kwargs, interp in
            let p = try Arguments("reshape", args, kwargs, ["a", "newshape"], required: 2)
            return .array(try p.array("a", interp)!.reshaped(try p.shape("newshape", interp)!))
        }
        add("transpose", "np.transpose(a, axes=None)", ["a", "axes"]) { args, kwargs, interp in
            let p = try Arguments("transpose", args, kwargs, ["a", "axes"], required: 1)
            return .array(try p.array("a", interp)!.transposed(try p.shape("axes", interp)))
        }
        add("squeeze", "np.squeeze(a, axis=None)", ["a", "axis"]) { args, kwargs, interp in
            let p = try Arguments("squeeze", args, kwargs, ["a", "axis"], required: 1)
            return .array(try p.array("a", interp)!.squeezed(axes: try p.axes("axis", interp)))
        }
        add("expand_dims", "np.expand_dims(a, axis)", ["a", "axis"]) { args, kwargs, interp in
            let p = try Arguments("expand_dims", args, kwargs, ["a", "axis"], required: 2)
            return .array(try p.array("a", interp)!.expandingDims(try p.int("axis", interp)!))
        }
        add("ravel", "np.ravel(a)", ["a"]) { args, kwargs, interp in
            .array(try Arguments("ravel", args, kwargs, ["a"], required: 1).array("a", interp)!.ravel())
        }
        add("shape", "np.shape(a)", ["a"]) { args, kwargs, interp in
            let p = try Arguments("shape", args, kwargs, ["a"], required: 1)
            return .tuple(try p.array("a", interp)!.shape.map { .int($0) })
        }
        add("size", "np.size(a)", ["a"]) { args, kwargs, interp in
            .int(try Arguments("size", args, kwargs, ["a"], required: 1).array("a", interp)!.count)
        }
        add("ndim", "np.ndim(a)", ["a"]) { args, kwargs, interp in
            .int(try Arguments("ndim", args, kwargs, ["a"], required: 1).array("a", interp)!.ndim)
        }
        add("copy", "np.copy(a)", ["a"]) { args, kwargs, interp in
            .array(try Arguments("copy", args, kwargs, ["a"], required: 1).array("a", interp)!.copy())
        }
        add("where", "np.where(condition, x, y)\n\nx where condition is true, else y.", ["condition", "x", "y"]) { args, kwargs, interp in
            let p = try Arguments("where", args, kwargs, ["condition", "x", "y"], required: 1)
            if p["x"] == nil && p["y"] == nil {
                // One argument: the indices where condition holds, as np.nonzero.
                return .tuple(try nonzero(try p.array("condition", interp)!).map { .array($0) })
            }
            guard p["x"] != nil, p["y"] != nil else { throw PyError(.valueError, "either both or neither of x and y should be given") }
            guard let x = try NumPyBridge.operand(p["x"]!, interp), let y = try NumPyBridge.operand(p["y"]!, interp) else { throw PyError(.typeError, "where() needs numbers or arrays") }
            return .array(try where_(try p.array("condition", interp)!, x, y))
        }
        add("nonzero", "np.nonzero(a)\n\nA tuple with, for each axis, the indices of the non-zero elements.", ["a"]) { args, kwargs, interp in
            let p = try Arguments("nonzero", args, kwargs, ["a"], required: 1)
            return .tuple(try nonzero(try p.array("a", interp)!).map { .array($0) })
        }
        add("flatnonzero", "np.flatnonzero(a)\n\nIndices of the non-zero elements of a.ravel().", ["a"]) { args, kwargs, interp in
            let p = try Arguments("flatnonzero", args, kwargs, ["a"], required: 1)
            let a = try p.array("a", interp)!
            return .array(try nonzero(try a.contiguous().reshaped([a.count]))[0])
        }
        add("clip", "np.clip(a, a_min, a_max)", ["a", "a_min", "a_max"]) { args, kwargs, interp in
            let p = try Arguments("clip", args, kwargs, ["a", "a_min", "a_max"], required: 1)
            return .array(try clip(try p.array("a", interp)!, try p["a_min"].flatMap { try NumPyBridge.operand($0, interp) }, try p["a_max"].flatMap { try NumPyBridge.operand($0, interp) }))
        }
        add("round", "np.round(a, decimals=0)\n\nRounds half to even.", ["a", "decimals"]) { args, kwargs, interp in
            let p = try Arguments("round", args, kwargs, ["a", "decimals"], required: 1)
            let v = p["a"]!
            return NumPyBridge.wrap(try Tensor.round(try NumPyBridge.toArray(v, interp), decimals: try p.int("decimals", interp) ?? 0), scalarResult: true)
        }
        m["around"] = m["round"]
        add("cumsum", "np.cumsum(a, axis=None)", ["a", "axis"]) { args, kwargs, interp in
            let p = try Arguments("cumsum", args, kwargs, ["a", "axis"], required: 1)
            return .array(try cumsum(try p.array("a", interp)!, axis: try p.int("axis", interp)))
        }
        add("average", "np.average(a, axis=None, weights=None)\n\nThe (weighted) mean.", ["a", "axis", "weights"]) { args, kwargs, interp in
            let p = try Arguments("average", args, kwargs, ["a", "axis", "weights"], required: 1)
            return NumPyBridge.wrap(try average(try p.array("a", interp)!, axes: try p.axes("axis", interp), weights: try p.array("weights", interp)), scalarResult: true)
        }
        add("allclose", "np.allclose(a, b, rtol=1e-05, atol=1e-08)\n\nWhether all elements are close.", ["a", "b", "rtol", "atol"]) { args, kwargs, interp in
            let p = try Arguments("allclose", args, kwargs, ["a", "b", "rtol", "atol"], required: 2)
            let a = try p.array("a", interp)!, b = try p.array("b", interp)!
            let rtol = try p.double("rtol", interp) ?? 1e-5, atol = try p.double("atol", interp) ?? 1e-8
            let diff = try unary(.absolute, try binary(.subtract, .array(a), .array(b)))
            let tol = try binary(.add, .python(.float(atol)), .array(try binary(.multiply, .python(.float(rtol)), .array(try unary(.absolute, b)))))
            let ok = try binary(.lessEqual, .array(diff), .array(tol))
            return .bool(try reduce(.all, ok).toScalars()[0].boolValue)
        }
        add("array_equal", "np.array_equal(a1, a2, equal_nan=False)\n\nSame shape and elements; with equal_nan, NaN equals NaN.",
            ["a1", "a2", "equal_nan"]) { args, kwargs, interp in
            let p = try Arguments("array_equal", args, kwargs, ["a1", "a2", "equal_nan"], required: 2)
            let a = try p.array("a1", interp)!, b = try p.array("a2", interp)!
            guard a.shape == b.shape else { return .bool(false) }
            var same = try binary(.equal, .array(a), .array(b))
            if try p.bool("equal_nan", interp) ?? false, a.dtype.isFloatingPoint || b.dtype.isFloatingPoint {
                let bothNaN = try binary(.logicalAnd, .array(try unary(.isnan, a)), .array(try unary(.isnan, b)))
                same = try binary(.logicalOr, .array(same), .array(bothNaN))
            }
            return .bool(try reduce(.all, same).toScalars()[0].boolValue)
        }
        add("set_printoptions", "np.set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None)", ["precision", "threshold", "edgeitems", "linewidth", "suppress"]) { args, kwargs, interp in
            let p = try Arguments("set_printoptions", args, kwargs, ["precision", "threshold", "edgeitems", "linewidth", "suppress", "floatmode", "sign"])
            if let v = try p.int("precision", interp) { PrintOptions.current.precision = v }
            if let v = try p.int("threshold", interp) { PrintOptions.current.threshold = v }
            if let v = try p.int("edgeitems", interp) { PrintOptions.current.edgeitems = v }
            if let v = try p.int("linewidth", interp) { PrintOptions.current.linewidth = v }
            if let v = try p.bool("suppress", interp) { PrintOptions.current.suppress = v }
            return .none
        }
        add("nditer", "np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])\n\nIterates over every element's index; see numerical_gradient in the book.", ["op", "flags", "op_flags"]) { args, kwargs, interp in
            let p = try Arguments("nditer", args, kwargs, ["op", "flags", "op_flags", "order"], required: 1)
            return .object(NDIterObject(try p.array("op", interp)!))
        }
        for d in DType.allCases { m[d.name] = .dtype(d) }
        m["bool_"] = .dtype(.bool)
        m["float_"] = .dtype(.float64)
        m["int_"] = .dtype(.int64)
        m["ndarray"] = .object(TypeObject(name: "numpy.ndarray"))
        m["newaxis"] = Value.none
        m["pi"] = .float(Double.pi)
        m["e"] = .float(2.718281828459045)
        m["inf"] = .float(.infinity)
        m["nan"] = .float(.nan)
        m["random"] = .module(RandomModule.make(interp))
        m["__version__"] = .str("2.4 (nntutor)")
        FilesModule.add(to: &m)
        return PyModule(name: "numpy", members: m, doc: "NumPy for nntutor: arrays and the functions the book uses.")
    }
}

extension NumPyBridge {
    /// For builtins like abs() and round() applied to arrays.
    static func callNumpy(_ name: String, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> Value {
        let np = try interp.importModule("numpy")
        guard let f = np.members[Name(name)] else { throw PyError(.attributeError, "module 'numpy' has no attribute '\(name)'") }
        return try interp.call(f, args, kwargs)
    }
}

/// `np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])` as the book's
/// numerical_gradient uses it: `.finished`, `.multi_index`, `.iternext()`.
final class NDIterObject: HostObject {
    let array: NDArray
    var index: [Int]
    var finished: Bool
    init(_ array: NDArray) {
        self.array = array
        index = [Int](repeating: 0, count: array.ndim)
        finished = array.count == 0
    }
    var typeName: String { "numpy.nditer" }
    var attributeNames: [String] { ["finished", "iternext", "multi_index"] }
    func attribute(_ name: String, in interpreter: Interpreter) throws -> Value? {
        switch name {
        case "finished": return .bool(finished)
        case "multi_index": return .tuple(index.map { .int($0) })
        case "iternext":
            return .builtin(Builtin("iternext") { _, _, _ in
                var axis = self.array.ndim - 1
                while axis >= 0 {
                    self.index[axis] += 1
                    if self.index[axis] < self.array.shape[axis] { return .bool(true) }
                    self.index[axis] = 0
                    axis -= 1
                }
                self.finished = true
                return .bool(false)
            })
        default: return nil
        }
    }
    func makeIterator(in interpreter: Interpreter) throws -> AnyIterator<Value>? {
        let flat = try array.ravel()
        var i = 0
        return AnyIterator { i < flat.count ? { defer { i += 1 }; return .array((try? flat.reshaped([flat.count]).get([.slice(i, i + 1, 1)]).asArray) ?? flat) }() : nil }
    }
}

extension IndexResult {
    var asArray: NDArray? { if case .array(let a) = self { return a }; return nil }
}
