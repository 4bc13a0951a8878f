/// Maps layout-space values (see `AxisScale.transform`) to dot positions along one axis
/// of a canvas with `pixels` dots, `dotsPerCell` to a cell.
struct AxisMapper {
    var lower: Double
    var upper: Double
    var pixels: Int
    var dotsPerCell: Int
    /// True when the value grows towards dot 0 (the y axis, unless inverted).
    var reversed: Bool

    /// Continuous dot coordinate: `lower` at one edge dot, `upper` at the other.
    @inline(__always)
    func dot(_ t: Double) -> Double {
        let f = (t - lower) / (upper - lower)
        let span = Double(max(0, pixels - 1))
        return reversed ? (1 - f) * span : f * span
    }

    /// Cell index for a value, or nil when outside the axis.
    func cell(_ t: Double) -> Int? {
        let d = dot(t)
        guard d.isFinite, d > -0.5, d < Double(pixels) - 0.5 else { return nil }
        return Int(d.rounded()) / max(1, dotsPerCell)
    }

    /// Cell index for a value, clamped to the axis (for markers and text at the edges).
    func clampedCell(_ t: Double) -> Int? {
        let d = dot(t)
        guard d.isFinite else { return nil }
        let clamped = max(0, min(Double(max(0, pixels - 1)), d.rounded()))
        return Int(clamped) / max(1, dotsPerCell)
    }
}

/// Converts a Double to Int only when finite and in a safe range.
@inline(__always)
func safeInt(_ d: Double) -> Int? {
    guard d.isFinite, abs(d) < 1e15 else { return nil }
    return Int(d)
}
