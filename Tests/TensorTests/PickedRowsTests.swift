import Testing
@testable import Tensor

/// `x_train[batch_mask]` — rows picked from a large data set — is copied only when read: the
/// book's loop only multiplies the batch, and the products read the picked rows from the data
/// set (or its packed copy). What a user sees must not change: the same values, the same
/// products to the bit, and the rows as they were when picked, whatever is written later.
@Suite(.serialized) struct PickedRowsTests {
    let rows = 3000, width = 784

    /// A data set of mostly-zero float32 rows (as MNIST's), a batch's row numbers (some
    /// repeated, one negative), a W1 and a dout.
    func operands(seed: UInt32) throws -> (data: NDArray, picks: NDArray, w: NDArray, dout: NDArray) {
        let r = RandomState(seed: seed)
        let lit = try binary(.less, .array(try r.randomSample([rows, width])), .python(.float(0.2)))
        let data = try binary(.multiply, .array(try r.randomSample([rows, width])), .array(lit)).astype(.float32)
        var picks = (0..<100).map { _ in Int64.random(in: 0..<Int64(rows)) }
        picks[7] = picks[3]
        picks[9] = -5
        let index = try NDArray(zeros: [100], dtype: .int64)
        for (k, p) in picks.enumerated() { index.pointer(Int64.self)[k] = p }
        return (data, index, try r.standardNormal([width, 50]), try r.standardNormal([100, 50]))
    }

    func picked(_ data: NDArray, _ picks: NDArray) throws -> NDArray {
        guard case .array(let batch) = try data.get([.array(picks)]) else { throw TensorError.value("not an array") }
        return batch
    }

    func bits(_ a: NDArray) throws -> [UInt64] {
        let c = try a.astype(.float64).contiguous()
        return (0..<c.count).map { c.readPointer(Double.self)[$0].bitPattern }
    }

    /// The book's three products of a batch, against those of the same rows copied at once.
    func productsAgree(_ data: NDArray, _ picks: NDArray, _ w: NDArray, _ dout: NDArray) throws {
        let batch = try picked(data, picks)
        #expect(batch.storage.isDeferred)
        let copied = try picked(data, picks).copy()
        let forward = try dot(batch, w), backward = try dot(batch.T, dout), again = try dot(batch, w)
        #expect(batch.storage.isDeferred, "the products read the data set, not a copy")
        #expect(try bits(forward) == bits(try dot(copied, w)))
        #expect(try bits(backward) == bits(try dot(copied.T, dout)))
        #expect(try bits(again) == bits(forward))
        #expect(try bits(batch) == bits(copied), "reading the batch copies its rows")
        #expect(!batch.storage.isDeferred)
    }

    @Test(arguments: [1, 2]) func batchesAreMultipliedFromTheDataSet(_ workers: Int) throws {
        defer { WorkerTeam.availableOverride = nil }
        WorkerTeam.availableOverride = workers
        let (data, picks, w, dout) = try operands(seed: 11)
        #expect(PickedRows.Reader(try picked(data, picks))?.packed == nil)
        try productsAgree(data, picks, w, dout)
    }

    /// Once the data set is kept packed (its second product), batches unpack their rows.
    @Test(arguments: [1, 2]) func batchesAreMultipliedFromThePackedDataSet(_ workers: Int) throws {
        defer { WorkerTeam.availableOverride = nil }
        WorkerTeam.availableOverride = workers
        let (data, picks, w, dout) = try operands(seed: 12)
        _ = try dot(data, w)
        _ = try dot(data, w)
        #expect(PickedRows.Reader(try picked(data, picks))?.packed != nil)
        try productsAgree(data, picks, w, dout)
    }

    /// Writing to the data set after picking copies the batch first: it keeps the rows as
    /// they were, and so do its products.
    @Test func writingTheDataSetLeavesTheBatchAsPicked() throws {
        let (data, picks, w, _) = try operands(seed: 13)
        let before = try picked(data, picks).copy()
        let batch = try picked(data, picks)
        let row = Int(picks.readPointer(Int64.self)[0])
        try data.set([.int(row), .int(5)], .python(.float(9)))
        try data.set([.slice(nil, nil, nil)], .python(.float(1)))
        #expect(!batch.storage.isDeferred)
        #expect(try bits(batch) == bits(before))
        #expect(try bits(try dot(batch, w)) == bits(try dot(before, w)))
    }

    /// Under a session's memory limit, rows of an array counted against it are copied at once
    /// (a waiting copy would keep the whole array, and its share of the limit, after `del`).
    @Test func rowsOfArraysUnderAMemoryLimitAreCopiedAtOnce() throws {
        // A limit nothing reaches: arrays made meanwhile are counted, none is refused.
        TensorLimits.maxTotalBytes = Int.max / 2
        let counted = try operands(seed: 15)
        TensorLimits.maxTotalBytes = .max
        #expect(counted.data.storage.isCounted)
        #expect(try !picked(counted.data, counted.picks).storage.isDeferred)
        let free = try operands(seed: 15)
        #expect(try picked(free.data, free.picks).storage.isDeferred)
    }

    /// Only whole wide rows of a large float matrix wait; a view of the batch reads it, and
    /// labels (narrow rows) or small arrays are copied at once.
    @Test func otherSubscriptsAreCopiedAtOnce() throws {
        let (data, picks, _, _) = try operands(seed: 14)
        let batch = try picked(data, picks)
        guard case .array(let tail) = try batch.get([.slice(1, nil, nil)]) else { throw TensorError.value("not a view") }
        #expect(try bits(tail) == bits(try picked(data, picks).copy()).dropFirst(width).map { $0 })
        let labels = try NDArray(zeros: [rows * 100, 10])
        #expect(try !picked(labels, picks).storage.isDeferred)
        guard case .array(let few) = try data.get([.slice(0, 300, nil)]) else { throw TensorError.value("not a view") }
        #expect(try !picked(few.copy(), try NDArray(zeros: [100], dtype: .int64)).storage.isDeferred)
        guard case .array(let columns) = try data.get([.array(picks), .slice(0, 300, nil)]) else { throw TensorError.value("not an array") }
        #expect(!columns.storage.isDeferred)
    }
}
