#if canImport(Glibc)
import Glibc
#endif
import CBLAS

/// OpenBLAS starts one thread per core in every process; on a classroom server with dozens of
/// sessions that oversubscribes the machine. The count is capped at the cores this process may
/// use, and `NNTUTOR_BLAS_THREADS` (or `OPENBLAS_NUM_THREADS`) lowers it further.
public enum BLASThreads {
    nonisolated(unsafe) private static var configured = false

    /// The thread count chosen for this process.
    public static func preferredCount(environment: [String: String]? = nil) -> Int {
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let env = environment ?? ProcessEnvironment.current
        for key in ["NNTUTOR_BLAS_THREADS", "OPENBLAS_NUM_THREADS"] {
            if let text = env[key], let n = Int(text.trimmingSpaces()), n > 0 { return Swift.min(n, cores) }
        }
        return cores
    }

    /// Applies the cap once, before the first BLAS call.
    @inline(__always)
    static func configureOnce() {
        if configured { return }
        configured = true
        openblas_set_num_threads(Int32(preferredCount()))
    }
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

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
