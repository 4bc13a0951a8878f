/// Colour maps for images, heat maps and contours.
public enum Colormap: String, CaseIterable, Sendable {
    case gray
    case viridis
    case grayReversed = "gray_r"
    case hot

    /// Looks up a matplotlib name ("gray", "Greys"...); nil when unknown.
    public init?(name: String) {
        switch name {
        case "gray", "grey", "binary_r": self = .gray
        case "gray_r", "grey_r", "binary", "Greys": self = .grayReversed
        case "viridis": self = .viridis
        case "hot": self = .hot
        default: return nil
        }
    }

    /// Colour for t in 0...1 (clamped; NaN gives nil, drawn as empty).
    public func color(at t: Double) -> RGBColor? {
        guard !t.isNaN else { return nil }
        let x = max(0, min(1, t))
        switch self {
        case .gray: return RGBColor(fractions: x, x, x)
        case .grayReversed: return RGBColor(fractions: 1 - x, 1 - x, 1 - x)
        case .hot:
            return RGBColor(fractions: min(1, x / 0.365), max(0, min(1, (x - 0.365) / 0.381)), max(0, min(1, (x - 0.746) / 0.254)))
        case .viridis:
            let stops = Colormap.viridisStops
            let position = x * Double(stops.count - 1)
            let i = min(stops.count - 2, Int(position))
            let f = position - Double(i)
            let a = stops[i], b = stops[i + 1]
            func mix(_ p: UInt8, _ q: UInt8) -> UInt8 { UInt8((Double(p) + (Double(q) - Double(p)) * f).rounded()) }
            return RGBColor(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
        }
    }

    /// viridis at 0, 0.1, ..., 1 (matplotlib's values), interpolated linearly between.
    private static let viridisStops: [RGBColor] = [
        "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
        "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725",
    ].map { RGBColor(hex: $0)! }
}
