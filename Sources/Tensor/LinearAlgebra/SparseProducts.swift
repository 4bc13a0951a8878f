import CKernels

/// Matrix products whose left operand is mostly zeros — MNIST images are about 80 % zeros, so
/// `np.dot(x_batch, W1)` in the book's Affine layer and `np.dot(self.x.T, dout)` in its
/// backward are — multiply only the non-zero entries (CKernels/sparse_rows.c), reading float32
/// images directly instead of converting them to float64 first. The sums are the same sums a
/// BLAS kernel forms (each output a fused multiply-add chain over k; a zero term adds nothing),
/// so results agree with the dense route to rounding.
enum SparseProducts {
    /// Below this many multiply-adds the dense route is as quick.
    static let minimumWork = 1 << 16
    /// Entries compressed at a time, bounding the work space (about 12 bytes an entry).
    static let blockEntries = 1 << 20

    /// Above this many multiply-adds the rows are shared among idle cores.
    static let parallelWork = 1 << 20
    /// Shares of the rows per worker: with several, the calling thread takes over the shares
    /// of a worker that wakes late instead of waiting for it.
    static let sharesPerWorker = 4
    /// Shares per worker for a batch's products (operands kept compressed): one. A share of a
    /// batch is a few images against all of W1, or a few pixels' rows of xᵀ·dout found by a
    /// search in every image, so more shares cost more than a late worker does: steps in one
    /// process 12-30 µs quicker with two shares than four, 10-25 µs with one than two. (The
    /// caller still takes a share the worker has not started.)
    static let batchSharesPerWorker = 1

    /// Operands of at most this many elements keep their compressed rows, and right operands
    /// their padded copy, as their storage's memo (at most 3 MB): the book's loop multiplies
    /// x_batch three times (forward, xᵀ·dout, the loss's forward) and W1 twice between updates.
    /// A memo counts against the session's array limit (TensorLimits) as an array would, for
    /// the room it holds: 12 bytes an element for compressed rows, the rows rounded up to 8
    /// values for a padded copy. One the limit cannot take is not kept.
    static let memoElements = 1 << 18

    /// `a · b` for 2-d a (m × k, float32 or float64, C or Fortran order) and b (k × n) with a
    /// float64 result, or nil when the operands do not suit (the caller takes the dense route).
    static func product(_ a: NDArray, _ b: NDArray) throws -> NDArray? {
        guard a.ndim == 2, b.ndim == 2, a.dtype == .float32 || a.dtype == .float64,
              DType.promote(a.dtype, b.dtype) == .float64 else { return nil }
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        guard m > 1, k > 1, n >= 4, m.multipliedReportingOverflow(by: k).partialValue < Int(Int32.max),
              (m * k).multipliedReportingOverflow(by: n).partialValue >= minimumWork else { return nil }
        let cOrder = a.strides[1] == 1 && a.strides[0] == k
        let fOrder = a.strides[0] == 1 && a.strides[1] == m
        guard cOrder || fOrder else { return nil }
        // Mostly dense after all (judged from up to 8 rows' worth): BLAS is quicker.
        let x = cOrder ? a : NDArray(storage: a.storage, dtype: a.dtype, shape: [k, m], strides: [m, 1], offset: a.offset)
        let compressed = x.count <= memoElements ? CompressedRows.find(x) : nil
        let picked = compressed == nil ? PickedRows.Reader(x) : nil
        let sample = Swift.min(x.shape[0], 8) * x.shape[1]
        let lit = leadingNonzeros(x, rows: Swift.min(x.shape[0], 8), compressed, picked)
        guard lit * 3 <= sample else { return nil }
        let right = b.dtype == .float64 && b.isContiguous ? b : try b.astype(.float64).contiguous()
        let workers = m * k * n >= parallelWork ? WorkerTeam.shared.available : 1
        // The AVX-512 kernels want b's rows on 64-byte lines: a copy with rows padded to 8
        // values, when b has other rows and the product is large enough to repay it (the
        // kernel saves about a tenth of the copy's cost per multiply-add: m · k · density · n
        // multiply-adds against k · padded values copied).
        let padded = (n + 7) & ~7
        let density = Double(lit) / Double(Swift.max(sample, 1))
        var w = right.readPointer(Double.self), ldb = n
        var copy: PaddedRows?
        // A zero times inf or NaN is NaN in the dense sum; skipping it would hide that.
        if n != padded && nn_sparse_prefers_aligned_rows() != 0 && Double(m) * density * Double(n) >= 10 * Double(padded) {
            guard let rows = PaddedRows.of(right, padded: padded) else { return nil }
            copy = rows
            (w, ldb) = (UnsafePointer(rows.values), padded)
        } else {
            guard nn_all_finite(w, Int64(k * n)) != 0 else { return nil }
        }
        return try withExtendedLifetime(copy) {
            cOrder ? try rowsTimes(a, w, ldb, n, workers, compressed, picked)
                   : try transposedTimes(a, x, w, ldb, n, workers, compressed, picked)
        }
    }

