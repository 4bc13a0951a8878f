import Foundation
import Testing
@testable import Plots

/// Per-kind checks on terminal renders (uncoloured, so the text can be inspected).
struct RenderKindsTests {
    static func lines(_ fig: Figure, width: Int = 80, height: Int = 24, unicode: Bool = true,
                      colors: ColorSupport = .none) -> [String] {
        fig.render(RenderOptions(width: width, height: height, colors: colors, unicode: unicode))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A ring-shaped 28×28 test pattern (like a digit zero).
    static let ring: [Double] = (0..<(28 * 28)).map { i in
        let d = hypot(Double(i / 28) - 13.5, Double(i % 28) - 13.5)
        return abs(d - 8) < 2 ? 1 : 0
    }

    @Test(arguments: [(80, 24), (200, 50), (120, 40)])
    func digitIs28ColumnsBy14Rows(size: (Int, Int)) throws {
        let fig = Figure()
        try fig.axes.imshow(Self.ring, rows: 28, columns: 28, colormap: .gray)
        let text = Self.lines(fig, width: size.0, height: size.1, colors: .trueColor)
        // Image cells are the ones with a "▀" (top pixel set) or a background colour.
        let imageRows = text.filter { $0.contains("▀") }
        #expect(imageRows.count == 14)
        for row in imageRows {
            #expect(row.components(separatedBy: "▀").count - 1 == 28)
        }
        // Without colour the same image is drawn with shades, still 28 × 14.
        let plain = Self.lines(fig, width: size.0, height: size.1, unicode: false)
        #expect(plain.filter { $0.contains("@") }.count >= 8)
        let axisRow = try #require(plain.firstIndex { $0.contains("+-") })
        #expect(axisRow == 14)
    }

    @Test func imageLargerThanTerminalShrinks() throws {
        let fig = Figure()
        let values = (0..<(100 * 300)).map { Double($0 % 300) }
        try fig.axes.imshow(values, rows: 100, columns: 300, colormap: .viridis)
        fig.axes.colorbarVisible = true
        let text = Self.lines(fig, width: 80, height: 24, colors: .ansi256)
        #expect(text.count <= 23)
        for line in text { #expect(visibleWidth(line) <= 80) }
    }

    @Test func colourFollowsCapabilities() throws {
        let fig = Figure()
        try fig.axes.plot(y: [1, 2, 3, 2, 1], label: "a")
        try fig.axes.plot(y: [3, 2, 1, 2, 3], format: "r--", label: "b")
        fig.axes.legendVisible = true
        let none = fig.render(RenderOptions(width: 60, height: 20, colors: .none))
        #expect(!none.contains("\u{1B}["))
        let c16 = fig.render(RenderOptions(width: 60, height: 20, colors: .ansi16))
        #expect(c16.contains("\u{1B}[91m") || c16.contains("\u{1B}[31m"))
        let c256 = fig.render(RenderOptions(width: 60, height: 20, colors: .ansi256))
        #expect(c256.contains("38;5;196"))
        let tc = fig.render(RenderOptions(width: 60, height: 20, colors: .trueColor))
        #expect(tc.contains("38;2;255;0;0"))
        #expect(tc.contains("38;2;31;119;180"))   // tab:blue, the first cycle colour
        // Every coloured line ends reset, and colour codes take no columns.
        for line in tc.split(separator: "\n") where line.contains("\u{1B}[") {
            // No colour may leak into the next line.
            let last = try #require(line.ranges(of: "\u{1B}[").last)
            #expect(line[last.lowerBound...].hasPrefix("\u{1B}[0m"))
            #expect(visibleWidth(String(line)) <= 60)
        }
        // Stripping the codes gives the uncoloured render.
        #expect(stripANSI(tc) == none)
    }

    @Test func quiverArrowsPointTheRightWay() throws {
        // One arrow per test, from the centre; the drawn dots must lie on its side.
        for (u, v, expectRight, expectUp) in [(1.0, 0.0, 1, 0), (-1.0, 0.0, -1, 0), (0.0, 1.0, 0, 1), (0.0, -1.0, 0, -1)] {
            let fig = Figure()
            try fig.axes.quiver(x: [0], y: [0], u: [u], v: [v], color: "#666666")
            fig.axes.xlim(-1, 1)
            fig.axes.ylim(-1, 1)
            let text = Self.lines(fig, width: 41, height: 21)
            var sumX = 0.0, sumY = 0.0, count = 0.0
            for (r, line) in text.enumerated() {
                var col = 0
                for ch in line {
                    if let s = ch.unicodeScalars.first, s.value > 0x2800, s.value <= 0x28FF {
                        let dots = (s.value - 0x2800).nonzeroBitCount
                        sumX += Double(col) * Double(dots)
                        sumY += Double(r) * Double(dots)
                        count += Double(dots)
                    }
                    col += displayWidth(of: ch)
                }
            }
            #expect(count > 3)
            if count <= 3 || ProcessInfo.processInfo.environment["PLOTS_SHOW"] != nil { print(text.joined(separator: "\n")) }
            // Centre of the plot area: the "0" tick columns/rows.
            let zeroRow = try #require(text.firstIndex { ["0┤", "0.0┤"].contains($0.trimmingCharacters(in: .whitespaces).prefix(4).split(separator: "┤").first.map { $0 + "┤" } ?? "") })
            let axisLine = try #require(text.firstIndex { $0.contains("└") })
            let zeroColumn = try #require(Self.tickColumn(in: text[axisLine + 1], label: "0"))
            let cx = sumX / count, cy = sumY / count
            if expectRight > 0 { #expect(cx > Double(zeroColumn) + 2) }
            if expectRight < 0 { #expect(cx < Double(zeroColumn) - 2) }
            if expectRight == 0 { #expect(abs(cx - Double(zeroColumn)) < 1.5) }
            if expectUp > 0 { #expect(cy < Double(zeroRow) - 1) }
            if expectUp < 0 { #expect(cy > Double(zeroRow) + 1) }
            if expectUp == 0 { #expect(abs(cy - Double(zeroRow)) < 1) }
        }
    }

    static func tickColumn(in line: String, label: String) -> Int? {
        guard let range = line.range(of: " \(label) ") ?? line.range(of: " \(label)") else { return nil }
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1 + (label.count - 1) / 2
    }

    @Test func histogramCountsMatchNumPy() throws {
        var state: UInt64 = 42
        let values: [Double] = (0..<500).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 7 - 2
        }
        let fig = Figure()
        let (counts, edges) = try fig.axes.hist(values, bins: .count(12))
        #expect(counts.reduce(0, +) == 500)
        #expect(edges.count == 13)
        let list = values.map { String($0) }.joined(separator: ",")
        let script = "import numpy as np\nc,e=np.histogram(np.array([\(list)]),bins=12)\nprint(' '.join(str(int(v)) for v in c))"
        if let out = runPython(script) {
            #expect(out == counts.map { String(Int($0)) }.joined(separator: " "))
        }
        let dens = try Figure().axes.hist(values, bins: .edges([-2, 0, 1, 5]), density: true)
        let area = zip(dens.counts, [2.0, 1, 4]).map { $0 * $1 }.reduce(0, +)
        #expect(abs(area - 1) < 1e-12)
    }

    @Test func contourOfABowlIsCircles() throws {
        let xs = (0..<41).map { -2 + Double($0) * 0.1 }
        var z: [Double] = []
        for y in xs { for x in xs { z.append(x * x + y * y) } }
        let segments = MarchingSquares.segments(x: xs, y: xs, z: z, level: 1)
        #expect(segments.count > 20)
        for s in segments {
            #expect(abs(hypot(s.x0, s.y0) - 1) < 0.02)
            #expect(abs(hypot(s.x1, s.y1) - 1) < 0.02)
        }
        let fig = Figure()
        try fig.axes.contour(x: xs, y: xs, z: z, levels: .values([0.5, 1, 2]))
        let text = Self.lines(fig, width: 60, height: 20).joined()
        #expect(text.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
    }

    @Test func logScaleDropsNonPositive() throws {
        let fig = Figure()
        try fig.axes.plot(y: [0, 1, 10, 100, 1000])
        fig.axes.yScale = .log
        let text = Self.lines(fig, width: 60, height: 20, unicode: false)
        #expect(text.contains { $0.hasPrefix(" 1e3+") || $0.hasPrefix("1e3+") })
        #expect(text.contains { $0.contains("1e0+") })
    }

    @Test func subplotsSitSideBySide() throws {
        let fig = Figure()
        try fig.subplot(1, 2, 1)
        try fig.axes.plot(y: [1, 2, 3])
        fig.axes.title = "left"
        try fig.subplot(1, 2, 2)
        try fig.axes.plot(y: [3, 2, 1])
        fig.axes.title = "right"
        let text = Self.lines(fig, width: 80, height: 20)
        let titleLine = try #require(text.first)
        let l = try #require(titleLine.range(of: "left")), r = try #require(titleLine.range(of: "right"))
        #expect(titleLine.distance(from: titleLine.startIndex, to: l.lowerBound) < 40)
        #expect(titleLine.distance(from: titleLine.startIndex, to: r.lowerBound) > 40)
        #expect(text.filter { $0.contains("└") }.count == 1)
        #expect(text.first { $0.contains("└") }!.components(separatedBy: "└").count == 3)
        #expect(throws: PlotError.self) { try fig.subplot(1, 2, 3) }
    }

    @Test func legendLocations() throws {
        func legendRow(_ loc: String?) throws -> (row: Int, column: Int, rows: Int) {
            let fig = Figure()
            try fig.axes.plot(y: [0, 0, 0, 0], label: "flat")
            try fig.axes.legend(location: loc)
            let text = Self.lines(fig, width: 40, height: 12)
            let row = try #require(text.firstIndex { $0.contains("flat") })
            let line = text[row]
            let column = line.distance(from: line.startIndex, to: line.range(of: "flat")!.lowerBound)
            return (row, column, text.count)
        }
        let lowerRight = try legendRow("lower right")
        #expect(lowerRight.row == lowerRight.rows - 3 && lowerRight.column > 20)
        let upperLeft = try legendRow("upper left")
        #expect(upperLeft.row == 0 && upperLeft.column < 12)
        // "best" avoids the line through the middle: any corner but never the centre row.
        let best = try legendRow(nil)
        #expect(best.row == 0 || best.row == best.rows - 3)
        #expect(throws: PlotError.self) { try Axes().legend(location: "top") }
    }

    @Test func referenceLines() throws {
        let fig = Figure()
        try fig.axes.plot(x: [-2, 2], y: [-1, 1])
        try fig.axes.axvline(x: 0, color: "k", lineStyle: "-")
        try fig.axes.axhline(y: 0, color: "k", lineStyle: "-")
        let text = Self.lines(fig, width: 41, height: 21)
        // The vertical line fills a column in every plot row; the horizontal one a row.
        let plotRows = text.prefix { !$0.contains("└") }
        #expect(plotRows.count >= 8)
        #expect(plotRows.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF } })
        let full = plotRows.filter { row in row.unicodeScalars.filter { $0.value >= 0x2801 && $0.value <= 0x28FF }.count >= 30 }
        #expect(full.count == 1)
    }

    @Test func hostileValuesDoNotCrash() throws {
        let fig = Figure()
        try fig.axes.plot(x: [0, 1, 2, 3, 4], y: [.nan, .infinity, -.infinity, 1e308, -1e308])
        try fig.axes.scatter(x: [1e300, -1e300], y: [0, 1])
        try fig.axes.bar(x: [0, 1], heights: [.nan, 1e308])
        try fig.axes.quiver(x: [0, 1], y: [0, 1], u: [.nan, 1e308], v: [.infinity, 0])
        try fig.axes.annotate("far away", x: 1e200, y: -1e200)
        let narrow = Figure()
        try narrow.axes.plot(x: [1e17, 1e17 + 64], y: [1e16, 1e16 + 8])
        _ = narrow.render(RenderOptions(width: 80, height: 24))
        _ = narrow.svg()
        fig.axes.xlim(-1e-300, 1e-300)
        for (w, h) in [(80, 24), (1, 1), (3, 2), (0, 0)] {
            _ = fig.render(RenderOptions(width: w, height: h))
            _ = fig.render(RenderOptions(width: w, height: h, unicode: false))
        }
        _ = fig.svg()
        let empty = Figure()
        #expect(!empty.render(RenderOptions(width: 40, height: 12)).isEmpty)
        #expect(throws: PlotError.self) { try Figure().axes.plot(x: [1, 2], y: [1]) }
        #expect(throws: PlotError.self) { try Figure().axes.imshow([1, 2, 3], rows: 2, columns: 2) }
        #expect(throws: PlotError.self) { try Figure().axes.hist([1], bins: .count(0)) }
    }
}

/// Columns a line occupies once SGR codes are removed.
func visibleWidth(_ line: String) -> Int { displayWidth(stripANSI(line)) }

func stripANSI(_ s: String) -> String {
    var out = ""
    var inEscape = false
    for scalar in s.unicodeScalars {
        if inEscape {
            if scalar == "m" { inEscape = false }
            continue
        }
        if scalar == "\u{1B}" { inEscape = true; continue }
        out.unicodeScalars.append(scalar)
    }
    return out
}

/// Runs a python3 script and returns its trimmed stdout, or nil when python3/numpy is missing.
func runPython(_ script: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
