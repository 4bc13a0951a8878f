import Synchronization

/// Element-wise work on a large array shared among idle cores by rows (``WorkerTeam``): the
/// accuracy pass's `h + b1`, `h <= 0`, `h.copy()` and `out[mask] = 0` on 60 000 × 50 values each
/// read and write tens of megabytes, and fault in fresh pages as they write; two cores do both
/// at once. Each row is computed as it would be alone, so results do not change.
enum LargeRows {
    /// Element count from which the rows are shared.
    static let parallelElements = 1 << 20

    /// Calls `body(first, count)` for consecutive ranges covering rows 0 ..< rows, in parallel
    /// when `rows × width` is large and cores are idle, else once for all rows.
    static func forEachShare(rows: Int, width: Int, _ body: (Int, Int) -> Void) {
        guard rows &* width >= parallelElements, rows >= 8 else { body(0, rows); return }
        // Each thread's floating-point flags are its own: the shares collect theirs, and the
        // caller's thread takes them all, as if it had done the work alone.
        let before = FloatingPointErrors.raised()
        let collected = Atomic<Int>(0)
        WorkerTeam.shared.run(workers: WorkerTeam.shared.available, sharesPerWorker: 4) { share, count in
            let first = rows * share / count, last = rows * (share + 1) / count
            guard last > first else { return }
            FloatingPointErrors.clear()
            body(first, last - first)
            let raised = FloatingPointErrors.raised()
            if !raised.isEmpty { collected.bitwiseOr(raised.rawValue, ordering: .relaxed) }
        }
        FloatingPointErrors.raise(before.union(FloatingPointErrors(rawValue: collected.load(ordering: .acquiring))))
    }

    /// ``forEachShare(rows:width:_:)`` over the first axis of a contiguous array (a vector is
    /// one row): `body(first, count, width)`.
    static func forEachShare(of a: NDArray, _ body: (Int, Int, Int) -> Void) {
        let rows = a.ndim >= 2 ? a.shape[0] : 1, width = rows > 0 ? a.count / rows : 0
        forEachShare(rows: rows, width: width) { first, count in body(first, count, width) }
    }
}
