#if canImport(Glibc)
import Glibc
#endif
import CKernels

/// A fork-join team of threads (CKernels/team.c) for kernels whose work splits into rows: the
/// sparse products and the training kernel. Threads are used only while cores are idle — on
/// a busy machine (a classroom server, a test run) threads waiting for one another cost more
/// than they save — and NNTUTOR_BLAS_THREADS caps them as it caps BLAS.
public final class WorkerTeam {
    /// The process's team, made on first use with one worker per usable core.
    nonisolated(unsafe) public static let shared = WorkerTeam(workers: BLASThreads.preferredCount())

    private let team: OpaquePointer?
    public let size: Int
    private var body: ((Int, Int) -> Void)?
    private var busy = pthread_mutex_t()

    public init(workers: Int) {
        team = workers > 1 ? nn_team_create(Int32(workers)) : nil
        size = team.map { Int(nn_team_size($0)) } ?? 1
        pthread_mutex_init(&busy, nil)
    }

    deinit {
        if let team { nn_team_free(team) }
        pthread_mutex_destroy(&busy)
    }

    /// How many workers to use now: all of them when other programs leave that many cores
    /// idle (``IdleCores``), fewer otherwise — and one for a second after runs kept waiting
    /// for workers that other programs held up.
    public var available: Int {
        if size == 1 { return 1 }
        if let n = WorkerTeam.availableOverride { return Swift.min(n, size) }
        if IdleCores.clock() < backOffUntil { return 1 }
        if WorkerTeam.explicitlySized { return size }
        return Swift.max(1, Swift.min(size, IdleCores.count()))
    }

    /// Calls `body(share, shares)` for every share in 0 ..< shares, in parallel, and returns
    /// when all are done; the result is the number of shares. There are `sharesPerWorker`
    /// shares for each of `workers` workers (more shares than workers let the calling thread
    /// take over the shares of a worker that starts late). Each share runs once, on whichever
    /// thread claims it first, so a body must not assume which thread runs it. With `workers`
    /// 1, or while another thread is using the team, the body runs once on the calling thread
    /// as share 0 of 1.
    @discardableResult
    public func run(workers: Int, sharesPerWorker: Int = 1, _ body: (Int, Int) -> Void) -> Int {
        let count = Swift.min(workers, size)
        guard count > 1, let team, pthread_mutex_trylock(&busy) == 0 else { body(0, 1); return 1 }
        defer { pthread_mutex_unlock(&busy) }
        let shares = count * Swift.max(1, sharesPerWorker)
        withoutActuallyEscaping(body) { escaping in
            self.body = escaping
            let waited = nn_team_run(team, Int32(count), Int32(shares), { context, share, shares in
                let me = Unmanaged<WorkerTeam>.fromOpaque(context!).takeUnretainedValue()
                me.body!(Int(share), Int(shares))
            }, Unmanaged.passUnretained(self).toOpaque())
            self.body = nil
            noteWait(waited)
        }
        return shares
    }

    /// Runs whose caller waited over 50 µs for its workers, less the quick ones since.
    private var slowRuns = 0
    private var backOffUntil = 0.0

    private func noteWait(_ seconds: Double) {
        slowRuns = seconds > 50e-6 ? slowRuns + 1 : Swift.max(0, slowRuns - 1)
        if slowRuns >= 8 {
            slowRuns = 0
            backOffUntil = IdleCores.clock() + 1
        }
    }

    /// Tests set this to exercise the parallel paths whatever the machine's load.
    nonisolated(unsafe) static var availableOverride: Int?

    /// True when NNTUTOR_BLAS_THREADS (or OPENBLAS_NUM_THREADS) is set: the count is then
    /// the user's choice, whatever the load.
    static let explicitlySized: Bool = {
        let env = ProcessEnvironment.current
        return env["NNTUTOR_BLAS_THREADS"] != nil || env["OPENBLAS_NUM_THREADS"] != nil
    }()
}
