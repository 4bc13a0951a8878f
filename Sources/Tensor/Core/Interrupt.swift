/// Cooperative Ctrl-C: the shell's SIGINT handler raises a flag, long-running kernels
/// and the interpreter poll it at safe points (never halfway through writing an array).
public enum Interrupt {
    // A plain word written from a signal handler and read by the main thread.
    nonisolated(unsafe) private static let flag: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Called from the SIGINT handler: async-signal-safe (a single store).
    public static func request() { flag.pointee = 1 }

    /// Clears a pending request, e.g. when the prompt is shown again.
    public static func clear() { flag.pointee = 0 }

    public static var isRequested: Bool { flag.pointee != 0 }

    /// A memory watchdog's request (from another thread): the next check raises
    /// MemoryError. Plain words, not a String, so the two threads never share an object.
    public static func requestMemoryError(usedMiB: Int, limitMiB: Int) {
        memory[0] = usedMiB
        memory[1] = limitMiB
        flag.pointee = 2
    }
    nonisolated(unsafe) private static let memory: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        p.initialize(repeating: 0, count: 2)
        return p
    }()

    /// Throws `KeyboardInterrupt` if Ctrl-C was pressed since the last check, and clears it.
    @inline(__always)
    public static func check() throws {
        if flag.pointee != 0 {
            let memory = flag.pointee == 2
            flag.pointee = 0
            if memory {
                throw TensorError(.memoryError, "this session is using \(Interrupt.memory[0]) MiB, above its memory limit of \(Interrupt.memory[1]) MiB (del what you no longer need)")
            }
            throw TensorError(.keyboardInterrupt, "")
        }
    }
}
