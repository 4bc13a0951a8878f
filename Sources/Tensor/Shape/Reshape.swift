extension NDArray {
    /// NumPy's `reshape`: one dimension may be negative (unknown) and is inferred.
    /// Returns a view sharing storage whenever the strides allow it, else a copy.
    public func reshaped(_ shape: [Int]) throws -> NDArray {
        let newShape = try resolvedShape(for: shape)
        if let strides = NDArray.viewStrides(from: self.shape, self.strides, to: newShape, count: count) {
            return NDArray(storage: storage, dtype: dtype, shape: newShape, strides: strides, offset: offset)
        }
        let c = try copy()
        return NDArray(storage: c.storage, dtype: dtype, shape: newShape,
                       strides: NDArray.contiguousStrides(newShape), offset: 0)
    }

    /// A 1-d copy (NumPy's `flatten()`, which always copies).
    public func flatten() throws -> NDArray {
        let c = try copy()
        return NDArray(storage: c.storage, dtype: dtype, shape: [count], strides: [1], offset: 0)
    }

    /// A 1-d array: a view when the elements are already contiguous, else a copy.
    public func ravel() throws -> NDArray {
        if isContiguous {
            return NDArray(storage: storage, dtype: dtype, shape: [count], strides: [1], offset: offset)
        }
        return try flatten()
    }

    /// Fills in the unknown dimension and checks the size, with NumPy's messages.
    private func resolvedShape(for requested: [Int]) throws -> [Int] {
        var unknown: Int? = nil
        var known = 1
        var overflow = false
        for (i, d) in requested.enumerated() {
            if d < 0 {
                if unknown != nil { throw TensorError.value("can only specify one unknown dimension") }
                unknown = i
            } else {
                let (m, o) = known.multipliedReportingOverflow(by: d)
                overflow = overflow || o
                known = m
            }
        }
        let mismatch = TensorError.value("cannot reshape array of size \(count) into shape \(NDArray.reshapeDescription(requested))")
        if overflow { throw mismatch }
        var out = requested
        if let u = unknown {
            if known == 0 || count % known != 0 { throw mismatch }
            out[u] = count / known
        } else if known != count {
            throw mismatch
        }
        return out
    }

    /// The shape as NumPy's reshape error prints it: "(4,)", "(2,3)", "(4,newaxis)".
    /// Leading unknown dimensions are dropped, as NumPy's `convert_shape_to_string` does.
    static func reshapeDescription(_ dims: [Int]) -> String {
        var i = 0
        while i < dims.count && dims[i] < 0 { i += 1 }
        if i == dims.count { return "()" }
        var s = "\(dims[i])"
        i += 1
        while i < dims.count {
            s += dims[i] < 0 ? ",newaxis" : ",\(dims[i])"
            i += 1
        }
        return dims.count == 1 ? "(\(s),)" : "(\(s))"
    }

    /// Strides that present the same elements in `newShape` without copying, or nil when the
    /// layout does not allow it. Groups of old axes whose sizes multiply to a group of new axes
    /// must be laid out contiguously among themselves.
    static func viewStrides(from oldShape: [Int], _ oldStrides: [Int], to newShape: [Int], count: Int) -> [Int]? {
        if count == 0 || isCContiguous(shape: oldShape, strides: oldStrides) {
            return contiguousStrides(newShape)
        }
        // Size-one axes carry no layout information.
        var od = [Int](), os = [Int]()
        for (d, s) in zip(oldShape, oldStrides) where d != 1 { od.append(d); os.append(s) }
        var ns = [Int](repeating: 0, count: newShape.count)
        var oi = 0, ni = 0
        while oi < od.count && ni < newShape.count {
            var np = newShape[ni], op = od[oi]
            var nj = ni + 1, oj = oi + 1
            while np != op {
                if np < op {
                    guard nj < newShape.count else { return nil }
                    np &*= newShape[nj]; nj += 1
                } else {
                    guard oj < od.count else { return nil }
                    op &*= od[oj]; oj += 1
                }
            }
            for k in oi..<(oj - 1) where os[k] != od[k + 1] &* os[k + 1] { return nil }
            ns[nj - 1] = os[oj - 1]
            var k = nj - 1
            while k > ni { ns[k - 1] = ns[k] &* newShape[k]; k -= 1 }
            ni = nj; oi = oj
        }
        // Trailing size-one axes of the new shape: any stride will do.
        while ni < newShape.count { ns[ni] = 1; ni += 1 }
        return ns
    }
}
