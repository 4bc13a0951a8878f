import Testing
@testable import Plots

struct FormatTests {
    @Test func matplotlibFormatStrings() throws {
        let blueDots = try LineFormat(parsing: "b.")
        #expect(blueDots.color == RGBColor(hex: "#0000ff"))
        #expect(blueDots.marker == .point)
        #expect(blueDots.lineStyle == LineStyle.none)

        let redLine = try LineFormat(parsing: "r-")
        #expect(redLine.color == RGBColor(hex: "#ff0000"))
        #expect(redLine.lineStyle == .solid)
        #expect(redLine.marker == nil)

        let circleLine = try LineFormat(parsing: "o-")
        #expect(circleLine.marker == .circle && circleLine.lineStyle == .solid && circleLine.color == nil)

        #expect(try LineFormat(parsing: "--").lineStyle == .dashed)
        #expect(try LineFormat(parsing: "g-.").lineStyle == .dashDot)
        #expect(try LineFormat(parsing: "k:").lineStyle == .dotted)
        #expect(try LineFormat(parsing: "x").marker == .cross)
        #expect(try LineFormat(parsing: "+m").color == RGBColor(hex: "#bf00bf"))
        #expect(try LineFormat(parsing: "C1").color == RGBColor.cycle[1])
    }

    @Test func badFormatStrings() {
        #expect(throws: PlotError(.valueError, "'q' is not a valid format string (unrecognized character 'q')")) {
            try LineFormat(parsing: "q")
        }
        #expect(throws: PlotError.self) { try LineFormat(parsing: "rb") }
        #expect(throws: PlotError.self) { try LineFormat(parsing: "o.") }
    }

    @Test func colours() {
        #expect(RGBColor(hex: "#666666") == RGBColor(red: 0x66, green: 0x66, blue: 0x66))
        #expect(RGBColor(hex: "#abc")?.hex == "#aabbcc")
        #expect(RGBColor(hex: "#12345") == nil)
        #expect(RGBColor.named("tab:orange") == RGBColor.cycle[1])
        #expect(RGBColor.named("0.5") == RGBColor(red: 128, green: 128, blue: 128))
        #expect(ANSI.index256(RGBColor(red: 255, green: 0, blue: 0)) == 196)
        #expect(ANSI.index256(RGBColor(red: 0x66, green: 0x66, blue: 0x66)) == 241)
        #expect(ANSI.index16(RGBColor(red: 250, green: 10, blue: 10)) == 9)
    }

    @Test func niceTicks() {
        #expect(TickLocator.linear(0, 1, target: 5).map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(TickLocator.linear(-0.3, 10.2, target: 5).map(\.label) == ["0", "2", "4", "6", "8", "10"])
        #expect(TickLocator.linear(0, 10000, target: 4).map(\.label) == ["0", "2000", "4000", "6000", "8000", "10000"])
        #expect(TickLocator.linear(0, 2e6, target: 2).map(\.label) == ["0", "1e+06", "2e+06"])
        #expect(TickLocator.log(-3, 0, target: 4, unicode: false).map(\.label) == ["1e-3", "1e-2", "1e-1", "1e0"])
        #expect(TickLocator.log(-2, 1, target: 4, unicode: true).map(\.label) == ["10⁻²", "10⁻¹", "10⁰", "10¹"])
        #expect(TickLocator.linear(.nan, 1, target: 5).isEmpty)
    }

    @Test func sparkline() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([1, 1, 1]) == "▄▄▄" || Sparkline.render([1, 1, 1]) == "▅▅▅")
        #expect(Sparkline.render([0, .nan, 1], unicode: false) == "_ ^")
        #expect(Sparkline.render([5, 0, 1, 2], width: 2) == "▁█")
        #expect(Sparkline.render([]) == "")
        let long = (0..<100).map { Double($0) }
        #expect(Sparkline.render(long, width: 8, fit: true) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render(long, width: 8).count == 8)
    }
}
