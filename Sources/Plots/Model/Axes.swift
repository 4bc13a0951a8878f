import FoundationEssentials

/// One plotting panel: the artists drawn in it and its axis settings. Methods mirror
/// matplotlib's `Axes` (and so `pyplot`) but take plain `[Double]` arrays.
public final class Axes {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Explicit limits (either end may stay automatic), as `xlim`/`ylim` set them.
    public var xLimits: (lower: Double?, upper: Double?) = (nil, nil)
    public var yLimits: (lower: Double?, upper: Double?) = (nil, nil)
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    public var gridVisible = false
    public var legendVisible = false
    /// Where the legend goes (`legend(loc=...)`).
    public var legendLocation: LegendLocation = .best
    /// Whether a colour bar is drawn beside the last image or contour.
    public var colorbarVisible = false
    /// True when y grows downwards (images, `invert_yaxis`).
    public var yInverted = false

    private(set) var artists: [Artist] = []
    private var nextColor = 0

    public init() {}

    /// Next colour of the default cycle (what matplotlib picks when none is given).
    func takeColor(_ explicit: RGBColor?) -> RGBColor {
        if let explicit { return explicit }
        defer { nextColor += 1 }
        return RGBColor.cycle[nextColor % RGBColor.cycle.count]
    }

    static func parseColor(_ name: String?) throws -> RGBColor? {
        guard let name else { return nil }
        guard let c = RGBColor.named(name) else { throw PlotError(.valueError, "'\(name)' is not a valid color value.") }
        return c
    }

    private static func checkSameLength(_ x: [Double], _ y: [Double]) throws {
        if x.count != y.count {
            throw PlotError(.valueError, "x and y must have same first dimension, but have shapes (\(x.count),) and (\(y.count),)")
        }
    }

    // MARK: Lines and points

    /// `plot(x, y, fmt, label=...)`. With `x` nil, x is 0, 1, 2, ... A fmt with only a marker draws no line.
    public func plot(x: [Double]? = nil, y: [Double], format: String? = nil, color: String? = nil,
                     lineStyle: String? = nil, marker: String? = nil, label: String? = nil) throws {
        let xs = x ?? (0..<y.count).map(Double.init)
        try Axes.checkSameLength(xs, y)
        var parsed = try format.map { try LineFormat(parsing: $0) } ?? LineFormat()
        if let color { parsed.color = try Axes.parseColor(color) }
        if let marker {
            guard let m = Marker(rawValue: marker) else { throw PlotError(.valueError, "Unrecognized marker style '\(marker)'") }
            parsed.marker = m
        }
        if let lineStyle {
            guard let s = LineStyle(name: lineStyle) else { throw PlotError(.valueError, "'\(lineStyle)' is not a valid value for ls") }
            parsed.lineStyle = s
        }
        artists.append(.line(LineArtist(x: xs, y: y, color: takeColor(parsed.color), lineStyle: parsed.lineStyle ?? .solid,
                                        marker: parsed.marker, label: label, step: nil)))
    }

    /// `scatter(x, y)`: markers only (single dots by default, like small matplotlib circles).
    public func scatter(x: [Double], y: [Double], color: String? = nil, marker: String? = nil, label: String? = nil) throws {
        try Axes.checkSameLength(x, y)
        var m = Marker.point
        if let marker {
            guard let parsed = Marker(rawValue: marker) else { throw PlotError(.valueError, "Unrecognized marker style '\(marker)'") }
            m = parsed
        }
        artists.append(.line(LineArtist(x: x, y: y, color: takeColor(try Axes.parseColor(color)), lineStyle: .none,
                                        marker: m, label: label, step: nil)))
    }

    /// `step(x, y, where="pre")`.
    public func step(x: [Double], y: [Double], where mode: LineArtist.StepMode = .pre, format: String? = nil,
                     color: String? = nil, label: String? = nil) throws {
        try Axes.checkSameLength(x, y)
        var parsed = try format.map { try LineFormat(parsing: $0) } ?? LineFormat()
        if let color { parsed.color = try Axes.parseColor(color) }
        artists.append(.line(LineArtist(x: x, y: y, color: takeColor(parsed.color), lineStyle: parsed.lineStyle ?? .solid,
                                        marker: parsed.marker, label: label, step: mode)))
    }

    /// A single marked point (`plot(x, y, 'o')` for one point), optionally labelled beside it.
    public func markPoint(x: Double, y: Double, text: String? = nil, marker: Marker = .circle, color: String? = nil) throws {
        let c = try Axes.parseColor(color) ?? RGBColor.cycle[3]
        artists.append(.text(TextArtist(x: x, y: y, text: text ?? "", color: c, marker: marker)))
    }

    /// `annotate(text, xy=(x, y))` / `text(x, y, s)`: text written at a data point.
    public func annotate(_ text: String, x: Double, y: Double, color: String? = nil) throws {
        artists.append(.text(TextArtist(x: x, y: y, text: text, color: try Axes.parseColor(color), marker: nil)))
    }

