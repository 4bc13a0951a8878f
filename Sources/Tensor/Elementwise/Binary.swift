/// `op(a, b)` with broadcasting and NumPy 2 type promotion, into a new C-contiguous array.
/// A 0-d result is still an array; the language turns it into a NumPy scalar.
public func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
    let compute = try op.computeType(common: comparisonSafeType(op, a, b))
    if compute == .float64, let flat = try flatFloat64Binary(op, a, b) { return flat }
    let shape = try broadcastShapes(a.shape, b.shape)
    if op == .power { try checkIntegerPowers(compute, b) }
    if op == .power, case .array(let base) = a, case .python(let p) = b, compute.isFloatingPoint,
       let fast = try fastScalarPower(base, p, compute) {
        return fast
    }
    let x = try a.materialized(as: compute), y = try b.materialized(as: compute)
    let out = try elementwiseResult(shape: shape, dtype: op.outputType(compute: compute), like: [x, y])
    let loop = StridedLoop(shape: shape, strides: [
        broadcastStrides(shape: x.shape, strides: x.strides, to: shape),
        broadcastStrides(shape: y.shape, strides: y.strides, to: shape),
        out.strides,
    ])
    try runBinaryKernel(op, compute, x, y, out, loop)
    return out
}

/// `target op= value`: the result is written through `target` (which may be a view), cast
/// back to its dtype under NumPy's same-kind rule.
public func binaryInPlace(_ op: BinaryOp, _ target: NDArray, _ value: Operand) throws {
    let compute = try op.computeType(common: resultType(.array(target), value))
    let result = op.outputType(compute: compute)
    guard result.canCastSameKind(to: target.dtype) else {
        throw TensorError(.ufuncCastingError, "Cannot cast ufunc '\(op.ufuncName)' output from dtype('\(result.name)') to dtype('\(target.dtype.name)') with casting rule 'same_kind'")
    }
    let shape: [Int]
    do { shape = try broadcastShapes(target.shape, value.shape) } catch {
        // NumPy names the output operand's shape too.
        throw TensorError.value("operands could not be broadcast together with shapes \(compactShape(target.shape)) \(compactShape(value.shape)) \(compactShape(target.shape)) ")
    }
    guard shape == target.shape else {
        throw TensorError.value("non-broadcastable output operand with shape \(compactShape(target.shape)) doesn't match the broadcast shape \(compactShape(shape))")
    }
    if op == .power { try checkIntegerPowers(compute, value) }
    guard result == target.dtype else {
        let full = try binary(op, .array(target), value)
        ElementCopy.assign(target, from: full)
        return
    }
    if compute == .float64, try flatFloat64InPlace(op, target, value) { return }
    let x = try Operand.array(target).materialized(as: compute)
    var y = try value.materialized(as: compute)
    // A right-hand side that shares memory with the target (`a += a.T`) is read from a copy,
    // so no element is read after it was overwritten.
    if y.mayShareMemory(with: target) && !(y.offset == target.offset && y.strides == target.strides && y.shape == target.shape) {
        y = try y.copy()
    }
    let loop = StridedLoop(shape: shape, strides: [
        x.strides, broadcastStrides(shape: y.shape, strides: y.strides, to: shape), target.strides,
    ])
    try runBinaryKernel(op, compute, x, y, target, loop)
}

/// Comparisons with a Python int outside a small integer dtype's range compare the true
/// values (NumPy 2), so they are computed in int64 rather than refused.
private func comparisonSafeType(_ op: BinaryOp, _ a: Operand, _ b: Operand) -> DType {
    let common = resultType(a, b)
    if op.isComparison, common == .uint8 {
        for case .python(.int(let i)) in [a, b] where i < 0 || i > 255 { return .int64 }
    }
    return common
}

/// NumPy refuses negative integer exponents for integer arrays.
private func checkIntegerPowers(_ compute: DType, _ exponent: Operand) throws {
    guard compute == .int64 || compute == .uint8 else { return }
    let negative: Bool
    switch exponent {
    case .python(.int(let i)): negative = i < 0
    case .python: negative = false
    case .array(let e):
        if e.dtype != .int64 { negative = false; break }
        let p = e.storage.base.assumingMemoryBound(to: Int64.self)
        var found = false
        e.forEachOffset { if p[$0] < 0 { found = true } }
        negative = found
    }
    if negative { throw TensorError.value("Integers to negative integer powers are not allowed.") }
}

/// NumPy's shortcuts for `float_array ** python_scalar`: squaring, square roots and
/// reciprocals are computed directly (and so round exactly as NumPy's do).
private func fastScalarPower(_ base: NDArray, _ p: PythonScalar, _ compute: DType) throws -> NDArray? {
    let e = p.doubleValue
    let op: UnaryOp
    switch e {
    case 2: op = .square
    case 0.5: op = .sqrt
    case -1: op = .reciprocal
    case 1: return try base.astype(compute)
    default: return nil
    }
    return try unary(op, base.dtype == compute ? base : base.astype(compute))
}

/// Dispatches on the compute dtype and the operation; inputs already have `compute` dtype.
private func runBinaryKernel(_ op: BinaryOp, _ compute: DType, _ x: NDArray, _ y: NDArray,
                             _ out: NDArray, _ loop: StridedLoop) throws {
    switch compute {
    case .float64: floatKernel(op, Double.self, x, y, out, loop)
    case .float32: floatKernel(op, Float.self, x, y, out, loop)
    case .int64: integerKernel(op, Int64.self, x, y, out, loop)
    case .uint8: integerKernel(op, UInt8.self, x, y, out, loop)
    case .bool: try boolKernel(op, x, y, out, loop)
    }
}

