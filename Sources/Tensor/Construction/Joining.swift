/// `np.concatenate(arrays, axis)`: joins along an existing axis (`axis: nil` joins the
/// flattened arrays). The result dtype is the promotion of all inputs' dtypes.
public func concatenate(_ arrays: [NDArray], axis: Int? = 0) throws -> NDArray {
    guard let first = arrays.first else { throw TensorError.value("need at least one array to concatenate") }
    guard let axisArg = axis else {
        return try concatenate(arrays.map { try $0.ravel() }, axis: 0)
    }
    if first.ndim == 0 { throw TensorError.value("zero-dimensional arrays cannot be concatenated") }
    let nd = first.ndim
    let ax = try normalizeAxis(axisArg, ndim: nd)
    var shape = first.shape
    var dtype = first.dtype
    for (i, a) in arrays.enumerated().dropFirst() {
        guard a.ndim == nd else {
            throw TensorError.value("all the input arrays must have same number of dimensions, but the array at index 0 has \(nd) dimension(s) and the array at index \(i) has \(a.ndim) dimension(s)")
        }
        for d in 0..<nd where d != ax && a.shape[d] != first.shape[d] {
            throw TensorError.value("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(a.shape[d])")
        }
        let (s, o) = shape[ax].addingReportingOverflow(a.shape[ax])
        if o { throw TensorError.value("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
        shape[ax] = s
        dtype = DType.promote(dtype, a.dtype)
    }
    let out = try NDArray(zeros: shape, dtype: dtype, zeroed: false)
    // Each input fills a slab of the output along `ax`: a strided view of the output.
    var start = 0
    for a in arrays {
        let slab = NDArray(storage: out.storage, dtype: dtype, shape: a.shape, strides: out.strides,
                           offset: start &* out.strides[ax])
        ElementCopy.assign(slab, from: a)
        start &+= a.shape[ax]
        try Interrupt.check()
    }
    return out
}

/// `np.stack(arrays, axis)`: joins equal-shaped arrays along a new axis.
public func stack(_ arrays: [NDArray], axis: Int = 0) throws -> NDArray {
    guard let first = arrays.first else { throw TensorError.value("need at least one array to stack") }
    for a in arrays where a.shape != first.shape {
        throw TensorError.value("all input arrays must have the same shape")
    }
    let ax = try normalizeAxis(axis, ndim: first.ndim + 1)
    return try concatenate(arrays.map { try $0.expandingDims(ax) }, axis: ax)
}

/// `np.vstack(arrays)`: 0-d and 1-d inputs become rows, then they are joined along axis 0.
public func vstack(_ arrays: [NDArray]) throws -> NDArray {
    let rows = try arrays.map { a -> NDArray in
        switch a.ndim {
        case 0: return try a.reshaped([1, 1])
        case 1: return try a.reshaped([1, a.count])
        default: return a
        }
    }
    return try concatenate(rows, axis: 0)
}

/// `np.hstack(arrays)`: 1-d inputs are joined end to end, others along axis 1.
public func hstack(_ arrays: [NDArray]) throws -> NDArray {
    let parts = try arrays.map { $0.ndim == 0 ? try $0.reshaped([1]) : $0 }
    if let first = parts.first, first.ndim == 1 { return try concatenate(parts, axis: 0) }
    return try concatenate(parts, axis: 1)
}
