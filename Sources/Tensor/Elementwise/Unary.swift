import CKernels
/// One-operand ufuncs.
public enum UnaryOp: String, CaseIterable, Sendable {
    case negative, positive, absolute, square, reciprocal, sign
    case exp, exp2, expm1, log, log2, log10, log1p, sqrt, tanh, sin, cos, tan, arctan
    case floor, ceil, trunc, rint
    case logicalNot, isnan, isfinite, isinf

    /// True for the functions that always produce floats (`np.exp` of an int array is float64).
    var isTranscendental: Bool {
        switch self {
        case .exp, .exp2, .expm1, .log, .log2, .log10, .log1p, .sqrt, .tanh, .sin, .cos, .tan, .arctan, .rint: return true
        default: return false
        }
    }

    var isPredicate: Bool {
        switch self {
        case .logicalNot, .isnan, .isfinite, .isinf: return true
        default: return false
        }
    }

    /// NumPy's ufunc name, used in messages.
    public var ufuncName: String {
        switch self {
        case .logicalNot: return "logical_not"
        default: return rawValue
        }
    }

    /// The dtype the input is converted to before the kernel runs.
    func computeType(_ input: DType) throws -> DType {
        if isPredicate { return input }
        if isTranscendental {
            switch input {
            case .float32, .float64: return input
            case .int64: return .float64
            // NumPy computes these in float16, which this core does not have.
            case .uint8, .bool: return .float32
            }
        }
        if self == .negative && input == .bool {
            throw TensorError.type("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
        }
        if (self == .sign || self == .positive) && input == .bool {
            throw TensorError(.ufuncNoLoopError, "ufunc '\(ufuncName)' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None")
        }
        return input
    }
}

/// `op(a)` into a new C-contiguous array.
public func unary(_ op: UnaryOp, _ a: NDArray) throws -> NDArray {
    let compute = try op.computeType(a.dtype)
    let x = a.dtype == compute ? a : try a.astype(compute)
    let out = try elementwiseResult(shape: a.shape, dtype: op.isPredicate ? .bool : compute, like: [x])
    let loop = StridedLoop(shape: a.shape, strides: [x.strides, out.strides])
    switch compute {
    case .float64: floatUnary(op, Double.self, x, out, loop)
    case .float32: floatUnary(op, Float.self, x, out, loop)
    case .int64: integerUnary(op, Int64.self, x, out, loop)
    case .uint8: integerUnary(op, UInt8.self, x, out, loop)
    case .bool: integerUnary(op, UInt8.self, x, out, loop, isBool: true)
    }
    return out
}

private func floatUnary<T: FloatElement>(_ op: UnaryOp, _: T.Type, _ x: NDArray, _ out: NDArray, _ loop: StridedLoop) {
    let a = x.readPointer(T.self)
    if op.isPredicate {
        let o = out.pointer(UInt8.self)
        switch op {
        case .logicalNot: mapRows(loop, a, o) { $0 == 0 ? 1 : 0 }
        case .isnan: mapRows(loop, a, o) { $0.isNaN ? 1 : 0 }
        case .isfinite: mapRows(loop, a, o) { $0.isFinite ? 1 : 0 }
        case .isinf: mapRows(loop, a, o) { $0.isInfinite ? 1 : 0 }
        default: break
        }
        return
    }
    let o = out.pointer(T.self)
    if op == .exp && T.self == Double.self {
        // CKernels' vector exp (the C library's, one value at a time, took five times as long).
        loop.forEachRow { off, n, s in
            nn_exp_f64(UnsafeRawPointer(a + off[0]).assumingMemoryBound(to: Double.self), Int64(s[0]),
                       UnsafeMutableRawPointer(o + off[1]).assumingMemoryBound(to: Double.self), Int64(s[1]), Int64(n))
        }
        return
    }
    switch op {
    case .negative: mapRows(loop, a, o) { -$0 }
    case .positive: mapRows(loop, a, o) { $0 }
    case .absolute: mapRows(loop, a, o) { Swift.abs($0) }
    case .square: mapRows(loop, a, o) { $0 * $0 }
    case .reciprocal: mapRows(loop, a, o) { 1 / $0 }
    case .sign: mapRows(loop, a, o) { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : $0)) }
    case .exp: mapRows(loop, a, o) { T.cExp($0) }
    case .exp2: mapRows(loop, a, o) { T.cExp2($0) }
    case .expm1: mapRows(loop, a, o) { T.cExpm1($0) }
    case .log: mapRows(loop, a, o) { T.cLog($0) }
    case .log2: mapRows(loop, a, o) { T.cLog2($0) }
    case .log10: mapRows(loop, a, o) { T.cLog10($0) }
    case .log1p: mapRows(loop, a, o) { T.cLog1p($0) }
    case .sqrt: mapRows(loop, a, o) { $0.squareRoot() }
    case .tanh: mapRows(loop, a, o) { T.cTanh($0) }
    case .sin: mapRows(loop, a, o) { T.cSin($0) }
    case .cos: mapRows(loop, a, o) { T.cCos($0) }
    case .tan: mapRows(loop, a, o) { T.cTan($0) }
    case .arctan: mapRows(loop, a, o) { T.cArctan($0) }
    case .floor: mapRows(loop, a, o) { $0.rounded(.down) }
    case .ceil: mapRows(loop, a, o) { $0.rounded(.up) }
    case .trunc: mapRows(loop, a, o) { $0.rounded(.towardZero) }
    case .rint: mapRows(loop, a, o) { T.cRint($0) }
    default: break
    }
}

