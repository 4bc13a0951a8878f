/// Colour pixels shown two per cell with the upper-half block "▀": the top pixel is the
/// foreground colour, the bottom one the background. Without colour, each cell shows a
/// shade character for the mean brightness of its two pixels.
struct PixelCanvas {
    let columns: Int
    /// Pixel rows (twice the cell rows, rounded up).
    let pixelRows: Int
    var cellRows: Int { (pixelRows + 1) / 2 }
    private(set) var pixels: [RGBColor?]

    init(columns: Int, pixelRows: Int) {
        self.columns = max(0, columns)
        self.pixelRows = max(0, pixelRows)
        pixels = [RGBColor?](repeating: nil, count: self.columns * self.pixelRows)
    }

    mutating func set(_ x: Int, _ y: Int, _ color: RGBColor) {
        guard x >= 0, y >= 0, x < columns, y < pixelRows else { return }
        pixels[y * columns + x] = color
    }

    func pixel(_ x: Int, _ y: Int) -> RGBColor? {
        guard x >= 0, y >= 0, x < columns, y < pixelRows else { return nil }
        return pixels[y * columns + x]
    }

    private static let unicodeShades: [UInt32] = " ░▒▓█".unicodeScalars.map { $0.value }
    private static let asciiShades: [UInt32] = " .:-=+*#%@".unicodeScalars.map { $0.value }

    func draw(on grid: inout CellGrid, column: Int, row: Int, colors: ColorSupport, unicode: Bool) {
        for r in 0..<cellRows {
            for c in 0..<columns {
                let top = pixel(c, 2 * r)
                let bottom = pixel(c, 2 * r + 1)
                if top == nil && bottom == nil { continue }
                if colors != .none && unicode {
                    if let top {
                        grid.set(column: column + c, row: row + r, scalar: 0x2580, foreground: top, background: bottom)
                    } else {
                        grid.set(column: column + c, row: row + r, scalar: 0x2584, foreground: bottom)
                    }
                } else if colors != .none {
                    // Colour but no Unicode: a blank cell on the mean colour.
                    let mean = PixelCanvas.mean(top, bottom)
                    grid.set(column: column + c, row: row + r, scalar: 0x20, background: mean)
                } else {
                    let shades = unicode ? PixelCanvas.unicodeShades : PixelCanvas.asciiShades
                    let l = PixelCanvas.mean(top, bottom).luminance
                    let index = min(shades.count - 1, Int(l * Double(shades.count)))
                    grid.set(column: column + c, row: row + r, scalar: shades[index])
                }
            }
        }
    }

    private static func mean(_ a: RGBColor?, _ b: RGBColor?) -> RGBColor {
        guard let a else { return b ?? RGBColor(red: 0, green: 0, blue: 0) }
        guard let b else { return a }
        return RGBColor(red: UInt8((Int(a.red) + Int(b.red)) / 2), green: UInt8((Int(a.green) + Int(b.green)) / 2),
                        blue: UInt8((Int(a.blue) + Int(b.blue)) / 2))
    }
}
