import Testing
@testable import Language

/// What the seed notebooks need beyond the book's chapter-4 code, run in python3 + NumPy
/// and in nntutor: `type(x) == np.ndarray`, NumPy 2.4's refusal to unwrap one-element
/// arrays, object arrays from lists of dicts, and the teacher-first functions of a
/// course's common/functions.py.
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
        a[0] = {'z': 1}
        a[-1] = 7
        print(a[0], a[4], sets[0]['d'], len(np.asarray(sets)))
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

    /// python3 gets the course's definitions; nntutor its built-in `common.functions`.
    static let coursePrelude = """
        import numpy as np
        class functions:
            relu = staticmethod(lambda x: np.maximum(0, x))
            d_relu = staticmethod(lambda x: np.where(x > 0, 1, 0))
            d_sigmoid = staticmethod(lambda x: (1.0 - 1 / (1 + np.exp(-x))) * (1 / (1 + np.exp(-x))))
            d_sigmoid_with_loss = staticmethod(lambda d, y: y - d)
            @staticmethod
            def d_mean_squared_error(d, y):
                if type(d) == np.ndarray:
                    return (y - d) / d.shape[0]
                return y - d
            @staticmethod
            def d_softmax_with_loss(d, y):
                n = d.shape[0]
                if d.size == y.size:
                    return (y - d) / n
                dx = y.copy()
                dx[np.arange(n), d] -= 1
                return dx / n
            @staticmethod
            def cross_entropy_error(d, y):
                if y.ndim == 1:
                    d = d.reshape(1, d.size)
                    y = y.reshape(1, y.size)
                if d.size == y.size:
                    d = d.argmax(axis=1)
                n = y.shape[0]
                return -np.sum(np.log(y[np.arange(n), d] + 1e-7)) / n

        """

    static let courseCalls = """
        x = np.array([[1.0, 5.0]])
        d = np.array([[0, 1]])
        y = np.array([[-4.71551183, 8.79642068]])
        print(functions.cross_entropy_error(d, y), functions.cross_entropy_error(np.array([1]), np.array([[0.2, 0.7]])))
        print(functions.cross_entropy_error(np.array([0, 0, 1]), np.array([0.1, 0.2, 0.7])))
        print(functions.d_mean_squared_error(d, y), functions.d_mean_squared_error(np.float64(2.5), np.array([[3.0]])))
        print(functions.d_mean_squared_error(np.array([[1.0], [2.0]]), np.array([[1.5], [1.0]])), functions.d_mean_squared_error(1.0, 3.5))
        z = np.array([[-1.0, 0.0, 2.5]])
        print(functions.relu(z), functions.d_relu(z), functions.d_relu(z).dtype, functions.d_sigmoid(z), functions.d_sigmoid_with_loss(d, y))
        p = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
        print(functions.d_softmax_with_loss(np.array([1, 2]), p), functions.d_softmax_with_loss(np.array([[0, 1, 0], [0, 0, 1]]), p))
        """

    @Test func courseFunctionsBehaveAsTheCourseDefinesThem() throws {
        let want = try Oracle.python(Self.coursePrelude + Self.courseCalls)
        let got = Oracle.nntutor("import numpy as np\nfrom common import functions\n" + Self.courseCalls)
        #expect(want.error == nil)
        #expect(got.error == nil)
        #expect(got.stdout == want.stdout)
    }

    /// The book's order still holds wherever the first argument is floating.
    @Test func bookOrderIsKeptForFloatingScores() throws {
        let calls = """
            y = np.array([[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]])
            print(cross_entropy_error(y, np.array([2])), cross_entropy_error(y, np.array([[0, 0, 1, 0, 0, 0, 0, 0, 0, 0]])))
            print(cross_entropy_error(y[0], np.array([0.0, 0, 1, 0, 0, 0, 0, 0, 0, 0])), cross_entropy_error(y, np.array([2], dtype=np.uint8)))
            """
        let book = """
            import numpy as np
            def cross_entropy_error(y, t):
                if y.ndim == 1:
                    t = t.reshape(1, t.size)
                    y = y.reshape(1, y.size)
                if t.size == y.size:
                    t = t.argmax(axis=1)
                n = y.shape[0]
                return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n

            """
        let want = try Oracle.python(book + calls)
        let got = Oracle.nntutor("import numpy as np\nfrom common.functions import *\n" + calls)
        #expect(want.error == nil)
        #expect(got.stdout == want.stdout)
    }
}
