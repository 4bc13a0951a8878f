/// An error raised by the tensor core, named after the Python exception it maps to.
///
/// Messages follow NumPy's wording where NumPy has one, so a learner comparing with
/// the book (or with Stack Overflow) recognises them.
public struct TensorError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case valueError = "ValueError"
        case typeError = "TypeError"
        case indexError = "IndexError"
        /// numpy.exceptions.AxisError: a subclass of both ValueError and IndexError in Python.
        case axisError = "numpy.exceptions.AxisError"
        case memoryError = "MemoryError"
        case overflowError = "OverflowError"
        case zeroDivisionError = "ZeroDivisionError"
        case osError = "OSError"
        case fileNotFoundError = "FileNotFoundError"
        case keyboardInterrupt = "KeyboardInterrupt"
        /// NumPy's TypeError subclasses for ufuncs, named as Python prints them.
        case ufuncCastingError = "numpy._core._exceptions._UFuncOutputCastingError"
        case ufuncNoLoopError = "numpy._core._exceptions._UFuncNoLoopError"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `ValueError: message`, as Python prints the last line of a traceback.
    public var description: String { message.isEmpty ? kind.rawValue : "\(kind.rawValue): \(message)" }

    public static func value(_ m: String) -> TensorError { TensorError(.valueError, m) }
    public static func type(_ m: String) -> TensorError { TensorError(.typeError, m) }
    public static func index(_ m: String) -> TensorError { TensorError(.indexError, m) }
}

/// Formats a shape the way NumPy does in messages and reprs: `(3,)`, `(2, 3)`, `()`.
public func formatShape(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