    /// a in C order: each worker compresses its share of the rows a block at a time. b is
    /// k × n with row stride ldb.
    private static func rowsTimes(_ a: NDArray, _ w: UnsafePointer<Double>, _ ldb: Int, _ n: Int, _ workers: Int,
                                  _ compressed: CompressedRows?, _ picked: PickedRows.Reader?) throws -> NDArray {
        let m = a.shape[0], k = a.shape[1]
        let out = try NDArray(zeros: [m, n], dtype: .float64, zeroed: false)
        let o = out.pointer(Double.self)
        if a.count <= memoElements {
            // Small enough to keep: compressed whole (or found so), each worker its share.
            let rows = compressed ?? CompressedRows(a)
            WorkerTeam.shared.run(workers: workers, sharesPerWorker: batchSharesPerWorker) { share, count in
                let mine = (m * share / count)..<(m * (share + 1) / count)
                rows.fill(a, mine, share: share, from: picked)
                nn_sparse_times_dense(rows.start + mine.lowerBound, rows.end + mine.lowerBound, rows.index, rows.value,
                                      Int64(mine.count), w, Int64(ldb), Int64(n), o + mine.lowerBound * n, Int64(n), NN_STORE, 0)
            }
            rows.keep(on: a)
            return out
        }
        if PackedOperand.suits(a), try PackedOperand.multiply(a, w, ldb, n, into: o, workers: workers) { return out }
        var interrupted = false
        WorkerTeam.shared.run(workers: workers, sharesPerWorker: sharesPerWorker) { share, count in
            let mine = (m * share / count)..<(m * (share + 1) / count)
            let rowsPerBlock = Swift.max(1, Swift.min(mine.count, blockEntries / k))
            let work = Workspace(rows: rowsPerBlock, entries: rowsPerBlock * k + 8)
            defer { work.free() }
            var first = mine.lowerBound
            while first < mine.upperBound {
                if Interrupt.isRequested { interrupted = true; return }
                let rows = Swift.min(rowsPerBlock, mine.upperBound - first)
                var lit: Int64 = 0
                for r in 0..<rows {
                    work.start[r] = lit
                    lit += compress(a, row: first + r, count: k, work.index + Int(lit), work.value + Int(lit))
                    work.end[r] = lit
                }
                nn_sparse_times_dense(work.start, work.end, work.index, work.value, Int64(rows), w, Int64(ldb), Int64(n),
                                      o + first * n, Int64(n), NN_STORE, 0)
                first += rows
            }
        }
        if interrupted { try Interrupt.check() }
        return out
    }

    /// a = xᵀ for a C-order x (k × m): x's rows compressed, then regrouped by column — a's
    /// rows — each worker taking a share of them.
    private static func transposedTimes(_ a: NDArray, _ x: NDArray, _ w: UnsafePointer<Double>, _ ldb: Int, _ n: Int,
                                        _ workers: Int, _ compressed: CompressedRows?, _ picked: PickedRows.Reader?) throws -> NDArray? {
        let m = a.shape[0], k = a.shape[1]
        guard m * k <= blockEntries else { return nil }
        let rows = compressed ?? CompressedRows(x)
        rows.fill(x, 0..<k, share: 0, from: picked)
        if x.count <= memoElements { rows.keep(on: x) }
        let lit = rows.entries
        let out = try NDArray(zeros: [m, n], dtype: .float64, zeroed: false)
        let o = out.pointer(Double.self)
        WorkerTeam.shared.run(workers: workers, sharesPerWorker: batchSharesPerWorker) { share, count in
            let mine = (m * share / count)..<(m * (share + 1) / count)
            // Each entry adds its row of w to its column's output row (AVX-512); else the
            // columns are listed first and multiplied as rows.
            if nn_sparse_transposed_times_dense(rows.start, rows.end, rows.index, rows.value, Int64(k), w, Int64(ldb), Int64(n),
                                                o + mine.lowerBound * n, Int64(n), Int64(mine.lowerBound), Int64(mine.upperBound)) != 0 {
                return
            }
            let columns = Workspace(rows: mine.count + 1, entries: Int(lit) + 8)
            defer { columns.free() }
            nn_sparse_transpose(rows.start, rows.end, rows.index, rows.value, Int64(k), Int64(mine.lowerBound), Int64(mine.upperBound),
                                columns.start, columns.index, columns.value)
            nn_sparse_times_dense(columns.start, columns.start + 1, columns.index, columns.value, Int64(mine.count),
                                  w, Int64(ldb), Int64(n), o + mine.lowerBound * n, Int64(n), NN_STORE, 0)
        }
        return out
    }

