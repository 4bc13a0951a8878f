import Testing
@testable import Language

/// What the seed notebooks need beyond the book's chapter-4 code, run in python3 + NumPy
/// and in nntutor: `type(x) == np.ndarray` and NumPy 2.4's refusal to unwrap one-element arrays.
@Suite struct SeedFeaturesDifferentialTests {
    static let programs: [String] = [
        """
        import numpy as np
        print(type(np.zeros(2)) == np.ndarray, type(np.zeros(2)) is np.ndarray, type(np.float64(1)) == np.ndarray)
        print(type(np.float64(2.0)) == np.float64, type([]) == list, type({}) is dict, isinstance(np.zeros(1), np.ndarray))
        """,
        // One element of an array takes a number, not a sequence (NumPy 2.4).
        "import numpy as np\ny = np.zeros(3)\ny[0] = np.array([1.5])",
        "import numpy as np\ny = np.zeros((2, 2))\ny[1, 0] = [2.0]",
        "import numpy as np\ny = np.zeros(3)\ny[np.int64(2)] = np.array([1.0, 2.0])",
        "import numpy as np\nfloat(np.array([1.5]))",
        "import numpy as np\nint(np.array([[3]]))",
        """
        import numpy as np
        y = np.zeros(3)
        y[0:1] = np.array([1.5])
        y[[1]] = np.array([2.5])
        y[2] = np.array(3.5)
        z = np.zeros((2, 2))
        z[0] = np.array([7])
        z[1, ...] = np.array([8.0])
        print(y, z, float(np.array(4.5)), int(np.array(7)), float(np.float32(0.5)))
        """,
    ]

    @Test func programsBehaveAsInPythonWithNumPy() throws {
        let expected = try Oracle.pythonBatch(Self.programs)
        #expect(expected.count == Self.programs.count)
        for (program, want) in zip(Self.programs, expected) {
            let got = Oracle.nntutor(program)
            #expect(got.stdout == want.stdout, "stdout differs for:\n\(program)")
            #expect(got.error == want.error, "error differs for:\n\(program)")
        }
    }
}
