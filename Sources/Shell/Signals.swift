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

    /// Set by SIGHUP (a dropped SSH connection, a closed terminal window).
    nonisolated(unsafe) static var hungUp: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Classroom mode: seconds without input after which the session ends (progress is
    /// saved after every step, so nothing is lost).
    nonisolated(unsafe) static var idleTimeout: Double?

    static func install() {
        _ = resized
        _ = hungUp
        // A hang-up stops any running computation and ends the session at the prompt;
        // writes to the dead terminal must fail quietly rather than kill us mid-save.
        var hup = sigaction()
        hup.__sigaction_handler.sa_handler = { _ in Signals.hungUp.pointee = 1; Interrupt.request() }
        sigemptyset(&hup.sa_mask)
        hup.sa_flags = 0
        sigaction(SIGHUP, &hup, nil)
        sigaction(SIGTERM, &hup, nil)
        signal(SIGPIPE, SIG_IGN)
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
        sigaddset(&set, SIGHUP)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// True once after each window resize.
    static func takeResize() -> Bool {
        if resized.pointee == 0 { return false }
        resized.pointee = 0
        return true
    }
}
