/// NumPy's layout of a one-dimensional array whose elements are already text (object
/// arrays: each element is its Python repr): `[a, b, ..., z]` filled up to the line width,
/// continued lines indented under the first element, and multi-line elements kept as
/// blocks. `summarised` puts `...` between the first and last `edgeitems` elements.
public func wrappedArrayText(_ words: [String], summarised: Bool, separator: String, prefix: String,
                             suffixLength: Int, options: PrintOptions = PrintOptions.current) -> String {
    if words.isEmpty { return "[]" }
    let indent = String(repeating: " ", count: prefix.count + 1)
    let trimmedSeparator = String(separator.reversed().drop(while: { $0 == " " }).reversed())
    let limit = options.linewidth - suffixLength - Swift.max(trimmedSeparator.count, 1)
    var s = "", line = indent
    func dropTrailingSpaces(_ t: String) -> String { String(t.reversed().drop(while: { $0 == " " }).reversed()) }
    func extend(_ word: String) {
        let parts = word.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            if line.count + word.count > limit && line.count > indent.count {
                s += dropTrailingSpaces(line) + "\n"
                line = indent
            }
            line += word
            return
        }
        // A block: wrap first if its widest line does not fit, then keep its lines aligned.
        let widest = parts.map(\.count).max() ?? 0
        let blockIndent: String
        if line.count + widest > limit && line.count > indent.count {
            s += dropTrailingSpaces(line) + "\n"
            line = indent + parts[0]
            blockIndent = indent
        } else {
            blockIndent = String(repeating: " ", count: line.count)
            line += parts[0]
        }
        for part in parts.dropFirst() {
            s += dropTrailingSpaces(line) + "\n"
            line = blockIndent + part
        }
        line += String(repeating: " ", count: widest - parts[parts.count - 1].count)
    }
    let edge = options.edgeitems
    let cut = summarised && 2 * edge < words.count
    let shown = cut ? Array(words[..<edge]) + ["..."] + Array(words[(words.count - edge)...]) : words
    for (i, word) in shown.enumerated() {
        extend(word)
        if i < shown.count - 1 { line += separator }
    }
    s += line
    return "[" + String(s.dropFirst(indent.count)) + "]"
}
