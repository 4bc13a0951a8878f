#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finite float as decimal digits: value = 0.d1d2d3... × 10^exponent, without trailing
/// zeros. `shortest` gives the fewest digits that read back as the same float (what Python's
/// repr and NumPy's "unique" mode print); `rounded` gives the exact binary value correctly
/// rounded (half to even), as NumPy's Dragon4 does when a precision cuts the digits off.
struct DecimalDigits {
    var negative: Bool
    var digits: [UInt8]
    /// Position of the decimal point relative to the first digit.
    var exponent: Int

    var isZero: Bool { digits.isEmpty }

    /// Shortest round-trip digits, taken from Swift's `description` (shortest and closest).
    static func shortest<F: BinaryFloatingPoint & LosslessStringConvertible>(_ x: F) -> DecimalDigits {
        parse(x.description)
    }

    /// The exact value rounded to `fractionDigits` digits after the point (positional).
    static func rounded(_ x: Double, fractionDigits: Int) -> DecimalDigits {
        parse(cFormat(x, "f", fractionDigits))
    }

    /// The exact value rounded to `mantissaDigits` digits after the first one (scientific).
    static func rounded(_ x: Double, mantissaDigits: Int) -> DecimalDigits {
        parse(cFormat(x, "e", mantissaDigits))
    }

    private static func cFormat(_ x: Double, _ style: String, _ digits: Int) -> String {
        let n = Swift.max(0, Swift.min(digits, 400))
        var buffer = [CChar](repeating: 0, count: 512)
        _ = buffer.withUnsafeMutableBufferPointer { b in
            withVaList([x]) { vsnprintf(b.baseAddress, 512, "%.\(n)\(style)", $0) }
        }
        return String(cString: buffer)
    }

    /// Parses "-1.25e-05", "123.5", "0.001" or "1e+16" into digits and exponent.
    static func parse(_ text: String) -> DecimalDigits {
        var negative = false
        var mantissa = Substring(text)
        var exp10 = 0
        if mantissa.first == "-" { negative = true; mantissa = mantissa.dropFirst() }
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var digits = [UInt8]()
        var pointPosition: Int? = nil
        for c in mantissa {
            if c == "." { pointPosition = digits.count; continue }
            if let v = c.wholeNumberValue { digits.append(UInt8(v)) }
        }
        var point = (pointPosition ?? digits.count) + exp10
        // Strip leading zeros (moving the point) and trailing zeros.
        var lead = 0
        while lead < digits.count && digits[lead] == 0 { lead += 1 }
        digits.removeFirst(lead)
        point -= lead
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty { point = 0 }
        return DecimalDigits(negative: negative, digits: digits, exponent: point)
    }

    /// Number of digits after the decimal point when written positionally.
    var fractionCount: Int { Swift.max(0, digits.count - exponent) }

    /// Integer and fraction parts written positionally ("0", "25" for 0.25).
    func positionalParts() -> (integer: String, fraction: String) {
        var integer = "", fraction = ""
        if exponent <= 0 {
            integer = "0"
            fraction = String(repeating: "0", count: -exponent) + digits.map { String($0) }.joined()
        } else {
            for i in 0..<exponent { integer += i < digits.count ? String(digits[i]) : "0" }
            if digits.count > exponent { fraction = digits[exponent...].map { String($0) }.joined() }
        }
        return ((negative ? "-" : "") + integer, fraction)
    }
}

/// Python's `repr(float)`: shortest round-trip digits, positional for 1e-4 ≤ |x| < 1e16 with
/// a trailing ".0" when integral, otherwise scientific like `1e-05` or `1.5e+16`.
public func pythonFloatRepr(_ x: Double) -> String {
    floatScalarText(DecimalDigits.shortest(x), isNaN: x.isNaN, isInfinite: x.isInfinite, negative: x < 0,
                    positional: x == 0 || (Swift.abs(x) >= 1e-4 && Swift.abs(x) < 1e16))
}

/// `str(np.float32(x))`: the same layout with float32's shortest digits; NumPy switches to
/// scientific notation from 1e6 up for float32.
func float32ScalarText(_ x: Float) -> String {
    floatScalarText(DecimalDigits.shortest(x), isNaN: x.isNaN, isInfinite: x.isInfinite, negative: x < 0,
                    positional: x == 0 || (Swift.abs(x) >= 1e-4 && Swift.abs(x) < 1e6))
}

private func floatScalarText(_ d: DecimalDigits, isNaN: Bool, isInfinite: Bool, negative: Bool, positional: Bool) -> String {
    if isNaN { return "nan" }
    if isInfinite { return negative ? "-inf" : "inf" }
    if d.isZero { return d.negative ? "-0.0" : "0.0" }
    let sign = d.negative ? "-" : ""
    let decimalExponent = d.exponent - 1   // x = d.ddd × 10^decimalExponent
    if !positional {
        var m = String(d.digits[0])
        if d.digits.count > 1 { m += "." + d.digits[1...].map { String($0) }.joined() }
        let e = abs(decimalExponent)
        return sign + m + "e" + (decimalExponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
    }
    let (integer, fraction) = d.positionalParts()
    return integer + "." + (fraction.isEmpty ? "0" : fraction)
}