    /// `axhline(y)`: a horizontal line across the current x range.
    public func axhline(y: Double, color: String? = nil, lineStyle: String = "--") throws {
        let c = try Axes.parseColor(color) ?? RGBColor(hex: "#7f7f7f")!
        artists.append(.line(LineArtist(x: [-Double.infinity, Double.infinity], y: [y, y], color: c,
                                        lineStyle: LineStyle(name: lineStyle) ?? .dashed, marker: nil, label: nil, step: nil)))
    }

    // MARK: Bars

    /// Bins for `hist`.
    public enum Bins: Sendable {
        case count(Int)
        case edges([Double])
    }

    /// `hist(values, bins=10, range=None, density=False)`. Returns the counts and bin edges
    /// (what matplotlib returns as its first two values). NaN values are ignored.
    @discardableResult
    public func hist(_ values: [Double], bins: Bins = .count(10), range: (Double, Double)? = nil, density: Bool = false,
                     color: String? = nil, label: String? = nil) throws -> (counts: [Double], edges: [Double]) {
        let finite = values.filter { $0.isFinite }
        var edges: [Double]
        switch bins {
        case .count(let n):
            guard n >= 1 else { throw PlotError(.valueError, "`bins` must be positive, when an integer") }
            guard n <= 100_000 else { throw PlotError(.valueError, "Too many bins for data range.") }
            var lo = range?.0 ?? finite.min() ?? 0
            var hi = range?.1 ?? finite.max() ?? 1
            if lo > hi { throw PlotError(.valueError, "max must be larger than min in range parameter.") }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
        case .edges(let e):
            guard e.count >= 2 else { throw PlotError(.valueError, "`bins` must be 1d, when an array") }
            for i in 1..<e.count where !(e[i] >= e[i - 1]) {
                throw PlotError(.valueError, "`bins` must increase monotonically, when an array")
            }
            edges = e
        }
        let n = edges.count - 1
        var counts = [Double](repeating: 0, count: n)
        let lo = edges[0], hi = edges[n]
        for v in finite where v >= lo && v <= hi {
            // Binary search for the bin; the last bin includes its right edge.
            var a = 0, b = n
            while b - a > 1 {
                let m = (a + b) / 2
                if v >= edges[m] { a = m } else { b = m }
            }
            counts[a] += 1
        }
        if density {
            let total = counts.reduce(0, +)
            if total > 0 {
                for i in 0..<n { counts[i] /= total * max(edges[i + 1] - edges[i], .leastNonzeroMagnitude) }
            }
        }
        let widths = (0..<n).map { edges[$0 + 1] - edges[$0] }
        artists.append(.bars(BarArtist(lefts: Array(edges.dropLast()), widths: widths, bottoms: [Double](repeating: 0, count: n),
                                       heights: counts, color: takeColor(try Axes.parseColor(color)), label: label)))
        return (counts, edges)
    }

    /// `bar(x, height, width=0.8)`: bars centred on x.
    public func bar(x: [Double], heights: [Double], width: Double = 0.8, bottom: Double = 0,
                    color: String? = nil, label: String? = nil) throws {
        if x.count != heights.count {
            throw PlotError(.valueError, "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (\(x.count),) and arg 1 with shape (\(heights.count),).")
        }
        artists.append(.bars(BarArtist(lefts: x.map { $0 - width / 2 }, widths: [Double](repeating: width, count: x.count),
                                       bottoms: [Double](repeating: bottom, count: x.count), heights: heights,
                                       color: takeColor(try Axes.parseColor(color)), label: label)))
    }

    /// `bar(["a", "b"], height)`: categorical bars at 0, 1, ... labelled with the names.
    public func bar(categories: [String], heights: [Double], width: Double = 0.8, color: String? = nil, label: String? = nil) throws {
        let x = (0..<categories.count).map(Double.init)
        try bar(x: x, heights: heights, width: width, color: color, label: label)
        if case .bars(var b) = artists.removeLast() {
            b.categories = Array(zip(x, categories))
            artists.append(.bars(b))
        }
    }

    // MARK: Images, fields, contours

    /// `imshow(values)` of a rows × columns array (row 0 at the top). NaN pixels stay empty.
    public func imshow(_ values: [Double], rows: Int, columns: Int, colormap: Colormap = .viridis,
                       vmin: Double? = nil, vmax: Double? = nil) throws {
        guard rows >= 1, columns >= 1, rows.multipliedReportingOverflow(by: columns).partialValue == values.count,
              !rows.multipliedReportingOverflow(by: columns).overflow else {
            throw PlotError(.typeError, "Invalid shape (\(rows), \(columns)) for image data")
        }
        let finite = values.filter { $0.isFinite }
        let lo = vmin ?? finite.min() ?? 0
        let hi = vmax ?? finite.max() ?? 1
        artists.append(.image(ImageArtist(rows: rows, columns: columns, values: values, colormap: colormap, vmin: lo, vmax: hi)))
        yInverted = true
    }

