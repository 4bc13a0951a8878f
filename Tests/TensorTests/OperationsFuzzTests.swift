import Foundation
import Testing
import Tensor

/// Random arrays (every dtype, broadcasting shapes, strided views, NaN/inf/-0 and extreme
/// values) put through element-wise operations, reductions and products, in NumPy and here.
/// Results must agree in dtype, shape and every bit; errors in type and message.
@Suite struct OperationsFuzzTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    }

    /// An array built identically on both sides: Swift value plus the Python expression.
    struct Sample {
        var array: NDArray
        var python: String
    }

    static func value(_ dtype: DType, _ rng: inout Rng) -> Scalar {
        switch dtype {
        case .bool: return .bool(rng.chance(0.5))
        case .uint8: return .uint8(UInt8(rng.int(0...255)))
        case .int64:
            return .int64(rng.chance(0.1) ? Int64(rng.int(-1_000_000...1_000_000)) * 1_000_000_007 : Int64(rng.int(-9...9)))
        case .float32, .float64:
            var x: Double
            switch rng.int(0...12) {
            case 0: x = rng.pick([.nan, .infinity, -.infinity, -0.0, 0.0])
            case 1: x = Double(rng.int(-5...5))
            case 2: x = (rng.unit() - 0.5) * 1e12
            case 3: x = (rng.unit() - 0.5) * 1e-9
            default: x = (rng.unit() - 0.5) * 20
            }
            return dtype == .float32 ? .float32(Float(x)) : .float64(x)
        }
    }

    static func sample(_ shape: [Int], _ dtype: DType, _ rng: inout Rng, view: Bool = true) throws -> Sample {
        // Sometimes build a larger array and take a transposed or reversed view of it.
        let transpose = view && shape.count >= 2 && rng.chance(0.2)
        let reverse = view && shape.count >= 1 && !transpose && rng.chance(0.2)
        let baseShape = transpose ? Array(shape.reversed()) : shape
        let n = baseShape.reduce(1, *)
        let scalars = (0..<n).map { _ in value(dtype, &rng) }
        var a = try NDArray(scalars: scalars, shape: baseShape, dtype: dtype)
        var py = "mk(\(dtype.name.debugDescription), \(baseShape), [\(scalars.map(bits).joined(separator: ","))])"
        if transpose { a = a.T; py += ".T" }
        if reverse {
            let r = try a.get([.slice(nil, nil, -1)])
            if case .array(let v) = r { a = v }
            py += "[::-1]"
        }
        return Sample(array: a, python: py)
    }

    static func bits(_ s: Scalar) -> String {
        switch s {
        case .float64(let d): return String(d.bitPattern)
        case .float32(let f): return String(f.bitPattern)
        case .int64(let v): return String(v)
        case .uint8(let v): return String(v)
        case .bool(let b): return b ? "1" : "0"
        }
    }

    /// Like IX.line, but every NaN prints as `nan`: NumPy's NaN sign bits depend on the CPU
    /// instruction that produced them and are invisible in printed output.
    static func line(_ a: NDArray, digits: Int? = nil) -> String {
        let parts = a.toScalars().map { s -> String in
            if let digits, a.dtype.isFloatingPoint, s.doubleValue.isFinite {
                return roundedText(s.doubleValue, a.dtype == .float32 ? 5 : digits)
            }
            switch s {
            case .float64(let d) where d.isNaN: return "nan"
            case .float32(let f) where f.isNaN: return "nan"
            default: return bits(s)
            }
        }
        return "A \(a.dtype.name) \(a.shape) " + parts.joined(separator: " ")
    }

    /// A float to `digits` significant digits, for products: BLAS builds differ in their
    /// summation order, so NumPy's bundled OpenBLAS and Debian's agree only to rounding.
    static func roundedText(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits - 1)e", x)
    }

    static let setup = """
    def rounded(x, digits):
        return '%.*e' % (digits - 1, x)
    def rline(x, digits=9):
        a = np.asarray(x)
        if a.dtype.kind != 'f': return line(a)
        if a.dtype == np.float32: digits = 5
        vals = ['nan' if np.isnan(v) else (rounded(float(v), digits) if np.isfinite(v) else str(int(v.view(np.uint64 if a.dtype == np.float64 else np.uint32)))) for v in a.ravel()]
        return 'A ' + str(a.dtype) + ' ' + str(list(a.shape)) + ' ' + ' '.join(vals)
    def line(x):
        a = np.asarray(x)
        if a.dtype == np.float64: vals = ['nan' if np.isnan(v) else str(int(v.view(np.uint64))) for v in a.ravel()]
        elif a.dtype == np.float32: vals = ['nan' if np.isnan(v) else str(int(v.view(np.uint32))) for v in a.ravel()]
        elif a.dtype == np.bool_: vals = ['1' if v else '0' for v in a.ravel()]
        else: vals = [str(int(v)) for v in a.ravel()]
        return 'A ' + str(a.dtype) + ' ' + str(list(a.shape)) + ' ' + ' '.join(vals)
    def mk(dt, shape, vals):
        if dt == 'float64': return np.array(vals, dtype=np.uint64).view(np.float64).reshape(shape)
        if dt == 'float32': return np.array(vals, dtype=np.uint32).view(np.float32).reshape(shape)
        return np.array(vals, dtype=np.int64).astype(dt).reshape(shape)
    np.seterr(all='ignore')
    """

    static func shapePair(_ rng: inout Rng) -> ([Int], [Int]) {
        let rank = rng.int(0...3)
        let full = (0..<rank).map { _ in rng.chance(0.05) ? 0 : rng.int(1...4) }
        func derive() -> [Int] {
            var s = Array(full.dropFirst(rng.int(0...rank)))
            for i in s.indices where rng.chance(0.3) { s[i] = 1 }
            return s
        }
        return rng.chance(0.1) ? (full, [rng.int(2...5)]) : (derive(), derive())
    }

    static func pyOperand(_ p: PythonScalar) -> String {
        switch p {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let x): return x.isNaN ? "float('nan')" : x.isInfinite ? (x > 0 ? "float('inf')" : "-float('inf')") : "\(x)"
        }
    }

    static let pySymbols: [BinaryOp: String] = [
        .add: "+", .subtract: "-", .multiply: "*", .divide: "/", .floorDivide: "//", .remainder: "%",
        .power: "**", .equal: "==", .notEqual: "!=", .less: "<", .lessEqual: "<=", .greater: ">", .greaterEqual: ">=",
    ]

    @Test func binaryOperationsMatchNumPy() throws {
        var rng = Rng(state: 11)
        var cases = [IX.Case]()
        let dtypes = DType.allCases
        for _ in 0..<900 {
            let op = rng.pick(BinaryOp.allCases)
            let (sa, sb) = Self.shapePair(&rng)
            let da = rng.pick(dtypes), db = rng.pick(dtypes)
            // NumPy answers these in int8 or float16, dtypes this core does not have.
            if [.floorDivide, .remainder, .power].contains(op) && da == .bool && (db == .bool || rng.chance(1)) { continue }
            let a = try Self.sample(sa, da, &rng)
            let right: Operand, pyRight: String
            if rng.chance(0.3) {
                let p: PythonScalar = rng.pick([.int(Int64(rng.int(-3...300))), .float(Self.value(.float64, &rng).doubleValue), .bool(rng.chance(0.5)), .int(2), .float(0.5), .float(-1)])
                if [.floorDivide, .remainder, .power].contains(op) && da == .bool && p.kind == .bool { continue }
                right = .python(p); pyRight = Self.pyOperand(p)
            } else {
                if [.floorDivide, .remainder, .power].contains(op) && db == .bool && da == .bool { continue }
                let b = try Self.sample(sb, db, &rng)
                right = .array(b.array); pyRight = b.python
            }
            let python: String
            if let sym = Self.pySymbols[op] { python = "np.asarray(\(a.python) \(sym) \(pyRight))" }
            else { python = "np.asarray(np.\(op.ufuncName)(\(a.python), \(pyRight)))" }
            cases.append(IX.Case(python) { Self.line(try binary(op, .array(a.array), right)) })
        }
        try IX.check(cases, setup: Self.setup)
    }

    @Test func inPlaceOperationsWriteThroughViews() throws {
        var rng = Rng(state: 5)
        var cases = [IX.Case]()
        for _ in 0..<300 {
            let op = rng.pick([BinaryOp.add, .subtract, .multiply, .divide])
            let (sa, sb) = Self.shapePair(&rng)
            let da = rng.pick([DType.float64, .float32, .int64, .uint8]), db = rng.pick(DType.allCases)
            let sym = Self.pySymbols[op]!
            let seedA = rng.next(), seedB = rng.next()
            var ra = Rng(state: seedA), rb = Rng(state: seedB)
            let python = "(lambda a, b: (a.__i\(["+": "add", "-": "sub", "*": "mul", "/": "truediv"][sym]!)__(b), a)[1])(\(try Self.sample(sa, da, &ra).python), \(try Self.sample(sb, db, &rb).python))"
            cases.append(IX.Case(python) {
                var ra = Rng(state: seedA), rb = Rng(state: seedB)
                let a = try Self.sample(sa, da, &ra), b = try Self.sample(sb, db, &rb)
                try binaryInPlace(op, a.array, .array(b.array))
                return Self.line(a.array)
            })
        }
        try IX.check(cases, setup: Self.setup)
    }

    @Test func unaryOperationsMatchNumPy() throws {
        var rng = Rng(state: 3)
        var cases = [IX.Case]()
        for _ in 0..<400 {
            let op = rng.pick(UnaryOp.allCases)
            let dtype = rng.pick(op.rawValue.hasPrefix("exp") || ["log", "log2", "log10", "log1p", "sqrt", "tanh", "sin", "cos", "tan", "arctan"].contains(op.rawValue)
                                 ? [DType.float64, .float32, .int64] : DType.allCases)
            if op == .reciprocal && dtype != .float64 && dtype != .float32 { continue }
            // NumPy answers these in float16 or int8, dtypes this core does not have.
            if (op == .rint && (dtype == .uint8 || dtype == .bool)) || (op == .square && dtype == .bool) { continue }
            let rank = rng.int(0...3)
            let a = try Self.sample((0..<rank).map { _ in rng.int(1...4) }, dtype, &rng)
            let name = ["logicalNot": "logical_not", "absolute": "abs"][op.rawValue] ?? op.rawValue
            // NumPy's own SIMD float32 routines (and float64 tanh) differ from libm in the last
            // bit now and then; those are compared to 12 (float64) or 5 (float32) digits.
            let loose = op != .sqrt && (op.rawValue.hasPrefix("exp") || op.rawValue.hasPrefix("log") || ["tanh", "sin", "cos", "tan", "arctan"].contains(op.rawValue))
            if loose {
                cases.append(IX.Case("rline(np.\(name)(\(a.python)), 12)") { Self.line(try unary(op, a.array), digits: 12) })
            } else {
                cases.append(IX.Case("np.asarray(np.\(name)(\(a.python)))") { Self.line(try unary(op, a.array)) })
            }
        }
        for _ in 0..<60 {
            let a = try Self.sample([rng.int(1...6)], rng.pick([DType.float64, .float32, .int64]), &rng)
            let d = rng.int(-2...3)
            cases.append(IX.Case("np.asarray(np.round(\(a.python), \(d)))") { Self.line(try round(a.array, decimals: d)) })
            let lo = Double(rng.int(-3...0)), hi = Double(rng.int(0...3))
            cases.append(IX.Case("np.asarray(np.clip(\(a.python), \(lo), \(hi)))") { Self.line(try clip(a.array, .python(.float(lo)), .python(.float(hi)))) })
            let c = try Self.sample(a.array.shape, .bool, &rng, view: false)
            cases.append(IX.Case("np.asarray(np.where(\(c.python), \(a.python), 0))") { Self.line(try where_(c.array, .array(a.array), .python(.int(0)))) })
        }
        try IX.check(cases, setup: Self.setup)
    }

    @Test func reductionsMatchNumPy() throws {
        var rng = Rng(state: 7)
        var cases = [IX.Case]()
        for _ in 0..<700 {
            let op = rng.pick(ReduceOp.allCases)
            var dtypes = DType.allCases
            // NumPy sums uint8 into uint64, which this core does not have.
            if op == .sum || op == .prod { dtypes.removeAll { $0 == .uint8 } }
            let dtype = rng.pick(dtypes)
            let rank = rng.int(0...3)
            let shape = (0..<rank).map { _ in rng.chance(0.05) ? 0 : rng.int(1...5) }
            let a = try Self.sample(shape, dtype, &rng)
            var axes: [Int]? = nil, pyAxis = "None"
            if rank > 0 && rng.chance(0.7) {
                if rng.chance(0.7) {
                    let ax = rng.int(-rank...(rank - 1)); axes = [ax]; pyAxis = "\(ax)"
                } else {
                    let set = (0..<rank).filter { _ in rng.chance(0.5) }
                    axes = set; pyAxis = "(" + set.map { "\($0)," }.joined() + ")"
                }
            }
            let keep = rng.chance(0.3)
            let ddof = op == .std || op == .variance ? rng.int(0...1) : 0
            let extra = ddof > 0 ? ", ddof=\(ddof)" : ""
            // NumPy's `x - mean` inside var keeps the input's memory order, so its second sum
            // may group differently for transposed views: var and std compare to 12 digits.
            let loose = op == .std || op == .variance
            cases.append(IX.Case("\(loose ? "rline" : "np.asarray")(np.\(op.rawValue)(\(a.python), axis=\(pyAxis), keepdims=\(keep ? "True" : "False")\(extra))\(loose ? ", 12" : ""))") {
                Self.line(try reduce(op, a.array, axes: axes, keepdims: keep, ddof: ddof), digits: loose ? 12 : nil)
            })
            let axis: Int? = rank > 0 && rng.chance(0.6) ? rng.int(-rank...(rank - 1)) : nil
            let pyAx = axis.map(String.init) ?? "None"
            cases.append(IX.Case("np.asarray(np.argmax(\(a.python), axis=\(pyAx)))") { Self.line(try argmax(a.array, axis: axis)) })
            cases.append(IX.Case("np.asarray(np.argmin(\(a.python), axis=\(pyAx)))") { Self.line(try argmin(a.array, axis: axis)) })
            if dtype != .uint8 {
                cases.append(IX.Case("np.asarray(np.cumsum(\(a.python), axis=\(pyAx)))") { Self.line(try cumsum(a.array, axis: axis)) })
            }
        }
        // Long rows exercise the pairwise blocks (128 and the recursive halves).
        for n in [7, 8, 9, 127, 128, 129, 1000, 4099] {
            let a = try Self.sample([n], .float64, &rng, view: false)
            let b = try Self.sample([3, n], .float32, &rng, view: false)
            cases.append(IX.Case("np.asarray(np.sum(\(a.python)))") { Self.line(try reduce(.sum, a.array)) })
            cases.append(IX.Case("np.asarray(np.sum(\(b.python), axis=1))") { Self.line(try reduce(.sum, b.array, axes: [1])) })
            cases.append(IX.Case("np.asarray(np.mean(\(b.python).T, axis=0))") { Self.line(try reduce(.mean, b.array.T, axes: [0])) })
        }
        try IX.check(cases, setup: Self.setup)
    }

    @Test func productsMatchNumPy() throws {
        var rng = Rng(state: 9)
        var cases = [IX.Case]()
        for _ in 0..<300 {
            let dtype = rng.pick([DType.float64, .float64, .float32, .int64])
            let m = rng.int(1...5), k = rng.int(0...5), n = rng.int(1...5)
            let shapes: [([Int], [Int])] = [([k], [k]), ([m, k], [k, n]), ([m, k], [k]), ([k], [k, n]), ([2, m, k], [k, n]),
                                            ([m, k], [rng.int(1...2), k, n]), ([m, k], [k + 1, n])]
            let (sa, sb) = rng.pick(shapes)
            let a = try Self.sample(sa, dtype, &rng), b = try Self.sample(sb, rng.chance(0.8) ? dtype : .float64, &rng)
            cases.append(IX.Case("rline(np.dot(\(a.python), \(b.python)))") { Self.line(try dot(a.array, b.array), digits: 9) })
            cases.append(IX.Case("rline(np.matmul(\(a.python), \(b.python)))") { Self.line(try matmul(a.array, b.array), digits: 9) })
            cases.append(IX.Case("np.asarray(np.outer(\(a.python), \(b.python)))") { Self.line(try outer(a.array, b.array)) })
        }
        try IX.check(cases, setup: Self.setup)
    }
}

