/// The two-operand ufuncs: arithmetic, comparisons and logical connectives.
public enum BinaryOp: String, CaseIterable, Sendable {
    case add, subtract, multiply, divide, floorDivide, remainder, power, maximum, minimum
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case logicalAnd, logicalOr

    /// NumPy's ufunc name, used in messages.
    public var ufuncName: String {
        switch self {
        case .floorDivide: return "floor_divide"
        case .notEqual: return "not_equal"
        case .lessEqual: return "less_equal"
        case .greaterEqual: return "greater_equal"
        case .logicalAnd: return "logical_and"
        case .logicalOr: return "logical_or"
        default: return rawValue
        }
    }

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    var isLogical: Bool { self == .logicalAnd || self == .logicalOr }

    /// The dtype the inputs are converted to before the kernel runs, given their common dtype.
    func computeType(common: DType) throws -> DType {
        if isLogical { return .bool }
        switch (self, common) {
        case (.divide, .bool), (.divide, .uint8), (.divide, .int64): return .float64
        case (.subtract, .bool):
            throw TensorError.type("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
        // NumPy answers these with int8; int64 is the nearest dtype this core has.
        case (.floorDivide, .bool), (.remainder, .bool), (.power, .bool): return .int64
        default: return common
        }
    }

    /// The dtype of the result for a given compute dtype.
    func outputType(compute: DType) -> DType {
        isComparison || isLogical ? .bool : compute
    }
}

extension DType {
    /// NumPy's `can_cast(from, to, casting='same_kind')`, which in-place operators require.
    func canCastSameKind(to target: DType) -> Bool {
        if self == target { return true }
        switch (self, target) {
        case (.bool, _): return true
        case (.uint8, .int64), (.uint8, .float32), (.uint8, .float64): return true
        case (.int64, .float32), (.int64, .float64): return true
        case (.float32, .float64), (.float64, .float32): return true
        default: return false
        }
    }
}
