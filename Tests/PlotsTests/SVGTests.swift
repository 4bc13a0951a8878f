import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plots

/// Collects elements and their attributes from an SVG document.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var inText = false
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" { inText = true; current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current); inText = false }
    }

    static func parse(_ svg: String) -> SVGCollector? {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
}

struct SVGTests {
    @Test func linePlotSeries() throws {
        let fig = Figure()
        let x = (0..<50).map(Double.init)
        try fig.axes.plot(x: x, y: x.map { $0 * $0 }, label: "square <x²>")
        try fig.axes.plot(x: x, y: x.map { 100 * $0 }, format: "r--", label: "linear & more")
        try fig.axes.scatter(x: [1, 2, 3], y: [4, 5, 6], label: "points")
        fig.axes.title = "学習曲線"
        fig.axes.xLabel = "iteration"
        fig.axes.yLabel = "loss"
        fig.axes.legendVisible = true
        fig.axes.gridVisible = true
        let svg = fig.svg()
        #expect(svg.hasPrefix("<?xml version=\"1.0\""))
        #expect(svg.contains("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\""))
        let doc = try #require(SVGCollector.parse(svg))
        #expect(doc.elements.first?.name == "svg")
        #expect(doc.elements.first?.attributes["version"] == "1.1")
        let polylines = doc.elements.filter { $0.name == "polyline" }
        #expect(polylines.count == 2)
        #expect(polylines.map { ($0.attributes["points"] ?? "").split(separator: " ").count } == [50, 50])
        #expect(polylines[1].attributes["stroke"] == "#ff0000")
        #expect(polylines[1].attributes["stroke-dasharray"] != nil)
        // Three scatter points plus one legend marker.
        #expect(doc.count("circle") == 4)
        for label in ["学習曲線", "iteration", "loss", "square <x²>", "linear & more", "points"] {
            #expect(doc.texts.contains(label))
        }
        #expect(doc.texts.contains("0") && doc.texts.contains("40"))
    }

    @Test func barsImagesQuiverContour() throws {
        let fig = Figure()
        try fig.subplot(2, 2, 1)
        try fig.axes.hist([1, 2, 2, 3, 3, 3], bins: .count(3))
        try fig.subplot(2, 2, 2)
        try fig.axes.imshow((0..<(28 * 28)).map { Double($0 % 28) }, rows: 28, columns: 28, colormap: .gray)
        fig.axes.colorbarVisible = true
        try fig.subplot(2, 2, 3)
        try fig.axes.quiver(x: [0, 1], y: [0, 1], u: [1, -1], v: [0, 1], color: "#666666")
        try fig.subplot(2, 2, 4)
        let g = (0..<10).map { Double($0) - 4.5 }
        try fig.axes.contour(x: g, y: g, z: g.flatMap { y in g.map { x in x * x + y * y } }, levels: .values([4, 9]))
        let doc = try #require(SVGCollector.parse(fig.svg()))
        let rects = doc.elements.filter { $0.name == "rect" }
        #expect(rects.filter { $0.attributes["fill"] == RGBColor.cycle[0].hex }.count == 3)     // hist bars
        #expect(rects.count > 28 * 28)                                                         // image pixels
        let paths = doc.elements.filter { $0.name == "path" }
        #expect(paths.contains { $0.attributes["stroke"] == "#666666" && ($0.attributes["d"] ?? "").contains("M") })
        #expect(paths.filter { $0.attributes["stroke"] != "#666666" }.count == 2)              // two contour levels
    }

    @Test func bestLegendAvoidsTheData() throws {
        // A rising line fills the upper right and lower left; the legend goes elsewhere.
        let fig = Figure()
        try fig.axes.plot(x: (0..<100).map(Double.init), y: (0..<100).map { Double($0) }, label: "rising")
        try fig.axes.legend()
        let doc = try #require(SVGCollector.parse(fig.svg()))
        let box = try #require(doc.elements.first { $0.name == "rect" && $0.attributes["stroke"] == "#cccccc" })
        let x = try #require(Double(box.attributes["x"] ?? "")), y = try #require(Double(box.attributes["y"] ?? ""))
        #expect(x < 200 && y < 100)     // upper left of a 640×480 figure
    }

    @Test func savefigWritesSVGOnly() throws {
        let state = PlotState(options: RenderOptions(width: 80, height: 24))
        try state.axes.plot(y: [1, 2, 3])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plots-test-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try state.savefig(path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(SVGCollector.parse(text)?.count("polyline") == 1)
        #expect(throws: PlotError.self) { try state.savefig("/tmp/x.png") }
        #expect(throws: PlotError.self) { try state.savefig("/nonexistent-dir/x.svg") }
    }
}

struct PlotStateTests {
    @Test func pyplotSemantics() throws {
        let state = PlotState(options: RenderOptions(width: 60, height: 20))
        #expect(state.show() == nil)                     // nothing drawn yet
        try state.axes.plot(y: [0.1, 0.5, 0.9])
        try state.axes.plot(y: [0.2, 0.4, 0.8])
        state.axes.ylim(0, 1)
        state.axes.xLabel = "epochs"
        let first = try #require(state.show())
        #expect(first.contains("epochs"))
        #expect(first.contains("1.0┤"))
        #expect(state.show() == nil)                     // show() closed the figure
        try state.newFigure(figsize: (4, 2))
        try state.axes.plot(y: [1, 2])
        let small = try #require(state.show())
        let lines = small.split(separator: "\n")
        #expect(lines.count <= 10)
        #expect(lines.allSatisfy { displayWidth(String($0)) <= 40 })
        #expect(throws: PlotError.self) { try state.newFigure(figsize: (-1, 2)) }
        try state.subplot(121)
        try state.axes.plot(y: [1, 2])
        try state.subplot(122)
        try state.axes.plot(y: [2, 1])
        #expect(state.figure.allAxes.count == 2)
    }

    @Test func colourCycleAdvancesPerAxes() throws {
        let axes = Axes()
        try axes.plot(y: [1])
        try axes.plot(y: [2])
        try axes.plot(y: [3], format: "k")
        try axes.plot(y: [4])
        let colours = axes.artists.compactMap { if case .line(let l) = $0 { return l.color } else { return nil } }
        #expect(colours == [RGBColor.cycle[0], RGBColor.cycle[1], RGBColor(red: 0, green: 0, blue: 0), RGBColor.cycle[2]])
    }
}
