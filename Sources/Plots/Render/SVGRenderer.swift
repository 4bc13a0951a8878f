import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Figure {
    /// Writes the figure as SVG; the path must end in ".svg".
    public func save(to path: String) throws {
        let lower = path.lowercased()
        guard lower.hasSuffix(".svg") else {
            let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
            let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
            throw PlotError(.valueError, "Format '\(ext.isEmpty ? "png" : ext)' is not supported (supported formats: svg)")
        }
        let data = Data(svg().utf8)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlotError(.ioError, "[Errno 2] No such file or directory: '\(path)'")
        }
    }

    /// The figure as a standalone SVG 1.1 document.
    public func svg() -> String {
        let widthPx = figsize.map { max(100, min(4000, $0.width * 100)) } ?? 640
        let heightPx = figsize.map { max(100, min(4000, $0.height * 100)) } ?? 480
        var out = SVGWriter(width: widthPx, height: heightPx)
        var top = 0.0
        if let suptitle {
            out.text(suptitle, x: widthPx / 2, y: 24, size: 16, anchor: "middle")
            top = 30
        }
        let cellW = widthPx / Double(gridColumns), cellH = (heightPx - top) / Double(gridRows)
        for (index, axes) in allAxes where index <= gridRows * gridColumns {
            let r = (index - 1) / gridColumns, c = (index - 1) % gridColumns
            SVGAxesRenderer(axes: axes, x: Double(c) * cellW, y: top + Double(r) * cellH, width: cellW, height: cellH)
                .render(into: &out)
        }
        return out.finish()
    }
}

/// Draws one Axes in SVG, in the same layout as matplotlib: a framed plot area, ticks
/// outside, labels, title above, legend in the upper right.
struct SVGAxesRenderer {
    let axes: Axes
    let x: Double
    let y: Double
    let width: Double
    let height: Double

