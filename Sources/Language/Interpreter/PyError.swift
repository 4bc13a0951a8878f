import Tensor

/// A Python exception in flight: its type, message, where it happened and the frames
/// it passed through, enough to print a CPython-style traceback.
public struct PyError: Error, CustomStringConvertible {
    public enum Kind: String {
        case syntaxError = "SyntaxError", indentationError = "IndentationError"
        case nameError = "NameError", unboundLocalError = "UnboundLocalError"
        case typeError = "TypeError", valueError = "ValueError", indexError = "IndexError"
        case keyError = "KeyError", attributeError = "AttributeError"
        case zeroDivisionError = "ZeroDivisionError", overflowError = "OverflowError"
        case recursionError = "RecursionError", memoryError = "MemoryError"
        case keyboardInterrupt = "KeyboardInterrupt", importError = "ImportError"
        case moduleNotFoundError = "ModuleNotFoundError", assertionError = "AssertionError"
        case stopIteration = "StopIteration", runtimeError = "RuntimeError"
        case notImplementedError = "NotImplementedError", osError = "OSError"
        case fileNotFoundError = "FileNotFoundError", permissionError = "PermissionError", axisError = "numpy.exceptions.AxisError"
        case exception = "Exception"
    }

    /// The exception's class name (a user class raised with `raise MyError(...)` too).
    public var typeName: String
    public var message: String
    /// Where a syntax error is, or where a runtime error was raised (innermost).
    public var location: SourceLocation?
    public var span: Span?
    /// Frames from the outermost call inward: (file, line, function, span).
    public var frames: [Frame] = []
    /// The exception object, when Python code raised or caught one.
    public var value: Value? { get { boxedValue?.value } set { boxedValue = newValue.map(ValueBox.init) } }
    private var boxedValue: ValueBox?

    public struct Frame {
        public var file: String
        public var function: String
        public var span: Span
    }

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil) {
        self.typeName = kind.rawValue
        self.message = message
        self.location = location
    }

    public init(typeName: String, message: String) {
        self.typeName = typeName
        self.message = message
    }

    /// From a tensor-core error: same Python exception name and NumPy's message.
    public init(_ e: TensorError) {
        self.typeName = e.kind.rawValue
        self.message = e.message
    }

    public var description: String { message.isEmpty ? typeName : "\(typeName): \(message)" }

    public var isSyntaxError: Bool { typeName == "SyntaxError" || typeName == "IndentationError" }
}

/// The source text of each file the interpreter has run, to quote lines in tracebacks.
final class SourceRegistry {
    private var files: [String: [Substring]] = [:]

    func register(_ source: String, as file: String) {
        files[file] = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func line(_ n: Int, in file: String) -> String? {
        guard let lines = files[file], n >= 1, n <= lines.count else { return nil }
        return String(lines[n - 1])
    }
}

extension PyError {
    /// The traceback as CPython 3.11 prints it, caret line under the failing expression.
    func formatted(sources: SourceRegistry) -> String {
        var out: [String] = []
        if isSyntaxError {
            let loc = location ?? SourceLocation(line: 1, column: 0)
            let file = frames.last?.file ?? "<stdin>"
            out.append("  File \"\(file)\", line \(loc.line)")
            if let text = sources.line(loc.line, in: file) {
                let stripped = text.drop { $0 == " " || $0 == "\t" }
                let indent = text.count - stripped.count
                out.append("    " + stripped)
                out.append("    " + String(repeating: " ", count: max(loc.column - indent, 0)) + "^")
            }
            out.append(description)
            return out.joined(separator: "\n")
        }
        out.append("Traceback (most recent call last):")
        var previous: Frame? = nil
        var repeats = 0
        func flushRepeats() {
            if repeats > 0 { out.append("  [Previous line repeated \(repeats) more time\(repeats == 1 ? "" : "s")]") }
            repeats = 0
        }
        for f in frames {
            // CPython shows a repeated frame three times, then counts the rest.
            if let p = previous, p.file == f.file, p.function == f.function, p.span == f.span {
                repeats += 1
                if repeats > 2 { continue }
            } else {
                if repeats > 2 { repeats -= 2; flushRepeats() }
                repeats = 0
            }
            previous = f
            out.append("  File \"\(f.file)\", line \(f.span.line), in \(f.function)")
            if let text = sources.line(f.span.line, in: f.file) {
                let stripped = text.drop { $0 == " " || $0 == "\t" }
                let indent = text.count - stripped.count
                let trimmedEnd = stripped.reversed().drop { $0 == " " }.count
                out.append("    " + stripped.prefix(trimmedEnd))
                let start = max(f.span.start - indent, 0)
                let width = max(min(f.span.end, indent + trimmedEnd) - f.span.start, 1)
                // CPython omits the caret line when it would underline the whole line.
                if !(start == 0 && width >= trimmedEnd) {
                    out.append("    " + String(repeating: " ", count: start) + String(repeating: "^", count: width))
                }
            }
        }
        if repeats > 2 { repeats -= 2; flushRepeats() }
        out.append(description)
        return out.joined(separator: "\n")
    }
}

/// Holds an exception object inside PyError (a struct cannot contain itself through Value).
final class ValueBox {
    let value: Value
    init(_ value: Value) { self.value = value }
}
