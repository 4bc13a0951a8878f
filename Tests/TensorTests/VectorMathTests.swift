import Foundation
import Testing
import CKernels
@testable import Tensor

/// The vectorised float64 kernels behind `np.exp` and the four arithmetic operators: the same
/// numbers as the one-value-at-a-time code they replace (exp to within its last bit), the same
/// bits from every instruction-set build, and the C library's answer at the edges.
@Suite struct VectorMathTests {
    /// Values across exp's whole range: normals, a uniform spread from underflow to overflow,
    /// tiny arguments, and the edges.
    static func expArguments() throws -> [Double] {
        let r = RandomState(seed: 11)
        var xs = try values(try binary(.multiply, .array(try r.standardNormal([60_000])), .python(.float(3))))
        xs += try values(try r.uniform(low: -746, high: 710, shape: [60_000]))
        xs += try values(try r.uniform(low: -1e-3, high: 1e-3, shape: [10_000]))
        xs += [0, -0.0, 1, -1, 1e-300, -1e-300, .leastNonzeroMagnitude, -708, -708.0000001, -708.4, -720, -745.1, -746,
               709, 709.0000001, 709.5, 709.78, 709.79, 710, .infinity, -.infinity, .nan, .greatestFiniteMagnitude]
        return xs
    }

    static func values(_ a: NDArray) throws -> [Double] {
        let c = try a.astype(.float64).contiguous()
        return (0..<c.count).map { c.readPointer(Double.self)[$0] }
    }

    /// The first few positions where two results differ in any bit.
    static func differing(_ a: [Double], _ b: [Double]) -> [Int] {
        Array((0..<max(a.count, b.count)).filter { $0 >= a.count || $0 >= b.count || a[$0].bitPattern != b[$0].bitPattern }.prefix(5))
    }

