import Foundation

/// Draws one Axes into a grid of terminal cells: title, y label, tick labels, the axis
/// lines, the data (dot canvas for lines, block glyphs for bars, half-block pixels for
/// images), markers, grid, legend and colour bar.
struct TerminalAxesRenderer {
    let axes: Axes
    let columns: Int
    let rows: Int
    let options: RenderOptions

    private var unicode: Bool { options.capabilities.unicode }
    private var colors: ColorSupport { options.capabilities.colors }

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

    // MARK: Pieces

    private func ticks(lower: Double, upper: Double, scale: AxisScale, target: Int) -> [Tick] {
        switch scale {
        case .linear: return TickLocator.linear(lower, upper, target: target)
        case .log: return TickLocator.log(lower, upper, target: target, unicode: unicode)
        }
    }

    private func drawLine(_ line: LineArtist, on canvas: inout DotCanvas, xMap: AxisMapper, yMap: AxisMapper,
                          overlays: inout [(column: Int, row: Int, text: String, color: RGBColor?)]) {
        let color = line.color.packed
        let sx = axes.xScale, sy = axes.yScale
        if line.lineStyle != .none {
            let (vx, vy) = line.vertices
            let dash = line.lineStyle.dashPattern
            var phase = 0
            var previous: (Double, Double)? = nil
            let n = min(vx.count, vy.count)
            // An infinite x (axhline) spans the whole axis.
            for i in 0..<n {
                let xv = vx[i].isInfinite ? (vx[i] < 0 ? xMap.lower - 1e-9 : xMap.upper + 1e-9) : sx.transform(vx[i])
                guard let tx = xv, let ty = sy.transform(vy[i]) else { previous = nil; continue }
                let p = (xMap.dot(tx), yMap.dot(ty))
                if let q = previous {
                    canvas.line(q.0, q.1, p.0, p.1, color: color, dash: dash, phase: &phase)
                } else if n == 1 {
                    if let x = safeInt(p.0.rounded()), let y = safeInt(p.1.rounded()) { canvas.set(x, y, color: color) }
                }
                previous = p
            }
        }
        guard let marker = line.marker else { return }
        let glyph = marker.glyph(unicode: unicode)
        for i in 0..<min(line.x.count, line.y.count) {
            guard let tx = sx.transform(line.x[i]), let ty = sy.transform(line.y[i]) else { continue }
            if let glyph {
                guard let c = xMap.cell(tx), let r = yMap.cell(ty) else { continue }
                overlays.append((c, r, String(glyph), line.color))
            } else if let x = safeInt(xMap.dot(tx).rounded()), let y = safeInt(yMap.dot(ty).rounded()) {
                canvas.set(x, y, color: color)
            }
        }
    }

    /// Bars as block characters: full cells "█" with eighth blocks at the top edge.
    private func drawBars(_ bars: BarArtist, fill: inout [UInt32], fillColor: inout [UInt32], columns: Int, rows: Int,
                          limits: ViewLimits) {
        let sx = axes.xScale, sy = axes.yScale
        let xSpan = limits.x.upper - limits.x.lower, ySpan = limits.y.upper - limits.y.lower
        let eighths: [UInt32] = [0x20, 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588]
        for i in bars.lefts.indices {
            let base = bars.bottoms[i], topValue = bars.bottoms[i] + bars.heights[i]
            guard let l = sx.transform(bars.lefts[i]), let r = sx.transform(bars.lefts[i] + bars.widths[i]) else { continue }
            let b = sy.transform(base) ?? limits.y.lower
            guard let t = sy.transform(topValue) else { continue }
            let fl = (l - limits.x.lower) / xSpan * Double(columns), fr = (r - limits.x.lower) / xSpan * Double(columns)
            guard let c0 = safeInt(max(-1, min(Double(columns), fl)).rounded(.down)),
                  var c1 = safeInt(max(-1, min(Double(columns), fr)).rounded(.up)) else { continue }
            c1 -= 1
            if c1 < c0 { c1 = c0 }
            // Heights in eighths of a cell, measured up from the bottom of the plot.
            func eighth(_ v: Double) -> Int {
                let f = (v - limits.y.lower) / ySpan
                let e = axes.yInverted ? (1 - f) : f
                return safeInt(max(-8, min(Double(rows * 8 + 8), (e * Double(rows * 8)).rounded()))) ?? 0
            }
            let lo = min(eighth(b), eighth(t)), hi = max(eighth(b), eighth(t))
            if hi == lo { continue }
            for c in max(0, c0)...max(0, min(columns - 1, c1)) where c0 < columns && c1 >= 0 {
                for rowFromBottom in 0..<rows {
                    let cellLo = rowFromBottom * 8, cellHi = cellLo + 8
                    let covered = min(hi, cellHi) - max(lo, cellLo)
                    if covered <= 0 { continue }
                    var glyph: UInt32
                    if !unicode {
                        guard covered >= 4 else { continue }
                        glyph = 0x23   // #
                    } else if covered >= 8 {
                        glyph = 0x2588
                    } else if lo <= cellLo {
                        glyph = eighths[covered]
                    } else if covered >= 4 {
                        glyph = 0x2580  // ▀
                    } else {
                        glyph = 0x2594  // ▔
                    }
                    let i = (rows - 1 - rowFromBottom) * columns + c
                    fill[i] = glyph
                    fillColor[i] = bars.color.packed
                }
            }
        }
    }

