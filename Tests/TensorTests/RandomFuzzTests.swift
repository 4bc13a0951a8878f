import Foundation
import Testing
import Tensor

/// Random interleavings of calls, generated from a fixed spec generator, run in Swift and
/// in NumPy; the two streams must agree bit for bit after every call.
@Suite("Random: fuzzed interleavings vs NumPy")
struct RandomFuzzTests {
    /// A tiny deterministic generator for building the call list (independent of the code under test).
    struct SplitMix {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// One call per line: an op name and integer arguments, understood by both sides.
    static func makeSpec(seed: UInt64, calls: Int) -> [String] {
        var g = SplitMix(state: seed)
        var lines: [String] = ["seed \(g.next(1 << 31))"]
        for _ in 0..<calls {
            let n = g.next(9)   // sizes 0...8, odd ones exercise the gauss cache
            switch g.next(12) {
            case 0: lines.append("rand \(n)")
            case 1: lines.append("randn \(n)")
            case 2:
                let low = g.next(200) - 100
                lines.append("randint \(low) \(low + 1 + g.next([2, 10, 1000, 1 << 31, 1 << 40][g.next(5)])) \(n)")
            case 3: lines.append("choice \(1 + g.next(70000)) \(n)")
            case 4: let pop = 1 + g.next(30); lines.append("choice_noreplace \(pop) \(min(n, pop))")
            case 5: lines.append("permutation \(g.next(40))")
            case 6: lines.append("shuffle \(g.next(25)) \(1 + g.next(3))")
            case 7: lines.append("normal \(g.next(10)) \(g.next(5)) \(n)")
            case 8: lines.append("uniform \(g.next(10) - 5) \(g.next(10) + 6) \(n)")
            case 9: lines.append("choice_p \(1 + g.next(8)) \(n)")
            case 10: lines.append("randn1")
            default: lines.append("reseed \(g.next(1000))")
            }
        }
        return lines
    }

    static func runSwift(_ spec: [String]) throws -> [String] {
        let r = RandomState(seed: 0)
        var out: [String] = []
        for line in spec {
            let parts = line.split(separator: " ")
            let op = parts[0]
            let a = parts.dropFirst().map { Int($0)! }
            // Weights for choice_p: 1, 2, ..., k normalised.
            func weights(_ k: Int) throws -> NDArray {
                let total = Double(k * (k + 1) / 2)
                return try NDArray((1...k).map { Double($0) / total })
            }
            switch op {
            case "seed", "reseed": r.seed(UInt32(a[0])); continue
            case "rand": out.append(RIO.bits(try r.randomSample([a[0]])))
            case "randn": out.append(RIO.bits(try r.standardNormal([a[0]])))
            case "randn1": out.append(RIO.bits(try r.randn()))
            case "randint": out.append(RIO.bits(try r.randint(low: Int64(a[0]), high: Int64(a[1]), shape: [a[2]])))
            case "choice": out.append(RIO.bits(try r.choice(a[0], shape: [a[1]])))
            case "choice_noreplace": out.append(RIO.bits(try r.choice(a[0], shape: [a[1]], replace: false)))
            case "choice_p": out.append(RIO.bits(try r.choice(a[0], shape: [a[1]], p: try weights(a[0]))))
            case "permutation": out.append(RIO.bits(try r.permutation(a[0])))
            case "shuffle":
                let x = try NDArray((0..<(a[0] * a[1])).map(Double.init), shape: [a[0], a[1]])
                try r.shuffle(x)
                out.append(RIO.bits(x))
            case "normal": out.append(RIO.bits(try r.normal(loc: Double(a[0]), scale: Double(a[1]), shape: [a[2]])))
            case "uniform": out.append(RIO.bits(try r.uniform(low: Double(a[0]), high: Double(a[1]), shape: [a[2]])))
            default: Issue.record("unknown op \(op)")
            }
        }
        return out
    }

    static let pythonRunner = """
    r = np.random.RandomState(0)
    for line in sys.stdin.read().split('\\n'):
        if not line: continue
        op, *a = line.split(' ')
        a = [int(x) for x in a]
        if op in ('seed', 'reseed'): r.seed(a[0]); continue
        if op == 'rand': bits(r.random_sample(a[0]))
        elif op == 'randn': bits(r.standard_normal(a[0]))
        elif op == 'randn1': bits(r.randn())
        elif op == 'randint': bits(r.randint(a[0], a[1], a[2]))
        elif op == 'choice': bits(r.choice(a[0], a[1]))
        elif op == 'choice_noreplace': bits(r.choice(a[0], a[1], replace=False))
        elif op == 'choice_p':
            k = a[0]; bits(r.choice(k, a[1], p=np.arange(1, k + 1) / (k * (k + 1) // 2)))
        elif op == 'permutation': bits(r.permutation(a[0]))
        elif op == 'shuffle':
            x = np.arange(float(a[0] * a[1])).reshape(a[0], a[1]); r.shuffle(x); bits(x)
        elif op == 'normal': bits(r.normal(a[0], a[1], a[2]))
        elif op == 'uniform': bits(r.uniform(a[0], a[1], a[2]))
        print('--')
    """

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func interleavingsMatchNumPy(specSeed: UInt64) throws {
        let spec = Self.makeSpec(seed: specSeed, calls: 150)
        let script = RIO.bitsHelper + "sys.stdin = open(sys.argv[1])\n" + Self.pythonRunner
        let dir = try RIO.TempDir()
        let specPath = dir.file("spec.txt")
        try (spec.joined(separator: "\n") + "\n").write(toFile: specPath, atomically: true, encoding: .utf8)
        let expected = try RIO.python(script, arguments: [specPath]).components(separatedBy: "--\n").map {
            $0.hasSuffix("\n") ? String($0.dropLast()) : $0
        }.filter { !$0.isEmpty }
        let actual = try Self.runSwift(spec)
        #expect(actual.count == expected.count)
        if let k = (0..<min(actual.count, expected.count)).first(where: { actual[$0] != expected[$0] }) {
            let calls = spec.filter { !$0.hasPrefix("seed") && !$0.hasPrefix("reseed") }
            Issue.record("first difference at call \(k) (\(calls[k])):\n swift: \(actual[k])\n numpy: \(expected[k])")
        }
    }
}
