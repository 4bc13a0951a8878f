#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels
import Synchronization

/// Limits that protect the process: a request above them is refused before it is tried.
public enum TensorLimits {
    /// Largest single allocation, in bytes. Default: half the physical memory.
    nonisolated(unsafe) public static var maxAllocationBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 8 << 30 }
        return pages * size / 2
    }()

    /// Largest total of all live arrays this process allocated (memory-mapped data such as
    /// the shared MNIST cache is not counted). Classroom mode sets it per session.
    nonisolated(unsafe) public static var maxTotalBytes: Int = .max

    /// Bytes currently held by arrays this process allocated.
    public static var liveBytes: Int { Int(nn_atomic_add(liveCounter, 0)) }

    /// Counts `bytes` more as held unless that would pass ``maxTotalBytes``: the bytes
    /// counted (0 without a limit, when nothing is counted), or nil when refused.
    static func reserve(_ bytes: Int) -> Int? {
        guard maxTotalBytes != .max else { return 0 }
        if Int(nn_atomic_add(liveCounter, Int64(bytes))) > maxTotalBytes {
            _ = nn_atomic_add(liveCounter, -Int64(bytes))
            return nil
        }
        return bytes
    }

    /// Gives back what ``reserve(_:)`` counted.
    static func release(_ counted: Int) {
        if counted != 0 { _ = nn_atomic_add(liveCounter, -Int64(counted)) }
    }

    nonisolated(unsafe) static let liveCounter: UnsafeMutablePointer<Int64> = {
        let p = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
}

/// A block of memory that one or more arrays view.
///
/// Arrays are views (dtype, shape, strides, offset) onto a `Storage`; slicing makes a new
/// view of the same storage, which is how NumPy's shared-memory semantics carry over.
public final class Storage {
    /// Start of the block, 64-byte aligned so vector loads and BLAS are happy. Reaching it
    /// first runs any deferred work on the block (``deferred(byteCount:reading:fill:)``).
    @inline(__always)
    public var base: UnsafeMutableRawPointer {
        if _slowPath(watched.load(ordering: .acquiring) != 0) { settle() }
        return block
    }
    /// The block for reading only: runs the block's own deferred fill if it has not run, but
    /// not those of the deferred fills that read it (a read changes nothing they see), and
    /// keeps its memo.
    @inline(__always)
    public var readBase: UnsafeRawPointer {
        if _slowPath(watched.load(ordering: .acquiring) & Storage.deferredWork != 0) { fillIfDeferred() }
        return UnsafeRawPointer(block)
    }
    private let block: UnsafeMutableRawPointer
    public let byteCount: Int
    /// ``deferredWork`` while this block awaits a deferred fill or a deferred fill reads it,
    /// ``memoKept`` while it holds a memo; zero (the fast path) otherwise.
    private let watched = Atomic<Int>(0)
    private static let deferredWork = 1, memoKept = 2
    /// See ``memo(_:)``.
    private var memo: AnyObject?
    /// This block's deferred fill, and the blocks it reads.
    private var pending: (fill: (UnsafeMutableRawPointer) -> Void, reads: [Storage])?
    /// Deferred fills that read this block: they run before it is next reached (it may be
    /// about to change). Unretained: each removes itself when it runs or goes away.
    private var readers: [Unmanaged<Storage>] = []
    /// Set for memory this object does not own (a memory-mapped file, say).
    private let release: (() -> Void)?
    /// The bytes of this block in TensorLimits' running total (0 when not counted).
    private let counted: Int

    /// Allocates `byteCount` zeroed bytes, or throws `MemoryError` above the limit.
    public init(byteCount: Int, zeroed: Bool = true) throws {
        guard byteCount >= 0, byteCount <= TensorLimits.maxAllocationBytes else {
            throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array")
        }
        guard let counted = TensorLimits.reserve(byteCount) else {
            throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array: this session's arrays would exceed its memory limit of \(Storage.describe(bytes: TensorLimits.maxTotalBytes)) (del unused arrays to free memory)")
        }
        self.counted = counted
        var p: UnsafeMutableRawPointer?
        let size = max(byteCount, 1)
        guard posix_memalign(&p, 64, size) == 0, let block = p else {
            TensorLimits.release(counted)
            throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array")
        }
        if zeroed { memset(block, 0, size) }
        self.block = block
        self.byteCount = byteCount
        self.release = nil
    }

    /// Wraps memory owned elsewhere; `release` runs when the last view goes away.
    public init(borrowing base: UnsafeMutableRawPointer, byteCount: Int, release: @escaping () -> Void) {
        self.block = base
        self.byteCount = byteCount
        self.release = release
        self.counted = 0
    }

