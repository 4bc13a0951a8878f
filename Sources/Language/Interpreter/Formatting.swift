import FoundationEssentials
import Tensor

/// Python's string formatting: format specs (f-strings, format(), str.format) and `%`.
enum Formatting {
    struct Spec {
        var fill: Character = " "
        var align: Character? = nil
        var sign: Character = "-"
        var alternate = false
        var zeroPad = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil

        init(_ text: String) throws {
            var chars = Array(text)[...]
            if chars.count >= 2, "<>=^".contains(chars[chars.startIndex + 1]) {
                fill = chars.removeFirst(); align = chars.removeFirst()
            } else if let c = chars.first, "<>=^".contains(c) {
                align = chars.removeFirst()
            }
            if let c = chars.first, "+- ".contains(c) { sign = chars.removeFirst() }
            if chars.first == "#" { alternate = true; chars.removeFirst() }
            if chars.first == "0" { zeroPad = true; chars.removeFirst() }
            var w = ""
            while let c = chars.first, c.isNumber { w.append(chars.removeFirst()) }
            width = Int(w) ?? 0
            if let c = chars.first, c == "," || c == "_" { grouping = chars.removeFirst() }
            if chars.first == "." {
                chars.removeFirst()
                var p = ""
                while let c = chars.first, c.isNumber { p.append(chars.removeFirst()) }
                guard let pv = Int(p) else { throw PyError(.valueError, "Format specifier missing precision") }
                precision = pv
            }
            if let c = chars.first { type = chars.removeFirst() }
            if !chars.isEmpty { throw PyError(.valueError, "Invalid format specifier '\(text)'") }
        }
    }

    /// `format(value, spec)`.
    static func format(_ v: Value, spec text: String, _ interp: Interpreter) throws -> String {
        if text.isEmpty { return try interp.str(v) }
        let spec = try Spec(text)
        var value = v
        if case .scalar(let s) = v { value = NumPyBridge.pythonValue(s) }
        if case .bool(let b) = value, spec.type != nil { value = .int(b ? 1 : 0) }
        switch value {
        case .int(let i):
            if let t = spec.type, "eEfFgG%".contains(t) { return try formatFloat(Double(i), spec) }
            var digits: String
            switch spec.type {
            case "x": digits = String(i.magnitude, radix: 16)
            case "X": digits = String(i.magnitude, radix: 16).uppercased()
            case "o": digits = String(i.magnitude, radix: 8)
            case "b": digits = String(i.magnitude, radix: 2)
            case nil, "d", "n": digits = String(i.magnitude)
            case "c": return pad(String(UnicodeScalar(UInt32(i)).map(Character.init) ?? " "), spec, numeric: false)
            default: throw PyError(.valueError, "Unknown format code '\(spec.type!)' for object of type 'int'")
            }
            if let g = spec.grouping { digits = group(digits, g) }
            return pad(digits, spec, numeric: true, negative: i < 0)
        case .float(let d):
            return try formatFloat(d, spec)
        case .str(let s):
            if let t = spec.type, t != "s" { throw PyError(.valueError, "Unknown format code '\(t)' for object of type 'str'") }
            let cut = spec.precision.map { String(s.prefix($0)) } ?? s
            return pad(cut, spec, numeric: false)
        default:
            return pad(try interp.str(v), spec, numeric: false)
        }
    }