    /// How many elements of the first `rows` rows of x (C order) are non-zero, read from its
    /// compressed rows or the data set it was picked from when it has them (reading x itself
    /// would make a picked array's copy, ``PickedRows``).
    private static func leadingNonzeros(_ x: NDArray, rows: Int, _ compressed: CompressedRows?, _ picked: PickedRows.Reader?) -> Int {
        if let compressed { return (0..<rows).reduce(0) { $0 + Int(compressed.end[$1] - compressed.start[$1]) } }
        if let picked { return picked.nonzeros(inFirst: rows) }
        return nonzeros(UnsafeRawPointer(x.readPointer(UInt8.self)), x.dtype, count: rows * x.shape[1])
    }

    /// Row `row` of a (C order, `count` values a row) compressed into index/value.
    static func compress(_ a: NDArray, row: Int, count: Int, _ index: UnsafeMutablePointer<Int32>,
                         _ value: UnsafeMutablePointer<Double>) -> Int64 {
        compress(UnsafeRawPointer(a.readPointer(UInt8.self)) + row * count * a.dtype.itemSize, a.dtype, count: count, index, value)
    }

    /// The non-zero entries of `count` float32 or float64 values at `start`, as CKernels'
    /// compressors give them (with their 8 entries of room beyond); returns how many.
    static func compress(_ start: UnsafeRawPointer, _ dtype: DType, count: Int, _ index: UnsafeMutablePointer<Int32>,
                         _ value: UnsafeMutablePointer<Double>) -> Int64 {
        dtype == .float32 ? nn_compress_f32(start.assumingMemoryBound(to: Float.self), Int64(count), index, value)
                          : nn_compress_f64(start.assumingMemoryBound(to: Double.self), Int64(count), index, value)
    }

    /// How many of `count` float32 or float64 values at `start` are non-zero.
    static func nonzeros(_ start: UnsafeRawPointer, _ dtype: DType, count: Int) -> Int {
        Int(dtype == .float32 ? nn_count_nonzero_f32(start.assumingMemoryBound(to: Float.self), Int64(count))
                              : nn_count_nonzero_f64(start.assumingMemoryBound(to: Double.self), Int64(count)))
    }

    /// The compressed rows of a C-order matrix, kept as its storage's memo when small (see
    /// ``memoElements``): row r is index/value[start[r] ..< end[r]]. Share s compresses its
    /// rows into its own part of the buffers (rows' worth of room plus 8 per share, the
    /// compressor's overrun), so shares can be filled at once.
    final class CompressedRows {
        let offset: Int, shape: [Int], strides: [Int], dtype: DType
        let start: UnsafeMutablePointer<Int64>, end: UnsafeMutablePointer<Int64>
        let index: UnsafeMutablePointer<Int32>, value: UnsafeMutablePointer<Double>
        private let bytes: Int
        private let block: UnsafeMutableRawPointer, blockBytes: Int
        private var filled = false, counted = 0

        init(_ x: NDArray) {
            (offset, shape, strides, dtype) = (x.offset, x.shape, x.strides, x.dtype)
            let rows = x.shape[0], entries = x.count + 8 * WorkerTeam.shared.size * SparseProducts.sharesPerWorker
            // One block: values, then row starts and ends, then indices (all 8-byte aligned).
            bytes = rows * 16 + entries * 12
            (block, blockBytes) = CompressedRows.takeBlock(bytes: bytes + 8)
            value = block.bindMemory(to: Double.self, capacity: entries)
            start = (block + entries * 8).bindMemory(to: Int64.self, capacity: rows)
            end = (block + entries * 8 + rows * 8).bindMemory(to: Int64.self, capacity: rows)
            index = (block + entries * 8 + rows * 16).bindMemory(to: Int32.self, capacity: entries)
        }

        deinit {
            CompressedRows.giveBack(block, bytes: blockBytes)
            TensorLimits.release(counted)
        }

