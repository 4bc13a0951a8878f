/// Turns a lesson's Markdown prose into terminal text: `text` fences disappear and their
/// lines are indented (verbatim); links show their text; with styling on, headings and
/// `**strong**` are bold and `*emphasis*` underlined. Without styling the stars and
/// hashes stay as written. Code spans keep their backticks in both cases.
public struct ProseRenderer {
    public let style: TextStyle

    public init(style: TextStyle) { self.style = style }

    public func render(_ prose: String) -> String {
        var out: [String] = []
        var inFence = false
        for line in prose.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { out.append(line.isEmpty ? "" : "  " + line); continue }
            if style.color, line.hasPrefix("#") {
                let text = line.drop { $0 == "#" }.drop { $0 == " " }
                out.append(style.bold(inline(String(text))))
                continue
            }
            out.append(inline(String(line)))
        }
        return out.joined(separator: "\n")
    }

    /// Inline markup outside code spans.
    func inline(_ line: String) -> String {
        var result = ""
        var plain = ""
        var rest = Substring(line)
        func flushPlain() { result += emphasis(links(plain)); plain = "" }
        while let c = rest.first {
            if c == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                flushPlain()
                result += rest[rest.startIndex...close]
                rest = rest[rest.index(after: close)...]
                continue
            }
            plain.append(c)
            rest = rest.dropFirst()
        }
        flushPlain()
        return result
    }

    /// `[text](target)` becomes `text`.
    func links(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]"),
                  rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
                  let end = rest[close...].firstIndex(of: ")") else { break }
            out += rest[..<open]
            out += rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// `**strong**` and `*emphasis*` (a star touching a word on its inner side), styled
    /// when colour is on.
    func emphasis(_ s: String) -> String {
        guard style.color, s.contains("*") else { return s }
        let chars = Array(s)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "*" {
                let strong = i + 1 < chars.count && chars[i + 1] == "*"
                let marker = strong ? 2 : 1
                let start = i + marker
                if start < chars.count, chars[start] != " ", chars[start] != "*",
                   let end = closing(chars, from: start, marker: marker) {
                    let inner = String(chars[start..<end])
                    out += strong ? style.bold(inner) : style.underline(inner)
                    i = end + marker
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    private func closing(_ chars: [Character], from start: Int, marker: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "*" && chars[j - 1] != " " {
                if marker == 2 { if j + 1 < chars.count && chars[j + 1] == "*" { return j } }
                else if j + 1 >= chars.count || chars[j + 1] != "*" { return j }
            }
            j += 1
        }
        return nil
    }
}
