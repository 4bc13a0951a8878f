/// NumPy's `FloatingFormat`: looks at all the (shown) values of an array once to choose
/// positional or scientific notation, the digits and the padding, then formats each value
/// so the columns line up.
struct FloatFormat {
    private var scientific = false
    private var precision: Int
    private var minDigits = 0
    private var unique = true
    private var keepZeros = false     // trim 'k' (keep) rather than '.' (drop trailing zeros)
    private var padLeft = 0
    private var padRight = 0
    private var exponentDigits = 0
    private let plusSign: Bool
    private let isFloat32: Bool

    init(values: [Double], isFloat32: Bool, options: PrintOptions) {
        precision = options.precision
        plusSign = options.sign == "+"
        self.isFloat32 = isFloat32
        let fixed = options.floatmode == "fixed"
        let finite = values.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        if let maxValue = nonZero.max(), let minValue = nonZero.min() {
            // NumPy 2 lowers the cut-off to 10^precision of the dtype (1e6 for float32).
            if maxValue >= (isFloat32 ? 1e6 : 1e8) || (!options.suppress && (minValue < 0.0001 || maxValue / minValue > 1000)) {
                scientific = true
            }
        }
        if finite.isEmpty {
            padLeft = 0; padRight = 0; exponentDigits = -1; minDigits = 0
        } else if scientific {
            unique = !fixed
            let parts = finite.map { scientificParts($0, precision: precision, minDigits: 0, unique: unique, keepZeros: fixed) }
            exponentDigits = parts.map { $0.exponent.count - 1 }.max()!
            keepZeros = true
            precision = parts.map { $0.fraction.count }.max()!
            minDigits = precision
            padLeft = parts.map { $0.integer.count }.max()!
            padRight = exponentDigits + 2 + precision
        } else {
            unique = !fixed
            let parts = finite.map { positionalParts($0, precision: precision, minDigits: 0, unique: unique, keepZeros: fixed) }
            padLeft = parts.map { $0.integer.count }.max()!
            padRight = parts.map { $0.fraction.count }.max()!
            exponentDigits = -1
            if fixed || options.floatmode == "maxprec_equal" {
                precision = padRight; minDigits = padRight; keepZeros = true
            } else {
                minDigits = 0
            }
        }
        if options.sign == " " && !finite.contains(where: { $0.sign == .minus }) { padLeft += 1 }
        if finite.count != values.count {
            let negativeInfinity = options.sign != "-" || values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = Swift.max(padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
        }
    }

    func format(_ x: Double) -> String {
        if !x.isFinite {
            let text = x.isNaN ? (plusSign ? "+nan" : "nan") : (x < 0 ? "-inf" : (plusSign ? "+inf" : "inf"))
            return String(repeating: " ", count: Swift.max(0, padLeft + padRight + 1 - text.count)) + text
        }
        if scientific {
            let p = scientificParts(x, precision: precision, minDigits: minDigits, unique: unique, keepZeros: keepZeros)
            var exponent = p.exponent
            let sign = exponent.removeFirst()
            let digits = String(repeating: "0", count: Swift.max(0, exponentDigits - exponent.count)) + exponent
            let integer = (plusSign && x.sign == .plus ? "+" : "") + p.integer
            return String(repeating: " ", count: Swift.max(0, padLeft - integer.count)) + integer + "." + p.fraction + "e" + String(sign) + digits
        }
        let p = positionalParts(x, precision: precision, minDigits: minDigits, unique: unique, keepZeros: keepZeros)
        let integer = (plusSign && x.sign == .plus ? "+" : "") + p.integer
        return String(repeating: " ", count: Swift.max(0, padLeft - integer.count)) + integer + "." + p.fraction
            + String(repeating: " ", count: Swift.max(0, padRight - p.fraction.count))
    }

    /// Shortest digits, or the exact value rounded when they need more than `precision`.
    /// Shortest digits, or the exact value rounded when they need more than `precision`;
    /// when fewer than `minDigits` come out, more digits of the exact value are used (Dragon4
    /// keeps generating rather than padding with zeros).
    private func digitsFor(_ x: Double, positionalPrecision: Int?, scientificPrecision: Int?, unique: Bool, minDigits: Int) -> DecimalDigits {
        if unique {
            let shortest = isFloat32 ? DecimalDigits.shortest(Float(x)) : DecimalDigits.shortest(x)
            if let p = positionalPrecision, shortest.fractionCount <= p {
                return shortest.fractionCount >= minDigits ? shortest : DecimalDigits.rounded(x, fractionDigits: minDigits)
            }
            if let p = scientificPrecision, shortest.digits.count - 1 <= p {
                return shortest.digits.count - 1 >= minDigits || shortest.isZero ? shortest : DecimalDigits.rounded(x, mantissaDigits: minDigits)
            }
        }
        if let p = positionalPrecision { return DecimalDigits.rounded(x, fractionDigits: p) }
        return DecimalDigits.rounded(x, mantissaDigits: scientificPrecision ?? 0)
    }

    private func positionalParts(_ x: Double, precision: Int, minDigits: Int, unique: Bool, keepZeros: Bool) -> (integer: String, fraction: String) {
        var d = digitsFor(x, positionalPrecision: precision, scientificPrecision: nil, unique: unique, minDigits: minDigits)
        d.negative = x.sign == .minus
        var (integer, fraction) = d.positionalParts()
        let wanted = keepZeros ? Swift.max(minDigits, unique ? 0 : precision) : minDigits
        if fraction.count < wanted { fraction += String(repeating: "0", count: wanted - fraction.count) }
        return (integer, fraction)
    }

    private func scientificParts(_ x: Double, precision: Int, minDigits: Int, unique: Bool, keepZeros: Bool) -> (integer: String, fraction: String, exponent: String) {
        let d = digitsFor(x, positionalPrecision: nil, scientificPrecision: precision, unique: unique, minDigits: minDigits)
        let negative = x.sign == .minus
        guard !d.isZero else {
            let fraction = String(repeating: "0", count: keepZeros ? Swift.max(minDigits, unique ? 0 : precision) : minDigits)
            return ((negative ? "-" : "") + "0", fraction, "+00")
        }
        let e = d.exponent - 1
        var fraction = d.digits.dropFirst().map { String($0) }.joined()
        let wanted = keepZeros ? Swift.max(minDigits, unique ? 0 : precision) : minDigits
        if fraction.count < wanted { fraction += String(repeating: "0", count: wanted - fraction.count) }
        let magnitude = Swift.abs(e)
        return ((negative ? "-" : "") + String(d.digits[0]), fraction, (e < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude))
    }
}