    static func formatFloat(_ d: Double, _ spec: Spec) throws -> String {
        let negative = d < 0 || (d == 0 && d.sign == .minus)
        let m = d.magnitude
        var body: String
        if m.isNaN { body = "nan" } else if m.isInfinite { body = "inf" } else {
            switch spec.type {
            case "f", "F": body = String(cFormat: "%.\(spec.precision ?? 6)f", m)
            case "e", "E": body = String(cFormat: "%.\(spec.precision ?? 6)e", m)
            case "g", "G":
                body = String(cFormat: "%.\(max(spec.precision ?? 6, 1))\(spec.alternate ? "#" : "")g", m)
            case "%": body = String(cFormat: "%.\(spec.precision ?? 6)f", m * 100) + "%"
            case nil:
                if let p = spec.precision {
                    body = String(cFormat: "%.\(max(p, 1))g", m)
                    if !body.contains(".") && !body.contains("e") && !body.contains("inf") { body += ".0" }
                } else {
                    body = pythonRepr(m)
                }
            default: throw PyError(.valueError, "Unknown format code '\(spec.type!)' for object of type 'float'")
            }
            if spec.type == "E" || spec.type == "G" { body = body.uppercased() }
            if let g = spec.grouping {
                let parts = body.split(separator: ".", maxSplits: 1)
                body = group(String(parts[0]), g) + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        return pad(body, spec, numeric: true, negative: negative)
    }

    private static func group(_ digits: String, _ sep: Character) -> String {
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(sep) }
            out.append(c)
        }
        return String(out.reversed())
    }

    private static func pad(_ body: String, _ spec: Spec, numeric: Bool, negative: Bool = false) -> String {
        var signText = ""
        if numeric {
            if negative { signText = "-" } else if spec.sign == "+" { signText = "+" } else if spec.sign == " " { signText = " " }
        }
        let align = spec.align ?? (spec.zeroPad && numeric ? "=" : (numeric ? ">" : "<"))
        let fill = spec.zeroPad && spec.align == nil ? "0" : spec.fill
        let total = signText.count + body.count
        let padCount = max(spec.width - total, 0)
        let padding = String(repeating: fill, count: padCount)
        switch align {
        case "<": return signText + body + padding
        case "^":
            let left = padCount / 2
            return String(repeating: fill, count: left) + signText + body + String(repeating: fill, count: padCount - left)
        case "=": return signText + padding + body
        default: return padding + signText + body
        }
    }

    /// `"text %d %s" % args`.
    static func percent(_ format: String, _ argValue: Value, _ interp: Interpreter) throws -> String {
        var args: [Value]
        if case .tuple(let t) = argValue { args = t } else { args = [argValue] }
        var out = ""
        var chars = Array(format)[...]
        var used = 0
        while let c = chars.first {
            chars.removeFirst()
            guard c == "%" else { out.append(c); continue }
            guard !chars.isEmpty else { throw PyError(.valueError, "incomplete format") }
            if chars.first == "%" { chars.removeFirst(); out.append("%"); continue }
            var flags = ""
            while let f = chars.first, "-+ #0".contains(f) { flags.append(chars.removeFirst()) }
            var width = ""
            while let d = chars.first, d.isNumber { width.append(chars.removeFirst()) }
            var precision: String? = nil
            if chars.first == "." {
                chars.removeFirst()
                precision = ""
                while let d = chars.first, d.isNumber { precision!.append(chars.removeFirst()) }
            }
            guard let type = chars.first else { throw PyError(.valueError, "incomplete format") }
            chars.removeFirst()
            guard used < args.count else { throw PyError(.typeError, "not enough arguments for format string") }
            let arg = args[used]
            used += 1
            var specText = ""
            if flags.contains("-") { specText += "<" }
            if flags.contains("+") { specText += "+" } else if flags.contains(" ") { specText += " " }
            if flags.contains("0") && !flags.contains("-") { specText += "0" }
            specText += width
            if let p = precision { specText += "." + (p.isEmpty ? "0" : p) }
            switch type {
            case "s": out += pad(try interp.str(arg), try Spec(specText), numeric: false)
            case "r": out += pad(try interp.repr(arg), try Spec(specText), numeric: false)
            case "d", "i":
                guard let n = interp.numericValue(arg) else { throw PyError(.typeError, "%d format: a real number is required, not \(interp.typeName(arg))") }
                out += try self.format(.int(Int(n.rounded(.towardZero))), spec: specText, interp)
            case "f", "F", "e", "E", "g", "G":
                guard let n = interp.numericValue(arg) else { throw PyError(.typeError, "must be real number, not \(interp.typeName(arg))") }
                out += try formatFloat(n, try Spec(specText + (precision == nil ? ".6" : "") + String(type)))
            case "x", "X", "o":
                guard case .int = arg else { throw PyError(.typeError, "%\(type) format: an integer is required, not \(interp.typeName(arg))") }
                out += try self.format(arg, spec: specText + String(type), interp)
            default: throw PyError(.valueError, "unsupported format character '\(type)'")
            }
        }
        if used < args.count, case .tuple = argValue { throw PyError(.typeError, "not all arguments converted during string formatting") }
        return out
    }

    /// `"{} {name:.2f}".format(...)`.
    static func strFormat(_ format: String, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> String {
        var out = ""
        var chars = Array(format)[...]
        var auto = 0
        while let c = chars.first {
            chars.removeFirst()
            if c == "}" {
                if chars.first == "}" { chars.removeFirst() }
                out.append("}")
                continue
            }
            guard c == "{" else { out.append(c); continue }
            if chars.first == "{" { chars.removeFirst(); out.append("{"); continue }
            var field = ""
            while let d = chars.first, d != "}" { field.append(chars.removeFirst()) }
            guard chars.first == "}" else { throw PyError(.valueError, "Single '{' encountered in format string") }
            chars.removeFirst()
            var spec = ""
            var conversion: Character? = nil
            if let colon = field.firstIndex(of: ":") { spec = String(field[field.index(after: colon)...]); field = String(field[..<colon]) }
            if let bang = field.firstIndex(of: "!") { conversion = field[field.index(after: bang)...].first; field = String(field[..<bang]) }
            var nameEnd = field.firstIndex { $0 == "." || $0 == "[" } ?? field.endIndex
            let head = String(field[..<nameEnd])
            var value: Value
            if head.isEmpty {
                guard auto < args.count else { throw PyError(.indexError, "Replacement index \(auto) out of range for positional args tuple") }
                value = args[auto]; auto += 1
            } else if let i = Int(head) {
                guard i < args.count else { throw PyError(.indexError, "Replacement index \(i) out of range for positional args tuple") }
                value = args[i]
            } else {
                guard let kv = kwargs.first(where: { $0.0 == head }) else { throw PyError(.keyError, "'\(head)'") }
                value = kv.1
            }
            while nameEnd < field.endIndex {
                let rest = field[nameEnd...]
                if rest.hasPrefix(".") {
                    let after = rest.dropFirst()
                    let end = after.firstIndex { $0 == "." || $0 == "[" } ?? after.endIndex
                    value = try interp.getAttribute(value, String(after[..<end]))
                    nameEnd = end
                } else {
                    let after = rest.dropFirst()
                    guard let close = after.firstIndex(of: "]") else { throw PyError(.valueError, "Missing ']' in format string") }
                    let key = String(after[..<close])
                    value = try interp.getItem(value, Int(key).map { .int($0) } ?? .str(key))
                    nameEnd = after.index(after: close)
                }
            }
            if conversion == "r" { value = .str(try interp.repr(value)) } else if conversion == "s" { value = .str(try interp.str(value)) }
            out += try self.format(value, spec: spec, interp)
        }
        return out
    }
}
