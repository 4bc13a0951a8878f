import Foundation

/// One seed document's code cells with what each should print (format: Corpus/README.md).
struct CorpusDocument {
    struct Cell {
        var number: String
        var code: String
        var replacements: [(String, String)] = []
        var mode = "none"
        var argument = ""
        var expected: [String] = []
        var runs = true

        /// The code as the test runs it: the cell with its run-shortening substitutions.
        var runnableCode: String {
            replacements.reduce(code) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }
    }

    var name: String
    var cells: [Cell] = []

    init(name: String, text: String) throws {
        self.name = name
        var current: Cell?
        var inExpect = false
        var codeLines: [String] = []
        func finish() {
            guard var c = current else { return }
            if !inExpect { c.code = codeLines.joined(separator: "\n") }
            while c.expected.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { c.expected.removeLast() }
            cells.append(c)
        }
        for raw in text.components(separatedBy: "\n") {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.hasPrefix("## cell ") {
                finish()
                current = Cell(number: String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces), code: "")
                codeLines = []
                inExpect = false
            } else if line == "## norun" {
                current?.runs = false
            } else if line.hasPrefix("## replace ") {
                let literals = try Self.pythonStrings(String(line.dropFirst(11)))
                guard literals.count == 2 else { throw CorpusError("\(name): bad replace line: \(line)") }
                if current != nil, !inExpect { current!.code = codeLines.joined(separator: "\n") }
                current?.replacements.append((literals[0], literals[1]))
            } else if line.hasPrefix("## expect ") {
                if current != nil, !inExpect, current!.replacements.isEmpty {
                    current!.code = codeLines.joined(separator: "\n")
                }
                inExpect = true
                let rest = line.dropFirst(10).split(separator: " ", maxSplits: 1).map(String.init)
                current?.mode = rest.first ?? "none"
                current?.argument = rest.count > 1 ? rest[1] : ""
            } else if current != nil {
                if inExpect { current!.expected.append(line) } else if current!.replacements.isEmpty { codeLines.append(line) }
            }
        }
        finish()
        for i in cells.indices {
            while cells[i].code.hasSuffix("\n") { cells[i].code.removeLast() }
        }
    }

    /// The string literals of a `## replace 'a' 'b'` line ('…' or "…", backslash escapes).
    static func pythonStrings(_ s: String) throws -> [String] {
        var out: [String] = []
        var chars = Array(s)[...]
        while let c = chars.first {
            if c == " " { chars = chars.dropFirst(); continue }
            guard c == "'" || c == "\"" else { throw CorpusError("expected a string literal in: \(s)") }
            chars = chars.dropFirst()
            var value = ""
            while let d = chars.first, d != c {
                chars = chars.dropFirst()
                if d == "\\", let e = chars.first {
                    chars = chars.dropFirst()
                    value.append(e == "n" ? "\n" : e)
                } else {
                    value.append(d)
                }
            }
            chars = chars.dropFirst()
            out.append(value)
        }
        return out
    }
}

struct CorpusError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
