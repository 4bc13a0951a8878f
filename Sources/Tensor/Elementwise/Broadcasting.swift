/// NumPy's broadcasting rule: shapes are aligned at the right; each pair of dimensions must
/// be equal or one of them 1.
public func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
    let n = max(a.count, b.count)
    var out = [Int](filling: 1, count: n)
    for i in 0..<n {
        let x = i < n - a.count ? 1 : a[i - (n - a.count)]
        let y = i < n - b.count ? 1 : b[i - (n - b.count)]
        if x == y || y == 1 { out[i] = x }
        else if x == 1 { out[i] = y }
        else {
            throw TensorError.value("operands could not be broadcast together with shapes \(compactShape(a)) \(compactShape(b)) ")
        }
    }
    return out
}

/// NumPy writes shapes in broadcast errors without spaces: `(3,4)`, `(5,)`.
func compactShape(_ shape: [Int]) -> String {
    String(formatShape(shape).filter { $0 != " " })
}

/// The strides that read an array of `shape`/`strides` as if it had the larger
/// `target` shape: broadcast axes get stride 0.
func broadcastStrides(shape: [Int], strides: [Int], to target: [Int]) -> [Int] {
    var out = [Int](filling: 0, count: target.count)
    let lead = target.count - shape.count
    for i in 0..<shape.count where shape[i] != 1 { out[lead + i] = strides[i] }
    return out
}

/// `np.broadcast_to(a, shape)`: a read-only-in-spirit view with stride-0 axes.
public func broadcast(_ a: NDArray, to shape: [Int]) throws -> NDArray {
    let joined = try? broadcastShapes(a.shape, shape)
    guard a.ndim <= shape.count, joined == shape else {
        throw TensorError.value("operands could not be broadcast together with remapped shapes [original->remapped]: \(compactShape(a.shape))  and requested shape \(compactShape(shape))")
    }
    return NDArray(storage: a.storage, dtype: a.dtype, shape: shape,
                   strides: broadcastStrides(shape: a.shape, strides: a.strides, to: shape), offset: a.offset)
}
