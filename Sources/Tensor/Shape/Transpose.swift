extension NDArray {
    /// NumPy's `transpose`: a view with the axes permuted (reversed when `axes` is nil).
    public func transposed(_ axes: [Int]? = nil) throws -> NDArray {
        guard let axes else { return T }
        guard axes.count == ndim else { throw TensorError.value("axes don't match array") }
        var seen = [Bool](repeating: false, count: ndim)
        var perm = [Int]()
        for a in axes {
            let n = try normalizeAxis(a, ndim: ndim)
            if seen[n] { throw TensorError.value("repeated axis in transpose") }
            seen[n] = true
            perm.append(n)
        }
        return NDArray(storage: storage, dtype: dtype, shape: perm.map { shape[$0] },
                       strides: perm.map { strides[$0] }, offset: offset)
    }

    /// The transposed view (`a.T`): axes reversed.
    public var T: NDArray {
        NDArray(storage: storage, dtype: dtype, shape: shape.reversed(), strides: strides.reversed(), offset: offset)
    }

    /// NumPy's `squeeze`: drops the given size-one axes (all of them when `axes` is nil). A view.
    public func squeezed(axes: [Int]? = nil) throws -> NDArray {
        var drop = [Bool](repeating: false, count: ndim)
        if let axes {
            for a in try normalizeAxes(axes, ndim: ndim) {
                if shape[a] != 1 {
                    throw TensorError.value("cannot select an axis to squeeze out which has size not equal to one")
                }
                drop[a] = true
            }
        } else {
            for i in 0..<ndim where shape[i] == 1 { drop[i] = true }
        }
        var s = [Int](), st = [Int]()
        for i in 0..<ndim where !drop[i] { s.append(shape[i]); st.append(strides[i]) }
        return NDArray(storage: storage, dtype: dtype, shape: s, strides: st, offset: offset)
    }

    /// NumPy's `expand_dims`: a view with a new size-one axis at `axis` (counted in the result).
    public func expandingDims(_ axis: Int) throws -> NDArray {
        try expandingDims(axes: [axis])
    }

    /// `expand_dims` with several axes, each counted in the result's dimensions.
    public func expandingDims(axes: [Int]) throws -> NDArray {
        let outDim = ndim + axes.count
        var isNew = [Bool](repeating: false, count: outDim)
        for a in try normalizeAxes(axes, ndim: outDim) { isNew[a] = true }
        var s = [Int](), st = [Int]()
        var src = 0
        for i in 0..<outDim {
            if isNew[i] {
                s.append(1)
                st.append(src < ndim ? strides[src] &* shape[src] : 1)
            } else {
                s.append(shape[src]); st.append(strides[src]); src += 1
            }
        }
        return NDArray(storage: storage, dtype: dtype, shape: s, strides: st, offset: offset)
    }
}