    static func exp(level: Int32, _ xs: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: xs.count)
        nn_exp_f64_at(level, xs, 1, &out, 1, Int64(xs.count))
        return out
    }

    @Test func expIsTheCLibrarysToTheLastBit() throws {
        let xs = try Self.expArguments()
        let ours = Self.exp(level: 2, xs)
        var differing = 0
        for (x, y) in zip(xs, ours) {
            let libm = Foundation.exp(x)
            if libm.isNaN { #expect(y.isNaN, "exp(\(x))"); continue }
            if y == libm { continue }
            differing += 1
            // Within one unit in the last place, and only where both are ordinary numbers.
            #expect(libm.isNormal && y.isNormal && Swift.abs(y - libm) <= libm.ulp, "exp(\(x)): \(y) against \(libm)")
        }
        // Both are within about half an ULP of e^x, so they round apart rarely (0.07 % here).
        #expect(Double(differing) < 0.005 * Double(xs.count), "\(differing) of \(xs.count) differ")
        // Correctly rounded values of e and 1/e.
        #expect(Self.exp(level: 2, [1, -1]) == [0x1.5bf0a8b145769p+1, 0x1.78b56362cef38p-2])
    }

    @Test func expBuildsAgreeBitForBit() throws {
        let xs = try Self.expArguments()
        let best = Self.exp(level: 2, xs)
        for level: Int32 in [0, 1] {
            #expect(Self.differing(Self.exp(level: level, xs), best) == [], "level \(level)")
        }
    }

    /// In place (out is x) the results are the same, the C library's edge cases included:
    /// they are judged from the arguments, not from what the vector loop wrote over them.
    @Test func expInPlaceMatchesExpOutOfPlace() throws {
        let xs = try Self.expArguments()
        var inPlace = xs
        inPlace.withUnsafeMutableBufferPointer { nn_exp_f64($0.baseAddress!, 1, $0.baseAddress!, 1, Int64($0.count)) }
        #expect(Self.differing(inPlace, Self.exp(level: 2, xs)) == [])
    }

    /// A strided view (a transpose) is computed as its contiguous copy is, including lengths
    /// that leave a partial vector.
    @Test(arguments: [1, 7, 8, 9, 33])
    func expOfViewsMatchesExpOfCopies(_ rows: Int) throws {
        let a = try binary(.multiply, .array(try RandomState(seed: UInt32(rows)).standardNormal([rows, 13])), .python(.float(4)))
        let viaView = try unary(.exp, a.T)
        let viaCopy = try unary(.exp, try a.T.copy())
        #expect(try Self.values(viaView).map(\.bitPattern) == Self.values(viaCopy).map(\.bitPattern))
        #expect(viaView.shape == [13, rows])
    }

    /// Every operation and every spread of either operand, in place or not, against Swift's
    /// own arithmetic; every build gives the same bits. The values include inf, NaN and −0.
    @Test func arithmeticMatchesScalarArithmetic() throws {
        let rows = 5, width = 37
        let r = RandomState(seed: 3)
        var full = try Self.values(try r.standardNormal([rows * width]))
        var other = try Self.values(try r.standardNormal([rows * width]))
        full[3] = .infinity; full[40] = .nan; full[41] = -0.0; other[5] = 0; other[6] = -.infinity
        let spreads: [(nn_spread, [Double], (Int, Int) -> Int)] = [
            (NN_FULL, other, { $0 * width + $1 }), (NN_ROW, Array(other[0..<width]), { $1 }),
            (NN_COLUMN, Array(other[0..<rows]), { r, _ in r }), (NN_SCALAR, [other[7]], { _, _ in 0 }),
        ]
        let ops: [(nn_arithmetic, (Double, Double) -> Double)] = [(NN_PLUS, (+)), (NN_MINUS, (-)), (NN_TIMES, (*)), (NN_OVER, (/))]
        func same(_ x: [Double], _ y: [Double]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
        }
        for (op, f) in ops {
            for (spread, b, at) in spreads {
                var expected = [Double](), mirrored = [Double]()
                for i in 0..<rows {
                    for j in 0..<width {
                        expected.append(f(full[i * width + j], b[at(i, j)]))
                        mirrored.append(f(b[at(i, j)], full[i * width + j]))
                    }
                }
                for level: Int32 in [0, 1, 2] {
                    var out = [Double](repeating: 7, count: rows * width)
                    nn_arithmetic_f64_at(level, op, full, NN_FULL, b, spread, Int64(rows), Int64(width), &out)
                    #expect(same(out, expected), "\(op) \(spread) level \(level)")
                    nn_arithmetic_f64_at(level, op, b, spread, full, NN_FULL, Int64(rows), Int64(width), &out)
                    #expect(same(out, mirrored), "mirrored \(op) \(spread) level \(level)")
                    var target = full
                    target.withUnsafeMutableBufferPointer { t in
                        nn_arithmetic_f64_at(level, op, t.baseAddress!, NN_FULL, b, spread, Int64(rows), Int64(width), t.baseAddress!)
                    }
                    #expect(same(target, expected), "in place \(op) \(spread) level \(level)")
                }
            }
        }
    }

    /// The six comparisons, with another array or one value, give Swift's answers (a NaN is
    /// unequal to everything, neither less nor greater) on every build and every length around
    /// the vector widths; the masked fill writes the value exactly where the mask is lit.
    @Test func comparisonsAndMaskedFillsMatchScalarCode() throws {
        let r = RandomState(seed: 4)
        var x = try Self.values(try r.standardNormal([203])), y = try Self.values(try r.standardNormal([203]))
        x[1] = .nan; y[2] = .nan; x[3] = .infinity; y[3] = .infinity; x[4] = -0.0; y[4] = 0.0; x[9] = 0; y[10] = x[10]
        x[70] = .nan; y[70] = .nan
        let ops: [(nn_comparison, (Double, Double) -> Bool)] = [
            (NN_EQ, (==)), (NN_NE, (!=)), (NN_LT, (<)), (NN_LE, (<=)), (NN_GT, (>)), (NN_GE, (>=)),
        ]
        for n in [0, 1, 7, 8, 9, 63, 64, 65, 130, 203] {
            for (op, f) in ops {
                for level: Int32 in [0, 1, 2] {
                    var out = [UInt8](repeating: 9, count: n + 1)
                    nn_compare_f64_at(level, op, x, y, 0, Int64(n), &out)
                    #expect(Array(out[0..<n]) == (0..<n).map { f(x[$0], y[$0]) ? 1 : 0 } && out[n] == 9, "\(op) n \(n) level \(level)")
                    nn_compare_f64_at(level, op, x, nil, 0.25, Int64(n), &out)
                    #expect(Array(out[0..<n]) == (0..<n).map { f(x[$0], 0.25) ? 1 : 0 } && out[n] == 9, "\(op) scalar n \(n) level \(level)")
                }
            }
            let mask = (0..<n).map { UInt8($0 % 3 == 0 || $0 % 7 == 1 ? 1 : 0) }
            for level: Int32 in [0, 1, 2] {
                var dst = x
                nn_masked_fill_f64_at(level, &dst, mask, Int64(n), -0.0)
                let expected = x.indices.map { $0 < n && mask[$0] != 0 ? -0.0 : x[$0] }
                #expect(Self.differing(dst, expected) == [], "fill n \(n) level \(level)")
            }
        }
    }

    /// The one-pass update `W -= s * g` (and `+=`) rounds the product, then the sum, on every
    /// build: the bits of Swift's two separate operations, with g apart from W or W itself.
    @Test func scaledUpdateRoundsAsTwoOperations() throws {
        let r = RandomState(seed: 5)
        var w = try Self.values(try r.standardNormal([1003])), g = try Self.values(try r.standardNormal([1003]))
        w[3] = .infinity; g[4] = .nan; g[5] = 1e300; w[6] = -0.0
        let s = 0.1
        for level: Int32 in [0, 1, 2] {
            for add: Int32 in [0, 1] {
                var target = w
                nn_scaled_update_f64_at(level, &target, g, s, Int64(w.count), add)
                let expected = zip(w, g).map { add == 1 ? $0 + s * $1 : $0 - s * $1 }
                #expect(Self.differing(target, expected) == [], "level \(level) add \(add)")
                var itself = w
                itself.withUnsafeMutableBufferPointer { nn_scaled_update_f64_at(level, $0.baseAddress!, $0.baseAddress!, s, Int64($0.count), add) }
                #expect(Self.differing(itself, w.map { add == 1 ? $0 + s * $0 : $0 - s * $0 }) == [], "in place, level \(level) add \(add)")
            }
        }
    }

    /// `W -= lr * g` and its kin through the array API: in place matches out of place, an
    /// array minus itself is zero, and a right side overlapping the target otherwise (a
    /// transpose of it) is read before it is overwritten.
    @Test func inPlaceOperatorsMatchTheirResults() throws {
        let r = RandomState(seed: 9)
        let w = try r.standardNormal([6, 6]), g = try r.standardNormal([6, 6]), bias = try r.standardNormal([6])
        for (op, value) in [(BinaryOp.subtract, Operand.array(try binary(.multiply, .python(.float(0.1)), .array(g)))),
                            (.add, .array(bias)), (.divide, .python(.float(3))), (.multiply, .array(try bias.reshaped([6, 1])))] {
            let expected = try binary(op, .array(w), value)
            let target = try w.copy()
            try binaryInPlace(op, target, value)
            #expect(try Self.values(target).map(\.bitPattern) == Self.values(expected).map(\.bitPattern), "\(op)")
        }
        let same = try w.copy()
        try binaryInPlace(.subtract, same, .array(same))
        #expect(try Self.values(same).allSatisfy { $0 == 0 })
        let square = try w.copy()
        let sum = try binary(.add, .array(square), .array(square.T))
        try binaryInPlace(.add, square, .array(square.T))
        #expect(try Self.values(square) == Self.values(sum))
    }
}
