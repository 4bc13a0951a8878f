/// A figure: a grid of Axes panels (subplots) and its size. `render` draws it for a
/// terminal, `svg` for slides.
public final class Figure {
    /// Size in terminal cells; nil fills the terminal width and about half its height.
    public var width: Int?
    public var height: Int?
    /// matplotlib's figsize in inches (1 inch ≈ 10 columns or 5 rows; 100 px in SVG).
    public var figsize: (width: Double, height: Double)?
    /// `suptitle`: a title above all panels.
    public var suptitle: String?

    public private(set) var gridRows = 1
    public private(set) var gridColumns = 1
    /// Panels by their 1-based subplot index.
    private var panels: [Int: Axes] = [:]
    public private(set) var currentIndex = 1

    public init(width: Int? = nil, height: Int? = nil, figsize: (width: Double, height: Double)? = nil) {
        self.width = width
        self.height = height
        self.figsize = figsize
    }

    /// The current panel (created on first use), where pyplot-style calls draw.
    public var axes: Axes {
        if let a = panels[currentIndex] { return a }
        let a = Axes()
        panels[currentIndex] = a
        return a
    }

    /// All panels, in subplot order.
    public var allAxes: [(index: Int, axes: Axes)] {
        panels.keys.sorted().map { ($0, panels[$0]!) }
    }

    /// `subplot(nrows, ncols, index)`: selects (creating if needed) a panel and makes it current.
    @discardableResult
    public func subplot(_ rows: Int, _ columns: Int, _ index: Int) throws -> Axes {
        guard rows >= 1, columns >= 1, rows <= 16, columns <= 16 else {
            throw PlotError(.valueError, "Number of rows must be a positive integer, not \(rows)")
        }
        guard index >= 1, index <= rows * columns else {
            throw PlotError(.valueError, "num must be an integer with 1 <= num <= \(rows * columns), not \(index)")
        }
        gridRows = rows
        gridColumns = columns
        currentIndex = index
        return axes
    }

    /// `subplot(121)`-style three-digit form.
    @discardableResult
    public func subplot(_ code: Int) throws -> Axes {
        guard code >= 111, code <= 999 else {
            throw PlotError(.valueError, "Integer subplot specification must be a three-digit number, not \(code)")
        }
        return try subplot(code / 100, code / 10 % 10, code % 10)
    }

    /// Size in cells for a terminal: explicit cells, else figsize, else full width and
    /// half the height; always clamped to the terminal so nothing wraps.
    public func size(for capabilities: TerminalCapabilities) -> (columns: Int, rows: Int) {
        let tw = max(1, capabilities.width), th = max(1, capabilities.height)
        var w = tw
        var h = max(12, th / 2)
        if let figsize {
            if let a = safeInt((figsize.width * 10).rounded()) { w = a }
            if let b = safeInt((figsize.height * 5).rounded()) { h = b }
        }
        if figsize == nil && height == nil {
            h = max(h, naturalImageRows)
            // Vector fields and contours need room in both directions.
            if hasPlaneArtists { h = max(h, min(th - 1, w / 3)) }
        }
        if let width { w = width }
        if let height { h = height }
        // One row is left for the prompt that follows the plot.
        return (max(1, min(tw, w)), max(1, min(max(1, th - 1), h)))
    }

    private var hasPlaneArtists: Bool {
        allAxes.contains { panel in
            panel.axes.artists.contains { artist in
                switch artist {
                case .quiver, .contour: return true
                default: return false
                }
            }
        }
    }

    /// Rows the panels' images need at their natural size (a 28×28 digit takes 14 rows
    /// plus title, axis and tick labels), so the default half-height does not shrink them.
    private var naturalImageRows: Int {
        var total = suptitle == nil ? 0 : 1
        for row in 0..<gridRows {
            var tallest = 0
            for (index, axes) in allAxes where (index - 1) / gridColumns == row {
                for case .image(let image) in axes.artists {
                    let chrome = 2 + (axes.title == nil ? 0 : 1) + (axes.xLabel == nil ? 0 : 1) + (axes.yLabel == nil ? 0 : 1)
                    tallest = max(tallest, (min(image.rows, 56) + 1) / 2 + chrome)
                }
            }
            total += tallest
        }
        return total
    }

    /// The figure for a terminal: lines joined with "\n" (no trailing newline), with ANSI
    /// colour codes when the capabilities allow. No line is wider than the terminal.
    public func render(_ options: RenderOptions) -> String {
        _ = axes   // an empty figure still shows empty axes
        let (columns, rows) = size(for: options.capabilities)
        var grid = CellGrid(columns: columns, rows: rows)
        var top = 0
        if let suptitle, rows > 4 {
            let t = truncated(suptitle, toWidth: columns, unicode: options.capabilities.unicode)
            grid.write(t, column: max(0, (columns - displayWidth(t)) / 2), row: 0)
            top = 1
        }
        let panelHeight = (rows - top) / gridRows
        let panelWidth = columns / gridColumns
        var usedRows = top
        for (index, axes) in allAxes where index <= gridRows * gridColumns {
            let r = (index - 1) / gridColumns, c = (index - 1) % gridColumns
            // The last column and row take the remainder.
            let w = c == gridColumns - 1 ? columns - c * panelWidth : panelWidth - 1
            let h = r == gridRows - 1 ? rows - top - r * panelHeight : panelHeight
            let panel = TerminalAxesRenderer(axes: axes, columns: w, rows: h, options: options).render()
            grid.paste(panel, column: c * panelWidth, row: top + r * panelHeight)
            usedRows = max(usedRows, top + r * panelHeight + panel.rows)
        }
        var text = grid.rendered(colors: options.capabilities.colors)
        // Drop blank rows below the drawing (images use fewer rows than offered).
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > usedRows { lines.removeLast(lines.count - usedRows) }
        while let last = lines.last, last.isEmpty, lines.count > 1 { lines.removeLast() }
        text = lines.joined(separator: "\n")
        return text
    }
}
