import Foundation
import Testing
import CKernels
@testable import Tensor

/// Products with a mostly-zero left operand (the book's `np.dot(x_batch, W1)` and
/// `np.dot(self.x.T, dout)` on MNIST) take the compressed route; they must give NumPy's
/// numbers for every shape and layout, and NumPy's NaNs where the right operand has inf or NaN.
@Suite struct SparseProductTests {
    /// One case: `a` is m × k with about `density` of its entries non-zero (in [0, 1)), as
    /// float32 or float64, used as is or transposed from a k × m array; `b` is k × n normal.
    struct Case: CustomStringConvertible {
        var m: Int, k: Int, n: Int, density: Double, float32: Bool, transposed: Bool, poison: Bool = false
        var description: String { "\(m)x\(k)·\(k)x\(n) density \(density) f32 \(float32) T \(transposed) poison \(poison)" }

        /// The same arrays in NumPy: RandomState streams are NumPy's bit for bit.
        var python: String {
            let shape = transposed ? "(\(k), \(m))" : "(\(m), \(k))"
            return """
            r = np.random.RandomState(\(m * 1000 + n))
            a = r.rand\(shape) * (r.rand\(shape) < \(density))
            a = a.astype(np.\(float32 ? "float32" : "float64"))
            if \(transposed ? "True" : "False"): a = a.T
            b = r.randn(\(k), \(n))
            if \(poison ? "True" : "False"): b[1, 2] = np.inf; b[3, 0] = np.nan
            for p in (np.dot(a, b), a @ b): print(' '.join(repr(float(v)) for v in p.ravel()))
            """
        }

        func arrays() throws -> (NDArray, NDArray) {
            let r = RandomState(seed: UInt32(m * 1000 + n))
            let shape = transposed ? [k, m] : [m, k]
            let values = try r.randomSample(shape)
            let lit = try binary(.less, .array(try r.randomSample(shape)), .python(.float(density)))
            var a = try binary(.multiply, .array(values), .array(lit)).astype(float32 ? .float32 : .float64)
            if transposed { a = a.T }
            let b = try r.standardNormal([k, n])
            if poison {
                try b.set([.int(1), .int(2)], .python(.float(.infinity)))
                try b.set([.int(3), .int(0)], .python(.float(.nan)))
            }
            return (a, b)
        }
    }

    static let cases: [Case] = [
        Case(m: 100, k: 784, n: 50, density: 0.2, float32: true, transposed: false),
        Case(m: 784, k: 100, n: 50, density: 0.2, float32: true, transposed: true),
        Case(m: 37, k: 300, n: 13, density: 0.1, float32: false, transposed: false),
        Case(m: 300, k: 37, n: 100, density: 0.25, float32: false, transposed: true),
        Case(m: 60, k: 500, n: 7, density: 0.0, float32: true, transposed: false),
        Case(m: 64, k: 400, n: 52, density: 0.9, float32: true, transposed: false),
        Case(m: 80, k: 400, n: 10, density: 0.2, float32: true, transposed: false, poison: true),
        Case(m: 400, k: 80, n: 10, density: 0.2, float32: true, transposed: true, poison: true),
    ]

    @Test(arguments: cases)
    func productsMatchNumPy(_ c: Case) throws {
        let lines = try IX.python("import numpy as np\nnp.seterr(all='ignore')\n" + c.python)
            .split(separator: "\n").map { $0.split(separator: " ").map { Double($0) ?? .nan } }
        try #require(lines.count == 2)
        let (a, b) = try c.arrays()
        // On one thread and shared among two (whatever the machine's load).
        WorkerTeam.availableOverride = 2
        let parallel = try dot(a, b)
        WorkerTeam.availableOverride = nil
        for (k, product) in [try dot(a, b), try matmul(a, b), parallel].enumerated() {
            #expect(product.shape == [c.m, c.n] && product.dtype == .float64)
            let got = (0..<product.count).map { product.readPointer(Double.self)[$0] }
            let expected = lines[k % 2]
            try #require(got.count == expected.count)
            for i in got.indices {
                if expected[i].isNaN || !expected[i].isFinite {
                    #expect(got[i].isNaN == expected[i].isNaN && got[i] == expected[i] || (got[i].isNaN && expected[i].isNaN), "\(c) [\(i)]")
                } else {
                    // Sums of the same terms in BLAS's grouping or in order: equal to rounding.
                    #expect(abs(got[i] - expected[i]) <= 1e-12 * Swift.max(1, abs(expected[i])), "\(c) [\(i)]: \(got[i]) vs \(expected[i])")
                }
            }
        }
    }