    deinit {
        if watched.load(ordering: .acquiring) != 0 {
            Storage.lock.withLock { for source in pending?.reads ?? [] { source.forget(reader: self) } }
        }
        if let release { release() } else { free(block) }
        TensorLimits.release(counted)
    }

    // MARK: - Deferred fills

    /// A block whose contents `fill` computes only when the block is first reached — never,
    /// if nothing reads it before it goes away. `fill` may read the blocks in `sources` (and
    /// only those, none of them deferred); any of them reached through ``base`` before the
    /// fill has run runs it first, since the caller may be about to change it. Reads through
    /// ``readBase`` (`NDArray.readPointer`) do not.
    ///
    /// Why: the first Affine layer's backward returns `np.dot(dout, W.T)` for a layer that
    /// does not exist; nothing reads it.
    public static func deferred(byteCount: Int, reading sources: [Storage],
                                fill: @escaping (UnsafeMutableRawPointer) -> Void) throws -> Storage {
        let storage = try Storage(byteCount: byteCount, zeroed: false)
        lock.withLock {
            storage.pending = (fill, sources)
            storage.updateWatched()
            for source in sources {
                source.readers.append(Unmanaged.passUnretained(storage))
                source.updateWatched()
            }
        }
        return storage
    }

    /// Whether this block's contents are still to be computed (for tests).
    public var isDeferred: Bool { Storage.lock.withLock { pending != nil } }

    /// Whether this block counts against the session's array limit (TensorLimits): not when
    /// there is no limit, nor for memory owned elsewhere (the shared MNIST cache).
    public var isCounted: Bool { counted != 0 }

    // MARK: - Memos

    /// Something worked out from the block's contents and worth keeping while they stay as
    /// they are — the compressed rows of a sparse operand, which the book's Affine layer
    /// multiplies by W forward and by dout backward. Reaching the block through ``base`` (to
    /// write) drops it; ``readBase`` keeps it. Nil when none of type T is held. (A memo made
    /// while another thread writes the block could outlive the write: the interpreter makes
    /// products and writes arrays on one thread.)
    public func memo<T: AnyObject>(_: T.Type) -> T? {
        guard watched.load(ordering: .acquiring) & Storage.memoKept != 0 else { return nil }
        return Storage.lock.withLock { memo as? T }
    }

    /// Keeps `value` as the block's memo (replacing any other).
    public func keep(memo value: AnyObject) {
        Storage.lock.withLock {
            memo = value
            updateWatched()
        }
    }

    /// Runs the deferred fills that read this block, then this block's own. Inside a fill,
    /// which only reads its sources, a source's readers need not run first (and must not:
    /// one of them may read the block being filled); its own fill must.
    private func settle() {
        Storage.lock.withLock {
            if Storage.fillDepth == 0 {
                while let reader = readers.popLast() { reader.takeUnretainedValue().runPending() }
            }
            runPending()
            memo = nil
            updateWatched()
        }
    }

    /// Runs this block's fill if it has not run (the lock held). The block stays watched
    /// until the fill returns, so no other thread reads it half-filled.
    private func runPending() {
        guard let (fill, reads) = pending else { return }
        pending = nil
        for source in reads { source.forget(reader: self) }
        Storage.fillDepth += 1
        fill(block)   // reaching the sources runs their own deferred fills first
        Storage.fillDepth -= 1
        updateWatched()
    }

    /// Computes this block now if it is a deferred fill that has not run: a product of a
    /// product still to be computed computes the first at once, so chains stay one long.
    public func fillIfDeferred() {
        guard watched.load(ordering: .acquiring) & Storage.deferredWork != 0 else { return }
        Storage.lock.withLock { runPending(); updateWatched() }
    }

    /// How many fills are running on the thread holding the lock (guarded by it).
    nonisolated(unsafe) private static var fillDepth = 0

    private func forget(reader: Storage) {
        readers.removeAll { $0.toOpaque() == Unmanaged.passUnretained(reader).toOpaque() }
        updateWatched()
    }

    private func updateWatched() {
        let deferred = pending == nil && readers.isEmpty ? 0 : Storage.deferredWork
        watched.store(deferred | (memo == nil ? 0 : Storage.memoKept), ordering: .releasing)
    }

    /// Guards every deferred fill's bookkeeping; recursive, as a fill reaches its sources.
    private static let lock = RecursiveLock()

    /// "7.63 GiB", as NumPy words its MemoryError.
    static func describe(bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format3: value) + " " + units[unit]
    }
}

extension String {
    /// Three significant digits without Foundation (keeps the core free of it).
    init(format3 v: Double) {
        let digits = v >= 100 ? 0 : (v >= 10 ? 1 : 2)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = "\(r)"
        if digits == 0, s.hasSuffix(".0") { s.removeLast(2) }
        self = s
    }
}

/// A pthread recursive mutex (the tensor core does without Foundation).
final class RecursiveLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(&mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
