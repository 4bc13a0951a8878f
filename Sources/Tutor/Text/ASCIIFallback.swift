/// Typography for terminals without UTF-8 (a vt100, a C locale): the tutor's own text is
/// spelled in ASCII so it never shows as mojibake. Program output is left alone.
public enum ASCIIFallback {
    static let table: [Unicode.Scalar: String] = [
        "\u{2014}": "--", "\u{2013}": "-", "\u{2212}": "-", "\u{00A7}": "sec. ", "\u{00D7}": "x",
        "\u{2248}": "~", "\u{2264}": "<=", "\u{2265}": ">=", "\u{2260}": "!=", "\u{2192}": "->",
        "\u{2018}": "'", "\u{2019}": "'", "\u{201C}": "\"", "\u{201D}": "\"", "\u{2026}": "...",
        "\u{00B7}": "*", "\u{00B2}": "^2", "\u{00B5}": "u", "\u{00A0}": " ", "\u{2009}": " ", "\u{202F}": " ",
    ]

    /// `text` with every non-ASCII character replaced (by '?' when nothing closer exists).
    public static func text(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) }
            else if let replacement = table[scalar] { out += replacement }
            else if scalar.properties.generalCategory == .nonspacingMark { continue }
            else { out += "?" }
        }
        return out.replacing("sec.  ", with: "sec. ")
    }
}
