/// `np.nonzero(a)`: for each axis, the int64 indices of the non-zero elements in C order
/// (a 0-d array counts as 1-d).
public func nonzero(_ a: NDArray) throws -> [NDArray] {
    let view = a.ndim == 0 ? try a.reshaped([1]) : a
    let truth = view.dtype == .bool ? view : try binary(.notEqual, .array(view), .python(.int(0)))
    let flags = truth.toScalars()
    let hits = flags.enumerated().filter { $0.element.boolValue }.map(\.offset)
    let strides = NDArray.contiguousStrides(view.shape)
    return try (0..<view.ndim).map { axis in
        let out = try NDArray(zeros: [hits.count], dtype: .int64, zeroed: false)
        let p = out.pointer(Int64.self)
        for (i, flat) in hits.enumerated() { p[i] = Int64((flat / strides[axis]) % Swift.max(view.shape[axis], 1)) }
        return out
    }
}
