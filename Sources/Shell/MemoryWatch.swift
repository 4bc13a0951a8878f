#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Tensor

/// Classroom mode's limit on all of a session's own memory, not only its arrays (which
/// TensorLimits refuses before allocating): lists, strings and objects built by the
/// program. A thread reads the process's anonymous resident memory ten times a second;
/// above the limit, the running program gets a MemoryError at its next safe point (the
/// interpreter's loops poll for it, as for Ctrl-C). It fires again only if memory grows
/// by another step, so the learner can still `del` what they built.
enum MemoryWatch {
    static let step = 64 << 20

    static func start(limitBytes: Int) {
        // A plain detached thread: it sleeps almost all the time, so it should not hold one
        // of Dispatch's pool threads.
        let limit = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        limit.pointee = limitBytes
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { argument in
            let pointer = argument!.assumingMemoryBound(to: Int.self)
            let limitBytes = pointer.pointee
            pointer.deallocate()
            MemoryWatch.watch(limitBytes: limitBytes)   // never returns
            return nil
        }, limit) == 0 else { limit.deallocate(); return }
        pthread_detach(thread)
    }

    private static func watch(limitBytes: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var firedAt = 0
        while true {
            usleep(100_000)
            guard let anonymous = anonymousBytes(pageSize: page) else { continue }
            if anonymous <= limitBytes { firedAt = 0; continue }
            if firedAt == 0 || anonymous >= firedAt + step {
                firedAt = anonymous
                Interrupt.requestMemoryError(usedMiB: anonymous >> 20, limitMiB: limitBytes >> 20)
            }
        }
    }

    /// Resident pages not backed by a file (/proc/self/statm: resident minus shared).
    static func anonymousBytes(pageSize: Int) -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        let fields = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingWhitespace()) }
        guard fields.count >= 3 else { return nil }
        return (fields[1] - fields[2]) * pageSize
    }
}
