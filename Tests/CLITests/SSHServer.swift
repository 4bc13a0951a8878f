import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server for one test: host and user keys made in a temporary folder, its
/// own sshd_config, sshd in the foreground (-D -e) on 127.0.0.1 at a free unprivileged
/// port, and a ForceCommand that starts the freshly built nntutor in classroom mode.
///
/// Processes are started with posix_spawn and popen rather than Foundation's Process,
/// which can wait forever under the test runner once a child keeps descriptors open.
final class SSHServer {
    static let sshd = "/usr/sbin/sshd"
    static var available: Bool {
        [sshd, "/usr/bin/ssh", "/usr/bin/ssh-keygen"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let directory: String
    private(set) var port = 0
    private var pid: pid_t = 0
    /// The account students log into: the user running the tests (root in CI).
    let user: String

    /// `environment` is what the forced command runs nntutor with (HOME and so on).
    init(environment: [String: String], arguments: [String] = ["--classroom"]) throws {
        directory = Scratch.directory("sshd")
        user = String(cString: getpwuid(getuid()).pointee.pw_name)
        try Sh.check("ssh-keygen -q -t ed25519 -N '' -C host -f \(Sh.quote(directory + "/host_key"))")
        FileManager.default.createFile(atPath: directory + "/authorized_keys", contents: Data())
        // sshd's privilege-separation directory (root only; a packaged sshd normally has it).
        if getuid() == 0 { mkdir("/run/sshd", 0o755) }
        var environment = environment
        if environment["NNTUTOR_ROSTER"] == nil { environment["NNTUTOR_ROSTER"] = directory + "/authorized_keys" }
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Sh.quote($0.value))" }.joined(separator: " ")
        let command = "exec env \(exports) \(Sh.quote(NNTutor.executable)) " + arguments.map(Sh.quote).joined(separator: " ")
        // The pid of the forced command's shell is nntutor's after exec.
        let forced = "echo $$ >> \(Sh.quote(directory + "/sessions")); \(command)"
        var lastError = ""
        for _ in 0..<5 {
            port = try Self.freePort()
            let config = """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(directory)/host_key
                PidFile \(directory)/sshd.pid
                AuthorizedKeysFile \(directory)/authorized_keys
                StrictModes no
                UsePAM no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                AcceptEnv LANG LC_*
                ExposeAuthInfo yes
                PrintMotd no
                PrintLastLog no
                LogLevel VERBOSE
                ForceCommand \(forced)

                """
            try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
            pid = try Self.spawn([Self.sshd, "-D", "-e", "-f", directory + "/sshd_config"], log: directory + "/sshd.log")
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if log.contains("Server listening") { return }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { pid = 0; break }
                usleep(20_000)
            }
            lastError = log
            stop()
        }
        throw SSHError(message: "sshd did not start:\n\(lastError)")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var log: String { (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? "" }

    /// pids of the sessions' nntutor processes, in login order.
    var sessionPIDs: [pid_t] {
        ((try? String(contentsOfFile: directory + "/sessions", encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Makes a key for a student, listed in authorized_keys with the name as its comment.
    func addStudent(_ name: String) throws -> String {
        let key = directory + "/key-" + name
        try Sh.check("ssh-keygen -q -t ed25519 -N '' -C \(Sh.quote(name)) -f \(Sh.quote(key))")
        let line = try String(contentsOfFile: key + ".pub", encoding: .utf8)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/authorized_keys"))
        handle.seekToEndOfFile()
        handle.write(line.data(using: .utf8)!)
        try handle.close()
        return key
    }

    /// The client command line: `ssh -tt` (a terminal even inside tmux) with this key.
    func client(key: String, tty: Bool = true, remoteCommand: String? = nil) -> String {
        var args = ["/usr/bin/ssh", tty ? "-tt" : "-T", "-F", "/dev/null",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-o", "SendEnv=LANG", "-o", "BatchMode=yes", "-i", key, "-p", String(port), "\(user)@127.0.0.1"]
        if let remoteCommand { args.append(remoteCommand) }
        return args.map(Sh.quote).joined(separator: " ")
    }

    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
    }

    struct SSHError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A port nothing listens on now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SSHError(message: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard ok else { throw SSHError(message: "bind() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Starts a program with stdin from /dev/null and stdout and stderr to `log`.
    static func spawn(_ argv: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw SSHError(message: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}

/// Short shell commands through popen(3), for tools that finish by themselves.
enum Sh {
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Output (stdout and stderr) and exit status.
    static func run(_ command: String) -> (output: String, status: Int32) {
        guard let pipe = popen(command + " 2>&1", "r") else { return ("", -1) }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        let status = pclose(pipe)
        return (String(decoding: output, as: UTF8.self), (status >> 8) & 0xff)
    }

    static func check(_ command: String) throws {
        let r = run(command)
        guard r.status == 0 else { throw SSHServer.SSHError(message: "\(command) failed (\(r.status)):\n\(r.output)") }
    }
}