    /// The AVX-512 kernels (used where the CPU has them) give the AVX2 kernels' bits: the same
    /// multiply-add chain per element, for every column count (full registers, a partial one,
    /// several passes), rows of B on 64-byte lines or not, and both output modes — also when
    /// they take B a block of pixels at a time (more rows than one block of them, empty rows,
    /// a row lit only past the first blocks).
    @Test(arguments: [1, 3, 8, 13, 50, 56, 63, 64, 70, 121])
    func vectorWidthsAgree(_ cols: Int) throws {
        let r = RandomState(seed: UInt32(cols))
        let rows = 70, k = 300
        let dense = try r.randomSample([rows, k]), normals = try r.standardNormal([rows, k])
        var start = [Int64](), end = [Int64](), index = [Int32](), value = [Double]()
        for i in 0..<rows {
            start.append(Int64(index.count))
            for j in 0..<k where i % 10 != 3 && (i != 11 || j >= 260)
                && dense.readPointer(Double.self)[i * k + j] < 0.2 + 0.01 * Double(i % 7) {
                index.append(Int32(j)); value.append(normals.readPointer(Double.self)[i * k + j])
            }
            end.append(Int64(index.count))
        }
        defer { withExtendedLifetime((dense, normals)) {} }
        for ld in Set([cols, (cols + 7) & ~7]) {
            let b = try r.standardNormal([k, ld]), before = try r.standardNormal([rows, ld])
            defer { withExtendedLifetime((b, before)) {} }
            for mode in [NN_STORE, NN_SUBTRACT] {
                var outputs: [[Double]] = []
                for allowed: Int32 in [1, 0] {
                    var out = (0..<(rows * ld)).map { before.readPointer(Double.self)[$0] }
                    nn_sparse_allow_avx512(allowed)
                    nn_sparse_times_dense(start, end, index, value, Int64(rows), b.readPointer(Double.self), Int64(ld),
                                          Int64(cols), &out, Int64(ld), mode, 0.1)
                    nn_sparse_allow_avx512(1)
                    outputs.append(out)
                }
                #expect(outputs[0].map(\.bitPattern) == outputs[1].map(\.bitPattern), "cols \(cols) ld \(ld) mode \(mode)")
            }
        }
    }

    /// xᵀ·B by scattering each entry into its column's output row (AVX-512) gives the bits of
    /// listing the columns first and multiplying them as rows, for any share of the columns.
    @Test(arguments: [1, 3, 8, 13, 50, 56, 63, 64, 70, 121])
    func scatteredTransposedProductsAgree(_ cols: Int) throws {
        let r = RandomState(seed: UInt32(100 + cols))
        let rows = 70, columns = 300
        let dense = try r.randomSample([rows, columns]), normals = try r.standardNormal([rows, columns])
        let b = try r.standardNormal([rows, cols])
        defer { withExtendedLifetime((dense, normals, b)) {} }
        var start = [Int64](), end = [Int64](), index = [Int32](), value = [Double]()
        for i in 0..<rows {
            start.append(Int64(index.count))
            for j in 0..<columns where i % 10 != 3 && (i != 11 || j >= 260) && dense.readPointer(Double.self)[i * columns + j] < 0.25 {
                index.append(Int32(j)); value.append(normals.readPointer(Double.self)[i * columns + j])
            }
            end.append(Int64(index.count))
        }
        for (c0, c1) in [(0, 300), (0, 150), (150, 300), (37, 201), (299, 300)] {
            let width = c1 - c0
            var scattered = [Double](repeating: .nan, count: width * cols)
            let done = nn_sparse_transposed_times_dense(start, end, index, value, Int64(rows), b.readPointer(Double.self), Int64(cols),
                                                        Int64(cols), &scattered, Int64(cols), Int64(c0), Int64(c1))
            guard done != 0 else { return }   // no AVX-512 here: the products transpose instead
            var cstart = [Int64](repeating: 0, count: width + 1)
            var crow = [Int32](repeating: 0, count: index.count + 1), cvalue = [Double](repeating: 0, count: index.count + 1)
            nn_sparse_transpose(start, end, index, value, Int64(rows), Int64(c0), Int64(c1), &cstart, &crow, &cvalue)
            var listed = [Double](repeating: .nan, count: width * cols)
            nn_sparse_times_dense(cstart, Array(cstart.dropFirst()), crow, cvalue, Int64(width), b.readPointer(Double.self), Int64(cols),
                                  Int64(cols), &listed, Int64(cols), NN_STORE, 0)
            #expect(scattered.map(\.bitPattern) == listed.map(\.bitPattern), "cols \(cols) columns \(c0)..<\(c1)")
        }
    }

