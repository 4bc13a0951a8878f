/// How a line is stroked.
public enum LineStyle: String, Sendable {
    case solid = "-"
    case dashed = "--"
    case dotted = ":"
    case dashDot = "-."
    case none = ""

    /// On/off dot pattern on the canvas (16 steps).
    var dashPattern: UInt16 {
        switch self {
        case .solid, .none: return 0xFFFF
        case .dashed: return 0x0F0F      // 4 on, 4 off
        case .dotted: return 0x5555      // every other dot
        case .dashDot: return 0x0F27     // dash, gap, dot, gap
        }
    }

    var svgDashArray: String? {
        switch self {
        case .solid, .none: return nil
        case .dashed: return "6,4"
        case .dotted: return "1.5,3"
        case .dashDot: return "6,3,1.5,3"
        }
    }

    /// Parses matplotlib linestyle names ("-", "--", "dashed", "None", ...).
    public init?(name: String) {
        switch name {
        case "-", "solid": self = .solid
        case "--", "dashed": self = .dashed
        case ":", "dotted": self = .dotted
        case "-.", "dashdot": self = .dashDot
        case "", " ", "None", "none": self = .none
        default: return nil
        }
    }
}

/// Point markers, named by their matplotlib characters.
public enum Marker: String, CaseIterable, Sendable {
    case point = "."
    case pixel = ","
    case circle = "o"
    case cross = "x"
    case plus = "+"
    case star = "*"
    case square = "s"
    case triangleUp = "^"
    case triangleDown = "v"
    case diamond = "D"

    /// The character drawn in a terminal cell; nil for markers drawn as single dots.
    func glyph(unicode: Bool) -> Character? {
        switch self {
        case .point, .pixel: return nil
        case .circle: return unicode ? "●" : "o"
        case .cross: return unicode ? "×" : "x"
        case .plus: return "+"
        case .star: return unicode ? "✱" : "*"
        case .square: return unicode ? "■" : "#"
        case .triangleUp: return unicode ? "▲" : "^"
        case .triangleDown: return unicode ? "▼" : "v"
        case .diamond: return unicode ? "◆" : "D"
        }
    }
}

/// A parsed matplotlib format string such as "b.", "r-", "o-", "--", "g^:".
public struct LineFormat: Equatable, Sendable {
    public var color: RGBColor?
    public var lineStyle: LineStyle?
    public var marker: Marker?

    public init(color: RGBColor? = nil, lineStyle: LineStyle? = nil, marker: Marker? = nil) {
        self.color = color
        self.lineStyle = lineStyle
        self.marker = marker
    }

    /// Parses a fmt string as matplotlib does: at most one colour letter, one marker and
    /// one line style, in any order. A marker without a line style means no line.
    public init(parsing fmt: String) throws {
        let characters = Array(fmt)
        var i = 0
        func fail(_ why: String) -> PlotError { PlotError(.valueError, "'\(fmt)' is not a valid format string (\(why))") }
        while i < characters.count {
            let c = characters[i]
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            if c == "-" && (next == "-" || next == ".") {
                if lineStyle != nil { throw fail("two linestyle symbols") }
                lineStyle = next == "-" ? .dashed : .dashDot
                i += 2
                continue
            }
            if c == "-" || c == ":" {
                if lineStyle != nil { throw fail("two linestyle symbols") }
                lineStyle = c == "-" ? .solid : .dotted
            } else if "bgrcmykw".contains(c) {
                if color != nil { throw fail("two color symbols") }
                color = RGBColor.named(String(c))
            } else if c == "C", let n = next, let digit = n.wholeNumberValue {
                if color != nil { throw fail("two color symbols") }
                color = RGBColor.cycle[digit % RGBColor.cycle.count]
                i += 2
                continue
            } else if let m = Marker(rawValue: String(c)) {
                if marker != nil { throw fail("two marker symbols") }
                marker = m
            } else {
                throw fail("unrecognized character '\(c)'")
            }
            i += 1
        }
        if marker != nil && lineStyle == nil { lineStyle = LineStyle.none }
    }
}
