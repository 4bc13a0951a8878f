import Foundation
import Testing
@testable import Tensor

/// The fork-join team behind the parallel products: every share runs exactly once per run,
/// whichever thread claims it, including when the caller races a worker that is just waking.
@Suite struct WorkerTeamTests {
    /// Counts per share, written from any thread.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func add(_ share: Int) { lock.withLock { counts[share, default: 0] += 1 } }
        var snapshot: [Int: Int] { lock.withLock { counts } }
    }

    @Test func everyShareRunsExactlyOnce() {
        let team = WorkerTeam(workers: 2)
        for round in 0..<3000 {
            let tally = Tally()
            // Some rounds come straight after the last, while the worker still spins; others
            // after a pause long enough for it to have gone to sleep.
            if round % 500 == 0 { usleep(2000) }
            let shares = team.run(workers: 2, sharesPerWorker: 4) { share, count in
                #expect(count == 8)
                tally.add(share)
                if share % 3 == 0 { for _ in 0..<200 { _ = sin(Double(share)) } }
            }
            let counts = tally.snapshot
            #expect(shares == 8)
            #expect(counts == Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, 1) }), "round \(round): \(counts)")
        }
    }

    /// A run asked for two workers of a team of four stays on two threads, however many
    /// shares it has: the team uses only the cores it was told are idle.
    @Test func aRunUsesNoMoreThreadsThanAskedFor() {
        let team = WorkerTeam(workers: 4)
        let lock = NSLock()
        var threads = Set<UInt>()
        for _ in 0..<500 {
            team.run(workers: 2, sharesPerWorker: 4) { _, _ in
                let me = UInt(pthread_self())
                lock.withLock { _ = threads.insert(me) }
                for _ in 0..<500 { _ = sin(Double(me)) }
            }
        }
        #expect(threads.count <= 2, "\(threads.count) threads ran shares")
    }

    /// A second caller while the team is busy runs its body alone, as share 0 of 1.
    @Test func aBusyTeamRunsTheSecondCallerAlone() {
        let team = WorkerTeam(workers: 2)
        let inner = Tally()
        team.run(workers: 2) { share, _ in
            if share == 0 { team.run(workers: 2, sharesPerWorker: 4) { s, n in #expect(n == 1); inner.add(s) } }
        }
        #expect(inner.snapshot == [0: 1])
    }

    /// Rows picked from a large array (`x_train[batch_mask]`) are copied by shares of the
    /// team (when first read: the copy of such a batch waits, ``PickedRows``): every row lands
    /// where it belongs, in order, repeats and negative indices too.
    @Test func sharedGathersCopyEveryRow() throws {
        let rows = 3000, width = 784
        let x = try NDArray(zeros: [rows, width], dtype: .float32)
        let p = x.pointer(Float.self)
        for i in 0..<(rows * width) { p[i] = Float(i % 9973) + Float(i / width) * 0.5 }
        let picks: [Int64] = (0..<100).map { Int64(($0 * 7919) % rows) } + [5, 5, -1]
        let mask = try NDArray(zeros: [picks.count], dtype: .int64)
        for (k, v) in picks.enumerated() { mask.pointer(Int64.self)[k] = v }
        defer { WorkerTeam.availableOverride = nil }
        for workers in [1, 2] {
            WorkerTeam.availableOverride = workers
            guard case .array(let got) = try x.get([.array(mask)]) else { throw TensorError.value("no array") }
            #expect(got.shape == [picks.count, width])
            let g = got.readPointer(Float.self)
            for (k, v) in picks.enumerated() {
                let r = v < 0 ? Int(v) + rows : Int(v)
                #expect((0..<width).allSatisfy { g[k * width + $0] == p[r * width + $0] }, "workers \(workers) row \(k)")
            }
        }
    }
}
