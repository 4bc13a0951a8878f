#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CKernels

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
    /// Start of the block, 64-byte aligned so vector loads and BLAS are happy.
    public let base: UnsafeMutableRawPointer
    public let byteCount: Int
    /// Set for memory this object does not own (a memory-mapped file, say).
    private let release: (() -> Void)?
    /// Whether this block is in TensorLimits' running total.
    private let counted: Bool

    /// Allocates `byteCount` zeroed bytes, or throws `MemoryError` above the limit.
    public init(byteCount: Int, zeroed: Bool = true) throws {
        guard byteCount >= 0, byteCount <= TensorLimits.maxAllocationBytes else {
            throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array")
        }
        if TensorLimits.maxTotalBytes != .max {
            let total = Int(nn_atomic_add(TensorLimits.liveCounter, Int64(byteCount)))
            if total > TensorLimits.maxTotalBytes {
                _ = nn_atomic_add(TensorLimits.liveCounter, -Int64(byteCount))
                throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array: this session's arrays would exceed its memory limit of \(Storage.describe(bytes: TensorLimits.maxTotalBytes)) (del unused arrays to free memory)")
            }
            counted = true
        } else {
            counted = false
        }
        var p: UnsafeMutableRawPointer?
        let size = max(byteCount, 1)
        guard posix_memalign(&p, 64, size) == 0, let block = p else {
            if counted { _ = nn_atomic_add(TensorLimits.liveCounter, -Int64(byteCount)) }
            throw TensorError(.memoryError, "Unable to allocate \(Storage.describe(bytes: byteCount)) for an array")
        }
        if zeroed { memset(block, 0, size) }
        self.base = block
        self.byteCount = byteCount
        self.release = nil
    }

    /// Wraps memory owned elsewhere; `release` runs when the last view goes away.
    public init(borrowing base: UnsafeMutableRawPointer, byteCount: Int, release: @escaping () -> Void) {
        self.base = base
        self.byteCount = byteCount
        self.release = release
        self.counted = false
    }

    deinit {
        if let release { release() } else { free(base) }
        if counted { _ = nn_atomic_add(TensorLimits.liveCounter, -Int64(byteCount)) }
    }

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
