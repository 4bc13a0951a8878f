/// A Python number used as an operand. NEP 50 treats it as "weak": it takes the array's
/// dtype when the kinds allow (`float32_array * 0.5` stays float32).
public enum PythonScalar: Equatable, Sendable {
    case bool(Bool)
    case int(Int64)
    case float(Double)

    public var kind: PythonScalarKind {
        switch self {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        }
    }

    public var doubleValue: Double {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let x): return x
        }
    }

    /// The dtype NumPy gives the value on its own (`np.asarray(3).dtype`).
    public var defaultDType: DType {
        switch self {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float64
        }
    }
}

/// One side of an element-wise operation: an array, or a weak Python scalar.
public enum Operand {
    case array(NDArray)
    case python(PythonScalar)

    /// The dtype this operand contributes when it stands alone.
    var standaloneDType: DType {
        switch self {
        case .array(let a): return a.dtype
        case .python(let p): return p.defaultDType
        }
    }

    var shape: [Int] {
        if case .array(let a) = self { return a.shape }
        return []
    }
}

/// The common dtype of two operands under NumPy 2's rules (NEP 50 for Python scalars).
func resultType(_ a: Operand, _ b: Operand) -> DType {
    switch (a, b) {
    case (.array(let x), .array(let y)): return DType.promote(x.dtype, y.dtype)
    case (.array(let x), .python(let p)), (.python(let p), .array(let x)): return x.dtype.promoted(withPythonScalar: p.kind)
    case (.python(let p), .python(let q)): return DType.promote(p.defaultDType, q.defaultDType)
    }
}

extension PythonScalar {
    /// The scalar converted to `dtype` with NumPy 2's checks for weak Python integers
    /// ("Python integer 300 out of bounds for uint8").
    func converted(to dtype: DType) throws -> Scalar {
        switch (self, dtype) {
        case (.int(let i), .uint8):
            guard i >= 0 && i <= 255 else { throw TensorError(.overflowError, "Python integer \(i) out of bounds for uint8") }
            return .uint8(UInt8(i))
        case (.int(let i), .bool): return .bool(i != 0)
        case (.int(let i), .int64): return .int64(i)
        case (.int(let i), .float32): return .float32(Float(i))
        case (.int(let i), .float64): return .float64(Double(i))
        case (.bool(let b), _): return Scalar(b ? 1 : 0, as: dtype)
        case (.float(let x), .float32): return .float32(Float(x))
        case (.float(let x), .float64): return .float64(x)
        case (.float(let x), _): return Scalar(x, as: dtype)
        }
    }
}

extension Operand {
    /// This operand as an array of `dtype`: the array itself when it already has that dtype,
    /// otherwise a converted copy; a Python scalar becomes a 0-d array.
    func materialized(as dtype: DType) throws -> NDArray {
        switch self {
        case .array(let a):
            if a.dtype == dtype { return a }
            return try a.astype(dtype)
        case .python(let p):
            return try NDArray(scalar: p.converted(to: dtype))
        }
    }
}
