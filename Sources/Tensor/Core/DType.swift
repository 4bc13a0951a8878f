/// The element types an ``NDArray`` can hold: the five NumPy dtypes the seeds use.
public enum DType: String, CaseIterable, Sendable {
    case bool, uint8, int64, float32, float64

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .uint8: return 1
        case .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// NumPy's name for the dtype (`np.dtype('float64').name`).
    public var name: String { rawValue }

    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    public var isInteger: Bool { self == .uint8 || self == .int64 }

    /// The character NumPy uses in .npy headers (`<f8`, `|u1`, ...).
    public var typeCode: String {
        switch self {
        case .bool: return "|b1"
        case .uint8: return "|u1"
        case .int64: return "<i8"
        case .float32: return "<f4"
        case .float64: return "<f8"
        }
    }

    /// Order used for promotion among the kinds: bool < unsigned < signed < float.
    private var rank: Int {
        switch self {
        case .bool: return 0
        case .uint8: return 1
        case .int64: return 2
        case .float32: return 3
        case .float64: return 4
        }
    }

    /// NumPy 2 promotion of two *array* dtypes (`np.result_type(a, b)`).
    /// The one non-monotone case: int64 with float32 needs float64 to hold every int64.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if (a == .int64 && b == .float32) || (a == .float32 && b == .int64) { return .float64 }
        return a.rank >= b.rank ? a : b
    }

    /// The dtype an operation yields when an array of dtype `self` meets a Python scalar
    /// (NEP 50: the scalar is "weak" and adopts the array's type when the kinds allow it).
    public func promoted(withPythonScalar kind: PythonScalarKind) -> DType {
        switch kind {
        case .bool: return self
        case .int: return self == .bool ? .int64 : self
        case .float: return isFloatingPoint ? self : .float64
        }
    }
}

/// The kind of a Python scalar operand, for NEP 50 weak promotion.
public enum PythonScalarKind: Sendable { case bool, int, float }