private func floatKernel<T: FloatElement>(_ op: BinaryOp, _: T.Type, _ x: NDArray, _ y: NDArray,
                                          _ out: NDArray, _ loop: StridedLoop) {
    let a = x.readPointer(T.self), b = y.readPointer(T.self)
    if op.isComparison {
        compare(op, loop, a, b, out.pointer(UInt8.self))
        return
    }
    let o = out.pointer(T.self)
    switch op {
    case .add: zipRows(loop, a, b, o) { $0 + $1 }
    case .subtract: zipRows(loop, a, b, o) { $0 - $1 }
    case .multiply: zipRows(loop, a, b, o) { $0 * $1 }
    case .divide: zipRows(loop, a, b, o) { $0 / $1 }
    case .floorDivide: zipRows(loop, a, b, o) { floatFloorDivide($0, $1) }
    case .remainder: zipRows(loop, a, b, o) { $1 == 0 ? T.cFmod($0, $1) : floatDivmod($0, $1).mod }
    case .power: zipRows(loop, a, b, o) { T.cPow($0, $1) }
    // NaN propagates from either side, as in np.maximum / np.minimum.
    // On ties (0.0 and -0.0) the second operand wins, as with NumPy's SIMD loops.
    case .maximum: zipRows(loop, a, b, o) { ($0 > $1 || $0.isNaN) ? $0 : $1 }
    case .minimum: zipRows(loop, a, b, o) { ($0 < $1 || $0.isNaN) ? $0 : $1 }
    default: break
    }
}

private func integerKernel<T: FixedWidthInteger>(_ op: BinaryOp, _: T.Type, _ x: NDArray, _ y: NDArray,
                                                 _ out: NDArray, _ loop: StridedLoop) {
    let a = x.readPointer(T.self), b = y.readPointer(T.self)
    if op.isComparison {
        compare(op, loop, a, b, out.pointer(UInt8.self))
        return
    }
    let o = out.pointer(T.self)
    switch op {
    // Integer arrays wrap on overflow, as NumPy's do.
    case .add: zipRows(loop, a, b, o) { $0 &+ $1 }
    case .subtract: zipRows(loop, a, b, o) { $0 &- $1 }
    case .multiply: zipRows(loop, a, b, o) { $0 &* $1 }
    case .floorDivide: zipRows(loop, a, b, o) { integerDivmod($0, $1).div }
    case .remainder: zipRows(loop, a, b, o) { integerDivmod($0, $1).mod }
    case .power: zipRows(loop, a, b, o) { integerPower($0, $1) }
    case .maximum: zipRows(loop, a, b, o) { Swift.max($0, $1) }
    case .minimum: zipRows(loop, a, b, o) { Swift.min($0, $1) }
    default: break
    }
}

private func boolKernel(_ op: BinaryOp, _ x: NDArray, _ y: NDArray, _ out: NDArray, _ loop: StridedLoop) throws {
    let a = x.readPointer(UInt8.self), b = y.readPointer(UInt8.self), o = out.pointer(UInt8.self)
    switch op {
    case .add, .logicalOr, .maximum: zipRows(loop, a, b, o) { ($0 | $1) != 0 ? 1 : 0 }
    case .multiply, .logicalAnd, .minimum: zipRows(loop, a, b, o) { ($0 != 0 && $1 != 0) ? 1 : 0 }
    default:
        if op.isComparison { compare(op, loop, a, b, o) }
        else { throw TensorError.type("ufunc '\(op.ufuncName)' not supported for the input types") }
    }
}

@inline(__always)
private func compare<T: Comparable>(_ op: BinaryOp, _ loop: StridedLoop, _ a: UnsafePointer<T>,
                                    _ b: UnsafePointer<T>, _ o: UnsafeMutablePointer<UInt8>) {
    switch op {
    case .equal: zipRows(loop, a, b, o) { $0 == $1 ? 1 : 0 }
    case .notEqual: zipRows(loop, a, b, o) { $0 != $1 ? 1 : 0 }
    case .less: zipRows(loop, a, b, o) { $0 < $1 ? 1 : 0 }
    case .lessEqual: zipRows(loop, a, b, o) { $0 <= $1 ? 1 : 0 }
    case .greater: zipRows(loop, a, b, o) { $0 > $1 ? 1 : 0 }
    case .greaterEqual: zipRows(loop, a, b, o) { $0 >= $1 ? 1 : 0 }
    default: break
    }
}

/// Python's floor division and modulo for integers; division by zero gives 0 as in NumPy.
@inline(__always)
func integerDivmod<T: FixedWidthInteger>(_ a: T, _ b: T) -> (div: T, mod: T) {
    if b == 0 {
        FloatingPointErrors.raise(.divideByZero)   // NumPy's warning, though no float is involved
        return (0, 0)
    }
    if T.isSigned && b == -1 { return (0 &- a, 0) }   // avoids the trap on min / -1
    var q = a / b, r = a % b
    if r != 0 && ((r < 0) != (b < 0)) { q -= 1; r += b }
    return (q, r)
}

/// Integer power by squaring, wrapping on overflow (negative exponents were refused earlier).
@inline(__always)
func integerPower<T: FixedWidthInteger>(_ base: T, _ exponent: T) -> T {
    var result: T = 1, b = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        e >>= 1
        if e > 0 { b = b &* b }
    }
    return result
}
