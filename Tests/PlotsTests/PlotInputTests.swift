import Tensor
import Testing
@testable import Plots

struct PlotInputTests {
    @Test func columnsOfArrays() throws {
        let a = try NDArray([1, 2, 3, 4, 5, 6], shape: [3, 2])
        #expect(try PlotInput.columns(a) == [[1, 3, 5], [2, 4, 6]])
        #expect(try PlotInput.columns(try NDArray([1, 2], shape: [2])) == [[1, 2]])
        #expect(throws: PlotError.self) { try PlotInput.columns(try NDArray([1, 2], shape: [1, 1, 2])) }
        let img = try PlotInput.image(try NDArray([Double](repeating: 0, count: 6), shape: [2, 3, 1]))
        #expect(img.rows == 2 && img.columns == 3)
        #expect(throws: PlotError.self) { try PlotInput.image(try NDArray([1, 2], shape: [2])) }
    }

    @Test func twoDimensionalXDrawsOneLinePerColumn() throws {
        // The seed's plt.plot(test, y, 'b.') with test of shape (N, 2): two series, both blue.
        let axes = Axes()
        let test = try NDArray((0..<20).map { Double($0 % 2 == 0 ? $0 / 2 : 0) }, shape: [10, 2])
        try axes.plot(xColumns: try PlotInput.columns(test), yColumns: [(0..<10).map { Double($0) }], format: "b.")
        let lines = axes.artists.compactMap { if case .line(let l) = $0 { return l } else { return nil } }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.color == RGBColor(hex: "#0000ff") && $0.marker == .point && $0.lineStyle == LineStyle.none })
        #expect(lines[1].x == [Double](repeating: 0, count: 10))
        #expect(throws: PlotError.self) { try axes.plot(xColumns: [[1], [2]], yColumns: [[1], [2], [3]]) }
    }
}
