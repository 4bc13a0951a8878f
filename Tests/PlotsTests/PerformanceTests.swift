import Foundation
import Testing
@testable import Plots

/// The benchmark target is 10 000 points in ≤ 5 ms in release builds; debug builds are
/// much slower, so this test only guards against gross regressions. Time the release
/// build with `swift test -c release --filter PerformanceTests` (it prints the time).
struct PerformanceTests {
    @Test func tenThousandPointLine() throws {
        let fig = Figure()
        let x = (0..<10_000).map { Double($0) * 0.001 }
        try fig.axes.plot(x: x, y: x.map { sin($0 * 3) * exp(-$0 / 5) })
        fig.axes.title = "10 000 points"
        let options = RenderOptions(width: 200, height: 50, colors: .trueColor)
        _ = fig.render(options)
        let runs = 20
        let start = DispatchTime.now().uptimeNanoseconds
        var total = 0
        for _ in 0..<runs { total += fig.render(options).utf8.count }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(runs)
        print("render of a 10 000-point line at 200×50: \(String(format: "%.3f", seconds * 1000)) ms")
        #expect(total > 0)
        #expect(seconds < 0.5)
    }
}
