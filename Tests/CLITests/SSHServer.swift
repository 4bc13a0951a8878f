import Foundation

/// A real OpenSSH server on 127.0.0.1 at an unprivileged port, with its own host key,
/// config and authorised user key in a temporary directory — the classroom set-up the
/// README documents, started and stopped by a test.
final class SSHServer {
    let directory: URL
    let port: Int
    private let process: Process

    /// Starts sshd whose ForceCommand runs `command` for every login.
    init(forceCommand command: String, environment: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sshd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Int.random(in: 20000...40000)
        let d = directory.path
        try SSHServer.shell("ssh-keygen -q -t ed25519 -N '' -f \(d)/host_key && ssh-keygen -q -t ed25519 -N '' -f \(d)/user_key && cp \(d)/user_key.pub \(d)/authorized_keys && chmod 600 \(d)/authorized_keys \(d)/user_key")
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let setEnv = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(d)/host_key
            AuthorizedKeysFile \(d)/authorized_keys
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PidFile \(d)/sshd.pid
            ForceCommand \(command)
            SetEnv \(setEnv)
            AcceptEnv LANG LC_* COLORTERM
            LogLevel ERROR
            """
        try config.write(toFile: "\(d)/sshd_config", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/sshd")
        process.arguments = ["-D", "-e", "-f", "\(d)/sshd_config"]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // Wait until it accepts connections.
        for _ in 0..<100 {
            if (try? SSHServer.shell("bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port)' 2>/dev/null")) != nil { return }
            usleep(50_000)
        }
        throw NSError(domain: "SSHServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "sshd did not start"])
    }

    /// The ssh command line a student would type (run it inside tmux for a real terminal).
    func clientCommand(user: String = NSUserName()) -> String {
        "ssh -tt -p \(port) -i \(directory.path)/user_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \(user)@127.0.0.1"
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")
    }

    @discardableResult
    static func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "shell", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey: command])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
