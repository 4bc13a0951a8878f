/// `repr` of a NumPy scalar in NumPy 2: `np.float64(0.5)`, `np.int64(3)`, `np.True_`.
public func scalarRepr(_ s: Scalar) -> String {
    switch s {
    case .bool(let b): return b ? "np.True_" : "np.False_"
    default: return "np.\(s.dtype.name)(\(scalarStr(s)))"
    }
}

/// `str` of a NumPy scalar: the Python-style text (`0.5`, `3`, `True`); float32 uses its
/// own shortest digits (`0.1`, not `0.10000000149011612`).
public func scalarStr(_ s: Scalar) -> String {
    switch s {
    case .bool(let b): return b ? "True" : "False"
    case .uint8(let v): return String(v)
    case .int64(let v): return String(v)
    case .float32(let f): return float32ScalarText(f)
    case .float64(let d): return pythonFloatRepr(d)
    }
}
