import CKernels

/// A large float32 left operand of sparse products kept packed — its non-zero entries only,
/// 6 bytes each (CKernels/packed_rows.c) — as its storage's memo. The book's loop scores the
/// whole of MNIST every epoch (`network.accuracy(x_train, t_train)`): each time, x·W1 read
/// and compressed 220 MB of images; packed they are 63 MB, read as they are.
///
/// An operand is packed at its second product (one multiplied once keeps nothing), when the
/// session's array limit (TensorLimits) can take the memo; writing to the operand drops it,
/// as any memo. Products from it give the same bits as from the operand itself.
final class PackedOperand {
    /// Rows `first ..< first + rows` of the operand, packed.
    struct Segment {
        let first: Int, rows: Int
        let packed: OpaquePointer
    }

    private let view: View
    private let segments: [Segment]
    private let counted: Int

    /// Rows packed in one piece: a share's work between checks for Ctrl-C.
    static let segmentRows = 4096

    private init(_ a: NDArray, segments: [Segment], counted: Int) {
        (view, self.segments, self.counted) = (View(a), segments, counted)
    }

    deinit {
        for segment in segments { nn_packed_rows_free(segment.packed) }
        TensorLimits.release(counted)
    }

    /// Whether products of `a` (m × k, C order) may use a packed copy.
    static func suits(_ a: NDArray) -> Bool {
        a.dtype == .float32 && a.shape[1] <= 65536 && a.count > SparseProducts.memoElements
    }

    /// `a · w` (w: k × n with row stride ldb) into `o`, from a's packed copy — made now if
    /// `a` was multiplied before. False when `a` is neither packed nor seen before (it is
    /// marked seen) or cannot be packed: the caller multiplies as usual.
    static func multiply(_ a: NDArray, _ w: UnsafePointer<Double>, _ ldb: Int, _ n: Int, into o: UnsafeMutablePointer<Double>,
                         workers: Int) throws -> Bool {
        if let known = find(a) { return try known.multiply(w, ldb, n, into: o, workers: workers) }
        guard let seen = a.storage.memo(Seen.self), seen.view == View(a) else {
            a.storage.keep(memo: Seen(a))
            return false
        }
        return try packAndMultiply(a, w, ldb, n, into: o, workers: workers)
    }

    /// Each share packs its rows a segment at a time and multiplies each segment as it is
    /// packed (its entries still in cache).
    private static func packAndMultiply(_ a: NDArray, _ w: UnsafePointer<Double>, _ ldb: Int, _ n: Int,
                                        into o: UnsafeMutablePointer<Double>, workers: Int) throws -> Bool {
        let m = a.shape[0], k = a.shape[1]
        let x = a.readPointer(Float.self)
        let room = WorkerTeam.shared.size * SparseProducts.sharesPerWorker
        let made = UnsafeMutableBufferPointer<[Segment]>.allocate(capacity: room)
        made.initialize(repeating: [])
        defer { made.deinitialize(); made.deallocate() }
        var failed = false, interrupted = false
        WorkerTeam.shared.run(workers: workers, sharesPerWorker: SparseProducts.sharesPerWorker) { share, count in
            var first = m * share / count
            let last = m * (share + 1) / count
            while first < last {
                if Interrupt.isRequested { interrupted = true; return }
                let rows = Swift.min(segmentRows, last - first)
                guard let packed = nn_pack_rows(x + first * k, Int64(rows), Int64(k)),
                      nn_packed_rows_times_dense(packed, 0, Int64(rows), w, Int64(ldb), Int64(n), o + first * n, Int64(n)) != 0 else {
                    failed = true; return
                }
                made[share].append(Segment(first: first, rows: rows, packed: packed))
                first += rows
            }
        }
        let segments = made.flatMap { $0 }.sorted { $0.first < $1.first }
        let bytes = segments.reduce(0) { $0 + Int(nn_packed_rows_bytes($1.packed)) }
        guard !failed, !interrupted else {
            for segment in segments { nn_packed_rows_free(segment.packed) }
            if interrupted { try Interrupt.check() }
            // Out of memory part way: the caller multiplies all rows as usual.
            return false
        }
        // The product is complete; the packed copy is kept only if the array limit allows.
        if let counted = TensorLimits.reserve(bytes) {
            a.storage.keep(memo: PackedOperand(a, segments: segments, counted: counted))
        } else {
            for segment in segments { nn_packed_rows_free(segment.packed) }
        }
        return true
    }

    /// The product from the packed segments, each share taking its rows.
    private func multiply(_ w: UnsafePointer<Double>, _ ldb: Int, _ n: Int, into o: UnsafeMutablePointer<Double>,
                          workers: Int) throws -> Bool {
        let m = view.shape[0]
        var failed = false, interrupted = false
        WorkerTeam.shared.run(workers: workers, sharesPerWorker: SparseProducts.sharesPerWorker) { share, count in
            let mine = (m * share / count)..<(m * (share + 1) / count)
            for segment in segments where segment.first < mine.upperBound && segment.first + segment.rows > mine.lowerBound {
                if Interrupt.isRequested { interrupted = true; return }
                let lo = Swift.max(segment.first, mine.lowerBound), hi = Swift.min(segment.first + segment.rows, mine.upperBound)
                if nn_packed_rows_times_dense(segment.packed, Int64(lo - segment.first), Int64(hi - lo), w, Int64(ldb), Int64(n),
                                              o + lo * n, Int64(n)) == 0 { failed = true; return }
            }
        }
        if interrupted { try Interrupt.check() }
        return !failed
    }

    /// The packed operand of `a`'s storage, if it is kept and `a` is the view it packs.
    static func find(_ a: NDArray) -> PackedOperand? {
        guard let known = a.storage.memo(PackedOperand.self), known.view == View(a) else { return nil }
        return known
    }

    /// The row of the packed view that starts at storage element `offset`, if one does.
    func row(startingAt offset: Int) -> Int? {
        let (row, rest) = (offset - view.offset).quotientAndRemainder(dividingBy: view.strides[0])
        return rest == 0 && row >= 0 && row < view.shape[0] ? row : nil
    }

    /// The packed rows holding row `row`, and the row's number among them.
    func locate(row: Int) -> (rows: OpaquePointer, row: Int64) {
        // Segments ascend and cover every row: the last that starts at or before `row`.
        var lo = 0, hi = segments.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if segments[mid].first <= row { lo = mid } else { hi = mid }
        }
        return (segments[lo].packed, Int64(row - segments[lo].first))
    }

    /// Marks an operand multiplied once.
    private final class Seen {
        let view: View
        init(_ a: NDArray) { view = View(a) }
    }

    /// Which view of its storage an operand is.
    struct View: Equatable {
        let offset: Int, shape: [Int], strides: [Int]
        init(_ a: NDArray) { (offset, shape, strides) = (a.offset, a.shape, a.strides) }
    }
}
