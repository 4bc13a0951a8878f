/// One component of a subscript `a[i, 1:5:2, ..., None, idx]`.
public enum IndexItem {
    /// An integer; negative counts from the end.
    case int(Int)
    /// A slice `start:stop:step`; nil parts take Python's defaults.
    case slice(Int?, Int?, Int?)
    /// `...`: as many full slices as needed.
    case ellipsis
    /// `None` / `np.newaxis`: a new axis of length one.
    case newAxis
    /// An integer array (fancy indexing) or a boolean mask; a 0-d integer array acts as an integer.
    case array(NDArray)

    /// The full slice `:`.
    public static let all = IndexItem.slice(nil, nil, nil)
}

/// What indexing yields: a single element when every axis got an integer, else an array.
public enum IndexResult {
    case scalar(Scalar)
    case array(NDArray)
}

/// Python's `slice.indices(length)`: clamps start and stop into range for the step's direction.
/// Returns the first index, the step and the number of elements selected.
func resolveSlice(_ start: Int?, _ stop: Int?, _ step: Int?, length n: Int) throws -> (start: Int, step: Int, count: Int) {
    let st = step ?? 1
    if st == 0 { throw TensorError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int, lower: Int, upper: Int) -> Int {
        guard var v else { return dflt }
        if v < 0 { v = v < -n ? lower : v &+ n; if v < lower { v = lower } }
        else if v >= upper { v = upper }
        return v
    }
    let b: Int, e: Int
    if st > 0 {
        b = clamp(start, 0, lower: 0, upper: n)
        e = clamp(stop, n, lower: 0, upper: n)
    } else {
        b = clamp(start, n - 1, lower: -1, upper: n - 1)
        e = clamp(stop, -1, lower: -1, upper: n - 1)
    }
    var count = 0
    if st > 0 { if e > b { count = (e - b - 1) / st + 1 } }
    else if b > e { count = st == Int.min ? 1 : (b - e - 1) / (-st) + 1 }
    return (b, st, count)
}
