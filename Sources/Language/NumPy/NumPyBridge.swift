import Tensor

/// Where the language meets the tensor core: operators, indexing, attributes and printing
/// of arrays and NumPy scalars, with NumPy's rules for mixing them with Python numbers.
enum NumPyBridge {
    // MARK: Conversions

    /// A Python value as an operand: Python numbers stay "weak" (NEP 50), NumPy scalars
    /// and arrays are strong; lists become arrays.
    static func operand(_ v: Value, _ interp: Interpreter) throws -> Operand? {
        switch v {
        case .bool(let b): return .python(.bool(b))
        case .int(let i): return .python(.int(Int64(i)))
        case .float(let d): return .python(.float(d))
        case .array(let a): return .array(a)
        case .scalar(let s): return .array(try NDArray(scalar: s))
        case .list, .tuple: return .array(try toArray(v, interp))
        default: return nil
        }
    }

    static func toArray(_ v: Value, _ interp: Interpreter, dtype: DType? = nil) throws -> NDArray {
        if case .array(let a) = v, dtype == nil || dtype == a.dtype { return a }
        return try array(from: try nested(v, interp), dtype: dtype)
    }

    static func nested(_ v: Value, _ interp: Interpreter) throws -> Nested {
        switch v {
        case .bool(let b): return .scalar(.bool(b))
        case .int(let i): return .scalar(.int(Int64(i)))
        case .float(let d): return .scalar(.float(d))
        case .scalar(let s): return .typed(s)
        case .array(let a): return .array(a)
        case .list(let l): return .list(try l.items.map { try nested($0, interp) })
        case .tuple(let t): return .list(try t.map { try nested($0, interp) })
        case .range, .object:
            return .list(try interp.iterate(v).all().map { try nested($0, interp) })
        default:
            throw PyError(.typeError, "cannot convert '\(interp.typeName(v))' to a NumPy array")
        }
    }

    /// A NumPy scalar as the plain Python number it converts to (`float(x)`, `x.item()`).
    static func pythonValue(_ s: Scalar) -> Value {
        switch s {
        case .bool(let b): return .bool(b)
        case .uint8(let u): return .int(Int(u))
        case .int64(let i): return .int(Int(i))
        case .float32(let f): return .float(Double(f))
        case .float64(let d): return .float(d)
        }
    }

    /// The value an operation returns: a 0-d result from scalar operands is a NumPy scalar.
    static func wrap(_ a: NDArray, scalarResult: Bool) -> Value {
        if scalarResult && a.ndim == 0 { return .scalar(a.scalar(atStorageOffset: a.offset)) }
        return .array(a)
    }

