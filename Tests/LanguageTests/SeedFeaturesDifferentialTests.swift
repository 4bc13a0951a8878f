import Testing
@testable import Language

/// What the seed notebooks need beyond the book's chapter-4 code, run in python3 + NumPy
/// and in nntutor: `type(x) == np.ndarray`, NumPy 2.4's refusal to unwrap one-element
/// arrays, and object arrays from lists of dicts.
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
        // Object arrays: np.array of dicts, np.random.choice over a list of dicts.
        """
        import numpy as np
        np.random.seed(0)
        sets = [{'x': np.random.rand(2), 'd': np.float64(i)} for i in range(5)]
        a = np.array(sets)
        print(repr(a))
        print(a)
        print(len(a), a.shape, a.ndim, a.size, a.dtype, repr(a.dtype), type(a) == np.ndarray, isinstance(a, np.ndarray))
        print(a[1]['d'], a[-1] is sets[-1], repr(a[1:3]), len(a[[0, 0, 4]]), [s['d'] for s in a[np.array([True, False, True, False, False])]])
        picks = np.random.choice(sets, 4)
        print(repr(picks))
        print(np.random.choice(sets)['d'], np.random.rand())
        for s in np.random.choice(a, 3):
            print(s['d'], s['x'][np.newaxis, :].shape)
        b = np.array([{'k': i} for i in range(1500)])
        print(repr(b))
        print(b[-1], repr(np.array([None, None])), np.array([{'a': 1}]).tolist())
        """,
        "import numpy as np\nnp.array([{'k': 1}, {'k': 2}])[2]",
        "import numpy as np\nnp.array([{'k': 1}, {'k': 2}])['k']",
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
