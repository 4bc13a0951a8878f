/// Legend and colour bar of a terminal Axes.
extension TerminalAxesRenderer {
    func drawLegend(on grid: inout CellGrid, left: Int, top: Int, columns: Int, rows: Int) {
        let entries = axes.legendEntries
        guard !entries.isEmpty, columns >= 6 else { return }
        let labelRoom = max(1, columns - 4)
        let texts = entries.map { truncated($0.label, toWidth: labelRoom, unicode: unicode) }
        let width = 4 + (texts.map(displayWidth).max() ?? 0)
        let height = min(rows, entries.count)
        let xRight = left + columns - width, xLeft = left + 1, xCentre = left + (columns - width) / 2
        let yTop = top, yBottom = top + rows - height, yCentre = top + (rows - height) / 2
        let corners: [(Int, Int)]
        switch axes.legendLocation {
        // "best": the corner whose box covers the fewest drawn cells.
        case .best: corners = [(xRight, yTop), (xLeft, yTop), (xRight, yBottom), (xLeft, yBottom)]
        case .upperRight: corners = [(xRight, yTop)]
        case .upperLeft: corners = [(xLeft, yTop)]
        case .lowerLeft: corners = [(xLeft, yBottom)]
        case .lowerRight: corners = [(xRight, yBottom)]
        case .right, .centerRight: corners = [(xRight, yCentre)]
        case .centerLeft: corners = [(xLeft, yCentre)]
        case .lowerCenter: corners = [(xCentre, yBottom)]
        case .upperCenter: corners = [(xCentre, yTop)]
        case .center: corners = [(xCentre, yCentre)]
        }
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

    func drawColorbar(_ image: ImageArtist, labels: [Tick], on grid: inout CellGrid, column: Int, top: Int, rows: Int) {
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
}
