#if canImport(Glibc)
import Glibc
#endif
import Tensor

/// SIGINT and SIGWINCH, turned into flags the REPL loop and the interpreter poll.
///
/// The handlers only store a word, so they are async-signal-safe; everything else
/// (clearing the readline buffer, resizing) happens in the main loop.
enum Signals {
    nonisolated(unsafe) static var resized: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    static func install() {
        _ = resized
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: select() must wake up with EINTR
        sigaction(SIGINT, &action, nil)

        var winch = sigaction()
        winch.__sigaction_handler.sa_handler = { _ in Signals.resized.pointee = 1 }
        sigemptyset(&winch.sa_mask)
        winch.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &winch, nil)

        // A parent may have started us with SIGINT blocked (test runners, some IDEs);
        // Ctrl-C must work regardless.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// True once after each window resize.
    static func takeResize() -> Bool {
        if resized.pointee == 0 { return false }
        resized.pointee = 0
        return true
    }
}