    func render(into out: inout SVGWriter) {
        let n = SVGWriter.number
        let limits = axes.viewLimits()
        let left = x + 62, right = x + width - 16
        var top = y + (axes.title == nil ? 14 : 32)
        let bottom = y + height - (axes.xLabel == nil ? 30 : 46)
        var plotW = max(10, right - left), plotH = max(10, bottom - top)
        let image = axes.artists.lazy.compactMap { if case .image(let i) = $0 { return i } else { return nil } }.last
        var plotLeft = left
        if let image {
            // Square pixels, centred in the available room.
            let cell = min(plotW / Double(image.columns), plotH / Double(image.rows))
            let w = cell * Double(image.columns), h = cell * Double(image.rows)
            plotLeft = left + (plotW - w) / 2
            top += (plotH - h) / 2
            plotW = w
            plotH = h
        }
        let x0 = plotLeft, y0 = top
        func px(_ t: Double) -> Double { x0 + (t - limits.x.lower) / (limits.x.upper - limits.x.lower) * plotW }
        func py(_ t: Double) -> Double {
            let f = (t - limits.y.lower) / (limits.y.upper - limits.y.lower)
            return axes.yInverted ? y0 + f * plotH : y0 + (1 - f) * plotH
        }
        let clipID = "clip\(Int(x))_\(Int(y))"
        out.raw("<clipPath id=\"\(clipID)\"><rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\"/></clipPath>")

        // Ticks and grid.
        let xTicks = svgTicks(limits.x.lower, limits.x.upper, scale: axes.xScale, target: max(3, Int(plotW / 80)))
        let yTicks = svgTicks(limits.y.lower, limits.y.upper, scale: axes.yScale, target: max(3, Int(plotH / 50)))
        for t in xTicks {
            let xx = px(t.value)
            guard xx >= x0 - 0.01, xx <= x0 + plotW + 0.01 else { continue }
            if axes.gridVisible { out.line(xx, y0, xx, y0 + plotH, color: "#b0b0b0", width: 0.8) }
            out.line(xx, y0 + plotH, xx, y0 + plotH + 4, color: "#000000", width: 0.8)
            out.text(t.label, x: xx, y: y0 + plotH + 16, size: 10, anchor: "middle")
        }
        for t in yTicks {
            let yy = py(t.value)
            guard yy >= y0 - 0.01, yy <= y0 + plotH + 0.01 else { continue }
            if axes.gridVisible { out.line(x0, yy, x0 + plotW, yy, color: "#b0b0b0", width: 0.8) }
            out.line(x0 - 4, yy, x0, yy, color: "#000000", width: 0.8)
            out.text(t.label, x: x0 - 6, y: yy + 3.5, size: 10, anchor: "end")
        }

        out.raw("<g clip-path=\"url(#\(clipID))\">")
        for artist in axes.artists {
            switch artist {
            case .line(let l):
                let (vx, vy) = l.vertices
                if l.lineStyle != .none {
                    // Break the polyline at undrawable points (NaN, non-positive on log axes).
                    var run: [String] = []
                    func flush() {
                        if run.count >= 2 {
                            let dash = l.lineStyle.svgDashArray.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                            out.raw("<polyline fill=\"none\" stroke=\"\(l.color.hex)\" stroke-width=\"1.5\"\(dash) points=\"\(run.joined(separator: " "))\"/>")
                        }
                        run.removeAll()
                    }
                    for i in 0..<min(vx.count, vy.count) {
                        let xv = vx[i].isInfinite ? (vx[i] < 0 ? limits.x.lower : limits.x.upper) : axes.xScale.transform(vx[i])
                        let yv = vy[i].isInfinite ? (vy[i] < 0 ? limits.y.lower : limits.y.upper) : axes.yScale.transform(vy[i])
                        guard let tx = xv, let ty = yv else { flush(); continue }
                        run.append("\(n(px(tx))),\(n(py(ty)))")
                    }
                    flush()
                }
                if let marker = l.marker {
                    for i in 0..<min(l.x.count, l.y.count) {
                        guard let tx = axes.xScale.transform(l.x[i]), let ty = axes.yScale.transform(l.y[i]) else { continue }
                        out.raw(SVGAxesRenderer.marker(marker, x: px(tx), y: py(ty), color: l.color.hex))
                    }
                }
            case .bars(let b):
                for i in b.lefts.indices {
                    guard let l = axes.xScale.transform(b.lefts[i]), let r = axes.xScale.transform(b.lefts[i] + b.widths[i]),
                          let t = axes.yScale.transform(b.bottoms[i] + b.heights[i]) else { continue }
                    let base = axes.yScale.transform(b.bottoms[i]) ?? limits.y.lower
                    let ya = py(t), yb = py(base)
                    out.rect(x: px(l), y: min(ya, yb), width: px(r) - px(l), height: abs(yb - ya), fill: b.color.hex)
                }
            case .image(let img):
                // One rect per pixel; large images are sampled down to at most 128 per side.
                let stepR = max(1, img.rows / 128), stepC = max(1, img.columns / 128)
                var r = 0
                while r < img.rows {
                    var c = 0
                    while c < img.columns {
                        if let color = img.color(row: r, column: c) {
                            let xa = px(Double(c) - 0.5), xb = px(Double(min(img.columns, c + stepC)) - 0.5)
                            let ya = py(Double(r) - 0.5), yb = py(Double(min(img.rows, r + stepR)) - 0.5)
                            out.rect(x: xa, y: min(ya, yb), width: xb - xa + 0.3, height: abs(yb - ya) + 0.3, fill: color.hex)
                        }
                        c += stepC
                    }
                    r += stepR
                }
            case .quiver(let q):
                out.raw(quiverPath(q, px: px, py: py, plotW: plotW, plotH: plotH))
            case .contour(let c):
                for (level, segments) in c.segments.enumerated() where !segments.isEmpty {
                    var d = ""
                    for s in segments {
                        guard let ax = axes.xScale.transform(s.x0), let bx = axes.xScale.transform(s.x1),
                              let ay = axes.yScale.transform(s.y0), let by = axes.yScale.transform(s.y1) else { continue }
                        d += "M\(n(px(ax))),\(n(py(ay)))L\(n(px(bx))),\(n(py(by)))"
                    }
                    out.raw("<path fill=\"none\" stroke=\"\(c.colors[level].hex)\" stroke-width=\"1.2\" d=\"\(d)\"/>")
                }
            case .text(let t):
                guard let tx = axes.xScale.transform(t.x), let ty = axes.yScale.transform(t.y) else { continue }
                if let marker = t.marker {
                    out.raw(SVGAxesRenderer.marker(marker, x: px(tx), y: py(ty), color: (t.color ?? RGBColor.cycle[3]).hex))
                    if !t.text.isEmpty { out.text(t.text, x: px(tx) + 8, y: py(ty) + 4, size: 11) }
                } else {
                    out.text(t.text, x: px(tx), y: py(ty), size: 11, color: (t.color ?? RGBColor(red: 0, green: 0, blue: 0)).hex)
                }
            }
        }
        out.raw("</g>")

        // Frame, labels, legend, colour bar.
        out.raw("<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.8\"/>")
        if let title = axes.title { out.text(title, x: x0 + plotW / 2, y: y0 - 10, size: 13, anchor: "middle") }
        if let xl = axes.xLabel { out.text(xl, x: x0 + plotW / 2, y: y0 + plotH + 34, size: 11, anchor: "middle") }
        if let yl = axes.yLabel { out.text(yl, x: x + 14, y: y0 + plotH / 2, size: 11, anchor: "middle", rotate: true) }
        if axes.legendVisible {
            // Sample of drawn points, for placing a "best" legend where it hides the least.
            var points: [(Double, Double)] = []
            for artist in axes.artists {
                switch artist {
                case .line(let l):
                    let step = max(1, l.x.count / 500)
                    for i in stride(from: 0, to: min(l.x.count, l.y.count), by: step) {
                        if let tx = axes.xScale.transform(l.x[i]), let ty = axes.yScale.transform(l.y[i]) { points.append((px(tx), py(ty))) }
                    }
                case .bars(let b):
                    for i in b.lefts.indices {
                        if let tx = axes.xScale.transform(b.lefts[i] + b.widths[i] / 2),
                           let ty = axes.yScale.transform(b.bottoms[i] + b.heights[i]) { points.append((px(tx), py(ty))) }
                    }
                default: break
                }
            }
            legend(into: &out, right: x0 + plotW, top: y0, plotWidth: plotW, plotHeight: plotH, points: points)
        }
        if axes.colorbarVisible, let image {
            let bx = x0 + plotW + 8
            let steps = 32
            for i in 0..<steps {
                let t = 1 - Double(i) / Double(steps - 1)
                if let c = image.colormap.color(at: t) {
                    out.rect(x: bx, y: y0 + plotH * Double(i) / Double(steps), width: 10, height: plotH / Double(steps) + 0.3, fill: c.hex)
                }
            }
            for (v, label) in [(image.vmax, image.vmax), (image.vmin, image.vmin)] {
                let yy = v == image.vmax ? y0 + 8 : y0 + plotH
                out.text(TickLocator.format(label, step: max(abs(image.vmax - image.vmin) / 10, 1e-12)), x: bx + 13, y: yy, size: 9)
            }
        }
    }

