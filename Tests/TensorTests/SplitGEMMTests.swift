import Testing
@testable import Tensor

/// Large dense products are cut into blocks of rows or columns, one BLAS call per block
/// (SplitGEMM). The result must not depend on how many workers were free, to the last bit,
/// for every operand layout BLAS reads.
@Suite struct SplitGEMMTests {
    struct Case: CustomStringConvertible {
        var m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool, float32: Bool = false
        var description: String { "\(m)x\(k)·\(k)x\(n) Aᵀ \(transposeA) Bᵀ \(transposeB) f32 \(float32)" }
    }

    static let cases: [Case] = [
        Case(m: 100, k: 50, n: 784, transposeA: false, transposeB: true),    // the book's dout · W1ᵀ
        Case(m: 784, k: 100, n: 50, transposeA: true, transposeB: false),    // xᵀ · dout on dense images
        Case(m: 300, k: 120, n: 290, transposeA: false, transposeB: false),
        Case(m: 40, k: 300, n: 2001, transposeA: true, transposeB: true),    // wider than tall: by columns
        Case(m: 257, k: 90, n: 130, transposeA: false, transposeB: false, float32: true),
    ]

    @Test(arguments: cases)
    func productsIgnoreTheWorkersFree(_ c: Case) throws {
        let r = RandomState(seed: UInt32(c.m * 7 + c.n))
        let dtype: DType = c.float32 ? .float32 : .float64
        var a = try r.standardNormal(c.transposeA ? [c.k, c.m] : [c.m, c.k]).astype(dtype)
        var b = try r.standardNormal(c.transposeB ? [c.n, c.k] : [c.k, c.n]).astype(dtype)
        if c.transposeA { a = a.T }
        if c.transposeB { b = b.T }
        // Products are computed when first read: copy each while its worker count holds.
        WorkerTeam.availableOverride = 1
        let whole = try dot(a, b).copy()
        WorkerTeam.availableOverride = 2
        let split = try dot(a, b).copy()
        WorkerTeam.availableOverride = nil
        #expect(whole.shape == [c.m, c.n] && split.shape == [c.m, c.n])
        for i in 0..<c.m { for j in 0..<c.n where value(whole, i, j).bitPattern != value(split, i, j).bitPattern {
            Issue.record("\(c): [\(i), \(j)] \(value(whole, i, j)) vs \(value(split, i, j))"); return
        } }
        // And the product itself: against the textbook sum, to float rounding.
        let i = c.m - 1, j = c.n / 2
        var sum = 0.0
        for p in 0..<c.k { sum += value(a, i, p) * value(b, p, j) }
        #expect(abs(value(whole, i, j) - sum) <= (c.float32 ? 1e-4 : 1e-12) * Double(c.k), "\(c): \(value(whole, i, j)) vs \(sum)")
    }

    private func value(_ x: NDArray, _ i: Int, _ j: Int) -> Double {
        let at = i * x.strides[0] + j * x.strides[1]
        return x.dtype == .float32 ? Double(x.readPointer(Float.self)[at]) : x.readPointer(Double.self)[at]
    }
}