private func integerUnary<T: FixedWidthInteger>(_ op: UnaryOp, _: T.Type, _ x: NDArray, _ out: NDArray,
                                                _ loop: StridedLoop, isBool: Bool = false) {
    let a = x.readPointer(T.self)
    if op.isPredicate {
        let o = out.pointer(UInt8.self)
        switch op {
        case .logicalNot: mapRows(loop, a, o) { $0 == 0 ? 1 : 0 }
        case .isnan, .isinf: mapRows(loop, a, o) { _ in 0 }
        case .isfinite: mapRows(loop, a, o) { _ in 1 }
        default: break
        }
        return
    }
    let o = out.pointer(T.self)
    switch op {
    case .negative: mapRows(loop, a, o) { 0 &- $0 }
    case .absolute: mapRows(loop, a, o) { T.isSigned && $0 < 0 ? 0 &- $0 : $0 }
    case .square: mapRows(loop, a, o) { isBool ? $0 : $0 &* $0 }
    case .reciprocal: mapRows(loop, a, o) { $0 == 0 ? 0 : integerDivmod(1, $0).div }
    case .sign: mapRows(loop, a, o) { $0 > 0 ? 1 : ($0 < 0 ? 0 &- 1 : 0) }
    default: mapRows(loop, a, o) { $0 }   // positive, floor, ceil, trunc, rint: integers are unchanged
    }
}

/// `np.round(a, decimals)`: round half to even after scaling by a power of ten, as NumPy does
/// (so `np.round(2.675, 2)` gives 2.67 or 2.68 exactly as NumPy's arithmetic decides).
public func round(_ a: NDArray, decimals: Int = 0) throws -> NDArray {
    if !a.dtype.isFloatingPoint {
        if decimals >= 0 { return try a.astype(a.dtype == .bool ? .bool : a.dtype) }
        let scale = integerPower(Int64(10), Int64(Swift.min(-decimals, 18)))
        // Integers round half to even at the chosen power of ten.
        let f = try binary(.divide, .array(a), .python(.int(scale)))
        let r = try unary(.rint, f)
        let back = try binary(.multiply, .array(r), .python(.int(scale)))
        return try back.astype(a.dtype)
    }
    if decimals == 0 { return try unary(.rint, a) }
    let factor = PythonScalar.float(power10(Swift.abs(decimals)))
    let scaled = try binary(decimals > 0 ? .multiply : .divide, .array(a), .python(factor))
    let rounded = try unary(.rint, scaled)
    return try binary(decimals > 0 ? .divide : .multiply, .array(rounded), .python(factor))
}

private func power10(_ n: Int) -> Double {
    var x = 1.0
    for _ in 0..<Swift.min(n, 400) { x *= 10 }
    return x
}
