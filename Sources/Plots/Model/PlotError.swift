/// A plotting error; `kind` names the Python exception the binding should raise.
public struct PlotError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable { case valueError = "ValueError", typeError = "TypeError", ioError = "OSError" }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
