import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// Axis scale.
public enum AxisScale: String, Sendable {
    case linear
    case log

    /// Value in the space the axis is laid out in (log10 for log axes; nil if not drawable).
    @inline(__always)
    func transform(_ v: Double) -> Double? {
        switch self {
        case .linear: return v.isFinite ? v : nil
        case .log: return v > 0 && v.isFinite ? log10(v) : nil
        }
    }

    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log: return pow(10, t)
        }
    }
}

/// A tick: its value and label.
struct Tick: Equatable {
    var value: Double
    var label: String
}

enum TickLocator {
    /// "Nice" ticks (steps of 1, 2 or 5 times a power of ten) inside [lo, hi], about `target` of them.
    static func linear(_ lo: Double, _ hi: Double, target: Int) -> [Tick] {
        guard lo.isFinite, hi.isFinite, hi > lo else {
            return lo.isFinite ? [Tick(value: lo, label: format(lo, step: max(abs(lo), 1)))] : []
        }
        var step = niceStep((hi - lo) / Double(max(1, target)))
        guard step > 0, step.isFinite else { return [] }
        // Rounding the step up can leave a single tick (e.g. -4.5...4.5 by 5): take the
        // next smaller nice step until at least two ticks (or the target) fit.
        let wanted = min(max(2, target), 3)
        while ((hi / step + 1e-9).rounded(.down) - (lo / step - 1e-9).rounded(.up) + 1) < Double(wanted), abs(lo / step) < 1e15 {
            let smaller = smallerNiceStep(step)
            guard smaller > 0, smaller < step, (hi - lo) / smaller <= 1000 else { break }
            step = smaller
        }
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        // Past 2^53 adding 1 no longer moves a Double: no ticks rather than an endless loop.
        guard last >= first, last - first < 1000, first + 1 != first, last + 1 != last else { return [] }
        var ticks: [Tick] = []
        var k = first
        while k <= last {
            let v = k * step
            ticks.append(Tick(value: v, label: format(v, step: step)))
            k += 1
        }
        return ticks
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 0 }
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let nice: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
        return nice * magnitude
    }

    /// The nice step below `step` (5 → 2 → 1 → 0.5 ...).
    static func smallerNiceStep(_ step: Double) -> Double {
        guard step > 0, step.isFinite else { return 0 }
        let magnitude = pow(10, floor(log10(step) + 1e-9))
        let m = step / magnitude
        if m > 4.5 { return 2 * magnitude }
        if m > 1.5 { return magnitude }
        return 0.5 * magnitude
    }

    /// Decimal label with just enough digits for the step ("0.25" never shows as "0.250000").
    static func format(_ v: Double, step: Double) -> String {
        let decimals = step > 0 && step.isFinite ? max(0, min(10, Int(-floor(log10(step) + 1e-9)))) : 0
        if v == 0 || abs(v) < step * 1e-9 { return String(cFormat: "%.\(decimals)f", 0.0) }
        let magnitude = abs(v)
        if magnitude >= 1e6 || magnitude < 1e-4 {
            return exponentFormat(v)
        }
        return String(cFormat: "%.\(decimals)f", v)
    }

    /// "1e+06" like matplotlib's offset-free scientific labels (trailing zeros trimmed).
    static func exponentFormat(_ v: Double) -> String {
        var s = String(cFormat: "%.2e", v)
        if let e = s.firstIndex(of: "e") {
            var mantissa = String(s[..<e])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            s = mantissa + s[e...]
        }
        return s
    }

    /// Ticks for a log axis, given limits in log10 space: the powers of ten, thinned to fit.
    static func log(_ lo: Double, _ hi: Double, target: Int, unicode: Bool) -> [Tick] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return [] }
        let first = Int(max(-300, (lo - 1e-9).rounded(.up)))
        let last = Int(min(300, (hi + 1e-9).rounded(.down)))
        if last - first < 1 {
            // Less than two decades visible: nice linear ticks placed on the log axis.
            return linear(pow(10, lo), pow(10, hi), target: max(2, target))
                .filter { $0.value > 0 }
                .map { Tick(value: log10($0.value), label: $0.label) }
        }
        let every = max(1, (last - first + target) / max(1, target))
        var ticks: [Tick] = []
        var e = first
        while e <= last {
            ticks.append(Tick(value: Double(e), label: powerOfTenLabel(e, unicode: unicode)))
            e += every
        }
        return ticks
    }

    static func powerOfTenLabel(_ exponent: Int, unicode: Bool) -> String {
        guard unicode else { return "1e\(exponent)" }
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }
}
