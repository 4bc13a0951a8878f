extension NDArray {
    /// A float64 array from C-ordered values (the shape defaults to 1-d).
    public convenience init(_ values: [Double], shape: [Int]? = nil) throws {
        let shape = shape ?? [values.count]
        guard try NDArray.checkedCount(shape) == values.count else {
            throw TensorError.value("cannot reshape array of size \(values.count) into shape \(formatShape(shape))")
        }
        try self.init(zeros: shape, dtype: .float64, zeroed: false)
        let p = pointer(Double.self)
        values.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { p.update(from: b, count: values.count) }
        }
    }

    /// An array of any dtype from C-ordered scalars, cast to `dtype`.
    public convenience init(scalars: [Scalar], shape: [Int], dtype: DType) throws {
        guard try NDArray.checkedCount(shape) == scalars.count else {
            throw TensorError.value("cannot reshape array of size \(scalars.count) into shape \(formatShape(shape))")
        }
        try self.init(zeros: shape, dtype: dtype, zeroed: false)
        for (i, s) in scalars.enumerated() { setScalar(s, atStorageOffset: i) }
    }

    /// A 0-d array holding one scalar.
    public convenience init(scalar: Scalar) throws {
        try self.init(scalars: [scalar], shape: [], dtype: scalar.dtype)
    }

    /// A new C-contiguous array with the same values (NumPy's `copy()`).
    public func copy() throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype, zeroed: false)
        let size = dtype.itemSize
        // Read through readBase: copying leaves the source as it is (its memo kept).
        if isContiguous {
            let dst = out.storage.base, src = storage.readBase + offset * size
            LargeRows.forEachShare(of: self) { first, n, width in
                (dst + first * width * size).copyMemory(from: src + first * width * size, byteCount: n * width * size)
            }
            return out
        }
        var i = 0
        let dst = out.storage.base, src = UnsafeMutableRawPointer(mutating: storage.readBase)
        forEachOffset { o in
            dst.advanced(by: i * size).copyMemory(from: src.advanced(by: o * size), byteCount: size)
            i += 1
        }
        return out
    }

    /// Self when already C-contiguous, else a contiguous copy (for kernels and BLAS).
    public func contiguous() throws -> NDArray { isContiguous ? self : try copy() }
}
