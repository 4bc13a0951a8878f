import Testing
@testable import Tensor

/// Large float products are computed when first read. Whatever happens to their operands in
/// between, what is read must be the product of the operands as they were when it was asked for.
@Suite struct DeferredProductTests {
    /// The product computed at once, from private copies of the operands.
    func eager(_ a: NDArray, _ b: NDArray) throws -> [Double] {
        let x = try a.copy(), y = try b.copy()
        var out = [Double](repeating: 0, count: a.shape[0] * b.shape[1])
        for i in 0..<a.shape[0] {
            for j in 0..<b.shape[1] {
                var sum = 0.0
                for p in 0..<a.shape[1] { sum += x.readPointer(Double.self)[i * a.shape[1] + p] * y.readPointer(Double.self)[p * b.shape[1] + j] }
                out[i * b.shape[1] + j] = sum
            }
        }
        return out
    }

    func values(_ a: NDArray) throws -> [Double] {
        let c = try a.copy()
        return (0..<c.count).map { c.readPointer(Double.self)[$0] }
    }

    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * Swift.max(1, abs($1)) }
    }

    /// The book's Affine.backward: dx = dout · Wᵀ, then W changes (the SGD step) and dout too.
    @Test func operandsChangedAfterwardDoNotReachTheProduct() throws {
        let r = RandomState(seed: 1)
        let dout = try r.standardNormal([100, 50]), W = try r.standardNormal([784, 50])
        let expected = try eager(dout, W.T.copy())
        let dx = try dot(dout, W.T)
        #expect(dx.storage.isDeferred, "nothing has read it yet")
        try binaryInPlace(.subtract, W, .python(.float(0.5)))
        #expect(!dx.storage.isDeferred, "changing W ran the product first")
        try binaryInPlace(.multiply, dout, .python(.float(3)))
        #expect(close(try values(dx), expected))
    }

    @Test func readingTheProductOrAViewOfItComputesIt() throws {
        let r = RandomState(seed: 2)
        let a = try r.standardNormal([120, 90]), b = try r.standardNormal([90, 110])
        let expected = try eager(a, b)
        let c = try matmul(a, b)
        guard case .array(let row) = try c.get([.int(7)]) else { Issue.record("expected a view"); return }
        #expect(c.storage.isDeferred && row.storage === c.storage)
        #expect(close(try values(row), Array(expected[(7 * 110)..<(8 * 110)])))
        #expect(!c.storage.isDeferred)
        #expect(close(try values(c), expected))
    }

    /// A product of a product; writing into the first, then reading the second.
    @Test func chainsAndWritesIntoTheResult() throws {
        let r = RandomState(seed: 3)
        let a = try r.standardNormal([100, 120]), b = try r.standardNormal([120, 100]), d = try r.standardNormal([100, 110])
        let ab = try dot(a, b)
        let abd = try dot(ab, d)
        #expect(abd.storage.isDeferred)   // (ab was read to see whether it is mostly zeros)
        let expectedAB = try eager(a, b)
        let expectedABD = try eager(try fromValues(expectedAB, [100, 100]), d)
        try ab.set([.int(0), .int(0)], scalar: .float64(1e6))   // abd was asked for before this write
        #expect(close(try values(abd), expectedABD))
        var changed = expectedAB
        changed[0] = 1e6
        #expect(close(try values(ab), changed))
    }

    /// Products nothing reads are never computed, and leave their operands as they were.
    @Test func unreadProductsGoAwayQuietly() throws {
        let r = RandomState(seed: 4)
        let a = try r.standardNormal([200, 100]), b = try r.standardNormal([100, 200])
        for _ in 0..<5 { _ = try dot(a, b) }
        try binaryInPlace(.add, a, .python(.float(1)))
        let c = try dot(a, b)
        #expect(c.storage.isDeferred)
        #expect(close(try values(c), try eager(a, b)))
    }

    /// Small products, integer ones and mixed types are computed at once.
    @Test func smallOrIntegerProductsAreEager() throws {
        let r = RandomState(seed: 5)
        #expect(!(try dot(try r.standardNormal([10, 10]), try r.standardNormal([10, 10]))).storage.isDeferred)
        let ints = try r.randint(low: 0, high: 5, shape: [200, 200])
        #expect(!(try dot(ints, ints)).storage.isDeferred)
    }

    /// A product of a product still to be computed: the first is computed at once, so a loop
    /// like `h = h @ W` never builds a chain; and a change to an operand of the first after
    /// the second was asked for reaches neither (float32, which skips the sparse check).
    @Test func productsOfPendingProductsSeeTheirOperandsAsTheyWere() throws {
        let r = RandomState(seed: 6)
        let a = try r.standardNormal([200, 200]).astype(.float32), b = try r.standardNormal([200, 200]).astype(.float32)
        let r1 = try matmul(a, b)
        #expect(r1.storage.isDeferred)
        let r2 = try matmul(a, r1)
        #expect(!r1.storage.isDeferred && r2.storage.isDeferred)
        let expected1 = try eager(try a.astype(.float64), try b.astype(.float64))
        let expected2 = try eager(try a.astype(.float64), try fromValues(expected1, [200, 200]))
        try binaryInPlace(.add, b, .python(.float(1)))
        func close32(_ x: NDArray, _ y: [Double], _ scale: Double) throws -> Bool {
            let v = try values(try x.astype(.float64))
            return zip(v, y).allSatisfy { abs($0 - $1) <= 1e-4 * scale }
        }
        #expect(try close32(r2, expected2, 3000))
        #expect(try close32(r1, expected1, 200))

        var h = try r.standardNormal([150, 150]).astype(.float32)
        let w = try binary(.multiply, .array(try r.standardNormal([150, 150]).astype(.float32)), .python(.float(0.05)))
        var previous: NDArray?
        for _ in 0..<50 {
            previous = h
            h = try matmul(h, w)
        }
        #expect(!(previous!.storage.isDeferred), "at most the last product waits")
        #expect(try values(try h.astype(.float64)).allSatisfy { $0.isFinite })
    }

    /// The book's Affine.backward makes dx first, then reads dout for dW and db: reads leave
    /// dx waiting; a later write to dout runs it first.
    @Test func readsOfAnOperandLeaveTheProductWaiting() throws {
        let r = RandomState(seed: 7)
        let dout = try r.standardNormal([100, 50]), W = try r.standardNormal([784, 50]), x = try r.standardNormal([100, 784])
        let expected = try eager(dout, W.T.copy())
        let dx = try dot(dout, W.T)
        let dW = try dot(x.T, dout)
        let db = try reduce(.sum, dout, axes: [0])
        #expect(dx.storage.isDeferred, "reading dout leaves dx waiting")
        #expect(dW.shape == [784, 50] && db.shape == [50])
        try binaryInPlace(.multiply, dout, .python(.float(2)))
        #expect(!dx.storage.isDeferred)
        #expect(close(try values(dx), expected))
    }

    func fromValues(_ v: [Double], _ shape: [Int]) throws -> NDArray {
        let out = try NDArray(zeros: shape)
        for i in v.indices { out.pointer(Double.self)[i] = v[i] }
        return out
    }
}
