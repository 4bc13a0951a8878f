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
        if left.isWhole && right.isWhole {
            // No operand spreads by rows or columns: a share of rows is one run (`x <= 0` on a
            // 60 000 × 50 batch is one loop a share, not 60 000 short ones).
            LargeRows.forEachShare(rows: rows, width: width) { first, count in
                compareRow(op, left.row(first, width), right.row(first, width), o + first * width, count * width)
            }
        } else {
            for r in 0..<rows { compareRow(op, left.row(r, width), right.row(r, width), o + r * width, width) }
        }
    } else {
        let o = out.pointer(Double.self)
        LargeRows.forEachShare(rows: rows, width: width) { first, count in
            arithmetic(op, left.from(row: first, width), right.from(row: first, width), count, width, o + first * width)
        }
    }
    return out
}

/// `target op= value` for a contiguous float64 target and a value that spreads over it as
/// ``flatFloat64Binary``'s operands do; false when they do not suit (the general path runs).
/// A value sharing the target's memory must be the target itself.
func flatFloat64InPlace(_ op: BinaryOp, _ target: NDArray, _ value: Operand) throws -> Bool {
    guard op == .add || op == .subtract || op == .multiply || op == .divide,
          target.dtype == .float64, target.isContiguous, target.ndim <= 2 else { return false }
    if case .array(let y) = value, y.mayShareMemory(with: target),
       !(y.offset == target.offset && y.shape == target.shape && y.strides == target.strides) { return false }
    guard let right = try FlatOperand(value, shape: target.shape) else { return false }
    let rows = target.ndim == 2 ? target.shape[0] : 1
    let width = target.ndim == 2 ? target.shape[1] : target.count
    let o = target.pointer(Double.self)
    arithmetic(op, .full(UnsafePointer(o)), right, rows, width, o)
    return true
}

/// `target -= scale * g` (or `+=`) for contiguous float64 arrays of one shape, in one pass:
/// the book's parameter update without the temporary `scale * g`, with the same roundings
/// (the product, then the difference). False when the operands do not suit; the caller then
/// computes the product and the in-place operation as usual.
public func scaledUpdate(_ target: NDArray, subtracting: Bool, scale: Double, _ g: NDArray) -> Bool {
    guard target.dtype == .float64, g.dtype == .float64, target.isContiguous, g.isContiguous, target.shape == g.shape else {
        return false
    }
    if g.mayShareMemory(with: target) && !(g.offset == target.offset && g.strides == target.strides) { return false }
    let source = g.readPointer(Double.self)
    nn_scaled_update_f64(target.pointer(Double.self), source, scale, Int64(target.count), subtracting ? 0 : 1)
    return true
}

/// CKernels' row loops (vectorised for the CPU at hand).
private func arithmetic(_ op: BinaryOp, _ a: FlatOperand, _ b: FlatOperand, _ rows: Int, _ width: Int,
                        _ out: UnsafeMutablePointer<Double>) {
    let code: nn_arithmetic
    switch op {
    case .add: code = NN_PLUS
    case .subtract: code = NN_MINUS
    case .multiply: code = NN_TIMES
    default: code = NN_OVER
    }
    a.withSpread { pa, sa in
        b.withSpread { pb, sb in nn_arithmetic_f64(code, pa, sa, pb, sb, Int64(rows), Int64(width), out) }
    }
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

    /// The operand for the rows from `first` on.
    func from(row first: Int, _ width: Int) -> FlatOperand {
        switch self {
        case .full(let p): return .full(p + first * width)
        case .column(let p): return .column(p + first)
        case .row, .scalar: return self
        }
    }

    /// The same for every row: the result's shape or one value.
    var isWhole: Bool {
        switch self {
        case .full, .scalar: return true
        case .row, .column: return false
        }
    }

    /// The operand as CKernels' arithmetic takes it: a pointer and how it spreads.
    func withSpread(_ body: (UnsafePointer<Double>, nn_spread) -> Void) {
        switch self {
        case .full(let p): body(p, NN_FULL)
        case .row(let p): body(p, NN_ROW)
        case .column(let p): body(p, NN_COLUMN)
        case .scalar(var s): withUnsafePointer(to: &s) { body($0, NN_SCALAR) }
        }
    }

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
