/// A fixed-size grid of terminal cells that plots are composed on, then turned into
/// one String. Writes outside the grid are dropped, and a wide character that would
/// cross the right edge is not written, so no line can ever be wider than the grid.
struct CellGrid {
    let columns: Int
    let rows: Int
    /// Scalar value per cell: 0 = blank, `continuation` = right half of a wide character.
    private(set) var scalars: [UInt32]
    /// Grapheme clusters of more than one scalar, by cell index (rare: combining marks).
    private var clusters: [Int: String] = [:]
    /// Packed foreground / background colours (0 = terminal default).
    private(set) var foreground: [UInt32]
    private(set) var background: [UInt32]

    static let continuation: UInt32 = 0xFFFF_FFFF

    /// Black text ("k") is drawn in the terminal's own foreground colour, so it stays
    /// visible on dark backgrounds.
    @inline(__always)
    static func terminalForeground(_ color: RGBColor?) -> UInt32 {
        guard let color, color != RGBColor(red: 0, green: 0, blue: 0) else { return 0 }
        return color.packed
    }

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        let n = self.columns * self.rows
        scalars = [UInt32](repeating: 0, count: n)
        foreground = [UInt32](repeating: 0, count: n)
        background = [UInt32](repeating: 0, count: n)
    }

    func isBlank(column: Int, row: Int) -> Bool {
        guard column >= 0, column < columns, row >= 0, row < rows else { return false }
        let i = row * columns + column
        return scalars[i] == 0 && background[i] == 0
    }

    /// Puts one single-column scalar in a cell.
    mutating func set(column: Int, row: Int, scalar: UInt32, foreground fg: RGBColor? = nil, background bg: RGBColor? = nil) {
        guard column >= 0, column < columns, row >= 0, row < rows else { return }
        let i = row * columns + column
        clearWide(at: i, column: column)
        scalars[i] = scalar
        clusters[i] = nil
        foreground[i] = CellGrid.terminalForeground(fg)
        background[i] = bg?.packed ?? 0
    }

    /// If the cell is half of a wide character, blanks the other half.
    private mutating func clearWide(at i: Int, column: Int) {
        if scalars[i] == CellGrid.continuation, column > 0 {
            scalars[i - 1] = 0x20
        } else if column + 1 < columns, scalars[i + 1] == CellGrid.continuation {
            scalars[i + 1] = 0x20
        }
    }

    /// Writes text starting at a column, clipped at `limit` (exclusive, default the grid's
    /// right edge). Returns the number of columns written.
    @discardableResult
    mutating func write(_ text: String, column: Int, row: Int, limit: Int? = nil, foreground fg: RGBColor? = nil) -> Int {
        guard row >= 0, row < rows else { return 0 }
        let end = min(limit ?? columns, columns)
        var c = column
        for character in text {
            let w = displayWidth(of: character)
            if w == 0 { continue }
            if c + w > end { break }
            if c >= 0 {
                let i = row * columns + c
                clearWide(at: i, column: c)
                let scalars = character.unicodeScalars
                if scalars.count == 1 {
                    self.scalars[i] = scalars.first!.value
                    clusters[i] = nil
                } else {
                    self.scalars[i] = scalars.first!.value
                    clusters[i] = String(character)
                }
                foreground[i] = CellGrid.terminalForeground(fg)
                background[i] = 0
                if w == 2 {
                    clearWide(at: i + 1, column: c + 1)
                    self.scalars[i + 1] = CellGrid.continuation
                    foreground[i + 1] = 0
                    background[i + 1] = 0
                }
            }
            c += w
        }
        return max(0, c - column)
    }

    /// Copies another grid in at an offset (used for subplot panels).
    mutating func paste(_ other: CellGrid, column: Int, row: Int) {
        for r in 0..<other.rows {
            let tr = r + row
            guard tr >= 0, tr < rows else { continue }
            for c in 0..<other.columns {
                let tc = c + column
                guard tc >= 0, tc < columns else { continue }
                let s = other.scalars[r * other.columns + c]
                // A wide character cut by the right edge becomes a blank.
                if s != CellGrid.continuation, s != 0, tc + 1 == columns,
                   c + 1 < other.columns, other.scalars[r * other.columns + c + 1] == CellGrid.continuation {
                    scalars[tr * columns + tc] = 0x20
                    continue
                }
                let i = tr * columns + tc
                scalars[i] = s
                foreground[i] = other.foreground[r * other.columns + c]
                background[i] = other.background[r * other.columns + c]
                if let cluster = other.clusters[r * other.columns + c] { clusters[i] = cluster } else { clusters[i] = nil }
            }
        }
    }

    /// The grid as lines joined with "\n", trailing blanks trimmed, with SGR colour codes
    /// when `colors` allows.
    func rendered(colors: ColorSupport) -> String {
        var out = String()
        out.reserveCapacity(rows * (columns * 3 + 1) + 16)
        var lines: [String] = []
        lines.reserveCapacity(rows)
        for r in 0..<rows {
            var line = String()
            line.reserveCapacity(columns * 4)
            var last = -1
            for c in 0..<columns {
                let i = r * columns + c
                if (scalars[i] != 0 && scalars[i] != 0x20) || (colors != .none && background[i] != 0) { last = c }
            }
            var fg: UInt32 = 0
            var bg: UInt32 = 0
            var c = 0
            while c <= last {
                let i = r * columns + c
                let s = scalars[i]
                if s == CellGrid.continuation { c += 1; continue }
                if colors != .none {
                    let wantFg = foreground[i]
                    let wantBg = background[i]
                    // Blank cells keep the current foreground; only background matters there.
                    let fgChange = wantFg != fg && !(s == 0 || s == 0x20)
                    if fgChange || wantBg != bg {
                        var params: [String] = []
                        if (wantFg == 0 && fg != 0 && fgChange) || (wantBg == 0 && bg != 0) {
                            params.append("0")
                            fg = 0
                            bg = 0
                        }
                        if wantFg != fg && !(s == 0 || s == 0x20), let color = RGBColor(packed: wantFg),
                           let p = ANSI.parameters(color, background: false, support: colors) {
                            params.append(p)
                            fg = wantFg
                        }
                        if wantBg != bg, let color = RGBColor(packed: wantBg),
                           let p = ANSI.parameters(color, background: true, support: colors) {
                            params.append(p)
                            bg = wantBg
                        }
                        if !params.isEmpty { line += "\u{1B}[" + params.joined(separator: ";") + "m" }
                    }
                }
                if let cluster = clusters[i] {
                    line += cluster
                } else if s == 0 {
                    line.unicodeScalars.append(" ")
                } else if let scalar = Unicode.Scalar(s) {
                    line.unicodeScalars.append(scalar)
                } else {
                    line.unicodeScalars.append(" ")
                }
                c += 1
            }
            if fg != 0 || bg != 0 { line += ANSI.reset }
            lines.append(line)
        }
        out = lines.joined(separator: "\n")
        return out
    }
}
