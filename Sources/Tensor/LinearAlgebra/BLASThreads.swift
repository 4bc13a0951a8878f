#if canImport(Glibc)
import Glibc
#endif
import CBLAS
import CKernels

/// How many threads nntutor's kernels use: one per core this process may use, fewer when
/// `NNTUTOR_BLAS_THREADS` (or `OPENBLAS_NUM_THREADS`) says so. They are ``WorkerTeam``'s, which
/// uses only idle cores; OpenBLAS itself is set to one thread (``SplitGEMM`` shares large
/// products among the team), since its own threads spin for long after each call and take
/// cores from the team and from other sessions on a classroom server.
public enum BLASThreads {
    /// The thread count chosen for this process.
    public static func preferredCount(environment: [String: String]? = nil) -> Int {
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let env = environment ?? ProcessEnvironment.current
        for key in ["NNTUTOR_BLAS_THREADS", "OPENBLAS_NUM_THREADS"] {
            if let text = env[key], let n = Int(text.trimmingSpaces()), n > 0 { return Swift.min(n, cores) }
        }
        return cores
    }

    /// The OpenBLAS kernels in use (e.g. "Haswell"), known after the first BLAS call.
    public static var kernels: String? { configureOnce(); return chosenKernels }
    nonisolated(unsafe) private static var chosenKernels: String?

    /// Before the first BLAS call: kernels that use the CPU's vector units (OpenBLAS may
    /// not know a newer CPU's model and fall back to its slowest ones; see blas_core.h),
    /// then one OpenBLAS thread. A static initialiser runs it once; a thread that arrives while
    /// another runs it waits (no BLAS call may see the kernels being switched).
    @inline(__always)
    public static func configureOnce() { _ = configuration }

    private static let configuration: Void = {
        chosenKernels = nn_blas_choose_core().map { String(cString: $0) }
        openblas_set_num_threads(1)
    }()
}

/// The process environment read through libc, so the tensor core needs no Foundation.
enum ProcessEnvironment {
    static var current: [String: String] {
        var out = [String: String]()
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}
