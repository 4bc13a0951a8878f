/// One-line charts of a series with ▁▂▃▄▅▆▇█ (or ASCII `_.-=^` without Unicode), for
/// progress lines such as the training loop's loss.
public enum Sparkline {
    /// The last `width` values (all when nil) as a sparkline. Non-finite values print as a
    /// space; lower and upper default to the shown values' range.
    /// With `fit`, a longer series is instead squeezed into `width` characters by
    /// averaging consecutive values, so the whole history stays visible.
    public static func render(_ values: [Double], width: Int? = nil, lower: Double? = nil, upper: Double? = nil,
                              fit: Bool = false, unicode: Bool = true) -> String {
        var shown = width.map { values.suffix(max(0, $0)) } ?? values[...]
        if fit, let width, width > 0, values.count > width {
            shown = (0..<width).map { i -> Double in
                let a = i * values.count / width, b = max(a + 1, (i + 1) * values.count / width)
                let bucket = values[a..<b].filter { $0.isFinite }
                return bucket.isEmpty ? .nan : bucket.reduce(0, +) / Double(bucket.count)
            }[...]
        }
        let finite = shown.filter { $0.isFinite }
        guard !finite.isEmpty else { return String(repeating: " ", count: shown.count) }
        let lo = lower ?? finite.min()!, hi = upper ?? finite.max()!
        let levels: [Character] = unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "=", "^"]
        var out = ""
        out.reserveCapacity(shown.count * 3)
        for v in shown {
            guard v.isFinite else { out.append(" "); continue }
            let t = hi > lo ? (v - lo) / (hi - lo) : 0.5
            let i = Int((max(0, min(1, t)) * Double(levels.count - 1)).rounded())
            out.append(levels[i])
        }
        return out
    }
}