    /// A NumPy scalar or a Python number (not an array, nor a list that becomes one).
    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .scalar, .int, .float, .bool: return true
        default: return false
        }
    }

    static func isArray(_ v: Value) -> Bool {
        if case .array = v { return true }
        return false
    }

    /// The ufunc behind an arithmetic operator (a switch: this runs for every operation).
    static func binaryOp(_ op: BinaryOperator) -> BinaryOp? {
        switch op {
        case .add: .add
        case .sub: .subtract
        case .mul: .multiply
        case .div: .divide
        case .floorDiv: .floorDivide
        case .mod: .remainder
        case .pow: .power
        case .bitAnd: .logicalAnd
        case .bitOr: .logicalOr
        default: nil
        }
    }

    // MARK: Operators

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? {
        guard let x = try operand(a, interp), let y = try operand(b, interp) else { return nil }
        if op == .matmul {
            guard case .array(let p) = x, case .array(let q) = y else {
                throw PyError(.valueError, "matmul: Input operand does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
            }
            return wrap(try matmul(p, q), scalarResult: true)
        }
        if (op == .bitAnd || op == .bitOr), !isBoolLike(x) || !isBoolLike(y) {
            throw PyError(.typeError, "ufunc 'bitwise_\(op == .bitAnd ? "and" : "or")' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
        }
        guard let bop = binaryOp(op) else { return nil }
        // NumPy's scalar arithmetic names itself so in its warnings ("in scalar divide").
        let scalars = isNumber(a) && isNumber(b)
        // NumPy gives a scalar whenever an operator's result is 0-d, from 0-d arrays too.
        return wrap(try watched(bop, x, y, scalars: scalars, interp) { try Tensor.binary(bop, x, y) }, scalarResult: true)
    }

    // MARK: Floating-point errors

    /// The ufuncs whose floating-point errors NumPy reports (comparisons, maximum and the
    /// like raise none that it shows).
    static func reportsErrors(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .subtract, .multiply, .divide, .floorDivide, .remainder, .power: true
        default: false
        }
    }

    static func reportsErrors(_ op: UnaryOp) -> Bool {
        switch op {
        case .exp, .exp2, .expm1, .log, .log2, .log10, .log1p, .sqrt, .square, .sin, .cos, .tan: true
        default: false
        }
    }

    /// Runs a ufunc as NumPy does: the floating-point errors it raises become RuntimeWarnings
    /// ("divide by zero encountered in divide"). Deferred operands (a product computed when
    /// first read) are computed first, so that only the ufunc's own arithmetic is watched.
    static func watched<T>(_ op: BinaryOp, _ x: Operand, _ y: Operand, scalars: Bool = false, _ interp: Interpreter,
                           _ body: () throws -> T) throws -> T {
        guard reportsErrors(op) else { return try body() }
        if case .array(let a) = x { a.storage.fillIfDeferred() }
        if case .array(let b) = y { b.storage.fillIfDeferred() }
        return try watching(interp, body) { scalars ? "scalar " + op.ufuncName : op.ufuncName }
    }

    static func watched<T>(_ op: UnaryOp, _ a: NDArray, _ interp: Interpreter, _ body: () throws -> T) throws -> T {
        guard reportsErrors(op) else { return try body() }
        a.storage.fillIfDeferred()
        return try watching(interp, body) { op.ufuncName }
    }

    /// `name` is made only when there is something to report.
    @inline(__always)
    private static func watching<T>(_ interp: Interpreter, _ body: () throws -> T, name: () -> String) throws -> T {
        FloatingPointErrors.clear()
        let result = try body()
        let errors = FloatingPointErrors.raised()
        if !errors.isEmpty { interp.warn(errors, in: name()) }
        return result
    }

    private static func isBoolLike(_ o: Operand) -> Bool {
        switch o {
        case .array(let a): return a.dtype == .bool || a.dtype.isInteger
        case .python(let p): if case .float = p { return false }; return true
        }
    }

    static func inPlace(_ op: BinaryOperator, _ target: NDArray, _ b: Value, _ interp: Interpreter) throws {
        guard let y = try operand(b, interp) else {
            throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue)=: 'numpy.ndarray' and '\(interp.typeName(b))'")
        }
        if op == .matmul {
            guard case .array(let q) = y else { throw PyError(.valueError, "matmul: Input operand 1 does not have enough dimensions") }
            let r = try matmul(target, q)
            try target.set([.ellipsis], .array(r))
            return
        }
        guard let bop = binaryOp(op) else {
            throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue)=: 'numpy.ndarray' and '\(interp.typeName(b))'")
        }
        try watched(bop, .array(target), y, interp) { try binaryInPlace(bop, target, y) }
    }

    static func unary(_ op: UnaryOperator, _ v: Value, _ interp: Interpreter) throws -> Value? {
        let arr: NDArray
        let scalarResult: Bool
        switch v {
        case .array(let a): arr = a; scalarResult = true   // NumPy: a 0-d result is a scalar
        case .scalar(let s): arr = try NDArray(scalar: s); scalarResult = true
        default: return nil
        }
        switch op {
        case .neg:
            if arr.dtype == .bool { throw PyError(.typeError, "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.") }
            return wrap(try Tensor.unary(.negative, arr), scalarResult: scalarResult)
        case .pos: return wrap(try arr.copy(), scalarResult: scalarResult)
        case .invert:
            guard arr.dtype == .bool else { throw PyError(.typeError, "ufunc 'invert' not supported for the input types") }
            return wrap(try Tensor.unary(.logicalNot, arr), scalarResult: scalarResult)
        case .not: return nil
        }
    }

    static func compare(_ op: CompareOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? {
        let bop: BinaryOp
        switch op {
        case .eq: bop = .equal
        case .ne: bop = .notEqual
        case .lt: bop = .less
        case .le: bop = .lessEqual
        case .gt: bop = .greater
        case .ge: bop = .greaterEqual
        default: return nil
        }
        guard let x = try operand(a, interp), let y = try operand(b, interp) else {
            if op == .eq { return .bool(false) }
            if op == .ne { return .bool(true) }
            return nil
        }
        return wrap(try Tensor.binary(bop, x, y), scalarResult: true)
    }

    static func contains(_ arr: NDArray, _ item: Value, _ interp: Interpreter) throws -> Bool {
        guard let y = try operand(item, interp) else { return false }
        let eq = try Tensor.binary(.equal, .array(arr), y)
        return try reduce(.any, eq).scalar(atStorageOffset: 0).boolValue
    }

    static func iterate(_ a: NDArray, _ interp: Interpreter) throws -> ValueIterator {
        guard a.ndim > 0 else { throw PyError(.typeError, "iteration over a 0-d array") }
        var i = 0
        let n = a.shape[0]
        return ValueIterator {
            guard i < n else { return nil }
            defer { i += 1 }
            return value(of: try a.get([.int(i)]))
        }
    }

    static func value(of r: IndexResult) -> Value {
        switch r {
        case .scalar(let s): return .scalar(s)
        case .array(let a): return .array(a)
        }
    }

    // MARK: Indexing

    static func indexItems(_ index: Value, _ interp: Interpreter) throws -> [IndexItem] {
        if case .tuple(let items) = index { return try items.map { try indexItem($0, interp) } }
        return [try indexItem(index, interp)]
    }

    static func indexItem(_ v: Value, _ interp: Interpreter) throws -> IndexItem {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .array(try NDArray(scalar: .bool(b)))
        case .scalar(let s) where s.dtype.isInteger: return .int(Int(s.int64Value))
        case .scalar(let s) where s.dtype == .bool: return .array(try NDArray(scalar: s))
        case .none: return .newAxis
        case .ellipsis: return .ellipsis
        case .slice(let lo, let hi, let st):
            func opt(_ x: Value) throws -> Int? {
                switch x {
                case .none: return nil
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                case .scalar(let s) where s.dtype.isInteger: return Int(s.int64Value)
                default: throw PyError(.typeError, "slice indices must be integers or None or have an __index__ method")
                }
            }
            return .slice(try opt(lo), try opt(hi), try opt(st))
        case .array(let a): return .array(a)
        case .list, .range: return .array(try toArray(v, interp))
        default:
            throw PyError(.indexError, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
        }
    }

    static func getItem(_ a: NDArray, _ index: Value, _ interp: Interpreter) throws -> Value {
        value(of: try a.get(try indexItems(index, interp)))
    }

    static func setItem(_ a: NDArray, _ index: Value, _ v: Value, _ interp: Interpreter) throws {
        guard let operand = try operand(v, interp) else {
            throw PyError(.typeError, "float() argument must be a string or a real number, not '\(interp.typeName(v))'")
        }
        if case .array(let source) = operand, source.ndim > 0, selectsOneElement(index, of: a) {
            // NumPy 2.4: `y[j] = np.array([v])` no longer unwraps the one element.
            throw PyError(.valueError, "setting an array element with a sequence.")
        }
        try a.set(try indexItems(index, interp), operand)
    }

    /// Whether the index is one integer per axis, naming a single element.
    static func selectsOneElement(_ index: Value, of a: NDArray) -> Bool {
        func isInteger(_ v: Value) -> Bool {
            switch v {
            case .int: return true
            case .scalar(let s): return s.dtype.isInteger
            default: return false
            }
        }
        if case .tuple(let parts) = index { return parts.count == a.ndim && parts.allSatisfy(isInteger) }
        return a.ndim == 1 && isInteger(index)
    }

    // MARK: Printing

    static func repr(_ a: NDArray) -> String { arrayRepr(a) }
    static func str(_ a: NDArray) -> String { arrayStr(a) }
    static func scalarRepr(_ s: Scalar) -> String { Tensor.scalarRepr(s) }
    static func scalarStr(_ s: Scalar) -> String { Tensor.scalarStr(s) }

    static func constructScalar(_ d: DType, _ args: [Value], _ interp: Interpreter) throws -> Value {
        guard let x = args.first else { return .scalar(Scalar(0, as: d)) }
        switch x {
        case .array(let a): return .array(try a.astype(d))
        case .list, .tuple: return .array(try toArray(x, interp, dtype: d))
        case .str(let s):
            return .scalar(Scalar(try interp.toFloat(.str(s)), as: d))
        case .int(let i) where d == .int64: return .scalar(.int64(Int64(i)))
        default:
            guard let n = interp.numericValue(x) else { throw PyError(.typeError, "\(d.name)() argument must be a number") }
            return .scalar(Scalar(n, as: d))
        }
    }
}
