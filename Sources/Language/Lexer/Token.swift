/// A position in the source: 1-based line and 0-based column (in characters).
public struct SourceLocation: Equatable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// One token of Python source.
public struct Token: Equatable {
    public enum Kind: Equatable {
        case name(String)
        case int(Int)
        case float(Double)
        /// A string literal; `isFString` marks f"..." whose text is parsed again later.
        case string(String, isFString: Bool)
        case op(String)
        case newline
        case indent
        case dedent
        case end
    }

    public var kind: Kind
    public var start: SourceLocation
    /// Column just past the token, for carets spanning it.
    public var endColumn: Int
}
