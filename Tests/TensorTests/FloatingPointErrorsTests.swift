import Testing
@testable import Tensor

/// The flags behind NumPy's RuntimeWarnings: an operation on ordinary numbers raises none
/// (vector kernels must not compute on lanes past the end), and each error raises its own,
/// wherever in the array it happens and on whichever thread computes it.
@Suite(.serialized) struct FloatingPointErrorsTests {
    func errors(_ body: () throws -> Void) rethrows -> FloatingPointErrors {
        FloatingPointErrors.clear()
        try body()
        return FloatingPointErrors.raised()
    }

    func vector(_ values: [Double]) throws -> NDArray { try array(from: .list(values.map { .scalar(.float($0)) })) }

    @Test func ordinaryNumbersRaiseNothing() throws {
        let r = RandomState(seed: 3)
        for n in 1...40 {
            let a = try binary(.add, .array(try r.randomSample([n])), .python(.float(0.5)))
            let b = try binary(.add, .array(try r.randomSample([n])), .python(.float(0.5)))
            for op in [BinaryOp.add, .subtract, .multiply, .divide, .power, .floorDivide, .remainder, .maximum, .less] {
                #expect(try errors { _ = try binary(op, .array(a), .array(b)) }.isEmpty, "\(op) of \(n) values")
                #expect(try errors { _ = try binary(op, .array(a), .python(.float(3))) }.isEmpty, "\(op) of \(n) values and a number")
            }
            for op in UnaryOp.allCases where !op.isPredicate {
                #expect(try errors { _ = try unary(op, a) }.isEmpty, "\(op) of \(n) values")
            }
            #expect(try errors { _ = try binary(.multiply, .array(try a.reshaped([n, 1])), .array(b)) }.isEmpty, "an outer product of \(n)")
        }
    }

    @Test func eachErrorRaisesItsFlag() throws {
        for n in [1, 3, 8, 13, 64] {
            for at in Set([0, n / 2, n - 1]) {
                func with(_ value: Double, fill: Double = 1.5) throws -> NDArray {
                    try vector((0..<n).map { $0 == at ? value : fill })
                }
                let ones = try vector(Array(repeating: 1.5, count: n))
                #expect(try errors { _ = try binary(.divide, .array(ones), .array(try with(0))) } == .divideByZero, "1/0, \(n) at \(at)")
                #expect(try errors { _ = try binary(.divide, .array(try with(0)), .array(try with(0))) } == .invalid, "0/0")
                #expect(try errors { _ = try binary(.multiply, .array(try with(1e308)), .python(.float(10))) } == .overflow, "1e308 * 10")
                #expect(try errors { _ = try binary(.subtract, .array(try with(.infinity)), .python(.float(.infinity))) } == .invalid, "inf - inf")
                #expect(try errors { _ = try unary(.log, try with(0)) } == .divideByZero, "log(0)")
                #expect(try errors { _ = try unary(.log, try with(-1)) } == .invalid, "log(-1)")
                #expect(try errors { _ = try unary(.sqrt, try with(-1)) } == .invalid, "sqrt(-1)")
                #expect(try errors { _ = try unary(.exp, try with(1000)) } == .overflow, "exp(1000), \(n) at \(at)")
                #expect(try errors { _ = try binary(.power, .array(try with(0)), .python(.float(-1))) } == .divideByZero, "0 ** -1")
                // What NumPy does not report: NaN carried along, underflow.
                #expect(try errors { _ = try binary(.add, .array(try with(.nan)), .python(.float(1))) }.isEmpty, "nan + 1")
                #expect(try errors { _ = try unary(.exp, try with(.nan)) }.isEmpty, "exp(nan)")
                #expect(try errors { _ = try unary(.exp, try with(-1000)) }.isEmpty, "exp(-1000)")
                #expect(try errors { _ = try unary(.log, try with(.infinity)) }.isEmpty, "log(inf)")
            }
        }
    }

    /// NaN and infinities carried through an operation are not errors in NumPy (except where
    /// the operation itself is invalid, as inf − inf): no kernel may compare them loudly.
    @Test func nanPassesQuietly() throws {
        for n in [1, 5, 8, 19, 70] {
            let a = try vector((0..<n).map { $0 % 3 == 0 ? .nan : 1.25 })
            for op in [BinaryOp.add, .subtract, .multiply, .divide, .power, .floorDivide, .remainder] {
                #expect(try errors { _ = try binary(op, .array(a), .python(.float(2))) }.isEmpty, "\(op) with NaN, \(n)")
            }
            for op in UnaryOp.allCases {
                #expect(try errors { _ = try unary(op, a) }.isEmpty, "\(op) of NaN, \(n)")
            }
        }
    }

    /// A large array's rows are shared among threads; the flags of every share reach the caller.
    @Test func errorsOnOtherThreadsReachTheCaller() throws {
        defer { WorkerTeam.availableOverride = nil }
        WorkerTeam.availableOverride = 2
        let rows = 21_000, width = 50
        #expect(rows * width >= LargeRows.parallelElements)
        let h = try NDArray(zeros: [rows, width], dtype: .float64)
        try h.set([.ellipsis], .python(.float(2)))
        let last = try NDArray(zeros: [rows, width], dtype: .float64)
        try last.set([.ellipsis], .python(.float(1)))
        try last.set([.int(rows - 1), .int(width - 1)], .python(.float(0)))
        #expect(try errors { _ = try binary(.divide, .array(h), .array(last)) } == .divideByZero, "the last row's 2/0")
        #expect(try errors { _ = try binary(.divide, .array(h), .array(h)) }.isEmpty)
        // Flags the caller had before a shared operation are kept.
        FloatingPointErrors.clear()
        FloatingPointErrors.raise(.overflow)
        _ = try binary(.add, .array(h), .array(h))
        #expect(FloatingPointErrors.raised() == .overflow)
    }
}
