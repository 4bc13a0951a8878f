#if canImport(Glibc)
import Glibc
#endif

/// Deep recursion must become a RecursionError, never a crash. Besides Python's depth
/// limit, calls check how much of the thread's real stack is left (debug builds and
/// small test-thread stacks run out long before 1000 frames).
/// A GNU extension that Glibc's Swift overlay does not import.
@_silgen_name("pthread_getattr_np")
private func getThreadAttributes(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32

enum StackGuard {
    /// Lowest usable stack address of the current thread plus a safety margin.
    static func currentLimit() -> UInt {
        var attr = pthread_attr_t()
        guard getThreadAttributes(pthread_self(), &attr) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attr) }
        var addr: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attr, &addr, &size) == 0, let addr else { return 0 }
        return UInt(bitPattern: addr) + 256 * 1024
    }

    /// An address inside the caller's frame.
    @inline(__always)
    static func stackPointer() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
