import Foundation
import Testing
@testable import Language
import Tensor

/// Behaviour of the seed notebooks that python3 cannot check here (no matplotlib on the
/// test machines) or that is nntutor's own: pyplot with a list of pairs and matplotlib's
/// shape errors, and interpreters with random streams of their own.
@Suite struct SeedNotebookTests {
    func run(_ source: String, _ interp: Interpreter = Interpreter()) throws -> String {
        var out = ""
        interp.output = { out += $0 }
        _ = try interp.run(source, filename: "<test>")
        return out
    }

    /// Seed 003 plots `[[i/500, 0] ...]` against the predictions: matplotlib draws one line per
    /// column of x (x[:, 0] and x[:, 1] against y), so the pairs draw the curve of the first
    /// column and, at x = 0, a vertical line of the second.
    @Test func aListOfPairsPlotsOneSeriesPerColumn() throws {
        let setup = """
            import numpy as np
            import matplotlib.pyplot as plt
            test = [[i/500, 0] for i in range(1000)]
            test_y = [3*(i/500)**2 for i in range(1000)]

            """
        let pairs = try run(setup + "plt.plot(test, test_y, 'r-')\nplt.show()")
        let first = try run(setup + "plt.plot([p[0] for p in test], test_y, 'r-')\nplt.show()")
        func dots(_ text: String) -> Int { text.unicodeScalars.filter { $0.value > 0x2800 && $0.value <= 0x28FF }.count }
        #expect(pairs.split(separator: "\n").count >= 5)
        #expect(pairs.contains("2.0"))
        #expect(dots(pairs) > dots(first) + 5)
    }

    /// matplotlib's message for seed 003's `plt.plot(range(2000), losses)` with one loss.
    @Test func mismatchedLengthsAreMatplotlibsValueError() {
        let interp = Interpreter()
        do {
            _ = try run("import numpy as np\nimport matplotlib.pyplot as plt\nplt.plot(range(2000), [np.float64(0.5)], 'o-')", interp)
            Issue.record("expected a ValueError")
        } catch {
            #expect(interp.format(error).hasSuffix("ValueError: x and y must have same first dimension, but have shapes (2000,) and (1,)"))
        }
    }

    /// np.random normally draws from the process-wide stream; an interpreter given its own
    /// stream is not disturbed by another one drawing in between.
    @Test func anInterpreterCanHaveItsOwnRandomStream() throws {
        func seeded() throws -> Interpreter {
            let interp = Interpreter()
            interp.randomState = RandomState(seed: nil)
            _ = try run("import numpy as np\nnp.random.seed(0)", interp)
            return interp
        }
        let draw = "print(np.random.rand(), np.random.choice(10, 3), np.random.randn(2))"
        let alone = try seeded()
        let expected = try run(draw + "\n" + draw, alone)
        let a = try seeded(), b = try seeded()
        var got = try run(draw, a)
        _ = try run("for i in range(5):\n    np.random.rand(100)", b)
        got += try run(draw, a)
        #expect(got == expected)
        #expect(expected.hasPrefix("0.5488135039273248 "))
    }
}
