/// How long the longest arrow of a quiver is drawn: a little under the spacing of the
/// arrow grid, so neighbouring arrows do not run into each other.
enum QuiverLayout {
    /// Length (in output units) for the longest arrow on a plot area of width × height.
    static func spacing(_ q: QuiverArtist, width: Double, height: Double) -> Double {
        // Arrows usually sit on a grid (meshgrid); count its distinct columns and rows.
        let columns = Set(q.x.filter(\.isFinite)).count
        let rows = Set(q.y.filter(\.isFinite)).count
        let n = max(1, q.x.count)
        if columns > 1, rows > 1, columns * rows <= 2 * n {
            return 0.95 * min(width / Double(columns), height / Double(rows))
        }
        return min(0.9 * (width * height / Double(n)).squareRoot(), 0.45 * min(width, height))
    }
}

extension QuiverLayout {
    /// Which arrows to draw: on a grid too dense for the output (spacing below
    /// `minimumSpacing` units), every k-th row and column, so the arrows stay long
    /// enough to show their direction.
    static func visible(_ q: QuiverArtist, width: Double, height: Double, minimumSpacing: Double) -> [Bool] {
        let n = q.x.count
        var keep = [Bool](repeating: true, count: n)
        let xs = Array(Set(q.x.filter(\.isFinite))).sorted()
        let ys = Array(Set(q.y.filter(\.isFinite))).sorted()
        guard xs.count > 1, ys.count > 1, xs.count * ys.count <= 2 * n else { return keep }
        let s = min(width / Double(xs.count), height / Double(ys.count))
        guard s > 0, s < minimumSpacing else { return keep }
        let k = Int((minimumSpacing / s).rounded(.up))
        var xIndex: [Double: Int] = [:], yIndex: [Double: Int] = [:]
        for (i, v) in xs.enumerated() { xIndex[v] = i }
        for (i, v) in ys.enumerated() { yIndex[v] = i }
        for i in 0..<n {
            guard let a = xIndex[q.x[i]], let b = yIndex[q.y[i]] else { continue }
            keep[i] = a % k == 0 && b % k == 0
        }
        return keep
    }
}