/// Element-wise results keep their inputs' memory order, so the book's softmax (which works
/// on `x.T`) sums each row in the same order as NumPy and gets the same bits.
///
/// The element-wise step here is a square, not the softmax's exp: on CPUs with AVX-512 NumPy's
/// float64 exp is Intel SVML's, which differs from the C library's in the last bit now and then,
/// and this test is about the order of the sums, which only exact arithmetic can show.
@Suite struct MemoryOrderTests {
    @Test func softmaxOnTransposedRowsMatchesNumPy() throws {
        var rng = OperationsFuzzTests.Rng(state: 99)
        var cases = [IX.Case]()
        for _ in 0..<40 {
            let rows = rng.int(1...6), cols = rng.int(2...40)
            let s = try OperationsFuzzTests.sample([rows, cols], .float64, &rng, view: false)
            let py = "(lambda x: (lambda z: np.square(z) / np.sum(np.square(z), axis=0))(x.T - np.max(x.T, axis=0)).T)(\(s.python))"
            cases.append(IX.Case(py) {
                let t = s.array.T
                let z = try binary(.subtract, .array(t), .array(try reduce(.max, t, axes: [0])))
                let e = try unary(.square, z)
                let y = try binary(.divide, .array(e), .array(try reduce(.sum, try unary(.square, z), axes: [0])))
                return OperationsFuzzTests.line(y.T)
            })
        }
        try IX.check(cases, setup: OperationsFuzzTests.setup)
    }
}