    /// `quiver(X, Y, U, V, angles="xy", color=...)` with flattened, equally long arrays.
    public func quiver(x: [Double], y: [Double], u: [Double], v: [Double], color: String? = nil, label: String? = nil) throws {
        guard x.count == y.count, x.count == u.count, x.count == v.count else {
            throw PlotError(.valueError, "X, Y, U and V must have the same number of elements (\(x.count), \(y.count), \(u.count), \(v.count))")
        }
        artists.append(.quiver(QuiverArtist(x: x, y: y, u: u, v: v, color: try Axes.parseColor(color) ?? RGBColor(hex: "#000000")!, label: label)))
    }

    /// Levels for `contour`.
    public enum Levels: Sendable {
        case count(Int)
        case values([Double])
    }

    /// `contour(X, Y, Z, levels)` where z is row-major with `y.count` rows and `x.count` columns.
    public func contour(x: [Double], y: [Double], z: [Double], levels: Levels = .count(7), colormap: Colormap = .viridis,
                        color: String? = nil) throws {
        guard x.count >= 2, y.count >= 2, y.count.multipliedReportingOverflow(by: x.count).partialValue == z.count else {
            throw PlotError(.typeError, "Input z must be at least a (2, 2) shaped array, matching len(x) = \(x.count) columns and len(y) = \(y.count) rows, but has \(z.count) values.")
        }
        let finite = z.filter { $0.isFinite }
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        var chosen: [Double]
        switch levels {
        case .values(let v): chosen = v.sorted()
        case .count(let n):
            chosen = TickLocator.linear(lo, hi, target: max(1, n)).map(\.value).filter { $0 > lo && $0 < hi }
            if chosen.isEmpty && hi > lo { chosen = [(lo + hi) / 2] }
        }
        let fixed = try Axes.parseColor(color)
        let colors = chosen.indices.map { i in
            fixed ?? Colormap.viridis.color(at: chosen.count > 1 ? Double(i) / Double(chosen.count - 1) : 0.5)!
        }
        let segments = chosen.map { MarchingSquares.segments(x: x, y: y, z: z, level: $0) }
        artists.append(.contour(ContourArtist(x: x, y: y, z: z, levels: chosen, colors: colors, segments: segments)))
    }

    // MARK: Axis settings (pyplot names)

    public func setTitle(_ text: String) { title = text }
    public func setXLabel(_ text: String) { xLabel = text }
    public func setYLabel(_ text: String) { yLabel = text }

    /// `xlim(left, right)`; returns the limits in effect, as matplotlib does.
    @discardableResult
    public func xlim(_ lower: Double? = nil, _ upper: Double? = nil) -> (Double, Double) {
        if lower != nil || upper != nil { xLimits = (lower ?? xLimits.lower, upper ?? xLimits.upper) }
        let v = viewLimits()
        return (xScale.inverse(v.x.lower), xScale.inverse(v.x.upper))
    }

    /// `ylim(bottom, top)`; returns the limits in effect.
    @discardableResult
    public func ylim(_ lower: Double? = nil, _ upper: Double? = nil) -> (Double, Double) {
        if lower != nil || upper != nil { yLimits = (lower ?? yLimits.lower, upper ?? yLimits.upper) }
        let v = viewLimits()
        return yInverted ? (yScale.inverse(v.y.upper), yScale.inverse(v.y.lower)) : (yScale.inverse(v.y.lower), yScale.inverse(v.y.upper))
    }

    /// `legend(loc="best")`: shows the legend. Unknown location names throw, as matplotlib does.
    public func legend(location: String? = nil) throws {
        if let location {
            guard let parsed = LegendLocation(rawValue: location) else {
                let valid = LegendLocation.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw PlotError(.valueError, "'\(location)' is not a valid value for loc; supported values are \(valid)")
            }
            legendLocation = parsed
        }
        legendVisible = true
    }

    /// `axvline(x)`: a vertical line across the current y range.
    public func axvline(x: Double, color: String? = nil, lineStyle: String = "--") throws {
        let c = try Axes.parseColor(color) ?? RGBColor(hex: "#7f7f7f")!
        artists.append(.line(LineArtist(x: [x, x], y: [-Double.infinity, Double.infinity], color: c,
                                        lineStyle: LineStyle(name: lineStyle) ?? .dashed, marker: nil, label: nil, step: nil)))
    }

    public var isEmpty: Bool { artists.isEmpty }

    /// Labelled series for the legend: label, colour, line style, marker.
    var legendEntries: [(label: String, color: RGBColor, line: LineStyle, marker: Marker?, filled: Bool)] {
        artists.compactMap { artist in
            switch artist {
            case .line(let l):
                guard let label = l.label, !label.hasPrefix("_") else { return nil }
                return (label, l.color, l.lineStyle, l.marker, false)
            case .bars(let b):
                guard let label = b.label, !label.hasPrefix("_") else { return nil }
                return (label, b.color, .none, nil, true)
            case .quiver(let q):
                guard let label = q.label else { return nil }
                return (label, q.color, .solid, nil, false)
            default:
                return nil
            }
        }
    }
}