    /// The training kernel's one-pass transpose (a slot per column) lists each column's rows
    /// and values as the counting transpose does, for a share at either end or in the middle.
    @Test func slotTransposeMatchesTheCountingOne() throws {
        let r = RandomState(seed: 9)
        let rows = 60, columns = 200
        let dense = try r.randomSample([rows, columns])
        defer { withExtendedLifetime(dense) {} }
        var start = [Int64](), end = [Int64](), index = [Int32](), value = [Double]()
        for i in 0..<rows {
            start.append(Int64(index.count))
            for j in 0..<columns where i == 11 ? j >= 150 : dense.readPointer(Double.self)[i * columns + j] < 0.25 || i == 7 {
                index.append(Int32(j)); value.append(Double(i * 1000 + j))
            }
            end.append(Int64(index.count))
        }
        // Row 7 is lit everywhere, row 11 only from column 150 on.
        for (c0, c1) in [(0, 200), (0, 77), (77, 200), (50, 120), (120, 121), (199, 200), (0, 1), (150, 200)] {
            let width = c1 - c0
            var countStart = [Int64](repeating: 0, count: width + 1)
            var countRow = [Int32](repeating: 0, count: index.count + 1), countValue = [Double](repeating: 0, count: index.count + 1)
            nn_sparse_transpose(start, end, index, value, Int64(rows), Int64(c0), Int64(c1), &countStart, &countRow, &countValue)
            var slotStart = [Int64](repeating: 0, count: width), slotEnd = [Int64](repeating: 0, count: width)
            var slotRow = [Int32](repeating: 0, count: width * rows), slotValue = [Double](repeating: 0, count: width * rows)
            nn_sparse_transpose_slots(start, end, index, value, Int64(rows), Int64(c0), Int64(c1), Int64(columns),
                                      &slotStart, &slotEnd, &slotRow, &slotValue)
            for c in 0..<width {
                let counted = Int(countStart[c])..<Int(countStart[c + 1]), slotted = Int(slotStart[c])..<Int(slotEnd[c])
                #expect(Array(countRow[counted]) == Array(slotRow[slotted]) && Array(countValue[counted]) == Array(slotValue[slotted]),
                        "columns \(c0)..<\(c1), column \(c0 + c)")
            }
        }
    }

    /// The image compressors of every build list the same entries (NaN and inf are lit, −0 is
    /// not) for lengths around their vector widths, and none writes past the row's room.
    @Test func compressorBuildsAgree() throws {
        let r = RandomState(seed: 21)
        for count in [1, 7, 8, 15, 16, 17, 31, 32, 33, 100, 784] {
            for density in [0.0, 0.2, 0.9, 1.0] {
                let u = try Self.doubles(r.randomSample([count])), w = try Self.doubles(r.standardNormal([count]))
                var src = (0..<count).map { u[$0] < density ? Float(w[$0]) : 0 }
                if count > 5 { src[1] = .nan; src[2] = -0.0; src[4] = .infinity }
                var results: [[String]] = []
                for level: Int32 in [0, 1, 2] {
                    var index = [Int32](repeating: -7, count: count + 32), value = [Double](repeating: -7, count: count + 32)
                    let n = Int(nn_compress_f32_at(level, src, Int64(count), &index, &value))
                    #expect(index[count...].allSatisfy { $0 == -7 } && value[count...].allSatisfy { $0 == -7 }, "level \(level) wrote past the room")
                    results.append((0..<n).map { "\(index[$0]):\(value[$0])" })
                }
                let expected = (0..<count).filter { src[$0] != 0 || src[$0].isNaN }.map { "\($0):\(Double(src[$0]))" }
                #expect(results[0] == expected, "count \(count) density \(density)")
                #expect(results[1] == expected && results[2] == expected, "count \(count) density \(density)")
            }
        }
    }

    /// A large float32 operand (a data set scored every epoch) is packed at its second product
    /// and multiplied from there afterwards, on one thread or shared — shares that cut across
    /// the packed segments — with the bits of the product from the operand itself; a view
    /// with an offset is packed as its own rows; writing to the operand drops the packed copy.
    @Test func largeOperandsArePackedAndKeepTheirBits() throws {
        let r = RandomState(seed: 5)
        let m = 100 + PackedOperand.segmentRows + 400, k = 784, n = 50
        let lit = try binary(.less, .array(try r.randomSample([m, k])), .python(.float(0.2)))
        let whole = try binary(.multiply, .array(try r.randomSample([m, k])), .array(lit)).astype(.float32)
        guard case .array(let a) = try whole.get([.slice(100, nil, nil)]) else { throw TensorError.value("not a view") }
        #expect(a.offset == 100 * k && PackedOperand.suits(a))
        let b = try r.standardNormal([k, n])
        defer { WorkerTeam.availableOverride = nil }
        WorkerTeam.availableOverride = 1
        let first = try dot(a, b)   // compressed as it goes; marked seen
        #expect(a.storage.memo(PackedOperand.self) == nil)
        let second = try dot(a, b)  // packed, one share
        #expect(a.storage.memo(PackedOperand.self) != nil)
        WorkerTeam.availableOverride = 2
        let third = try dot(a, b)   // from the packed rows, shared
        WorkerTeam.availableOverride = 1
        let fourth = try dot(a, b)
        let bits = try Self.doubles(first).map(\.bitPattern)
        for (name, p) in [("packing", second), ("shared", third), ("packed", fourth)] {
            #expect(try Self.doubles(p).map(\.bitPattern) == bits, "\(name)")
        }
        try a.set([.int(7), .int(3)], .python(.float(2.5)))
        #expect(a.storage.memo(PackedOperand.self) == nil)
        let changed = try dot(a, b), fresh = try dot(a.copy(), b)
        #expect(try Self.doubles(changed).map(\.bitPattern) == Self.doubles(fresh).map(\.bitPattern))
        #expect(try Self.doubles(changed) != Self.doubles(first))
    }

    /// Right operands are copied with rows padded to whole vectors: the values, zeros in the
    /// padding (whatever was there), and whether every value was finite — for every width
    /// around the vector length, with inf or NaN in the last lane of a row or nowhere.
    @Test func paddedCopiesKeepValuesAndReportNonFinite() throws {
        for cols in [1, 2, 7, 8, 9, 15, 16, 17, 50, 63] {
            let ld = (cols + 7) & ~7, rows = 5
            for poison in [nil, Double.infinity, -Double.infinity, Double.nan] {
                var src = (0..<(rows * cols)).map { Double($0) * 0.25 - 3 }
                if let poison { src[2 * cols + cols - 1] = poison }
                var dst = [Double](repeating: 42, count: rows * ld)
                let finite = nn_pad_rows_checking_finite(src, Int64(rows), Int64(cols), Int64(cols), &dst, Int64(ld))
                #expect((finite != 0) == (poison == nil), "cols \(cols) poison \(String(describing: poison))")
                for r in 0..<rows {
                    let row = Array(dst[(r * ld)..<(r * ld + ld)])
                    #expect(row[..<cols].map(\.bitPattern) == src[(r * cols)..<(r * cols + cols)].map(\.bitPattern), "cols \(cols) row \(r)")
                    #expect(row[cols...].allSatisfy { $0.bitPattern == 0 }, "cols \(cols) row \(r) padding")
                }
            }
        }
    }

    static func doubles(_ a: NDArray) throws -> [Double] { (0..<a.count).map { a.readPointer(Double.self)[$0] } }
}
