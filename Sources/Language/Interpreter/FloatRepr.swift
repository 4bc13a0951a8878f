/// Python's `repr(float)`: the shortest digits that round-trip (Swift finds those too),
/// laid out by CPython's rule — positional for exponents -4 ≤ e < 16, else `1e-07` style.
public func pythonRepr(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
    let (negative, digits, exponent) = shortestDigits(x)
    var out = negative ? "-" : ""
    // `exponent` is the power of ten of the first digit.
    if exponent < -4 || exponent >= 16 {
        out += String(digits.first!)
        if digits.count > 1 { out += "." + digits.dropFirst() }
        out += "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        return out
    }
    if exponent < 0 {
        out += "0." + String(repeating: "0", count: -exponent - 1) + digits
    } else if digits.count <= exponent + 1 {
        out += digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
    } else {
        let cut = digits.index(digits.startIndex, offsetBy: exponent + 1)
        out += digits[..<cut] + "." + digits[cut...]
    }
    return out
}

/// The shortest round-trip decimal digits of a finite non-zero double, and the decimal
/// exponent of the first digit. Swift's `description` computes them (Errol/Grisu-style).
func shortestDigits(_ x: Double) -> (negative: Bool, digits: String, exponent: Int) {
    var s = x.magnitude.description          // e.g. "0.1", "1e-07", "123.45", "1.5e+300"
    var exp = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exp = Int(s[s.index(after: e)...]) ?? 0
        s = String(s[..<e])
    }
    var intPart = s, fracPart = ""
    if let dot = s.firstIndex(of: ".") {
        intPart = String(s[..<dot])
        fracPart = String(s[s.index(after: dot)...])
    }
    var digits = intPart + fracPart
    var pointPos = intPart.count + exp     // digits[0..<pointPos] are before the point
    while digits.first == "0" && digits.count > 1 { digits.removeFirst(); pointPos -= 1 }
    while digits.last == "0" && digits.count > 1 { digits.removeLast() }
    return (x < 0, digits, pointPos - 1)
}

/// Float32 shortest repr, as NumPy prints np.float32 values.
public func pythonRepr(_ x: Float) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
    // Float's description gives float32-shortest digits; lay them out like Python's repr.
    guard let d = Double(x.description) else { return x.description }
    return pythonRepr(d)
}
