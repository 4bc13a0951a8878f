/// The small subset of Python literals that a .npy header uses: a dict of strings,
/// booleans, integers, tuples and lists (what `ast.literal_eval` would accept there).
indirect enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(PythonLiteral, PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.none, .none): return true
        case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): return x == y
        case (.dict(let x), .dict(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Python's `repr` of the value, for error messages.
    var repr: String {
        switch self {
        case .string(let s): return "'" + s.replacingAll("\\", "\\\\").replacingAll("'", "\\'") + "'"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .none: return "None"
        case .tuple(let items): return items.count == 1 ? "(\(items[0].repr),)" : "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let pairs): return "{" + pairs.map { "\($0.0.repr): \($0.1.repr)" }.joined(separator: ", ") + "}"
        }
    }

    /// Parses one literal filling the whole text (surrounding whitespace allowed).
    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(chars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.atEnd else { throw ParseError(message: "unexpected text after the literal") }
        return value
    }

    struct ParseError: Error { var message: String }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0
        /// Nesting depth, bounded so a hostile header cannot exhaust the stack.
        var depth = 0
        static let maxDepth = 32

        var atEnd: Bool { i >= chars.count }

        mutating func skipSpace() {
            while i < chars.count, chars[i] == " " || chars[i] == "\n" || chars[i] == "\t" || chars[i] == "\r" { i += 1 }
        }

        mutating func value() throws -> PythonLiteral {
            skipSpace()
            guard i < chars.count else { throw ParseError(message: "unexpected end of header") }
            let c = chars[i]
            switch c {
            case "{":
                i += 1
                let pairs = try sequence(closing: "}") { p -> (PythonLiteral, PythonLiteral) in
                    let key = try p.value()
                    p.skipSpace()
                    guard p.i < p.chars.count, p.chars[p.i] == ":" else { throw ParseError(message: "expected ':' in dict") }
                    p.i += 1
                    return (key, try p.value())
                }
                return .dict(pairs.items)
            case "(":
                i += 1
                let items = try sequence(closing: ")") { try $0.value() }
                // `(x)` without a comma is just x in parentheses.
                if items.items.count == 1 && !items.trailingComma { return items.items[0] }
                return .tuple(items.items)
            case "[":
                i += 1
                return .list(try sequence(closing: "]") { try $0.value() }.items)
            case "'", "\"":
                return .string(try string(quote: c))
            case "-", "+", "0"..."9":
                return .int(try integer())
            default:
                let word = identifier()
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                default: throw ParseError(message: word.isEmpty ? "unexpected character '\(c)'" : "unexpected name '\(word)'")
                }
            }
        }

        /// Comma-separated items up to `closing`, a trailing comma allowed.
        mutating func sequence<T>(closing: Unicode.Scalar, _ item: (inout Parser) throws -> T) throws -> (items: [T], trailingComma: Bool) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else { throw ParseError(message: "too deeply nested") }
            var items: [T] = []
            var trailingComma = false
            while true {
                skipSpace()
                guard i < chars.count else { throw ParseError(message: "unexpected end of header") }
                if chars[i] == closing { i += 1; return (items, trailingComma) }
                items.append(try item(&self))
                trailingComma = false
                skipSpace()
                guard i < chars.count else { throw ParseError(message: "unexpected end of header") }
                if chars[i] == "," { i += 1; trailingComma = true }
                else if chars[i] != closing { throw ParseError(message: "expected ',' or '\(closing)'") }
            }
        }

        mutating func string(quote: Unicode.Scalar) throws -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == quote { return String(out) }
                if c == "\\" {
                    guard i < chars.count else { break }
                    let e = chars[i]
                    i += 1
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\0")
                    default: out.append(e)   // \\, \', \" and anything else literally
                    }
                } else if c == "\n" {
                    break
                } else {
                    out.append(c)
                }
            }
            throw ParseError(message: "unterminated string")
        }

        mutating func integer() throws -> Int {
            var negative = false
            if chars[i] == "-" || chars[i] == "+" { negative = chars[i] == "-"; i += 1; skipSpace() }
            var value = 0
            var digits = 0
            while i < chars.count, let d = Int(exactly: chars[i].value), d >= 48, d <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d - 48)
                if o1 || o2 { throw ParseError(message: "integer too large") }
                value = s
                digits += 1
                i += 1
            }
            guard digits > 0 else { throw ParseError(message: "expected a number") }
            // Python 2 long suffix, as in headers written by old NumPy versions.
            if i < chars.count, chars[i] == "L" || chars[i] == "l" { i += 1 }
            if i < chars.count, chars[i] == "." || chars[i] == "e" || chars[i] == "E" || chars[i] == "j" {
                throw ParseError(message: "expected an integer")
            }
            return negative ? -value : value
        }

        mutating func identifier() -> String {
            var word = ""
            while i < chars.count, chars[i].properties.isAlphabetic || chars[i] == "_" {
                word.unicodeScalars.append(chars[i])
                i += 1
            }
            return word
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (the core module avoids Foundation).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
