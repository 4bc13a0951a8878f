import CKernels

/// The book's most common element-wise lines — a contiguous float64 array with a Python
/// number (`a <= 0`, `x * 2`, `y / n`, `p + 1e-7`) or with another contiguous float64 array
/// of the same shape (`y - t`) — as one flat loop. The general path builds broadcast shapes,
/// strides and a strided loop, each a few small arrays, which cost more than the arithmetic
/// on a 100 × 50 batch; the results are the same element for element.
func flatFloat64Binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray? {
    switch op {
    case .add, .subtract, .multiply, .divide, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: break
    default: return nil
    }
    switch (a, b) {
    case (.array(let x), .python(let p)):
        guard x.dtype == .float64, x.isContiguous, case .float64(let s) = try p.converted(to: .float64) else { return nil }
        return try flat(op, x, x.readPointer(Double.self), nil, s)
    case (.python(let p), .array(let y)):
        guard y.dtype == .float64, y.isContiguous, case .float64(let s) = try p.converted(to: .float64) else { return nil }
        // s op y: the scalar on the left, so swap the comparison's sense and keep arithmetic's order.
        return try flatScalarLeft(op, s, y)
    case (.array(let x), .array(let y)):
        guard x.dtype == .float64, y.dtype == .float64, x.isContiguous, y.isContiguous, x.shape == y.shape else { return nil }
        return try flat(op, x, x.readPointer(Double.self), y.readPointer(Double.self), 0)
    default:
        return nil
    }
}

/// x op (y or s), into a new array shaped like x.
private func flat(_ op: BinaryOp, _ like: NDArray, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>?,
                  _ s: Double) throws -> NDArray {
    let n = like.count
    let out = try NDArray(zeros: like.shape, dtype: op.isComparison ? .bool : .float64, zeroed: false)
    if op.isComparison {
        // In C, where the loop gets the CPU's vector compares (Swift here targets the baseline).
        let code: nn_comparison
        switch op {
        case .equal: code = NN_EQ
        case .notEqual: code = NN_NE
        case .less: code = NN_LT
        case .lessEqual: code = NN_LE
        case .greater: code = NN_GT
        default: code = NN_GE
        }
        nn_compare_f64(code, x, y, s, Int64(n), out.pointer(UInt8.self))
        return out
    }
    let o = out.pointer(Double.self)
    if let y {
        switch op {
        case .add: for i in 0..<n { o[i] = x[i] + y[i] }
        case .subtract: for i in 0..<n { o[i] = x[i] - y[i] }
        case .multiply: for i in 0..<n { o[i] = x[i] * y[i] }
        default: for i in 0..<n { o[i] = x[i] / y[i] }
        }
    } else {
        switch op {
        case .add: for i in 0..<n { o[i] = x[i] + s }
        case .subtract: for i in 0..<n { o[i] = x[i] - s }
        case .multiply: for i in 0..<n { o[i] = x[i] * s }
        default: for i in 0..<n { o[i] = x[i] / s }
        }
    }
    return out
}

/// s op y for a scalar on the left.
private func flatScalarLeft(_ op: BinaryOp, _ s: Double, _ yArray: NDArray) throws -> NDArray {
    let y = yArray.readPointer(Double.self)
    switch op {
    case .add, .multiply, .equal, .notEqual:
        return try flat(op, yArray, y, nil, s)   // commutative
    case .less: return try flat(.greater, yArray, y, nil, s)
    case .lessEqual: return try flat(.greaterEqual, yArray, y, nil, s)
    case .greater: return try flat(.less, yArray, y, nil, s)
    case .greaterEqual: return try flat(.lessEqual, yArray, y, nil, s)
    default:
        let n = yArray.count
        let out = try NDArray(zeros: yArray.shape, dtype: .float64, zeroed: false)
        let o = out.pointer(Double.self)
        if op == .subtract { for i in 0..<n { o[i] = s - y[i] } } else { for i in 0..<n { o[i] = s / y[i] } }
        return out
    }
}