    /// Arrows with two-barbed heads; directions follow the data axes (angles="xy") and the
    /// longest arrow is scaled to about the spacing between arrows.
    private func drawQuiver(_ q: QuiverArtist, on canvas: inout DotCanvas, xMap: AxisMapper, yMap: AxisMapper) {
        let n = q.x.count
        guard n > 0 else { return }
        let unitX = xMap.dot(xMap.lower + 1) - xMap.dot(xMap.lower)
        let unitY = yMap.dot(yMap.lower + 1) - yMap.dot(yMap.lower)
        var longest = 0.0
        var vectors: [(Double, Double)] = []
        vectors.reserveCapacity(n)
        for i in 0..<n {
            let dx = q.u[i] * unitX, dy = q.v[i] * unitY
            let length = (dx * dx + dy * dy).squareRoot()
            vectors.append((dx, dy))
            if length.isFinite && length > longest { longest = length }
        }
        let keep = QuiverLayout.visible(q, width: Double(canvas.pixelWidth), height: Double(canvas.pixelHeight), minimumSpacing: 10)
        let thinning = Double(keep.count) / Double(max(1, keep.filter { $0 }.count))
        let scale = longest > 0 ? QuiverLayout.spacing(q, width: Double(canvas.pixelWidth), height: Double(canvas.pixelHeight)) * thinning.squareRoot() / longest : 0
        let color = q.color.packed
        for i in 0..<n where keep[i] {
            guard let tx = axes.xScale.transform(q.x[i]), let ty = axes.yScale.transform(q.y[i]) else { continue }
            let x0 = xMap.dot(tx), y0 = yMap.dot(ty)
            let dx = vectors[i].0 * scale, dy = vectors[i].1 * scale
            let length = (dx * dx + dy * dy).squareRoot()
            guard length.isFinite else { continue }
            if length < 1 {
                if let x = safeInt(x0.rounded()), let y = safeInt(y0.rounded()) { canvas.set(x, y, color: color) }
                continue
            }
            let x1 = x0 + dx, y1 = y0 + dy
            canvas.line(x0, y0, x1, y1, color: color)
            let head = max(1.5, min(length * 0.3, 4))
            let ux = dx / length, uy = dy / length
            let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
            for sign in [1.0, -1.0] {
                // Rotate the reversed direction by ±30°.
                let bx = -ux * c - sign * -uy * s, by = -uy * c + sign * -ux * s
                canvas.line(x1, y1, x1 + bx * head, y1 + by * head, color: color)
            }
        }
    }

