/// `np.zeros(shape, dtype)`.
public func zeros(_ shape: [Int], dtype: DType = .float64) throws -> NDArray {
    try NDArray(zeros: shape, dtype: dtype)
}

/// `np.ones(shape, dtype)`.
public func ones(_ shape: [Int], dtype: DType = .float64) throws -> NDArray {
    let a = try NDArray(zeros: shape, dtype: dtype, zeroed: false)
    a.fill(.int64(1))
    return a
}

/// `np.full(shape, value, dtype)`: the dtype defaults to the value's own.
public func full(_ shape: [Int], _ value: Scalar, dtype: DType? = nil) throws -> NDArray {
    let a = try NDArray(zeros: shape, dtype: dtype ?? value.dtype, zeroed: false)
    a.fill(value)
    return a
}

/// `np.empty(shape, dtype)`: the contents are whatever the memory held.
public func empty(_ shape: [Int], dtype: DType = .float64) throws -> NDArray {
    try NDArray(zeros: shape, dtype: dtype, zeroed: false)
}

/// `np.zeros_like(a, dtype)`.
public func zerosLike(_ a: NDArray, dtype: DType? = nil) throws -> NDArray {
    try zeros(a.shape, dtype: dtype ?? a.dtype)
}

/// `np.ones_like(a, dtype)`.
public func onesLike(_ a: NDArray, dtype: DType? = nil) throws -> NDArray {
    try ones(a.shape, dtype: dtype ?? a.dtype)
}

/// `np.full_like(a, value, dtype)`: the dtype defaults to `a`'s, not the value's.
public func fullLike(_ a: NDArray, _ value: Scalar, dtype: DType? = nil) throws -> NDArray {
    try full(a.shape, value, dtype: dtype ?? a.dtype)
}

/// `np.empty_like(a, dtype)`.
public func emptyLike(_ a: NDArray, dtype: DType? = nil) throws -> NDArray {
    try empty(a.shape, dtype: dtype ?? a.dtype)
}
