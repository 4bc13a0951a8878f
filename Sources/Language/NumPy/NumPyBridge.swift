import Tensor

/// Where the language meets the tensor core. Until the tensor operations land, arrays
/// cannot be created from the language, so only conversions reachable without them live here.
enum NumPyBridge {
    static func pythonValue(_ s: Scalar) -> Value {
        switch s {
        case .bool(let b): return .bool(b)
        case .uint8(let u): return .int(Int(u))
        case .int64(let i): return .int(Int(i))
        case .float32(let f): return .float(Double(f))
        case .float64(let d): return .float(d)
        }
    }
    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? { nil }
    static func inPlace(_ op: BinaryOperator, _ target: NDArray, _ b: Value, _ interp: Interpreter) throws {
        throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue)=")
    }
    static func unary(_ op: UnaryOperator, _ v: Value, _ interp: Interpreter) throws -> Value? { nil }
    static func compare(_ op: CompareOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? { nil }
    static func contains(_ arr: NDArray, _ item: Value, _ interp: Interpreter) throws -> Bool { false }
    static func iterate(_ a: NDArray, _ interp: Interpreter) throws -> ValueIterator { ValueIterator([]) }
    static func getItem(_ a: NDArray, _ index: Value, _ interp: Interpreter) throws -> Value { .none }
    static func setItem(_ a: NDArray, _ index: Value, _ v: Value, _ interp: Interpreter) throws {}
    static func attribute(_ obj: Value, _ name: String, _ interp: Interpreter) throws -> Value? { nil }
    static func setAttribute(_ obj: Value, _ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    static func attributeNames(_ v: Value) -> [String] { [] }
    static func repr(_ a: NDArray) -> String { "array(\(a.toDoubles()))" }
    static func str(_ a: NDArray) -> String { "\(a.toDoubles())" }
    static func scalarRepr(_ s: Scalar) -> String { "np.\(s.dtype.name)(\(s.doubleValue))" }
    static func scalarStr(_ s: Scalar) -> String { "\(s.doubleValue)" }
    static func constructScalar(_ d: DType, _ args: [Value], _ interp: Interpreter) throws -> Value { .none }
    static func callNumpy(_ name: String, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> Value {
        throw PyError(.moduleNotFoundError, "No module named 'numpy'")
    }
}
