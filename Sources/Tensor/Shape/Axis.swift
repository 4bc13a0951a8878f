/// NumPy's `normalize_axis_index`: maps a possibly negative axis into `0..<ndim`, or throws
/// `AxisError: axis 2 is out of bounds for array of dimension 2`.
public func normalizeAxis(_ axis: Int, ndim: Int) throws -> Int {
    if axis >= -ndim && axis < ndim { return axis < 0 ? axis + ndim : axis }
    throw TensorError(.axisError, "axis \(axis) is out of bounds for array of dimension \(ndim)")
}

/// Normalises a list of axes and refuses repeats, with NumPy's wording ("repeated axis").
func normalizeAxes(_ axes: [Int], ndim: Int) throws -> [Int] {
    var seen = [Bool](repeating: false, count: ndim)
    var out = [Int]()
    out.reserveCapacity(axes.count)
    for a in axes {
        let n = try normalizeAxis(a, ndim: ndim)
        if seen[n] { throw TensorError.value("repeated axis") }
        seen[n] = true
        out.append(n)
    }
    return out
}
