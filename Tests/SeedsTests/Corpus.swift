import Foundation

/// One seed document's code cells with what each should print (format: Corpus/README.md).
struct CorpusDocument {
    struct Cell {
        var number: String
        var code: String = ""
        var replacements: [(String, String)] = []
        var mode = "none"
        var argument = ""
        var expected: [String] = []
        var runs = true
        /// The seed's own printed lines for a training run, each marked with whether this
        /// run's line at the same place lands within `printoutTolerance` of it.
        var printoutTolerance: Double?
        var printout: [(within: Bool, line: String)] = []

        /// The code as the test runs it: the cell with its run-shortening substitutions.
        var runnableCode: String {
            replacements.reduce(code) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }
    }

    var name: String
    /// `## seed N` before the first cell: np.random.seed(N) runs before the document.
    var seed: Int?
    var cells: [Cell] = []

    init(name: String, text: String) throws {
        self.name = name
        enum Block { case code, expect, printout, none }
        var block = Block.none
        var codeLines: [String] = []
        func finishCode() {
            guard !cells.isEmpty, block == .code else { return }
            cells[cells.count - 1].code = codeLines.joined(separator: "\n")
        }
        for raw in text.components(separatedBy: "\n") {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.hasPrefix("## cell ") {
                finishCode()
                cells.append(Cell(number: String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces)))
                codeLines = []
                block = .code
                continue
            }
            guard !cells.isEmpty else {
                // Document directives come before the first cell; other lines are comments.
                if line.hasPrefix("## seed ") {
                    guard let n = Int(line.dropFirst(8).trimmingCharacters(in: .whitespaces)) else { throw CorpusError("\(name): bad seed line: \(line)") }
                    seed = n
                }
                continue
            }
            let i = cells.count - 1
            if line == "## norun" {
                finishCode()
                block = .none
                cells[i].runs = false
            } else if line.hasPrefix("## replace ") {
                finishCode()
                block = .none
                let literals = try Self.pythonStrings(String(line.dropFirst(11)))
                guard literals.count == 2 else { throw CorpusError("\(name): bad replace line: \(line)") }
                cells[i].replacements.append((literals[0], literals[1]))
            } else if line.hasPrefix("## expect ") {
                finishCode()
                block = .expect
                let rest = line.dropFirst(10).split(separator: " ", maxSplits: 1).map(String.init)
                cells[i].mode = rest.first ?? "none"
                cells[i].argument = rest.count > 1 ? rest[1] : ""
            } else if line.hasPrefix("## seed-printout ") {
                finishCode()
                block = .printout
                guard let t = Double(line.dropFirst(17).split(separator: " ").first ?? "") else { throw CorpusError("\(name): bad seed-printout line: \(line)") }
                cells[i].printoutTolerance = t
            } else {
                switch block {
                case .code: codeLines.append(line)
                case .expect: cells[i].expected.append(line)
                case .printout:
                    guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    guard line.hasPrefix("+ ") || line.hasPrefix("- ") else { throw CorpusError("\(name) cell \(cells[i].number): seed-printout lines start with '+ ' or '- ': \(line)") }
                    cells[i].printout.append((line.hasPrefix("+"), String(line.dropFirst(2))))
                case .none: break
                }
            }
        }
        finishCode()
        for i in cells.indices {
            while cells[i].code.hasSuffix("\n") { cells[i].code.removeLast() }
            while cells[i].expected.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { cells[i].expected.removeLast() }
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