    private func svgTicks(_ lo: Double, _ hi: Double, scale: AxisScale, target: Int) -> [Tick] {
        switch scale {
        case .linear: return TickLocator.linear(lo, hi, target: target)
        case .log: return TickLocator.log(lo, hi, target: target, unicode: true)
        }
    }

    static func marker(_ m: Marker, x: Double, y: Double, color: String) -> String {
        let n = SVGWriter.number
        switch m {
        case .point, .pixel, .circle:
            let r = m == .circle ? 3.5 : m == .point ? 1.8 : 0.8
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(color)\"/>"
        case .square:
            return "<rect x=\"\(n(x - 3))\" y=\"\(n(y - 3))\" width=\"6\" height=\"6\" fill=\"\(color)\"/>"
        case .cross:
            return "<path stroke=\"\(color)\" stroke-width=\"1.5\" d=\"M\(n(x - 3)),\(n(y - 3))L\(n(x + 3)),\(n(y + 3))M\(n(x - 3)),\(n(y + 3))L\(n(x + 3)),\(n(y - 3))\"/>"
        case .plus, .star:
            return "<path stroke=\"\(color)\" stroke-width=\"1.5\" d=\"M\(n(x - 4)),\(n(y))L\(n(x + 4)),\(n(y))M\(n(x)),\(n(y - 4))L\(n(x)),\(n(y + 4))\"/>"
        case .triangleUp, .triangleDown, .diamond:
            let pts: [(Double, Double)]
            switch m {
            case .triangleUp: pts = [(0, -4), (4, 3), (-4, 3)]
            case .triangleDown: pts = [(0, 4), (4, -3), (-4, -3)]
            default: pts = [(0, -4), (4, 0), (0, 4), (-4, 0)]
            }
            let d = pts.map { "\(n(x + $0.0)),\(n(y + $0.1))" }.joined(separator: " ")
            return "<polygon points=\"\(d)\" fill=\"\(color)\"/>"
        }
    }

