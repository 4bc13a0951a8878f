import CKernels

/// The book's most common element-wise lines on contiguous float64 arrays — with a Python
/// number (`a <= 0`, `y / n`, `p + 1e-7`), with an array of the same shape (`y - t`), with a
/// row of biases (`x @ W + b`) or a column of row statistics (`x - x.max(axis=1,
/// keepdims=True)`) — as flat loops, row by row. The general path builds broadcast shapes,
/// strides and a strided loop, each a few small arrays, which cost more than the arithmetic
/// on a 100 × 50 batch; the results are the same element for element.
func flatFloat64Binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray? {
    switch op {
    case .add, .subtract, .multiply, .divide, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: break
    default: return nil
    }
    // The result takes the shape of the larger operand (the one with more dimensions on a tie);
    // the other must be one that spreads over it, else the general path broadcasts.
    let shape: [Int]
    switch (a, b) {
    case (.array(let x), .array(let y)): shape = (x.count, x.ndim) >= (y.count, y.ndim) ? x.shape : y.shape
    case (.array(let x), .python): shape = x.shape
    case (.python, .array(let y)): shape = y.shape
    default: return nil
    }
    let rows = shape.count == 2 ? shape[0] : 1
    let width = shape.count == 2 ? shape[1] : shape.reduce(1, *)
    guard let left = try FlatOperand(a, shape: shape), let right = try FlatOperand(b, shape: shape),
          left.isFull || right.isFull else { return nil }
    let out = try NDArray(zeros: shape, dtype: op.isComparison ? .bool : .float64, zeroed: false)
    if op.isComparison {
        let o = out.pointer(UInt8.self)
        for r in 0..<rows { compareRow(op, left.row(r, width), right.row(r, width), o + r * width, width) }
    } else {
        let o = out.pointer(Double.self)
        for r in 0..<rows { arithmeticRow(op, left.row(r, width), right.row(r, width), o + r * width, width) }
    }
    return out
}

/// One operand of a flat operation, and how it spreads over the result's rows.
private enum FlatOperand {
    case full(UnsafePointer<Double>)     // the result's shape
    case row(UnsafePointer<Double>)      // one value per column, the same for every row
    case column(UnsafePointer<Double>)   // one value per row (shape (n, 1))
    case scalar(Double)

    /// Nil when the operand is not one of these (another dtype, a view, another broadcast).
    init?(_ operand: Operand, shape: [Int]) throws {
        switch operand {
        case .python(let p):
            guard case .float64(let s) = try p.converted(to: .float64) else { return nil }
            self = .scalar(s)
        case .array(let x):
            guard x.dtype == .float64, x.isContiguous else { return nil }
            let p = x.readPointer(Double.self)
            if x.shape == shape { self = .full(p); return }
            guard shape.count == 2 else { return nil }
            if x.shape == [shape[1]] || x.shape == [1, shape[1]] { self = .row(p) }
            else if x.shape == [shape[0], 1] { self = .column(p) }
            else { return nil }
        }
    }

    var isFull: Bool { if case .full = self { return true } else { return false } }

    /// Row r: a pointer to `width` values, or one value for the whole row.
    func row(_ r: Int, _ width: Int) -> RowValues {
        switch self {
        case .full(let p): return .values(p + r * width)
        case .row(let p): return .values(p)
        case .column(let p): return .value(p[r])
        case .scalar(let s): return .value(s)
        }
    }
}

private enum RowValues {
    case values(UnsafePointer<Double>)
    case value(Double)
}

private func arithmeticRow(_ op: BinaryOp, _ a: RowValues, _ b: RowValues, _ o: UnsafeMutablePointer<Double>, _ n: Int) {
    switch (a, b) {
    case (.values(let x), .values(let y)):
        switch op {
        case .add: for i in 0..<n { o[i] = x[i] + y[i] }
        case .subtract: for i in 0..<n { o[i] = x[i] - y[i] }
        case .multiply: for i in 0..<n { o[i] = x[i] * y[i] }
        default: for i in 0..<n { o[i] = x[i] / y[i] }
        }
    case (.values(let x), .value(let s)):
        switch op {
        case .add: for i in 0..<n { o[i] = x[i] + s }
        case .subtract: for i in 0..<n { o[i] = x[i] - s }
        case .multiply: for i in 0..<n { o[i] = x[i] * s }
        default: for i in 0..<n { o[i] = x[i] / s }
        }
    case (.value(let s), .values(let y)):
        switch op {
        case .add: for i in 0..<n { o[i] = s + y[i] }
        case .subtract: for i in 0..<n { o[i] = s - y[i] }
        case .multiply: for i in 0..<n { o[i] = s * y[i] }
        default: for i in 0..<n { o[i] = s / y[i] }
        }
    case (.value(let s), .value(let t)):
        let v: Double
        switch op {
        case .add: v = s + t
        case .subtract: v = s - t
        case .multiply: v = s * t
        default: v = s / t
        }
        for i in 0..<n { o[i] = v }
    }
}

/// In C, where the loop gets the CPU's vector compares (Swift here targets the baseline).
private func compareRow(_ op: BinaryOp, _ a: RowValues, _ b: RowValues, _ o: UnsafeMutablePointer<UInt8>, _ n: Int) {
    func code(_ op: BinaryOp) -> nn_comparison {
        switch op {
        case .equal: NN_EQ
        case .notEqual: NN_NE
        case .less: NN_LT
        case .lessEqual: NN_LE
        case .greater: NN_GT
        default: NN_GE
        }
    }
    /// s op y is y (op mirrored) s.
    func mirrored(_ op: BinaryOp) -> BinaryOp {
        switch op {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: op
        }
    }
    switch (a, b) {
    case (.values(let x), .values(let y)): nn_compare_f64(code(op), x, y, 0, Int64(n), o)
    case (.values(let x), .value(let s)): nn_compare_f64(code(op), x, nil, s, Int64(n), o)
    case (.value(let s), .values(let y)): nn_compare_f64(code(mirrored(op)), y, nil, s, Int64(n), o)
    case (.value(let s), .value(let t)):
        let holds: Bool
        switch op {
        case .equal: holds = s == t
        case .notEqual: holds = s != t
        case .less: holds = s < t
        case .lessEqual: holds = s <= t
        case .greater: holds = s > t
        default: holds = s >= t
        }
        for i in 0..<n { o[i] = holds ? 1 : 0 }
    }
}
