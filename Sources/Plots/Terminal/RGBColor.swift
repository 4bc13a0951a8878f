/// A 24-bit colour, as matplotlib colours are; reduced to 256 or 16 colours on output.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From fractions in 0...1 (values outside are clamped).
    public init(fractions r: Double, _ g: Double, _ b: Double) {
        func byte(_ x: Double) -> UInt8 {
            guard x.isFinite else { return 0 }
            return UInt8(max(0, min(255, (x * 255).rounded())))
        }
        self.init(red: byte(r), green: byte(g), blue: byte(b))
    }

    /// Parses "#rrggbb" or "#rgb"; nil when malformed.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        if digits.count == 3 { digits = Substring(digits.map { "\($0)\($0)" }.joined()) }
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// "#rrggbb", as SVG and matplotlib write it.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for byte in [red, green, blue] {
            s.append(digits[Int(byte >> 4)])
            s.append(digits[Int(byte & 0xF)])
        }
        return s
    }

    public var description: String { hex }

    /// Perceived brightness in 0...1.
    public var luminance: Double {
        (0.299 * Double(red) + 0.587 * Double(green) + 0.114 * Double(blue)) / 255
    }

    /// Packed as 0x01rrggbb, so 0 can mean "no colour" in cell buffers.
    var packed: UInt32 { 0x0100_0000 | UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue) }

    init?(packed: UInt32) {
        guard packed & 0x0100_0000 != 0 else { return nil }
        self.init(red: UInt8(packed >> 16 & 0xFF), green: UInt8(packed >> 8 & 0xFF), blue: UInt8(packed & 0xFF))
    }

    /// The matplotlib default colour cycle ("tab10").
    public static let cycle: [RGBColor] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ].map { RGBColor(hex: $0)! }

    /// matplotlib's single-letter colours and a few CSS names learners type.
    public static func named(_ name: String) -> RGBColor? {
        switch name.lowercased() {
        case "b", "blue": return RGBColor(red: 0, green: 0, blue: 255)
        case "g": return RGBColor(red: 0, green: 128, blue: 0)
        case "green": return RGBColor(hex: "#008000")
        case "r", "red": return RGBColor(red: 255, green: 0, blue: 0)
        case "c": return RGBColor(red: 0, green: 191, blue: 191)
        case "cyan", "aqua": return RGBColor(hex: "#00ffff")
        case "m": return RGBColor(red: 191, green: 0, blue: 191)
        case "magenta", "fuchsia": return RGBColor(hex: "#ff00ff")
        case "y": return RGBColor(red: 191, green: 191, blue: 0)
        case "yellow": return RGBColor(hex: "#ffff00")
        case "k", "black": return RGBColor(red: 0, green: 0, blue: 0)
        case "w", "white": return RGBColor(red: 255, green: 255, blue: 255)
        case "gray", "grey": return RGBColor(hex: "#808080")
        case "orange": return RGBColor(hex: "#ffa500")
        case "purple": return RGBColor(hex: "#800080")
        case "brown": return RGBColor(hex: "#a52a2a")
        case "pink": return RGBColor(hex: "#ffc0cb")
        case "navy": return RGBColor(hex: "#000080")
        default:
            if name.hasPrefix("tab:") || name.hasPrefix("C") {
                let tab = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                           "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
                if let i = tab.firstIndex(of: name) { return cycle[i] }
                if name.hasPrefix("C"), let i = Int(name.dropFirst()), i >= 0 { return cycle[i % cycle.count] }
            }
            if name.hasPrefix("#") { return RGBColor(hex: name) }
            // A gray level string such as "0.5".
            if let level = Double(name), level >= 0, level <= 1 { return RGBColor(fractions: level, level, level) }
            return nil
        }
    }
}

/// ANSI escape sequences for colours at a given capability.
enum ANSI {
    static let reset = "\u{1B}[0m"

    /// SGR parameters selecting `color` as foreground (or background), or nil for no colour.
    static func parameters(_ color: RGBColor, background: Bool, support: ColorSupport) -> String? {
        switch support {
        case .none:
            return nil
        case .trueColor:
            return "\(background ? 48 : 38);2;\(color.red);\(color.green);\(color.blue)"
        case .ansi256:
            return "\(background ? 48 : 38);5;\(index256(color))"
        case .ansi16:
            let i = index16(color)
            let base = background ? (i < 8 ? 40 : 100) : (i < 8 ? 30 : 90)
            return "\(base + i % 8)"
        }
    }

    /// Nearest entry in the xterm 6×6×6 cube or the 24-step gray ramp.
    static func index256(_ c: RGBColor) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0
            for i in 1..<6 where abs(levels[i] - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let r = nearestLevel(c.red), g = nearestLevel(c.green), b = nearestLevel(c.blue)
        let cubeError = sq(levels[r] - Int(c.red)) + sq(levels[g] - Int(c.green)) + sq(levels[b] - Int(c.blue))
        let mean = (Int(c.red) + Int(c.green) + Int(c.blue)) / 3
        let grayStep = max(0, min(23, (mean - 8 + 5) / 10))
        let gray = 8 + grayStep * 10
        let grayError = sq(gray - Int(c.red)) + sq(gray - Int(c.green)) + sq(gray - Int(c.blue))
        return grayError < cubeError ? 232 + grayStep : 16 + 36 * r + 6 * g + b
    }

    /// Nearest of the 16 standard colours (0–7 normal, 8–15 bright), by typical xterm values.
    static func index16(_ c: RGBColor) -> Int {
        let palette: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        var best = 0
        var bestError = Int.max
        for (i, p) in palette.enumerated() {
            let e = sq(p.0 - Int(c.red)) + sq(p.1 - Int(c.green)) + sq(p.2 - Int(c.blue))
            if e < bestError { bestError = e; best = i }
        }
        return best
    }

    private static func sq(_ x: Int) -> Int { x * x }
}
