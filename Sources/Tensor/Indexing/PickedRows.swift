#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels

/// Rows picked from a large matrix — the book's `x_train[batch_mask]` — as an array whose copy
/// is made only when it is read (``Storage/deferred(byteCount:reading:fill:)``). The book's
/// loop reads a batch only through products (forward, xᵀ·dout, the loss's forward), and the
/// sparse products take each row's non-zero entries straight from the data set's row, or from
/// the data set's packed copy once its accuracy passes made one (``PackedOperand``): the
/// batch's copy (313 KB of images a step) is never made, and each row is read once.
///
/// The picked array's storage keeps this as its memo while its copy waits; writing to the
/// data set first makes the copy, as for any deferred fill. A waiting copy keeps the data set
/// alive, so rows of an array that counts against a session's memory limit are copied at
/// once: `del big` after `part = big[rows]` must give its memory back, as in NumPy.
final class PickedRows {
    /// The matrix the rows come from.
    let source: NDArray
    /// The storage element where each picked row starts.
    let offsets: [Int]

    private init(source: NDArray, offsets: [Int]) {
        (self.source, self.offsets) = (source, offsets)
    }

    /// `source[rows]` with its copy deferred, for a subscript that picks whole rows of a large
    /// C-ordered float matrix with wide rows (images, not one-hot labels) into an array the
    /// sparse products keep compressed; nil for any other subscript (copied at once).
    static func array(picking plan: IndexPlan, from source: NDArray) throws -> NDArray? {
        let v = plan.view
        guard source.ndim == 2, source.dtype == .float32 || source.dtype == .float64, !source.storage.isCounted,
              source.count > SparseProducts.memoElements, plan.preAxes.isEmpty, plan.blockShape.count == 1,
              plan.postAxes == [1], v.strides[1] == 1, v.shape[1] == source.shape[1], v.shape[1] >= 256 else { return nil }
        let width = v.shape[1], rows = plan.blockOffsets.count
        guard rows > 1, rows * width <= SparseProducts.memoElements else { return nil }
        source.storage.fillIfDeferred()   // a deferred fill may not read another
        let offsets = plan.blockOffsets.map { v.offset &+ $0 }
        let from = source.storage, size = source.dtype.itemSize
        let storage = try Storage.deferred(byteCount: rows * width * size, reading: [from]) { block in
            copyRuns(from: from.readBase, at: offsets, first: 0, elementSize: size, bytes: width * size, to: block)
        }
        storage.keep(memo: PickedRows(source: source, offsets: offsets))
        return NDArray(storage: storage, dtype: source.dtype, shape: [rows, width], strides: [width, 1])
    }

    /// Where a product reads the rows of a picked array whose copy still waits.
    struct Reader {
        let width: Int
        let dtype: DType
        let offsets: [Int]
        /// The data set's elements.
        let base: UnsafeRawPointer
        /// Where each picked row lies in the data set's packed copy, if it is kept packed.
        let packed: [(rows: OpaquePointer, row: Int64)]?
        /// Keeps the packed copy while this reads it.
        private let operand: PackedOperand?

        /// The reader of `x` when x is a picked array as made (not another view of its
        /// storage) and its copy still waits.
        init?(_ x: NDArray) {
            guard let picked = x.storage.memo(PickedRows.self), x.offset == 0, x.shape == [picked.offsets.count, picked.source.shape[1]],
                  x.strides == [x.shape[1], 1], x.dtype == picked.source.dtype, x.storage.isDeferred else { return nil }
            (width, dtype, offsets) = (x.shape[1], x.dtype, picked.offsets)
            base = picked.source.storage.readBase
            operand = PackedOperand.find(picked.source)
            if let operand {
                let rows = offsets.compactMap { operand.row(startingAt: $0) }
                packed = rows.count == offsets.count ? rows.map { operand.locate(row: $0) } : nil
            } else {
                packed = nil
            }
        }

        /// Picked row r's non-zero entries, as SparseProducts.compress gives them (with its 8
        /// entries of room beyond the row); returns how many there are. The rows after r are
        /// asked for meanwhile (each lies anywhere in memory).
        func compress(row r: Int, _ index: UnsafeMutablePointer<Int32>, _ value: UnsafeMutablePointer<Double>) -> Int64 {
            if let packed {
                if r + 2 < packed.count {
                    let ahead = r + 8 < packed.count && packed[r + 8].rows == packed[r + 2].rows ? packed[r + 8].row : -1
                    nn_packed_rows_prefetch(packed[r + 2].rows, packed[r + 2].row, ahead)
                }
                return nn_packed_rows_unpack_row(packed[r].rows, packed[r].row, index, value)
            }
            let size = dtype.itemSize
            if r + 2 < offsets.count { nn_prefetch(base + offsets[r + 2] &* size, Int64(width &* size)) }
            return SparseProducts.compress(base + offsets[r] &* size, dtype, count: width, index, value)
        }

        /// How many of the first `rows` picked rows' elements are non-zero (counted from the
        /// packed copy when there is one: its rows are not read densely again).
        func nonzeros(inFirst rows: Int) -> Int {
            var lit = 0
            if let packed {
                for (rows, row) in packed.prefix(rows) { lit += Int(nn_packed_rows_entries(rows, row)) }
                return lit
            }
            for r in 0..<Swift.min(rows, offsets.count) {
                lit += SparseProducts.nonzeros(base + offsets[r] &* dtype.itemSize, dtype, count: width)
            }
            return lit
        }
    }
}

/// Whether a gather of `runs` runs of `bytes` each is shared among idle cores: rows picked at
/// random from a large data set (`x_train[batch_mask]`, 100 rows of 3 KB from 188 MB) wait on
/// memory row by row, and two cores wait on two rows at once.
func copiesInParallel(runs: Int, bytes: Int) -> Bool {
    runs >= 8 && bytes >= 1024 && runs &* bytes >= 1 << 17
}

/// Copies runs of `bytes` bytes starting at elements `first + offsets[k]` of `src` to
/// `dst + k · bytes`, shared among idle cores when ``copiesInParallel(runs:bytes:)``.
func copyRuns(from src: UnsafeRawPointer, at offsets: [Int], first: Int, elementSize size: Int, bytes: Int,
              to dst: UnsafeMutableRawPointer) {
    let runs = offsets.count
    let workers = copiesInParallel(runs: runs, bytes: bytes) ? WorkerTeam.shared.available : 1
    WorkerTeam.shared.run(workers: workers, sharesPerWorker: 4) { share, count in
        for k in (runs * share / count)..<(runs * (share + 1) / count) {
            memcpy(dst + k &* bytes, src + (first &+ offsets[k]) &* size, bytes)
        }
    }
}
