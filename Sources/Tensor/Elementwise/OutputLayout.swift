/// NumPy gives an element-wise result the memory order of its inputs ("K" order): `x.T - m`
/// is laid out like `x.T`, F-ordered. That matters beyond `flags`: a later reduction walks
/// memory in that order, which decides how floating-point sums group. The rule here covers
/// what code meets in practice: when the inputs with the full result shape agree on one
/// axis order, the result uses it; otherwise C order.
func elementwiseResult(shape: [Int], dtype: DType, like inputs: [NDArray]) throws -> NDArray {
    var order: [Int]? = nil
    for a in inputs where a.shape == shape && a.ndim > 1 && !a.isContiguous {
        guard let o = axisOrder(a) else { return try NDArray(zeros: shape, dtype: dtype, zeroed: false) }
        if let existing = order, existing != o { return try NDArray(zeros: shape, dtype: dtype, zeroed: false) }
        order = o
    }
    guard let order else { return try NDArray(zeros: shape, dtype: dtype, zeroed: false) }
    let count = try NDArray.checkedCount(shape)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    if overflow { throw TensorError(.memoryError, "array is too big") }
    var strides = [Int](filling: 0, count: shape.count)
    var step = 1
    for axis in order.reversed() {
        strides[axis] = step
        step &*= Swift.max(shape[axis], 1)
    }
    return NDArray(storage: try Storage(byteCount: bytes, zeroed: false), dtype: dtype, shape: shape, strides: strides)
}

/// The axes from outermost to innermost in memory, when the view is a permutation of a dense
/// block with positive strides; nil otherwise.
private func axisOrder(_ a: NDArray) -> [Int]? {
    let axes = (0..<a.ndim).sorted { (a.strides[$0], $1) > (a.strides[$1], $0) }
    var expected = 1
    for axis in axes.reversed() where a.shape[axis] != 1 {
        guard a.strides[axis] == expected else { return nil }
        expected &*= a.shape[axis]
    }
    return axes
}
