import Foundation
import Language
import Tensor

/// The seeds' full training runs: every cell of a corpus document (Tests/SeedsTests/Corpus)
/// run in one interpreter as the notebook ran, without the test's shortening, the training
/// cell timed; python3 runs the same cells through the corpus oracle. The run's epoch lines
/// are compared with python3's and with the seed's own printout.
enum SeedRuns {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/SeedsTests/Corpus").standardizedFileURL.path

    struct Document {
        var seed: Int?
        var cells: [(number: String, code: String)] = []
    }

    /// The cells of NNN.cells with their code as the seed has it (`## replace` ignored).
    static func document(_ name: String) throws -> Document {
        let text = try String(contentsOfFile: corpus + "/\(name).cells", encoding: .utf8)
        var doc = Document()
        var inCode = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## cell ") {
                doc.cells.append((String(line.dropFirst(8)), ""))
                inCode = true
            } else if line.hasPrefix("## ") {
                if doc.cells.isEmpty, line.hasPrefix("## seed ") { doc.seed = Int(line.dropFirst(8)) }
                inCode = false
            } else if inCode, !doc.cells.isEmpty {
                doc.cells[doc.cells.count - 1].code += (doc.cells[doc.cells.count - 1].code.isEmpty ? "" : "\n") + line
            }
        }
        return doc
    }

    /// Runs every cell; returns each cell's output and seconds.
    static func runInNNTutor(_ doc: Document) throws -> [(number: String, output: String, seconds: Double)] {
        let interp = Interpreter()
        interp.randomState = RandomState(seed: nil)
        var out = ""
        interp.output = { out += $0 }
        if let seed = doc.seed { _ = try interp.run("import numpy\nnumpy.random.seed(\(seed))", filename: "<seed>") }
        var results: [(String, String, Double)] = []
        for cell in doc.cells {
            out = ""
            let t = try Measure.time {
                if let v = try interp.run(cell.code.trimmingNewlines(), filename: "<cell \(cell.number)>", mode: .interactive) {
                    out += try interp.repr(v) + "\n"
                }
            }
            results.append((cell.number, out, t))
        }
        return results
    }

    /// python3 through the oracle: `## cell N (S s)` headers, then each cell's output.
    static func runInPython(_ name: String, mnist: String) throws -> [(number: String, output: String, seconds: Double)] {
        let text = try PythonRunner.run([corpus + "/oracle/run_cells.py", "--full", corpus + "/\(name).cells"],
                                        environment: ["NNTUTOR_DATA_DIR": mnist])
        var results: [(String, String, Double)] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## cell "), let open = line.lastIndex(of: "("), let s = Double(line[line.index(after: open)...].split(separator: " ")[0]) {
                let number = String(line.dropFirst(8)[..<open]).trimmingSpaces()
                results.append((number, "", s))
            } else if !results.isEmpty {
                results[results.count - 1].1 += line + "\n"
            }
        }
        return results
    }

    /// The text around a line's numbers, and the numbers.
    static func shape(_ line: String) -> (String, [Double]) {
        let pattern = try! NSRegularExpression(pattern: "(?<![A-Za-z_0-9.])[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")
        let ns = line as NSString
        var text = "", numbers: [Double] = [], last = 0
        for m in pattern.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            text += ns.substring(with: NSRange(location: last, length: m.range.location - last)) + "#"
            numbers.append(Double(ns.substring(with: m.range)) ?? .nan)
            last = m.range.location + m.range.length
        }
        return (text + ns.substring(from: last), numbers)
    }

    /// Lines of `lines` shaped like `example` (the epoch lines of a training run's output).
    static func linesShaped(like example: String, in lines: [String]) -> [[Double]] {
        let key = shape(example).0
        return lines.filter { shape($0).0 == key }.map { shape($0).1 }
    }
}
