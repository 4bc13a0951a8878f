/// `np.sum`, `np.max` and `np.min` of a C-contiguous float64 matrix along one axis — the
/// book's softmax (`np.max(x, axis=-1, keepdims=True)`, `np.sum(..., axis=-1, ...)`) and
/// Affine backward (`np.sum(dout, axis=0)`) on a batch — as plain loops over the rows. The
/// general walk (``ReductionLayout``) makes its layout, axis sets and closures per call, which
/// cost more than the sums of a 100 × 10 batch. Same order as that walk, so the same bits:
/// along rows, each output is the identity combined with the row's (pairwise) result; down
/// columns, each output starts at the identity and takes the rows one after another.
func matrixReduce(_ op: ReduceOp, _ a: NDArray, axis: Int, keepdims: Bool) throws -> NDArray? {
    guard op == .sum || op == .max || op == .min, a.dtype == .float64, a.ndim == 2,
          a.shape[0] > 1, a.shape[1] > 1, a.isContiguous else { return nil }
    let rows = a.shape[0], n = a.shape[1]
    let shape = keepdims ? (axis == 1 ? [rows, 1] : [1, n]) : [axis == 1 ? rows : n]
    let out = try NDArray(zeros: shape, dtype: .float64, zeroed: false)
    let p = a.readPointer(Double.self), o = out.pointer(Double.self)
    if axis == 1 {
        for r in 0..<rows {
            let row = p + r &* n
            switch op {
            case .sum: o[r] = 0 + pairwiseSum(row, n, 1)
            case .max: o[r] = fold(row, n, -.infinity, largest: true)
            default: o[r] = fold(row, n, .infinity, largest: false)
            }
        }
        return out
    }
    switch op {
    case .sum:
        o.update(repeating: 0, count: n)
        for r in 0..<rows {
            let row = p + r &* n
            for j in 0..<n { o[j] += row[j] }
        }
    case .max:
        o.update(repeating: -.infinity, count: n)
        for r in 0..<rows { combineRow(p + r &* n, into: o, n, largest: true) }
    default:
        o.update(repeating: .infinity, count: n)
        for r in 0..<rows { combineRow(p + r &* n, into: o, n, largest: false) }
    }
    return out
}

/// max/min's step, for every reduction: a NaN sticks; among equal values (0.0 and -0.0) the
/// later one wins, as in NumPy.
@inline(__always)
func extremum<T: FloatingPoint>(_ acc: T, _ x: T, largest: Bool) -> T {
    if acc.isNaN { return acc }
    if largest { return (x >= acc || x.isNaN) ? x : acc }
    return (x <= acc || x.isNaN) ? x : acc
}

@inline(__always)
private func fold(_ row: UnsafePointer<Double>, _ n: Int, _ identity: Double, largest: Bool) -> Double {
    var acc = identity
    for i in 0..<n { acc = extremum(acc, row[i], largest: largest) }
    return acc
}

@inline(__always)
private func combineRow(_ row: UnsafePointer<Double>, into o: UnsafeMutablePointer<Double>, _ n: Int, largest: Bool) {
    for j in 0..<n { o[j] = extremum(o[j], row[j], largest: largest) }
}
