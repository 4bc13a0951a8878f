import Foundation
import Testing
@testable import Language

/// NumPy's RuntimeWarnings ("divide by zero encountered in log") for the floating-point errors
/// of element-wise operations: each program runs in python3 and in nntutor, and the warning
/// lines (file, line, message, in order, each place once) must be identical.
@Suite struct RuntimeWarningDifferentialTests {
    static let programs: [String] = [
        // The book's cross-entropy without its 1e-7 guard: log(0) is -inf, and 0 * -inf is nan.
        """
        import numpy as np
        def cross_entropy_error(y, t):
            return -np.sum(t * np.log(y))
        t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        y = np.array([0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.1])
        print(cross_entropy_error(y, t))
        print(cross_entropy_error(y + 1e-7, t))
        """,
        // Once per place: a loop warns once; another line warns again; scalars say so.
        """
        import numpy as np
        for i in range(3):
            r = np.array([1.0, 2.0]) / np.array([0.0, 1.0])
        s = np.array([3.0]) / 0
        print(r, s, np.float64(0.0) / 0, np.float64(1e308) * 10, np.divide(1.0, 0.0), np.float64(2.0) / [0.0])
        def sigmoid(x):
            return 1 / (1 + np.exp(-x))
        print(sigmoid(np.array([-1000.0, 0.0, 1000.0])))
        a = np.ones(3)
        a /= 0
        w = np.array([np.inf, 1.0])
        w -= 0.5 * np.array([np.inf, 2.0])
        print(a, w)
        """,
        // Conditions warn on their own lines; powers, floor division and remainders.
        """
        import numpy as np
        x = 0.0
        if np.log(np.float64(x)) > 0:
            print('positive')
        elif np.sqrt(np.float64(-1.0)) > 0:
            print('imaginary')
        n = 0
        while np.log(np.float64(n)) < 0:
            n += 1
        print(n, np.array([2.0]) ** 5000, np.array([-8.0]) ** (1 / 3), np.float64(0.0) ** -1, np.power(0.0, -1))
        print(np.array([1.0, 2.0]) // 0, np.array([1.0]) % 0, np.float64(1.0) // 0, np.array([1, 2]) // 0, np.array([5]) % 0)
        print(np.sin(np.inf), np.cos(np.array([np.inf])), np.exp2(2000.0), np.expm1(1000.0), np.log1p(-1.0), np.square(1e200))
        """,
        // What is not an error: NaN carried along, comparisons, maxima, underflow.
        """
        import numpy as np
        v = np.array([np.nan, 1.0, -np.inf, 0.5])
        print(v + 1, v * 2, np.exp(v), np.maximum(v, 0), v < 1, np.sign(v), np.floor(v), np.exp(-1000.0), np.tanh(v))
        """,
    ]

    /// Warning lines on stderr (python3 -c names the program `<string>`, as nntutor does here).
    static func pythonWarnings(_ program: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", program]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }

    @Test func warningsMatchNumPys() throws {
        for program in Self.programs {
            let want = try Self.pythonWarnings(program)
            let interp = Interpreter()
            var warnings = "", output = ""
            interp.warningOutput = { warnings += $0 }
            interp.output = { output += $0 }
            try interp.run(program, filename: "<string>", mode: .exec)
            let got = warnings.split(separator: "\n").map(String.init)
            #expect(got == want, "warnings differ for:\n\(program)\nnntutor:\n\(got.joined(separator: "\n"))\npython3:\n\(want.joined(separator: "\n"))")
            #expect(output == (try Oracle.python(program).stdout), "output differs for:\n\(program)")
        }
        #expect(try Self.pythonWarnings(Self.programs[0]).count == 2, "the oracle warns (log, multiply)")
    }

    /// Completion and the tutor's checks evaluate expressions behind the learner's back;
    /// they show no warnings, and a warning shown once is not shown again at that line.
    @Test func quietEvaluationAndOncePerLine() throws {
        let interp = Interpreter()
        var warnings: [String] = []
        interp.warningOutput = { warnings.append($0) }
        try interp.run("import numpy as np")
        _ = interp.peek("np.log(0.0)")
        _ = try interp.evaluateExpression("np.log(0.0)")
        #expect(warnings.isEmpty)
        _ = try interp.run("np.log(0.0)", mode: .interactive)
        _ = try interp.run("np.log(0.0)", mode: .interactive)
        #expect(warnings == ["<stdin>:1: RuntimeWarning: divide by zero encountered in log\n"])
    }
}
