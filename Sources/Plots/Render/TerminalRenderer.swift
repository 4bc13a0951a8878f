import FoundationEssentials

/// Draws one Axes into a grid of terminal cells: title, y label, tick labels, the axis
/// lines, the data (dot canvas for lines, block glyphs for bars, half-block pixels for
/// images), markers, grid, legend and colour bar.
struct TerminalAxesRenderer {
    let axes: Axes
    let columns: Int
    let rows: Int
    let options: RenderOptions

    var unicode: Bool { options.capabilities.unicode }
    var colors: ColorSupport { options.capabilities.colors }

    private static let gridColor = RGBColor(hex: "#585858")!
    private static let axisColor: RGBColor? = nil

    /// Renders into a grid no larger than columns × rows (possibly fewer rows for images).
    func render() -> CellGrid {
        guard columns >= 4, rows >= 3 else {
            var g = CellGrid(columns: max(0, columns), rows: max(0, rows))
            if let t = axes.title { g.write(truncated(t, toWidth: columns, unicode: unicode), column: 0, row: 0) }
            return g
        }
        let limits = axes.viewLimits()
        let image = axes.artists.lazy.compactMap { if case .image(let i) = $0 { return i } else { return nil } }.last
        let kind = options.resolvedCanvas

        // Rows above the plot: the title, and the y label (on the title row when both fit).
        let title = axes.title.map { truncated($0, toWidth: columns, unicode: unicode) } ?? ""
        let yLabel = axes.yLabel.map { truncated($0, toWidth: columns, unicode: unicode) } ?? ""
        let titleWidth = displayWidth(title)
        let titleColumn = max(0, (columns - titleWidth) / 2)
        let labelSharesTitleRow = !yLabel.isEmpty && !title.isEmpty && displayWidth(yLabel) + 1 <= titleColumn
        var top = 0
        let titleRow = title.isEmpty ? -1 : 0
        if !title.isEmpty { top += 1 }
        let yLabelRow: Int
        if yLabel.isEmpty { yLabelRow = -1 } else if labelSharesTitleRow { yLabelRow = 0 } else { yLabelRow = top; top += 1 }

        var xLabel = axes.xLabel ?? ""
        var bottom = 2 + (xLabel.isEmpty ? 0 : 1)
        if rows - top - bottom < 2 && !xLabel.isEmpty { xLabel = ""; bottom -= 1 }
        var plotRows = max(1, rows - top - bottom)

        // Y ticks need the plot height; their labels set the left margin.
        let yTicks = ticks(lower: limits.y.lower, upper: limits.y.upper, scale: axes.yScale, target: max(2, plotRows / 3 + 1))
        let margin = min(columns / 2, (yTicks.map { displayWidth($0.label) }.max() ?? 0) + 1)

        // The colour bar takes room on the right.
        var colorbarLabels: [Tick] = []
        var colorbarWidth = 0
        if axes.colorbarVisible, let image {
            colorbarLabels = TickLocator.linear(image.vmin, image.vmax, target: max(2, plotRows / 3))
            colorbarWidth = 5 + (colorbarLabels.map { displayWidth($0.label) }.max() ?? 0)
        }
        var plotColumns = max(1, columns - margin - colorbarWidth - 1)

        // Images keep their aspect: one pixel per column, two per row, scaled by whole
        // factors up for tiny images and down when the image does not fit.
        var imageScale = (columns: 0, pixelRows: 0)
        if let image {
            let fitted = TerminalAxesRenderer.imageSize(columns: image.columns, rows: image.rows,
                                                        maxColumns: plotColumns, maxPixelRows: plotRows * 2)
            imageScale = fitted
            plotColumns = max(1, fitted.columns)
            plotRows = max(1, (fitted.pixelRows + 1) / 2)
        }

        let usedRows = min(rows, top + plotRows + bottom)
        var grid = CellGrid(columns: columns, rows: usedRows)
        let left = margin
        let plotTop = top

        let canvasKind: CanvasKind = kind
        var canvas = DotCanvas(kind: canvasKind, columns: plotColumns, rows: plotRows)
        let xMap: AxisMapper
        let yMap: AxisMapper
        if image != nil {
            xMap = AxisMapper(lower: limits.x.lower, upper: limits.x.upper, pixels: imageScale.columns, dotsPerCell: 1, reversed: false)
            yMap = AxisMapper(lower: limits.y.lower, upper: limits.y.upper, pixels: imageScale.pixelRows, dotsPerCell: 2, reversed: !axes.yInverted)
        } else {
            xMap = AxisMapper(lower: limits.x.lower, upper: limits.x.upper, pixels: canvas.pixelWidth, dotsPerCell: canvas.dotsX, reversed: false)
            yMap = AxisMapper(lower: limits.y.lower, upper: limits.y.upper, pixels: canvas.pixelHeight, dotsPerCell: canvas.dotsY, reversed: !axes.yInverted)
        }
        let canvasX = AxisMapper(lower: limits.x.lower, upper: limits.x.upper, pixels: canvas.pixelWidth, dotsPerCell: canvas.dotsX, reversed: false)
        let canvasY = AxisMapper(lower: limits.y.lower, upper: limits.y.upper, pixels: canvas.pixelHeight, dotsPerCell: canvas.dotsY, reversed: !axes.yInverted)

        // Layers inside the plot area, from back to front: fill (bars), dots, markers.
        var fill = [UInt32](repeating: 0, count: plotColumns * plotRows)
        var fillColor = [UInt32](repeating: 0, count: plotColumns * plotRows)
        var overlays: [(column: Int, row: Int, text: String, color: RGBColor?)] = []
        var pixels: PixelCanvas? = nil

        for artist in axes.artists {
            switch artist {
            case .line(let line):
                drawLine(line, on: &canvas, xMap: canvasX, yMap: canvasY, overlays: &overlays)
            case .bars(let bars):
                drawBars(bars, fill: &fill, fillColor: &fillColor, columns: plotColumns, rows: plotRows, limits: limits)
            case .image(let img):
                var p = PixelCanvas(columns: imageScale.columns, pixelRows: imageScale.pixelRows)
                TerminalAxesRenderer.rasterize(img, into: &p)
                pixels = p
            case .quiver(let q):
                drawQuiver(q, on: &canvas, xMap: canvasX, yMap: canvasY)
            case .contour(let c):
                for (level, segments) in c.segments.enumerated() {
                    let color = c.colors[level].packed
                    for s in segments {
                        guard let ax = axes.xScale.transform(s.x0), let bx = axes.xScale.transform(s.x1),
                              let ay = axes.yScale.transform(s.y0), let by = axes.yScale.transform(s.y1) else { continue }
                        canvas.line(canvasX.dot(ax), canvasY.dot(ay), canvasX.dot(bx), canvasY.dot(by), color: color)
                    }
                }
            case .text(let t):
                guard let tx = axes.xScale.transform(t.x), let ty = axes.yScale.transform(t.y),
                      let c = xMap.cell(tx), let r = yMap.cell(ty) else { continue }
                if let marker = t.marker {
                    let glyph = marker.glyph(unicode: unicode).map(String.init) ?? (unicode ? "•" : "*")
                    overlays.append((c, r, glyph, t.color))
                    if !t.text.isEmpty { overlays.append((c + 1, r, " " + t.text, t.color)) }
                } else {
                    overlays.append((c, r, t.text, t.color))
                }
            }
        }

        // Compose the plot area.
        if let pixels {
            pixels.draw(on: &grid, column: left, row: plotTop, colors: colors, unicode: unicode)
        }
        for r in 0..<plotRows {
            for c in 0..<plotColumns {
                let i = r * plotColumns + c
                if fill[i] != 0 {
                    grid.set(column: left + c, row: plotTop + r, scalar: fill[i], foreground: RGBColor(packed: fillColor[i]))
                }
            }
        }
        canvas.draw(on: &grid, column: left, row: plotTop)
        for o in overlays {
            grid.write(o.text, column: left + o.column, row: plotTop + o.row, limit: left + plotColumns, foreground: o.color)
        }

        // Axis lines and ticks.
        let xTicks: [Tick]
        if let categories = axes.artists.lazy.compactMap({ if case .bars(let b) = $0, !b.categories.isEmpty { return b.categories } else { return nil } }).first {
            xTicks = categories.compactMap { category in axes.xScale.transform(category.0).map { Tick(value: $0, label: category.1) } }
        } else {
            xTicks = ticks(lower: limits.x.lower, upper: limits.x.upper, scale: axes.xScale, target: max(2, plotColumns / 12))
        }
        let axisRow = plotTop + plotRows
        let vertical: UInt32 = unicode ? 0x2502 : 0x7C       // │ |
        let horizontal: UInt32 = unicode ? 0x2500 : 0x2D     // ─ -
        let corner: UInt32 = unicode ? 0x2514 : 0x2B         // └ +
        let yTickMark: UInt32 = unicode ? 0x2524 : 0x2B      // ┤ +
        let xTickMark: UInt32 = unicode ? 0x252C : 0x2B      // ┬ +
        for r in 0..<plotRows { grid.set(column: left - 1, row: plotTop + r, scalar: vertical) }
        grid.set(column: left - 1, row: axisRow, scalar: corner)
        for c in 0..<plotColumns { grid.set(column: left + c, row: axisRow, scalar: horizontal) }

        var yTickRows: [Int] = []
        for tick in yTicks {
            guard let r = yMap.cell(tick.value) else { continue }
            yTickRows.append(r)
            grid.set(column: left - 1, row: plotTop + r, scalar: yTickMark)
            let w = displayWidth(tick.label)
            grid.write(tick.label, column: max(0, left - 1 - w), row: plotTop + r, limit: left - 1)
        }
        var xTickColumns: [Int] = []
        var nextFree = 0
        for tick in xTicks {
            guard let c = xMap.cell(tick.value) else { continue }
            xTickColumns.append(c)
            grid.set(column: left + c, row: axisRow, scalar: xTickMark)
            let label = truncated(tick.label, toWidth: max(1, columns / max(1, xTicks.count) - 1), unicode: unicode)
            let w = displayWidth(label)
            var start = left + c - (w - 1) / 2
            start = min(start, columns - w)
            start = max(start, 0)
            if start >= nextFree {
                grid.write(label, column: start, row: axisRow + 1)
                nextFree = start + w + 1
            }
        }

        // Grid lines where nothing else is drawn.
        if axes.gridVisible {
            // ASCII dots would look like data, so ASCII grids mark only the crossings.
            let gh: UInt32 = unicode ? 0x2508 : 0x20    // ┈
            let gv: UInt32 = unicode ? 0x250A : 0x20    // ┊
            let gx: UInt32 = unicode ? 0x253C : 0x2B    // ┼ +
            let rowsSet = Set(yTickRows), colsSet = Set(xTickColumns)
            for r in 0..<plotRows {
                for c in 0..<plotColumns where grid.isBlank(column: left + c, row: plotTop + r) {
                    let onRow = rowsSet.contains(r), onColumn = colsSet.contains(c)
                    guard onRow || onColumn else { continue }
                    let s = onRow && onColumn ? gx : onRow ? gh : gv
                    if s == 0x20 { continue }
                    grid.set(column: left + c, row: plotTop + r, scalar: s, foreground: TerminalAxesRenderer.gridColor)
                }
            }
        }

        // Labels.
        if titleRow >= 0 { grid.write(title, column: titleColumn, row: titleRow) }
        if yLabelRow >= 0 { grid.write(yLabel, column: 0, row: yLabelRow) }
        if !xLabel.isEmpty {
            let text = truncated(xLabel, toWidth: columns, unicode: unicode)
            let w = displayWidth(text)
            let centre = left + plotColumns / 2
            grid.write(text, column: max(0, min(columns - w, centre - w / 2)), row: axisRow + 2)
        }

        if axes.legendVisible { drawLegend(on: &grid, left: left, top: plotTop, columns: plotColumns, rows: plotRows) }

        if let image, colorbarWidth > 0 {
            drawColorbar(image, labels: colorbarLabels, on: &grid, column: left + plotColumns + 2, top: plotTop, rows: plotRows)
        }
        return grid
    }


    func ticks(lower: Double, upper: Double, scale: AxisScale, target: Int) -> [Tick] {
        switch scale {
        case .linear: return TickLocator.linear(lower, upper, target: target)
        case .log: return TickLocator.log(lower, upper, target: target, unicode: unicode)
        }
    }
}
