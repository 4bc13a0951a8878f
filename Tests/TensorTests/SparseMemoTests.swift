import Testing
@testable import Tensor

/// A small sparse operand keeps its compressed rows, and a right operand its padded copy, on
/// its storage after a product. Whatever is written to either afterwards, through the array
/// or a view of it, the next product must use the values as they are then.
@Suite struct SparseMemoTests {
    /// An MNIST-like batch (a fifth of the pixels lit, float32) and a W like W1.
    func operands(seed: UInt32) throws -> (x: NDArray, W: NDArray) {
        let r = RandomState(seed: seed)
        let lit = try binary(.less, .array(try r.randomSample([100, 784])), .python(.float(0.2)))
        let x = try binary(.multiply, .array(try r.randomSample([100, 784])), .array(lit)).astype(.float32)
        return (x, try r.standardNormal([784, 50]))
    }

    /// a · b summed in float64 from copies of the operands, with no product routine involved.
    func reference(_ a: NDArray, _ b: NDArray) throws -> [Double] {
        let x = try a.astype(.float64).copy(), y = try b.astype(.float64).copy()
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let px = x.readPointer(Double.self), py = y.readPointer(Double.self)
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for p in 0..<k where px[i * k + p] != 0 { for j in 0..<n { out[i * n + j] += px[i * k + p] * py[p * n + j] } } }
        return out
    }

    func agrees(_ product: NDArray, _ expected: [Double]) throws -> Bool {
        let c = try product.copy()
        let p = c.readPointer(Double.self)
        return c.count == expected.count && (0..<c.count).allSatisfy { abs(p[$0] - expected[$0]) <= 1e-12 * Swift.max(1, abs(expected[$0])) }
    }

    @Test func theBatchIsCompressedOnceForwardAndBackward() throws {
        let (x, W) = try operands(seed: 1)
        let dout = try RandomState(seed: 2).standardNormal([100, 50])
        let forward = try reference(x, W), backward = try reference(x.T, dout)   // reading x through `pointer` drops its rows
        #expect(try agrees(try dot(x, W), forward))
        let kept = try #require(SparseProducts.CompressedRows.find(x))
        #expect(try agrees(try dot(x.T, dout), backward), "xᵀ·dout from the kept rows")
        #expect(SparseProducts.CompressedRows.find(x) === kept)
        #expect(try agrees(try dot(x, W), forward))
        #expect(SparseProducts.CompressedRows.find(x) === kept, "the loss's forward finds them too")
    }

    @Test func writingTheBatchOrAViewOfItDropsItsRows() throws {
        let (x, W) = try operands(seed: 3)
        _ = try dot(x, W)
        try x.set([.int(3), .int(5)], .python(.float(7)))
        #expect(SparseProducts.CompressedRows.find(x) == nil)
        #expect(try agrees(try dot(x, W), try reference(x, W)))
        guard case .array(let rows) = try x.get([.slice(10, 20, nil)]) else { Issue.record("expected a view"); return }
        try binaryInPlace(.multiply, rows, .python(.float(0)))
        #expect(try agrees(try dot(x.T, try W.get([.slice(nil, 100, nil)]).array()), try reference(x.T, try W.get([.slice(nil, 100, nil)]).array())))
        #expect(try agrees(try dot(x, W), try reference(x, W)), "rows 10 ..< 20 are zero now")
    }

    /// The SGD step writes W1 in place between the two forwards of a step.
    @Test func theRightOperandsPaddedCopyFollowsItsWrites() throws {
        let (x, W) = try operands(seed: 4)
        _ = try dot(x, W)
        #expect(W.storage.memo(SparseProducts.PaddedRows.self) != nil)
        try binaryInPlace(.subtract, W, .array(try binary(.multiply, .python(.float(0.1)), .array(try W.copy()))))
        #expect(W.storage.memo(SparseProducts.PaddedRows.self) == nil)
        #expect(try agrees(try dot(x, W), try reference(x, W)))
        // An inf written after the copy was kept reaches the product (as NaN where x is zero).
        try W.set([.int(2), .int(3)], .python(.float(.infinity)))
        let p = try dot(x, W).copy()
        #expect(p.readPointer(Double.self)[3].isNaN || p.readPointer(Double.self)[3].isInfinite)
    }

    @Test func whatIsKeptDoesNotKeepItsArrayAlive() throws {
        weak var storage: Storage?
        try {
            let (x, W) = try operands(seed: 5)
            _ = try dot(x, W)
            #expect(SparseProducts.CompressedRows.find(x) != nil)
            storage = x.storage
        }()
        #expect(storage == nil)
    }
}

private extension IndexResult {
    func array() throws -> NDArray {
        guard case .array(let a) = self else { throw TensorError.value("expected an array") }
        return a
    }
}
