/// `repr(a)` exactly as NumPy 2 prints it: `array([1., 2.])`, with `dtype=` and `shape=`
/// when they cannot be read from the values.
public func arrayRepr(_ a: NDArray, options: PrintOptions = PrintOptions.current) -> String {
    let prefix = "array("
    var extras = [String]()
    let summarised = a.count > options.threshold
    if (a.count == 0 && a.shape != [0]) || summarised { extras.append("shape=\(formatShape(a.shape))") }
    let impliedDType = a.dtype == .float64 || a.dtype == .int64 || a.dtype == .bool
    if !impliedDType || a.count == 0 { extras.append("dtype=\(a.dtype.name)") }
    let body = ArrayFormatter(a, options: options).render(separator: ", ", prefix: prefix, suffixLength: 1)
    if extras.isEmpty { return prefix + body + ")" }
    let text = prefix + body + ","
    let extra = extras.joined(separator: ", ") + ")"
    let lastLine = text.count - ((text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) + 1 }) ?? 0)
    let spacer = lastLine + extra.count + 1 > options.linewidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
    return text + spacer + extra
}

/// `str(a)` / `print(a)`: `[1. 2.]`; a 0-d array prints as its scalar.
public func arrayStr(_ a: NDArray, options: PrintOptions = PrintOptions.current) -> String {
    if a.ndim == 0 { return scalarStr(a.scalar(atStorageOffset: a.offset)) }
    return ArrayFormatter(a, options: options).render(separator: " ", prefix: "", suffixLength: 0)
}

/// NumPy's `_formatArray`: nested brackets, one row per line for the last axis with wrapping
/// at the line width, blank lines between blocks of higher axes, and `...` in summaries.
struct ArrayFormatter {
    let array: NDArray
    let options: PrintOptions
    /// Per axis, whether it is cut to its edge items.
    let summarised: [Bool]
    let formatElement: (Int) -> String

    init(_ a: NDArray, options: PrintOptions) {
        array = a
        self.options = options
        let summarise = a.count > options.threshold
        summarised = a.shape.map { summarise && 2 * options.edgeitems < $0 }
        // The format is fitted to the values that will be shown.
        var shown = [Int]()
        ArrayFormatter.visitShown(a, summarised, options.edgeitems) { shown.append($0) }
        formatElement = ArrayFormatter.makeFormatter(a, shown, options)
    }

    /// Calls `body` with the storage offset of every shown element.
    static func visitShown(_ a: NDArray, _ cut: [Bool], _ edge: Int, _ body: (Int) -> Void) {
        func walk(_ axis: Int, _ offset: Int) {
            if axis == a.ndim { body(offset); return }
            for i in indices(a.shape[axis], cut[axis], edge) { walk(axis + 1, offset + i * a.strides[axis]) }
        }
        if a.count > 0 { walk(0, a.offset) }
    }

    static func indices(_ n: Int, _ cut: Bool, _ edge: Int) -> [Int] {
        cut ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
    }

    static func makeFormatter(_ a: NDArray, _ shown: [Int], _ options: PrintOptions) -> (Int) -> String {
        switch a.dtype {
        case .bool:
            let p = a.storage.base.assumingMemoryBound(to: UInt8.self)
            let scalar0d = a.ndim == 0
            return { p[$0] != 0 ? (scalar0d ? "True" : " True") : "False" }
        case .uint8, .int64:
            let values = shown.map { a.scalar(atStorageOffset: $0).int64Value }
            var width = 0
            if let hi = values.max(), let lo = values.min() {
                var hiLength = String(hi).count
                if hi >= 0 && (options.sign == "+" || options.sign == " ") { hiLength += 1 }
                width = Swift.max(hiLength, String(lo).count)
            }
            let plus = options.sign == "+", space = options.sign == " "
            return { o in
                let v = a.scalar(atStorageOffset: o).int64Value
                let text = (v >= 0 && plus ? "+" : (v >= 0 && space ? " " : "")) + String(v)
                return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
            }
        case .float32, .float64:
            let values = shown.map { a.scalar(atStorageOffset: $0).doubleValue }
            let f = FloatFormat(values: values, isFloat32: a.dtype == .float32, options: options)
            return { f.format(a.scalar(atStorageOffset: $0).doubleValue) }
        }
    }

    func render(separator: String, prefix: String, suffixLength: Int) -> String {
        if array.count == 0 { return "[]" }
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
        return recurse(axis: 0, offset: array.offset, hangingIndent: nextLinePrefix,
                       width: options.linewidth - suffixLength, separator: separator)
    }

    private func recurse(axis: Int, offset: Int, hangingIndent: String, width: Int, separator: String) -> String {
        if axis == array.ndim { return formatElement(offset) }
        let nextIndent = hangingIndent + " "
        let nextWidth = width - 1
        let n = array.shape[axis]
        let step = array.strides[axis]
        let summary = summarised[axis]
        let leading = summary ? options.edgeitems : 0
        let trailing = summary ? options.edgeitems : n
        var s = ""
        if array.ndim - axis == 1 {
            let trimmedSeparator = String(separator.reversed().drop(while: { $0 == " " }).reversed())
            let elementWidth = width - Swift.max(trimmedSeparator.count, 1)
            var line = hangingIndent
            func extend(_ word: String, _ limit: Int) {
                var wrap = line.count + word.count > limit
                if line.count <= hangingIndent.count { wrap = false }
                if wrap {
                    s += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
                    line = hangingIndent
                }
                line += word
            }
            for i in 0..<leading {
                extend(recurse(axis: axis + 1, offset: offset + i * step, hangingIndent: nextIndent, width: nextWidth, separator: separator), elementWidth)
                line += separator
            }
            if summary {
                extend("...", elementWidth)
                line += separator
            }
            if trailing > 1 {
                for i in stride(from: trailing, to: 1, by: -1) {
                    extend(recurse(axis: axis + 1, offset: offset + (n - i) * step, hangingIndent: nextIndent, width: nextWidth, separator: separator), elementWidth)
                    line += separator
                }
            }
            extend(recurse(axis: axis + 1, offset: offset + (n - 1) * step, hangingIndent: nextIndent, width: nextWidth, separator: separator), elementWidth)
            s += line
        } else {
            let trimmedSeparator = String(separator.reversed().drop(while: { $0 == " " }).reversed())
            let lineSeparator = trimmedSeparator + String(repeating: "\n", count: array.ndim - axis - 1)
            for i in 0..<leading {
                s += hangingIndent + recurse(axis: axis + 1, offset: offset + i * step, hangingIndent: nextIndent, width: nextWidth, separator: separator) + lineSeparator
            }
            if summary { s += hangingIndent + "..." + lineSeparator }
            if trailing > 1 {
                for i in stride(from: trailing, to: 1, by: -1) {
                    s += hangingIndent + recurse(axis: axis + 1, offset: offset + (n - i) * step, hangingIndent: nextIndent, width: nextWidth, separator: separator) + lineSeparator
                }
            }
            s += hangingIndent + recurse(axis: axis + 1, offset: offset + (n - 1) * step, hangingIndent: nextIndent, width: nextWidth, separator: separator)
        }
        return "[" + String(s.dropFirst(hangingIndent.count)) + "]"
    }
}
