extension NDArray {
    /// `a.astype(dtype)`: always a new C-contiguous array, converted with C casts as NumPy's
    /// unsafe casting does (floats truncate toward zero, NaN to an integer is unspecified).
    public func astype(_ dtype: DType) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype, zeroed: false)
        ElementCopy.assign(out, from: self)
        return out
    }
}
