/// The things an Axes draws. Each holds plain data in data coordinates.

/// A polyline with optional markers (plot, scatter, step).
public struct LineArtist: Sendable {
    public enum StepMode: String, Sendable { case pre, post, mid }
    public var x: [Double]
    public var y: [Double]
    public var color: RGBColor
    public var lineStyle: LineStyle
    public var marker: Marker?
    public var label: String?
    /// Non-nil for step plots: where the step happens relative to each x.
    public var step: StepMode?

    /// The vertices actually joined by the line (steps expanded).
    var vertices: (x: [Double], y: [Double]) {
        guard let step, x.count > 1 else { return (x, y) }
        var vx: [Double] = [], vy: [Double] = []
        vx.reserveCapacity(2 * x.count)
        vy.reserveCapacity(2 * x.count)
        for i in 0..<x.count {
            if i == 0 { vx.append(x[0]); vy.append(y[0]); continue }
            switch step {
            case .pre:
                vx.append(x[i - 1]); vy.append(y[i])
            case .post:
                vx.append(x[i]); vy.append(y[i - 1])
            case .mid:
                let m = (x[i - 1] + x[i]) / 2
                vx.append(m); vy.append(y[i - 1])
                vx.append(m); vy.append(y[i])
            }
            vx.append(x[i]); vy.append(y[i])
        }
        return (vx, vy)
    }
}

/// Rectangles standing on a baseline (bar, hist).
public struct BarArtist: Sendable {
    /// Left edge, width, bottom and height of each bar.
    public var lefts: [Double]
    public var widths: [Double]
    public var bottoms: [Double]
    public var heights: [Double]
    public var color: RGBColor
    public var label: String?
    /// Tick labels for categorical bars (bar(["a","b"], ...)): positions and texts.
    public var categories: [(Double, String)] = []
}

/// A 2-D array drawn as coloured pixels (imshow). Row 0 is the top row.
public struct ImageArtist: Sendable {
    public var rows: Int
    public var columns: Int
    /// Row-major values, `rows * columns` of them.
    public var values: [Double]
    public var colormap: Colormap
    public var vmin: Double
    public var vmax: Double

    func color(row: Int, column: Int) -> RGBColor? {
        let v = values[row * columns + column]
        let span = vmax - vmin
        let t = span > 0 ? (v - vmin) / span : 0.5
        return colormap.color(at: t)
    }
}

/// Arrows at points (quiver).
public struct QuiverArtist: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var u: [Double]
    public var v: [Double]
    public var color: RGBColor
    public var label: String?
}

/// Iso-lines of a grid of values (contour).
public struct ContourArtist: Sendable {
    /// Coordinates of the grid columns and rows.
    public var x: [Double]
    public var y: [Double]
    /// Row-major values: z[row * x.count + column] is at (x[column], y[row]).
    public var z: [Double]
    public var levels: [Double]
    public var colors: [RGBColor]
    /// The segments of each level, computed once.
    var segments: [[ContourSegment]]
}

/// Text at a data point, optionally with a marker on the point (annotate, text).
public struct TextArtist: Sendable {
    public var x: Double
    public var y: Double
    public var text: String
    public var color: RGBColor?
    public var marker: Marker?
}

enum Artist {
    case line(LineArtist)
    case bars(BarArtist)
    case image(ImageArtist)
    case quiver(QuiverArtist)
    case contour(ContourArtist)
    case text(TextArtist)
}

/// matplotlib's legend locations.
public enum LegendLocation: String, CaseIterable, Sendable {
    case best
    case upperRight = "upper right"
    case upperLeft = "upper left"
    case lowerLeft = "lower left"
    case lowerRight = "lower right"
    case right
    case centerLeft = "center left"
    case centerRight = "center right"
    case lowerCenter = "lower center"
    case upperCenter = "upper center"
    case center
}
