/// Terminal text measurement and word wrapping that ignore ANSI colour sequences, so a
/// styled message wraps where its visible text does.
public enum TextWrap {
    /// Columns `text` occupies on a terminal: escape sequences take none, combining marks
    /// none, East Asian wide characters two.
    public static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                // CSI sequences end with a letter ("\e[1m", "\e[2K").
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            width += columns(of: scalar)
        }
        return width
    }

    static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// Wraps every line of `text` that is wider than `width` at spaces; the continuation
    /// rows start with `indent` spaces (a hanging indent under a label such as
    /// "Your turn: "). Lines that fit, and embedded line breaks, are kept as written.
    public static func wrap(_ text: String, width: Int, indent: Int = 0) -> String {
        guard width > 0 else { return text }
        let hang = min(indent, width / 3)
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if displayWidth(line) <= width { out.append(String(line)); continue }
            var row = ""
            var rowWidth = 0
            var rowEmpty = true
            let pad = String(repeating: " ", count: hang)
            func newRow() { out.append(row); row = pad; rowWidth = hang; rowEmpty = true }
            // Leading spaces (an indented code line) belong to the first word.
            let leading = line.prefix { $0 == " " }
            var words = line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if !words.isEmpty { words[0] = String(leading) + words[0] }
            for word in words {
                var piece = word
                if !rowEmpty && rowWidth + 1 + displayWidth(piece) > width { newRow() }
                if !rowEmpty { row += " "; rowWidth += 1 }
                // A word longer than a whole row is cut.
                while rowWidth + displayWidth(piece) > width {
                    let (head, tail) = split(piece, columns: max(1, width - rowWidth))
                    row += head
                    newRow()
                    piece = tail
                }
                row += piece
                rowWidth += displayWidth(piece)
                rowEmpty = false
            }
            out.append(row)
        }
        return out.joined(separator: "\n")
    }

    /// The first `columns` visible columns of `s` and the rest.
    static func split(_ s: String, columns: Int) -> (String, String) {
        var head = "", used = 0
        var rest = Substring(s)
        while let c = rest.first {
            let w = displayWidth(String(c))
            if used + w > columns && used > 0 { break }
            head.append(c)
            used += w
            rest = rest.dropFirst()
        }
        return (head, String(rest))
    }

    /// The rows `text` fills on a terminal `width` columns wide (the terminal wraps long
    /// lines itself).
    public static func rows(_ text: String, width: Int) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, line in
            sum + max(1, (displayWidth(line) + max(width, 1) - 1) / max(width, 1))
        }
    }
}