        /// The block of the last compressed rows freed, kept for the next: the book's loop
        /// compresses a new batch every step, and a fresh block of this size (about 1 MB for
        /// a batch of 100 images) is mapped afresh and page-faulted into each time.
        nonisolated(unsafe) private static var spare: (block: UnsafeMutableRawPointer, bytes: Int)?
        private static let spareLock = RecursiveLock()

        private static func takeBlock(bytes: Int) -> (UnsafeMutableRawPointer, Int) {
            let kept: (block: UnsafeMutableRawPointer, bytes: Int)? = spareLock.withLock {
                guard let s = spare, s.bytes >= bytes, s.bytes <= 2 * bytes else { return nil }
                spare = nil
                return s
            }
            if let kept { return (kept.block, kept.bytes) }
            return (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
        }

        private static func giveBack(_ block: UnsafeMutableRawPointer, bytes: Int) {
            let evicted: UnsafeMutableRawPointer? = spareLock.withLock {
                let old = spare?.block
                spare = (block, bytes)
                return old
            }
            evicted?.deallocate()
        }

        /// x's rows as compressed already, if x's storage keeps them.
        static func find(_ x: NDArray) -> CompressedRows? {
            guard let rows = x.storage.memo(CompressedRows.self), rows.offset == x.offset, rows.shape == x.shape,
                  rows.strides == x.strides, rows.dtype == x.dtype else { return nil }
            return rows
        }

        /// Compresses rows `rows` of x (share `share`) unless they were found compressed —
        /// from the data set x was picked from, when its copy waits (``PickedRows``).
        func fill(_ x: NDArray, _ rows: Range<Int>, share: Int, from picked: PickedRows.Reader?) {
            guard !filled else { return }
            let k = shape[1]
            var lit = Int64(rows.lowerBound * k + 8 * share)
            for r in rows {
                start[r] = lit
                lit += picked?.compress(row: r, index + Int(lit), value + Int(lit))
                    ?? SparseProducts.compress(x, row: r, count: k, index + Int(lit), value + Int(lit))
                end[r] = lit
            }
        }

        /// All rows of x compressed: kept on its storage for the next product that reads them.
        func keep(on x: NDArray) {
            guard !filled, let counted = TensorLimits.reserve(bytes) else { return }
            (filled, self.counted) = (true, counted)
            x.storage.keep(memo: self)
        }

        /// Entries a transpose needs room for (the buffers' extent).
        var entries: Int64 { end[shape[0] - 1] }
    }

    /// A right operand's rows copied with padding to 8 values (checked finite), kept as its
    /// storage's memo when small.
    final class PaddedRows {
        let offset: Int, shape: [Int]
        let values: UnsafeMutablePointer<Double>
        private var counted = 0

        private init(offset: Int, shape: [Int], values: UnsafeMutablePointer<Double>) {
            (self.offset, self.shape, self.values) = (offset, shape, values)
        }

        deinit {
            values.deallocate()
            TensorLimits.release(counted)
        }

        /// b (k × n, float64, contiguous) padded to `padded` values a row; nil when a value is
        /// not finite.
        static func of(_ b: NDArray, padded: Int) -> PaddedRows? {
            if let known = b.storage.memo(PaddedRows.self), known.offset == b.offset, known.shape == b.shape,
               b.dtype == .float64, b.isContiguous { return known }
            let k = b.shape[0], n = b.shape[1]
            let rows = UnsafeMutableRawPointer.allocate(byteCount: k * padded * 8, alignment: 64).bindMemory(to: Double.self, capacity: k * padded)
            let copy = PaddedRows(offset: b.offset, shape: b.shape, values: rows)
            guard nn_pad_rows_checking_finite(b.readPointer(Double.self), Int64(k), Int64(n), Int64(n), rows, Int64(padded)) != 0 else { return nil }
            if b.count <= memoElements, let counted = TensorLimits.reserve(k * padded * 8) {
                copy.counted = counted
                b.storage.keep(memo: copy)
            }
            return copy
        }
    }

    /// Compressed rows: row r is index/value[start[r] ..< end[r]].
    private struct Workspace {
        let start: UnsafeMutablePointer<Int64>, end: UnsafeMutablePointer<Int64>
        let index: UnsafeMutablePointer<Int32>, value: UnsafeMutablePointer<Double>

        init(rows: Int, entries: Int) {
            start = .allocate(capacity: rows); end = .allocate(capacity: rows)
            index = .allocate(capacity: entries); value = .allocate(capacity: entries)
        }

        func free() { start.deallocate(); end.deallocate(); index.deallocate(); value.deallocate() }
    }
}
