import Testing
@testable import Language

/// Plain-Python programs run in python3 and in nntutor must print the same thing and
/// fail with the same exception line.
@Suite struct DifferentialTests {
    static let programs: [String] = [
        "print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % -3, -7 % 3, 2 ** 10, 2 ** -1, -2 ** 2)",
        "print(0.1 + 0.2, 1e-7, 1e16, 123456789012345678.0, 1/3, -0.0, 100.0, 1.5e300, 5e-324)",
        "print(10 / 4, 3.0 // 2, -3.5 % 2, divmod(-7, 2), abs(-3), round(2.5), round(3.5), round(0.12345, 3))",
        "x = [3, 1, 2]\nx.append(5)\nx.sort()\nprint(x, len(x), x[-1], x[1:3], x[::-1], sum(x), min(x), max(x))",
        "d = {'W1': 1, 'b1': 2}\nd['W2'] = 3\nfor k, v in d.items():\n    print(k, v)\nprint(list(d.keys()), d.get('x', 0), 'W1' in d)",
        "t = (1, 'a', None, True)\nprint(t, repr('it\\'s'), str(t[1]), type(t).__name__)",
        "def f(a, b=2, *args, **kw):\n    return a + b + sum(args) + len(kw)\nprint(f(1), f(1, 3), f(1, 2, 3, 4), f(1, z=5))",
        "def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = make()\nc(); c()\nprint(c())",
        "class Net:\n    def __init__(self, size):\n        self.params = {}\n        self.params['W'] = size\n    def double(self):\n        return self.params['W'] * 2\nn = Net(21)\nprint(n.double(), n.params)",
        "print([x * x for x in range(5) if x % 2 == 0], {k: k * 2 for k in 'ab'}, sum(i for i in range(4)))",
        "print(f'{3.14159:.3f} {42:>6} {7:03d} {0.25:%} {1234567:,} {\"s\":<4}|', '%5.2f|%-4d|%s' % (3.14159, 7, 'x'))",
        "print('{} and {:.2f} and {name}'.format(1, 2.345, name='n'), 'a,b'.split(','), '-'.join(['x', 'y']), ' p '.strip())",
        "a, (b, c) = 1, (2, 3)\nfirst, *rest = [1, 2, 3]\nprint(a, b, c, first, rest)",
        "i = 0\nwhile True:\n    i += 1\n    if i > 5:\n        break\n    if i % 2:\n        continue\n    print(i)",
        "for i, (x, y) in enumerate(zip([1, 2], 'ab')):\n    print(i, x, y)\nelse:\n    print('done')",
        "print(sorted([3, 1, 2], reverse=True), sorted(['bb', 'a'], key=len), list(reversed(range(3))), any([0, 1]), all([]))",
        "print(1 < 2 < 3, 1 < 3 < 2, 'a' < 'b', [1, 2] < [1, 3], None is None, 1 == 1.0, not 0, 0 or 'x', 1 and 2)",
        "print(int('42'), int(3.9), int(-3.9), float('1e-4'), bool(''), str(1.0), max(10, 5), 8 % 3)",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e)\nfinally:\n    print('finally')",
        "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(20))",
        "x = 5\ndef g():\n    global x\n    x = 7\ng()\nprint(x, isinstance(x, int), isinstance(1.0, (int, float)))",
        "print(undefined_name)",
        "print(1 + 'a')",
        "[1, 2][5]",
        "{'a': 1}['b']",
        "int('x')",
        "def f(a):\n    return a\nf()",
        "def f(a):\n    return a\nf(1, 2)",
        // A closure's variable deleted in the enclosing function; a global declared inside.
        "x = 'global'\ndef outer():\n    x = 'outer'\n    def inner():\n        return x\n    r = inner()\n    del x\n    return r, inner\nr, inner = outer()\nprint(r)\ndef outer2():\n    x = 'outer2'\n    def inner2():\n        global x\n        return x\n    return inner2()\nprint(outer2())\ninner()",
        // Parameters after * or *args are keyword-only.
        "def f(a, b=2, *rest, c=5):\n    return (a, b, rest, c)\nlam = lambda a, *r, k=9: (a, r, k)\nprint(f(1, 3, 4, 5, c=6), f(1), f(1, 2, 3), lam(1, 2), lam(1, k=3))",
        "def g(a, *, k):\n    return (a, k)\nprint(g(1, k=2))\ng(1, 2)",
        "def g(a, *, k):\n    return (a, k)\ng(1)",
        "class A:\n    pass\nA().missing",
        "def r():\n    return r()\nr()",
        "a, b = [1, 2, 3]",
        "None.foo",
        "len(5)",
        "print(*[1, 2], sep='-', end='!\\n')",
        "s = 0\nfor i in range(1000):\n    s += i\nprint(s)",
        "lst = [1, 2, 3]\nlst[1:2] = [7, 8]\ndel lst[0]\nprint(lst, lst.pop(), lst.index(8), [0] * 3, 'ab' * 2)",
        "from collections import OrderedDict\nd = OrderedDict()\nd['a'] = 1\nd['b'] = 2\nprint(list(d.values()), len(d))",
        "import math\nprint(math.sqrt(16), math.pi, math.exp(1), math.log(100, 10), math.floor(-2.5))",
        "def f(d):\n    return 1\n\n# a comment\n\nprint('after blank lines', f(0))\nclass A:\n    x = 1\n\n    def m(self):\n        return self.x\n\nprint(A().m())",
        "print(repr(1e22), repr(0.0001), repr(0.00001), repr(123.456), 2**62, -(2**62))",
        // A method's body does not see the class's names: the seeds' TwoLayerNet.numerical_gradient
        // calls the module's numerical_gradient, not itself.
        "def numerical_gradient(f, x):\n    return 'module'\nclass Net:\n    def numerical_gradient(self, x):\n        return numerical_gradient(None, x)\nprint(Net().numerical_gradient(1))",
        "class A:\n    k = 3\n    def m(self):\n        return k\nA().m()",
        "class A:\n    k = 3\n    f = lambda self: k\n    g = k + 1\nprint(A.g)\nA().f()",
        // Method calls: an instance attribute shadows the method; the receiver is evaluated
        // once; a method stored and called later; calls on non-instances; a missing method.
        "class C:\n    def m(self, x=1):\n        return ('method', x)\nc = C()\nprint(c.m(), c.m(x=5))\nc.m = lambda y: ('own', y)\nprint(c.m(2))",
        "calls = []\nclass C:\n    def m(self):\n        return len(calls)\ndef make():\n    calls.append(1)\n    return C()\nprint(make().m(), len(calls))\nbound = C().m\nprint(bound(), 'a-b'.split('-'), [3, 1].index(1))",
        "class C:\n    pass\nC().nothing(1)",
        "class C:\n    def m(self):\n        return 1\nC().m(2)",
        // round() to tens and hundreds rounds half to even on the exact value; str.replace
        // and str.find with an empty needle (without Foundation's string methods).
        "print(round(15.0, -1), round(25.0, -1), round(-25.0, -1), round(5.0, -1), round(-4.0, -1), round(95.0, -1), round(950.0, -3), round(1234.5678, -2), round(25.000001, -1), round(1e20 + 1, -5))",
        "print('abc'.replace('', '-'), 'abc'.find(''), 'a.b.c'.replace('.', '::'), 'abcabc'.find('ca'), ' \\t x \\t'.strip(), 'x'.find('y'))",
    ]

    /// Python ints are unbounded; nntutor's are 64-bit by design and say so rather than wrap.
    @Test func integerOverflowRaisesOverflowError() {
        let run = Oracle.nntutor("x = 9223372036854775807\nx + 1")
        #expect(run.error?.hasPrefix("OverflowError: integer overflow") == true)
        #expect(Oracle.nntutor("2 ** 64").error?.hasPrefix("OverflowError") == true)
    }

    @Test func deepRecursionIsARecursionErrorNotACrash() {
        #expect(Oracle.nntutor("def r(n):\n    return r(n + 1)\nr(0)").error == "RecursionError: maximum recursion depth exceeded")
    }

    @Test func syntaxErrorsPointAtTheProblem() {
        let interp = Interpreter()
        do {
            try interp.run("x = (1,\ny = 2", filename: "<stdin>")
            Issue.record("expected a SyntaxError")
        } catch {
            #expect(interp.format(error).hasSuffix("SyntaxError: '(' was never closed") || interp.format(error).contains("SyntaxError"))
        }
        #expect(Oracle.nntutor("for i in range(3):\nprint(i)").error == "IndentationError: expected an indented block after 'for' statement on line 1")
    }

    @Test func programsBehaveAsInPython3() throws {
        let expected = try Oracle.pythonBatch(Self.programs)
        #expect(expected.count == Self.programs.count)
        for (program, want) in zip(Self.programs, expected) {
            let got = Oracle.nntutor(program)
            #expect(got.stdout == want.stdout, "stdout differs for:\n\(program)")
            #expect(got.error == want.error, "error differs for:\n\(program)")
        }
    }
}
