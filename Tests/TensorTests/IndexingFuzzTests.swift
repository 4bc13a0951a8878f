import Testing
import Tensor

/// Random subscripts over random small arrays, run through NumPy and through `get`/`set`:
/// results (values, dtype, shape, scalar vs array) and error messages must agree exactly.
@Suite struct IndexingFuzzTests {
    /// SplitMix64: a deterministic stream so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    struct Generated {
        var python: String
        var items: [IndexItem]
    }

    static func subscriptFor(shape: [Int], rng: inout Rng) throws -> Generated {
        var items = [IndexItem](), py = [String]()
        var axis = 0
        var sawEllipsis = false
        let n = rng.int(0...(shape.count + 1))
        for _ in 0..<n {
            let dim = axis < shape.count ? shape[axis] : 3
            switch rng.int(0...9) {
            case 0, 1:
                let i = rng.int(-(dim + 1)...dim)
                items.append(.int(i)); py.append("\(i)"); axis += 1
            case 2, 3, 4:
                func part(_ lo: Int, _ hi: Int) -> Int? { rng.chance(0.3) ? nil : rng.int(lo...hi) }
                let a = part(-6, 6), b = part(-6, 6)
                var c = part(-3, 3)
                if c == 0 && !rng.chance(0.2) { c = nil }
                items.append(.slice(a, b, c))
                py.append("slice(\(a.map(String.init) ?? "None"), \(b.map(String.init) ?? "None"), \(c.map(String.init) ?? "None"))")
                axis += 1
            case 5:
                if sawEllipsis && !rng.chance(0.2) { continue }
                sawEllipsis = true
                items.append(.ellipsis); py.append("Ellipsis")
                axis = max(axis, shape.count - (n - items.count))
            case 6:
                items.append(.newAxis); py.append("None")
            case 7, 8:
                let twoD = rng.chance(0.25)
                let len = rng.int(0...3)
                let shapeI = twoD ? [len, rng.int(1...2)] : [len]
                let count = shapeI.reduce(1, *)
                let span = max(dim, 1)
                let values = (0..<count).map { _ in Int64(rng.int(-span...(span - 1 + (rng.chance(0.1) ? 2 : 0)))) }
                items.append(.array(try IX.ints(values, shape: shapeI)))
                py.append("np.array(\(values), dtype=np.int64).reshape(\(shapeI))")
                axis += 1
            default:
                let k = axis + 1 < shape.count && rng.chance(0.3) ? 2 : 1
                var maskShape = (0..<k).map { axis + $0 < shape.count ? shape[axis + $0] : 2 }
                if rng.chance(0.1) { maskShape[0] += 1 }
                let count = maskShape.reduce(1, *)
                let values = (0..<count).map { _ in rng.chance(0.5) }
                items.append(.array(try IX.bools(values, shape: maskShape)))
                py.append("np.array([\(values.map { $0 ? "True" : "False" }.joined(separator: ", "))], dtype=bool).reshape(\(maskShape))")
                axis += k
            }
        }
        return Generated(python: "(" + py.map { $0 + ", " }.joined() + ")", items: items)
    }

    @Test func randomSubscriptsGetAndSet() throws {
        var rng = Rng(state: 777)
        var cases = [IX.Case]()
        for _ in 0..<4000 {
            let ndim = rng.int(0...3)
            let shape = (0..<ndim).map { _ in rng.int(0...4) == 0 ? rng.int(0...1) : rng.int(2...4) }
            let dtype: DType = rng.chance(0.5) ? .float64 : .int64
            let base = try IX.range(shape, dtype)
            let pyBase = "np.arange(\(shape.reduce(1, *)), dtype=np.\(dtype.name)).reshape(\(shape))"
            let g = try Self.subscriptFor(shape: shape, rng: &rng)
            cases.append(IX.Case("\(pyBase)[\(g.python)]") { IX.line(try base.get(g.items)) })
            if rng.chance(0.5) {
                cases.append(IX.Case("setitem(\(pyBase), \(g.python), 7)") {
                    let c = try base.copy(); try c.set(g.items, int: 7); return IX.line(c)
                })
            } else {
                let py = "setitem(\(pyBase), \(g.python), -np.arange(np.asarray(\(pyBase)[\(g.python)]).size).reshape(np.shape(\(pyBase)[\(g.python)])))"
                cases.append(IX.Case(py) {
                    let c = try base.copy()
                    let shape: [Int]
                    switch try c.get(g.items) {
                    case .scalar: shape = []
                    case .array(let r): shape = r.shape
                    }
                    let n = shape.reduce(1, *)
                    let value = try arange(start: Int64(0), stop: Int64(-n), step: -1).reshaped(shape)
                    try c.set(g.items, array: value)
                    return IX.line(c)
                })
            }
        }
        try IX.check(cases)
    }
}
