import Foundation

/// How a cell's output is compared with the seed's, by the cell's `expect` mode.
enum OutputMatching {
    /// Nil when `actual` satisfies the expectation, else what differs.
    static func mismatch(_ cell: CorpusDocument.Cell, output: String, error: String?) -> String? {
        let lines = output.components(separatedBy: "\n").map { $0.trimmingTrailingSpaces() }.droppingTrailingEmpty()
        let expected = cell.expected.map { $0.trimmingTrailingSpaces() }
        if cell.mode != "error", cell.mode != "skip", let error { return "raised \(error)" }
        switch cell.mode {
        case "none":
            return lines.isEmpty ? nil : "expected no output, got:\n" + lines.joined(separator: "\n")
        case "exact":
            return lines == expected ? nil : "expected:\n\(expected.joined(separator: "\n"))\ngot:\n\(lines.joined(separator: "\n"))"
        case "approx":
            let tolerance = Double(cell.argument) ?? 1e-9
            guard lines.count == expected.count else {
                return "expected \(expected.count) lines:\n\(expected.joined(separator: "\n"))\ngot:\n\(lines.joined(separator: "\n"))"
            }
            for (a, e) in zip(lines, expected) where !approximatelyEqual(a, e, tolerance) {
                return "line differs beyond \(tolerance):\n  expected \(e)\n  got      \(a)"
            }
            return nil
        case "below":
            // Gradient-check differences: same text, every number under the bound.
            let bound = Double(cell.argument) ?? 1e-6
            guard lines.count == expected.count else {
                return "expected \(expected.count) lines:\n\(expected.joined(separator: "\n"))\ngot:\n\(lines.joined(separator: "\n"))"
            }
            for (a, e) in zip(lines, expected) {
                let (ta, na) = split(a), (te, _) = split(e)
                if ta != te || na.contains(where: { !(abs($0) < bound) }) { return "expected a line like \(e) with numbers below \(bound), got \(a)" }
            }
            return nil
        case "lines":
            let n = Int(cell.argument) ?? 0
            return lines.count == n ? nil : "expected \(n) lines, got \(lines.count):\n" + lines.joined(separator: "\n")
        case "contains":
            return output.contains(cell.argument) ? nil : "output does not contain \(cell.argument):\n" + output
        case "plot":
            // A terminal plot: several lines, with an axis frame drawn from box or ASCII characters.
            let framed = lines.contains { l in l.contains("│") || l.contains("|") || l.contains("└") || l.contains("+") }
            return lines.count >= 5 && framed ? nil : "expected a terminal plot, got:\n" + output
        case "error":
            guard let error else { return "expected \(cell.argument), but the cell ran:\n" + output }
            return error.hasPrefix(cell.argument) ? nil : "expected \(cell.argument), got \(error)"
        case "skip":
            return nil
        default:
            return "unknown expect mode \(cell.mode)"
        }
    }

    /// For a training run's `seed-printout`: nil when each of the seed's printed lines that is
    /// marked `+` is within the tolerance of this run's line at the same place (the k-th
    /// line of the same shape), and each marked `-` is not, so the record stays true.
    static func printoutMismatch(_ cell: CorpusDocument.Cell, output: String) -> String? {
        guard let tolerance = cell.printoutTolerance else { return nil }
        let lines = output.components(separatedBy: "\n")
        var seen: [String: Int] = [:]
        for (marked, seedLine) in cell.printout {
            let shape = split(seedLine).0
            let k = seen[shape, default: 0]
            seen[shape] = k + 1
            let same = lines.filter { split($0).0 == shape }
            let lands = k < same.count && approximatelyEqual(same[k], seedLine, tolerance)
            if lands != marked {
                let ours = k < same.count ? same[k] : "(no such line)"
                return "the seed's line \"\(seedLine)\" is marked \(marked ? "+" : "-") but this run's line is \"\(ours)\""
            }
        }
        return nil
    }

    /// Same text with every number within `tolerance` of its counterpart.
    static func approximatelyEqual(_ a: String, _ b: String, _ tolerance: Double) -> Bool {
        let (ta, na) = split(a), (tb, nb) = split(b)
        guard ta == tb, na.count == nb.count else { return false }
        return zip(na, nb).allSatisfy { abs($0 - $1) <= tolerance || ($0.isNaN && $1.isNaN) }
    }

    /// The text with numbers replaced by a marker, and the numbers. Digits inside a name
    /// (`W1`, `b2`) are text.
    static func split(_ s: String) -> (String, [Double]) {
        let pattern = try! NSRegularExpression(pattern: "(?<![A-Za-z_0-9.])[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")
        let ns = s as NSString
        var text = "", numbers: [Double] = []
        var last = 0
        for m in pattern.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            text += ns.substring(with: NSRange(location: last, length: m.range.location - last)) + "#"
            numbers.append(Double(ns.substring(with: m.range)) ?? .nan)
            last = m.range.location + m.range.length
        }
        text += ns.substring(from: last)
        return (text.split(whereSeparator: { $0 == " " }).joined(separator: " "), numbers)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}

extension Array where Element == String {
    func droppingTrailingEmpty() -> [String] {
        var a = self
        while a.last?.isEmpty == true { a.removeLast() }
        return a
    }
}