    private func quiverPath(_ q: QuiverArtist, px: (Double) -> Double, py: (Double) -> Double, plotW: Double, plotH: Double) -> String {
        let n = SVGWriter.number
        let count = q.x.count
        guard count > 0 else { return "" }
        var longest = 0.0
        let ux = px(1) - px(0), uy = py(1) - py(0)
        for i in 0..<count {
            let l = ((q.u[i] * ux) * (q.u[i] * ux) + (q.v[i] * uy) * (q.v[i] * uy)).squareRoot()
            if l.isFinite && l > longest { longest = l }
        }
        let scale = longest > 0 ? QuiverLayout.spacing(q, width: plotW, height: plotH) / longest : 0
        var d = ""
        for i in 0..<count {
            guard let tx = axes.xScale.transform(q.x[i]), let ty = axes.yScale.transform(q.y[i]) else { continue }
            let xa = px(tx), ya = py(ty)
            let dx = q.u[i] * ux * scale, dy = q.v[i] * uy * scale
            let length = (dx * dx + dy * dy).squareRoot()
            guard length.isFinite, length > 0.5 else { continue }
            let xb = xa + dx, yb = ya + dy
            let head = min(length * 0.35, 8)
            let ex = dx / length, ey = dy / length
            let c = cos(Double.pi / 7), s = sin(Double.pi / 7)
            let h1 = (xb + head * (-ex * c + ey * s), yb + head * (-ey * c - ex * s))
            let h2 = (xb + head * (-ex * c - ey * s), yb + head * (-ey * c + ex * s))
            d += "M\(n(xa)),\(n(ya))L\(n(xb)),\(n(yb))M\(n(h1.0)),\(n(h1.1))L\(n(xb)),\(n(yb))L\(n(h2.0)),\(n(h2.1))"
        }
        return "<path class=\"quiver\" fill=\"none\" stroke=\"\(q.color.hex)\" stroke-width=\"1.2\" d=\"\(d)\"/>"
    }

    private func legend(into out: inout SVGWriter, right: Double, top: Double, plotWidth: Double, plotHeight: Double,
                        points: [(Double, Double)]) {
        let entries = axes.legendEntries
        guard !entries.isEmpty else { return }
        let n = SVGWriter.number
        let textWidth = entries.map { Double(displayWidth($0.label)) * 6.5 }.max() ?? 0
        let w = 40 + textWidth, h = Double(entries.count) * 18 + 8
        let (left, bottom) = (right - plotWidth, top + plotHeight)
        let name = axes.legendLocation.rawValue
        var lx = name.hasSuffix("left") ? left + 8 : name == "center" || name.hasSuffix(" center") ? (left + right - w) / 2 : right - w - 8
        var ly = name.hasPrefix("lower") ? bottom - h - 8 : name.hasPrefix("center") || name == "right" ? top + (plotHeight - h) / 2 : top + 8
        if axes.legendLocation == .best {
            let corners = [(right - w - 8, top + 8), (left + 8, top + 8), (left + 8, bottom - h - 8), (right - w - 8, bottom - h - 8)]
            var fewest = Int.max
            for corner in corners {
                let hidden = points.filter { $0.0 >= corner.0 && $0.0 <= corner.0 + w && $0.1 >= corner.1 && $0.1 <= corner.1 + h }.count
                if hidden < fewest { fewest = hidden; (lx, ly) = corner }
            }
        }
        out.raw("<g class=\"legend\">")
        out.raw("<rect x=\"\(n(lx))\" y=\"\(n(ly))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"#ffffff\" fill-opacity=\"0.8\" stroke=\"#cccccc\"/>")
        for (k, e) in entries.enumerated() {
            let yy = ly + 13 + Double(k) * 18
            if e.filled {
                out.rect(x: lx + 8, y: yy - 5, width: 20, height: 8, fill: e.color.hex)
            } else {
                if e.line != .none { out.line(lx + 8, yy, lx + 28, yy, color: e.color.hex, width: 1.5, dash: e.line.svgDashArray) }
                if let m = e.marker { out.raw(SVGAxesRenderer.marker(m, x: lx + 18, y: yy, color: e.color.hex)) }
            }
            out.text(e.label, x: lx + 34, y: yy + 4, size: 10)
        }
        out.raw("</g>")
    }
}