    private func drawLegend(on grid: inout CellGrid, left: Int, top: Int, columns: Int, rows: Int) {
        let entries = axes.legendEntries
        guard !entries.isEmpty, columns >= 6 else { return }
        let labelRoom = max(1, columns - 4)
        let texts = entries.map { truncated($0.label, toWidth: labelRoom, unicode: unicode) }
        let width = 4 + (texts.map(displayWidth).max() ?? 0)
        let height = min(rows, entries.count)
        // Like loc="best": the corner whose box covers the fewest drawn cells.
        let corners = [(left + columns - width, top), (left + 1, top),
                       (left + columns - width, top + rows - height), (left + 1, top + rows - height)]
        var best = corners[0]
        var bestCount = Int.max
        for corner in corners {
            var count = 0
            for r in corner.1..<(corner.1 + height) {
                for c in (corner.0 - 1)..<(corner.0 + width) where !grid.isBlank(column: c, row: r) { count += 1 }
            }
            if count < bestCount { bestCount = count; best = corner }
        }
        let start = best.0
        let firstRow = best.1
        for (k, entry) in entries.enumerated() where k < rows {
            let sample: String
            if entry.filled {
                sample = unicode ? "██" : "##"
            } else if entry.line != .none {
                switch entry.line {
                case .dashed, .dashDot: sample = unicode ? "╌╌" : "- "
                case .dotted: sample = unicode ? "┈┈" : ".."
                default: sample = unicode ? "──" : "--"
                }
            } else {
                let g = entry.marker?.glyph(unicode: unicode) ?? (unicode ? "•" : "*")
                sample = " \(g)"
            }
            grid.write(String(repeating: " ", count: width + 1), column: start - 1, row: firstRow + k, limit: left + columns)
            grid.write(sample, column: start, row: firstRow + k, foreground: entry.color)
            grid.write(texts[k], column: start + 3, row: firstRow + k)
        }
    }

    private func drawColorbar(_ image: ImageArtist, labels: [Tick], on grid: inout CellGrid, column: Int, top: Int, rows: Int) {
        var bar = PixelCanvas(columns: 2, pixelRows: rows * 2)
        let span = image.vmax - image.vmin
        for p in 0..<(rows * 2) {
            let t = rows * 2 > 1 ? 1 - Double(p) / Double(rows * 2 - 1) : 0.5
            if let color = image.colormap.color(at: t) { bar.set(0, p, color); bar.set(1, p, color) }
        }
        bar.draw(on: &grid, column: column, row: top, colors: colors, unicode: unicode)
        let map = AxisMapper(lower: image.vmin, upper: span > 0 ? image.vmax : image.vmin + 1, pixels: rows * 2, dotsPerCell: 2, reversed: true)
        for tick in labels {
            guard let r = map.cell(tick.value) else { continue }
            grid.write(tick.label, column: column + 3, row: top + r)
        }
    }

    // MARK: Images

    /// Output size of an image in columns and pixel rows (two per cell row).
    static func imageSize(columns w: Int, rows h: Int, maxColumns: Int, maxPixelRows: Int) -> (columns: Int, pixelRows: Int) {
        guard w > 0, h > 0, maxColumns > 0, maxPixelRows > 0 else { return (0, 0) }
        if w <= maxColumns && h <= maxPixelRows {
            let up = max(1, min(maxColumns / w, maxPixelRows / h, max(1, 28 / max(w, h))))
            return (w * up, h * up)
        }
        let shrink = max(Double(w) / Double(maxColumns), Double(h) / Double(maxPixelRows))
        return (max(1, min(maxColumns, Int(Double(w) / shrink))), max(1, min(maxPixelRows, Int(Double(h) / shrink))))
    }

    /// Fills the pixel canvas from the image, averaging the source pixels each output pixel covers.
    static func rasterize(_ image: ImageArtist, into canvas: inout PixelCanvas) {
        let outW = canvas.columns, outH = canvas.pixelRows
        guard outW > 0, outH > 0 else { return }
        let span = image.vmax - image.vmin
        for y in 0..<outH {
            let r0 = y * image.rows / outH, r1 = max(r0 + 1, (y + 1) * image.rows / outH)
            for x in 0..<outW {
                let c0 = x * image.columns / outW, c1 = max(c0 + 1, (x + 1) * image.columns / outW)
                var sum = 0.0, count = 0
                for r in r0..<min(r1, image.rows) {
                    for c in c0..<min(c1, image.columns) {
                        let v = image.values[r * image.columns + c]
                        if !v.isNaN { sum += v; count += 1 }
                    }
                }
                guard count > 0 else { continue }
                let t = span > 0 ? (sum / Double(count) - image.vmin) / span : 0.5
                if let color = image.colormap.color(at: t) { canvas.set(x, y, color) }
            }
        }
    }
}
