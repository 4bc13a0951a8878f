import Foundation
import Testing
@testable import Plots

/// Size and width guarantees of terminal renders.
struct RenderBasicsTests {
    static func lineFigure() throws -> Figure {
        let fig = Figure()
        let x = (0..<100).map { Double($0) / 10 }
        try fig.axes.plot(x: x, y: x.map { sin($0) }, label: "sin")
        try fig.axes.plot(x: x, y: x.map { cos($0) }, format: "r--", label: "cos")
        fig.axes.title = "Trig 三角関数"
        fig.axes.xLabel = "x"
        fig.axes.yLabel = "f(x)"
        fig.axes.legendVisible = true
        fig.axes.gridVisible = true
        return fig
    }

    @Test(arguments: [(80, 24), (200, 50), (40, 12), (10, 5)])
    func linesFitTheTerminal(size: (Int, Int)) throws {
        let fig = try Self.lineFigure()
        for unicode in [true, false] {
            let text = fig.render(RenderOptions(width: size.0, height: size.1, colors: .none, unicode: unicode))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= size.1)
            for line in lines { #expect(displayWidth(String(line)) <= size.0) }
            if size.0 >= 40 { #expect(text.contains("Trig 三角関数")) }
        }
    }

    @Test func explicitSizeIsHonouredAndClamped() throws {
        let fig = try Self.lineFigure()
        fig.width = 30
        fig.height = 10
        let small = fig.render(RenderOptions(width: 80, height: 24)).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(small.count == 10)
        #expect(small.allSatisfy { displayWidth(String($0)) <= 30 })
        #expect(small.contains { displayWidth(String($0)) >= 25 })
        fig.width = 500
        fig.height = 500
        let clamped = fig.render(RenderOptions(width: 60, height: 20)).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(clamped.count <= 19)
        #expect(clamped.allSatisfy { displayWidth(String($0)) <= 60 })
        let inches = Figure(figsize: (6, 3))
        try inches.axes.plot(y: [1, 2])
        #expect(inches.size(for: TerminalCapabilities(width: 200, height: 50)) == (60, 15))
        #expect(inches.size(for: TerminalCapabilities(width: 40, height: 10)) == (40, 9))
    }
}
