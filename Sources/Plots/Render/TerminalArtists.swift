import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drawing of the data artists on the terminal layers: lines and markers on the dot
/// canvas, bars as block glyphs, quiver arrows as segments with heads.
extension TerminalAxesRenderer {
    func drawLine(_ line: LineArtist, on canvas: inout DotCanvas, xMap: AxisMapper, yMap: AxisMapper,
                          overlays: inout [(column: Int, row: Int, text: String, color: RGBColor?)]) {
        let color = line.color.packed
        let sx = axes.xScale, sy = axes.yScale
        if line.lineStyle != .none {
            let (vx, vy) = line.vertices
            let dash = line.lineStyle.dashPattern
            var phase = 0
            var previous: (Double, Double)? = nil
            let n = min(vx.count, vy.count)
            // An infinite coordinate (axhline, axvline) spans the whole axis.
            for i in 0..<n {
                let xv = vx[i].isInfinite ? (vx[i] < 0 ? xMap.lower - 1e-9 : xMap.upper + 1e-9) : sx.transform(vx[i])
                let yv = vy[i].isInfinite ? (vy[i] < 0 ? yMap.lower - 1e-9 : yMap.upper + 1e-9) : sy.transform(vy[i])
                guard let tx = xv, let ty = yv else { previous = nil; continue }
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
    func drawBars(_ bars: BarArtist, fill: inout [UInt32], fillColor: inout [UInt32], columns: Int, rows: Int,
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
    func drawQuiver(_ q: QuiverArtist, on canvas: inout DotCanvas, xMap: AxisMapper, yMap: AxisMapper) {
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
}
