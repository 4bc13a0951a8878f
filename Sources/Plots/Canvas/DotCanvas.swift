/// A canvas of on/off dots grouped into terminal cells: braille (2×4 dots per cell),
/// quadrant blocks (2×2) or ASCII (1×2, drawn with `'`, `.`, `:`). Dots live in one
/// flat byte buffer (a bit mask per cell) so drawing many points stays cheap; each
/// cell remembers the colour of the last dot drawn in it.
struct DotCanvas {
    let kind: CanvasKind
    let columns: Int
    let rows: Int
    /// Dots per cell horizontally and vertically.
    let dotsX: Int
    let dotsY: Int
    private(set) var bits: [UInt8]
    private(set) var colors: [UInt32]

    var pixelWidth: Int { columns * dotsX }
    var pixelHeight: Int { rows * dotsY }

    init(kind: CanvasKind, columns: Int, rows: Int) {
        self.kind = kind
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        switch kind {
        case .braille: (dotsX, dotsY) = (2, 4)
        case .block: (dotsX, dotsY) = (2, 2)
        case .ascii: (dotsX, dotsY) = (1, 2)
        }
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        colors = [UInt32](repeating: 0, count: self.columns * self.rows)
    }

    /// Bit for the dot at (dx, dy) inside a cell.
    @inline(__always)
    private func mask(_ dx: Int, _ dy: Int) -> UInt8 {
        switch kind {
        case .braille:
            // Braille numbering: dots 1-3 down the left, 4-6 down the right, 7 and 8 at the bottom.
            if dy == 3 { return dx == 0 ? 0x40 : 0x80 }
            return UInt8(1) << UInt8(dy + 3 * dx)
        case .block:
            return UInt8(1) << UInt8(dx + 2 * dy)
        case .ascii:
            return UInt8(1) << UInt8(dy)
        }
    }

    /// Turns on one dot; coordinates outside the canvas are ignored.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, color: UInt32) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let cx = x / dotsX, cy = y / dotsY
        let i = cy * columns + cx
        bits[i] |= mask(x - cx * dotsX, y - cy * dotsY)
        colors[i] = color
    }

    func isSet(_ x: Int, _ y: Int) -> Bool {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return false }
        let cx = x / dotsX, cy = y / dotsY
        return bits[cy * columns + cx] & mask(x - cx * dotsX, y - cy * dotsY) != 0
    }

    /// Draws a straight line between two points in dot coordinates (may be fractional and
    /// lie outside; the part inside is drawn). `dash` is a 16-step on/off pattern advanced
    /// per dot and carried across calls through `phase`.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: UInt32,
                       dash: UInt16 = 0xFFFF, phase: inout Int) {
        guard let (ax, ay, bx, by) = clip(x0, y0, x1, y1) else { return }
        var x = Int(ax.rounded()), y = Int(ay.rounded())
        let xe = Int(bx.rounded()), ye = Int(by.rounded())
        let dx = abs(xe - x), dy = -abs(ye - y)
        let sx = x < xe ? 1 : -1, sy = y < ye ? 1 : -1
        var err = dx + dy
        while true {
            if dash == 0xFFFF || (dash >> UInt16(phase & 15)) & 1 == 1 { set(x, y, color: color) }
            phase &+= 1
            if x == xe && y == ye { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: UInt32) {
        var phase = 0
        line(x0, y0, x1, y1, color: color, phase: &phase)
    }

    /// Liang–Barsky clipping to the dot rectangle, so huge or infinite coordinates never
    /// reach integer conversion.
    private func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Double, Double, Double, Double)? {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite, pixelWidth > 0, pixelHeight > 0 else { return nil }
        let xmin = -0.49, ymin = -0.49
        let xmax = Double(pixelWidth) - 0.51, ymax = Double(pixelHeight) - 0.51
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        // One boundary test per edge; written out so no array is built per segment.
        @inline(__always) func edge(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return false }
                if r < t1 { t1 = r }
            }
            return true
        }
        guard edge(-dx, x0 - xmin), edge(dx, xmax - x0), edge(-dy, y0 - ymin), edge(dy, ymax - y0) else { return nil }
        return (x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)
    }

    /// The glyph for a cell's dot mask.
    func glyph(_ mask: UInt8) -> UInt32 {
        switch kind {
        case .braille:
            return 0x2800 + UInt32(mask)
        case .block:
            return DotCanvas.quadrants[Int(mask & 15)]
        case .ascii:
            return [0x20, 0x27, 0x2E, 0x3A][Int(mask & 3)]
        }
    }

    private static let quadrants: [UInt32] = Array(" ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█".unicodeScalars.map { $0.value })

    /// Copies every non-empty cell onto the grid at an offset.
    func draw(on grid: inout CellGrid, column: Int, row: Int) {
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let m = bits[i]
                if m == 0 { continue }
                grid.set(column: column + c, row: row + r, scalar: glyph(m), foreground: RGBColor(packed: colors[i]))
            }
        }
    }

    func isEmpty(column: Int, row: Int) -> Bool {
        guard column >= 0, column < columns, row >= 0, row < rows else { return true }
        return bits[row * columns + column] == 0
    }
}
