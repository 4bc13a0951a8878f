import CBLAS

/// Large BLAS matrix products shared among ``WorkerTeam/shared``'s idle cores.
///
/// OpenBLAS runs single-threaded in nntutor (``BLASThreads``): its own threads spin for a
/// long while after every threaded call, and in the book's training loop — one large product
/// every few hundred microseconds, interpreted code in between — they took a core from the
/// team's workers and from the interpreter. Here the output is cut into blocks of rows (or of
/// columns when it is wider than tall), one single-threaded BLAS call per block.
///
/// The blocks depend on the shapes and the team's size only, never on how many cores are
/// idle at the moment: BLAS kernels may sum an element of a partial tile in another order
/// than the same element of a whole one, so another cut could change the last bit of a
/// result, and a program must print the same digits whenever it runs (as OpenBLAS's own
/// threads, a fixed number per process, do). Blocks stay above the size where OpenBLAS's
/// small-matrix kernels take over.
public enum SplitGEMM {
    /// Multiply-adds a block must keep: above OpenBLAS's small-matrix limit (100³).
    static let minimumBlockWork = 1 << 20

    /// c (m × n, leading dimension ldc) = op(a) · op(b) in row-major order, like
    /// `cblas_dgemm` with alpha 1 and beta 0.
    public static func dgemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                             _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                             _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        gemm(Double.self, ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
    }

    static func gemm<T: BLASElement>(_: T.Type, _ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                                     _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                                     _ c: UnsafeMutablePointer<T>, _ ldc: Int) {
        BLASThreads.configureOnce()
        let byRows = m >= n
        let length = byRows ? m : n, across = byRows ? n : m
        // Every block's product must stay above the small-matrix limit.
        func large(_ rows: Int) -> Bool { Double(rows) * Double(across) * Double(k) >= Double(minimumBlockWork) }
        var blocks = large(length / 2) ? WorkerTeam.shared.size : 1
        while blocks > 1 && !large(smallestBlock(blocks, length)) { blocks -= 1 }
        guard blocks > 1 else {
            T.gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
            return
        }
        // Element (i, p) of op(a) and (p, j) of op(b) sit at these steps from their bases.
        let rowStep = ta == CblasNoTrans ? lda : 1
        let columnStep = tb == CblasNoTrans ? 1 : ldb
        WorkerTeam.shared.run(workers: Swift.min(blocks, WorkerTeam.shared.available)) { worker, workers in
            for index in stride(from: worker, to: blocks, by: workers) {
                let rows = block(index, blocks, length)
                if rows.isEmpty { continue }
                if byRows {
                    T.gemm(ta, tb, rows.count, n, k, a + rows.lowerBound * rowStep, lda, b, ldb, c + rows.lowerBound * ldc, ldc)
                } else {
                    T.gemm(ta, tb, m, rows.count, k, a, lda, b + rows.lowerBound * columnStep, ldb, c + rows.lowerBound, ldc)
                }
            }
        }
    }

    /// Block `index` of `count` over `length` rows (or columns), its edges on multiples of 64:
    /// whole kernel tiles (and, for blocks of rows, no two workers writing one cache line).
    private static func block(_ index: Int, _ count: Int, _ length: Int) -> Range<Int> {
        func edge(_ i: Int) -> Int { i == count ? length : Swift.min(length, (length * i / count + 32) / 64 * 64) }
        return edge(index)..<Swift.max(edge(index), edge(index + 1))
    }

    private static func smallestBlock(_ count: Int, _ length: Int) -> Int {
        var smallest = length
        for index in 0..<count { smallest = Swift.min(smallest, block(index, count, length).count) }
        return smallest
    }
}
