/// A piece of an iso-line in data coordinates.
public struct ContourSegment: Equatable, Sendable {
    public var x0, y0, x1, y1: Double
}

enum MarchingSquares {
    /// Segments where the bilinear surface through `z` crosses `level`. Cells with a NaN
    /// corner are skipped; saddles are split by the cell's centre value.
    static func segments(x: [Double], y: [Double], z: [Double], level: Double) -> [ContourSegment] {
        let nx = x.count, ny = y.count
        guard nx >= 2, ny >= 2, z.count == nx * ny else { return [] }
        var out: [ContourSegment] = []
        for r in 0..<(ny - 1) {
            for c in 0..<(nx - 1) {
                // Corners counter-clockwise from bottom-left in index space.
                let z00 = z[r * nx + c], z10 = z[r * nx + c + 1]
                let z11 = z[(r + 1) * nx + c + 1], z01 = z[(r + 1) * nx + c]
                if z00.isNaN || z10.isNaN || z11.isNaN || z01.isNaN { continue }
                var index = 0
                if z00 > level { index |= 1 }
                if z10 > level { index |= 2 }
                if z11 > level { index |= 4 }
                if z01 > level { index |= 8 }
                if index == 0 || index == 15 { continue }
                let xa = x[c], xb = x[c + 1], ya = y[r], yb = y[r + 1]
                func t(_ a: Double, _ b: Double) -> Double { a == b ? 0.5 : (level - a) / (b - a) }
                // Edge crossing points: bottom, right, top, left.
                let bottom = (xa + (xb - xa) * t(z00, z10), ya)
                let right = (xb, ya + (yb - ya) * t(z10, z11))
                let top = (xa + (xb - xa) * t(z01, z11), yb)
                let left = (xa, ya + (yb - ya) * t(z00, z01))
                func add(_ p: (Double, Double), _ q: (Double, Double)) {
                    out.append(ContourSegment(x0: p.0, y0: p.1, x1: q.0, y1: q.1))
                }
                switch index {
                case 1, 14: add(left, bottom)
                case 2, 13: add(bottom, right)
                case 3, 12: add(left, right)
                case 4, 11: add(right, top)
                case 6, 9: add(bottom, top)
                case 7, 8: add(left, top)
                case 5, 10:
                    let centre = (z00 + z10 + z11 + z01) / 4
                    let centreHigh = centre > level
                    if (index == 5) == centreHigh {
                        add(left, top); add(bottom, right)
                    } else {
                        add(left, bottom); add(right, top)
                    }
                default: break
                }
            }
        }
        return out
    }
}
