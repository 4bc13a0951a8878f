/// The visible ranges of an Axes in layout space (log10 of the value on log axes).
struct ViewLimits: Equatable {
    var x: (lower: Double, upper: Double)
    var y: (lower: Double, upper: Double)

    static func == (a: ViewLimits, b: ViewLimits) -> Bool {
        a.x == b.x && a.y == b.y
    }
}

/// Accumulates data extents along one axis, with "sticky" edges margins must not cross
/// (bar baselines, image borders), as matplotlib's autoscaling does.
private struct Extent {
    var lower = Double.infinity
    var upper = -Double.infinity
    var sticky: [Double] = []
    var marginFraction = 0.05

    mutating func add(_ v: Double?) {
        guard let v, v.isFinite else { return }
        if v < lower { lower = v }
        if v > upper { upper = v }
    }

    func resolved(explicit: (lower: Double?, upper: Double?), scale: AxisScale) -> (lower: Double, upper: Double) {
        var lo = lower, hi = upper
        if lo > hi { lo = 0; hi = 1 }
        if lo == hi {
            let d = lo == 0 ? 0.055 : abs(lo) * 0.05
            lo -= d
            hi += d
        } else {
            let span = hi - lo
            var a = lo - span * marginFraction
            var b = hi + span * marginFraction
            for s in sticky {
                if a < s && s <= lo { a = s }
                if b > s && s >= hi { b = s }
            }
            lo = a
            hi = b
        }
        if let l = explicit.lower, let t = scale.transform(l) { lo = t }
        if let u = explicit.upper, let t = scale.transform(u) { hi = t }
        if lo == hi { hi = lo + 1 }
        return lo < hi ? (lo, hi) : (hi, lo)
    }
}

extension Axes {
    /// The ranges shown, from the data and any explicit limits.
    func viewLimits() -> ViewLimits {
        var ex = Extent(), ey = Extent()
        let sx = xScale, sy = yScale
        for artist in artists {
            switch artist {
            case .line(let l):
                for v in l.x where v.isFinite { ex.add(sx.transform(v)) }
                for v in l.y where v.isFinite { ey.add(sy.transform(v)) }
            case .bars(let b):
                for i in b.lefts.indices {
                    ex.add(sx.transform(b.lefts[i]))
                    ex.add(sx.transform(b.lefts[i] + b.widths[i]))
                    ey.add(sy.transform(b.bottoms[i]))
                    ey.add(sy.transform(b.bottoms[i] + b.heights[i]))
                    if let t = sy.transform(b.bottoms[i]) { ey.sticky.append(t) }
                }
            case .image(let img):
                ex.add(sx.transform(-0.5)); ex.add(sx.transform(Double(img.columns) - 0.5))
                ey.add(sy.transform(-0.5)); ey.add(sy.transform(Double(img.rows) - 0.5))
                for v in [-0.5, Double(img.columns) - 0.5] { if let t = sx.transform(v) { ex.sticky.append(t) } }
                for v in [-0.5, Double(img.rows) - 0.5] { if let t = sy.transform(v) { ey.sticky.append(t) } }
            case .quiver(let q):
                for v in q.x { ex.add(sx.transform(v)) }
                for v in q.y { ey.add(sy.transform(v)) }
                ex.marginFraction = max(ex.marginFraction, 0.1)
                ey.marginFraction = max(ey.marginFraction, 0.1)
            case .contour(let c):
                for v in [c.x.min(), c.x.max()] { if let v { ex.add(sx.transform(v)); if let t = sx.transform(v) { ex.sticky.append(t) } } }
                for v in [c.y.min(), c.y.max()] { if let v { ey.add(sy.transform(v)); if let t = sy.transform(v) { ey.sticky.append(t) } } }
            case .text(let t):
                ex.add(sx.transform(t.x))
                ey.add(sy.transform(t.y))
            }
        }
        return ViewLimits(x: ex.resolved(explicit: xLimits, scale: sx), y: ey.resolved(explicit: yLimits, scale: sy))
    }
}
