import FoundationEssentials

/// Turns source text into tokens, with Python's layout rules: NEWLINE at the end of a
/// logical line, INDENT/DEDENT from leading whitespace, implicit joining inside brackets,
/// backslash continuation, and comments dropped.
struct Scanner {
    private let chars: [Character]
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private var indents = [0]
    private var tokens: [Token] = []
    private var atLineStart = true

    init(_ source: String) {
        chars = Array(source)
    }

    static let operators3 = ["**=", "//=", ">>=", "<<=", "..."]
    static let operators2 = ["**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=", "->", "<<", ">>", ":="]
    static let operators1 = Set("+-*/%@<>=()[]{},:.;&|^~")

    mutating func scan() throws -> [Token] {
        while pos < chars.count {
            if atLineStart && depth == 0 {
                try handleIndentation()
                if pos >= chars.count { break }
                // A blank or comment line was skipped: measure the next line afresh.
                if atLineStart { continue }
            }
            let c = chars[pos]
            if c == "\n" {
                if depth == 0 && !atLineStart { add(.newline, from: pos, length: 1) }
                advanceLine()
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { pos += 1; continue }
            if c == "#" { while pos < chars.count && chars[pos] != "\n" { pos += 1 }; continue }
            if c == "\\" && pos + 1 < chars.count && chars[pos + 1] == "\n" {
                pos += 1
                advanceLine(keepLogicalLine: true)
                continue
            }
            atLineStart = false
            if c.isLetter || c == "_" {
                if let str = try scanStringWithPrefix() { tokens.append(str); continue }
                let start = pos
                while pos < chars.count && (chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_") { pos += 1 }
                add(.name(String(chars[start..<pos])), from: start, length: pos - start)
                continue
            }
            if c.isNumber || (c == "." && pos + 1 < chars.count && chars[pos + 1].isNumber) {
                try scanNumber()
                continue
            }
            if c == "\"" || c == "'" {
                tokens.append(try scanString(prefixStart: pos, raw: false, fString: false))
                continue
            }
            try scanOperator()
        }
        if !atLineStart && depth == 0 { add(.newline, from: pos, length: 0) }
        if depth > 0 {
            throw PyError(.syntaxError, "'(' was never closed", location: SourceLocation(line: line, column: pos - lineStart))
        }
        while indents.count > 1 { indents.removeLast(); add(.dedent, from: pos, length: 0) }
        add(.end, from: pos, length: 0)
        return tokens
    }

    private mutating func advanceLine(keepLogicalLine: Bool = false) {
        pos += 1
        line += 1
        lineStart = pos
        if !keepLogicalLine && depth == 0 { atLineStart = true }
    }

    private mutating func add(_ kind: Token.Kind, from start: Int, length: Int) {
        tokens.append(Token(kind: kind, start: SourceLocation(line: line, column: start - lineStart), endColumn: start - lineStart + length))
    }

    /// Measures leading whitespace of a new logical line and emits INDENT/DEDENT.
    private mutating func handleIndentation() throws {
        var width = 0
        var p = pos
        while p < chars.count && (chars[p] == " " || chars[p] == "\t") {
            width += chars[p] == "\t" ? 8 - width % 8 : 1
            p += 1
        }
        // Blank and comment-only lines do not affect indentation.
        if p >= chars.count { pos = p; return }
        if chars[p] == "\n" || chars[p] == "#" || chars[p] == "\r" {
            pos = p
            while pos < chars.count && chars[pos] != "\n" { pos += 1 }
            if pos < chars.count { advanceLine() }
            return
        }
        pos = p
        atLineStart = false
        if width > indents.last! {
            indents.append(width)
            add(.indent, from: p, length: 0)
        } else {
            while width < indents.last! {
                indents.removeLast()
                add(.dedent, from: p, length: 0)
            }
            if width != indents.last! {
                throw PyError(.indentationError, "unindent does not match any outer indentation level", location: SourceLocation(line: line, column: p - lineStart))
            }
        }
    }

    private mutating func scanNumber() throws {
        let start = pos
        var isFloat = false
        if chars[pos] == "0", pos + 1 < chars.count, "xXoObB".contains(chars[pos + 1]) {
            let radix = "xX".contains(chars[pos + 1]) ? 16 : ("oO".contains(chars[pos + 1]) ? 8 : 2)
            pos += 2
            let digitsStart = pos
            while pos < chars.count && (chars[pos].isHexDigit || chars[pos] == "_") { pos += 1 }
            let digits = String(chars[digitsStart..<pos]).replacing("_", with: "")
            guard let v = Int(digits, radix: radix) else { throw syntax("invalid number literal", at: start) }
            add(.int(v), from: start, length: pos - start)
            return
        }
        while pos < chars.count && (chars[pos].isNumber || chars[pos] == "_") { pos += 1 }
        if pos < chars.count && chars[pos] == "." {
            isFloat = true
            pos += 1
            while pos < chars.count && (chars[pos].isNumber || chars[pos] == "_") { pos += 1 }
        }
        if pos < chars.count && (chars[pos] == "e" || chars[pos] == "E") {
            var p = pos + 1
            if p < chars.count && (chars[p] == "+" || chars[p] == "-") { p += 1 }
            if p < chars.count && chars[p].isNumber {
                isFloat = true
                pos = p
                while pos < chars.count && chars[pos].isNumber { pos += 1 }
            }
        }
        let text = String(chars[start..<pos]).replacing("_", with: "")
        if pos < chars.count && (chars[pos] == "j" || chars[pos] == "J") {
            throw syntax("complex numbers are not supported", at: start)
        }
        if pos < chars.count && (chars[pos].isLetter || chars[pos] == "_") {
            throw syntax("invalid decimal literal", at: start)
        }
        if isFloat {
            guard let v = Double(text) else { throw syntax("invalid number literal", at: start) }
            add(.float(v), from: start, length: pos - start)
        } else {
            guard let v = Int(text) else {
                throw PyError(.overflowError, "integer literal \(text) is too large (nntutor's int is 64-bit)", location: SourceLocation(line: line, column: start - lineStart))
            }
            add(.int(v), from: start, length: pos - start)
        }
    }

    /// r"..", f"..", rb.. prefixes; returns nil when the name is not a string prefix.
    private mutating func scanStringWithPrefix() throws -> Token? {
        var p = pos
        var prefix = ""
        while p < chars.count && chars[p].isLetter && prefix.count < 2 { prefix.append(chars[p]); p += 1 }
        guard p < chars.count, chars[p] == "\"" || chars[p] == "'" else { return nil }
        let lower = prefix.lowercased()
        guard ["r", "f", "b", "u", "rf", "fr", "rb", "br"].contains(lower) else { return nil }
        let start = pos
        pos = p
        return try scanString(prefixStart: start, raw: lower.contains("r"), fString: lower.contains("f"))
    }

    private mutating func scanString(prefixStart: Int, raw: Bool, fString: Bool) throws -> Token {
        let quote = chars[pos]
        let startLine = line, startCol = prefixStart - lineStart
        let triple = pos + 2 < chars.count && chars[pos + 1] == quote && chars[pos + 2] == quote
        pos += triple ? 3 : 1
        var text = ""
        while true {
            guard pos < chars.count else {
                throw PyError(.syntaxError, triple ? "unterminated triple-quoted string literal (detected at line \(line))" : "unterminated string literal (detected at line \(line))", location: SourceLocation(line: startLine, column: startCol))
            }
            let c = chars[pos]
            if c == quote {
                if !triple { pos += 1; break }
                if pos + 2 < chars.count && chars[pos + 1] == quote && chars[pos + 2] == quote { pos += 3; break }
            }
            if c == "\n" {
                if !triple {
                    throw PyError(.syntaxError, "unterminated string literal (detected at line \(line))", location: SourceLocation(line: startLine, column: startCol))
                }
                text.append(c)
                pos += 1
                line += 1
                lineStart = pos
                continue
            }
            if c == "\\" && pos + 1 < chars.count {
                let n = chars[pos + 1]
                if raw {
                    text.append(c); text.append(n); pos += 2
                    if n == "\n" { line += 1; lineStart = pos }
                    continue
                }
                pos += 2
                switch n {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "\\": text.append("\\")
                case "'": text.append("'")
                case "\"": text.append("\"")
                case "a": text.append("\u{07}")
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "v": text.append("\u{0B}")
                case "\n": line += 1; lineStart = pos
                case "x", "u", "U":
                    let len = n == "x" ? 2 : (n == "u" ? 4 : 8)
                    guard pos + len <= chars.count, let v = UInt32(String(chars[pos..<(pos + len)]), radix: 16), let s = Unicode.Scalar(v) else {
                        throw syntax("(unicode error) truncated \\\(n) escape", at: pos - 2)
                    }
                    text.unicodeScalars.append(s)
                    pos += len
                default: text.append("\\"); text.append(n)
                }
                continue
            }
            text.append(c)
            pos += 1
        }
        let endCol = line == startLine ? pos - lineStart : startCol + 1
        return Token(kind: .string(text, isFString: fString), start: SourceLocation(line: startLine, column: startCol), endColumn: endCol)
    }

    private mutating func scanOperator() throws {
        let start = pos
        for group in [Scanner.operators3, Scanner.operators2] {
            for op in group where matches(op) {
                pos += op.count
                add(.op(op), from: start, length: op.count)
                return
            }
        }
        let c = chars[pos]
        if c == "!" { throw syntax("invalid syntax", at: pos) }
        guard Scanner.operators1.contains(c) else {
            throw syntax("invalid character '\(c)' (U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)))", at: pos)
        }
        if "([{".contains(c) { depth += 1 }
        if ")]}".contains(c) {
            depth -= 1
            if depth < 0 { throw syntax("unmatched '\(c)'", at: pos) }
        }
        pos += 1
        add(.op(String(c)), from: start, length: 1)
    }

    private func matches(_ op: String) -> Bool {
        var p = pos
        for ch in op {
            guard p < chars.count, chars[p] == ch else { return false }
            p += 1
        }
        return true
    }

    private func syntax(_ message: String, at p: Int) -> PyError {
        PyError(.syntaxError, message, location: SourceLocation(line: line, column: p - lineStart))
    }
}
