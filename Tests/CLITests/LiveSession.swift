import Foundation

/// A piped nntutor session kept open, for tests that look at the running process (its
/// memory in /proc) between commands.
final class LiveSession {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private var received = Data()

    init(arguments: [String] = [], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: NNTutor.executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    var pid: pid_t { process.processIdentifier }

    func send(_ text: String) {
        input.fileHandleForWriting.write(text.data(using: .utf8)!)
    }

    /// Everything printed until `marker` appears (or the session ends).
    @discardableResult
    func read(until marker: String) -> String {
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        let text = String(decoding: received, as: UTF8.self)
        received = Data()
        return text
    }

    /// Ends the session (end of input) and waits for it.
    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Memory of a process as /proc reports it, in kB.
struct ProcessMemory {
    var rss = 0, pss = 0, privateBytes = 0
    /// Anonymous resident memory (the heap, written copies): RssAnon.
    var anonymous = 0

    /// The mappings of files whose path starts with `prefix`, summed from /proc/PID/smaps.
    static func mappings(of pid: pid_t, under prefix: String) -> ProcessMemory {
        var m = ProcessMemory()
        guard let smaps = readProcFile("/proc/\(pid)/smaps") else { return m }
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if !first.hasSuffix(":") || first.contains("-") {
                // A mapping's header line: address range, perms, offset, dev, inode, path.
                inside = fields.count >= 6 && fields[5].hasPrefix(prefix)
                continue
            }
            guard inside, fields.count >= 2, let kB = Int(fields[1]) else { continue }
            switch first {
            case "Rss:": m.rss += kB
            case "Pss:": m.pss += kB
            case "Private_Clean:", "Private_Dirty:": m.privateBytes += kB
            default: break
            }
        }
        return m
    }

    /// The whole process: Rss and Pss from smaps_rollup, RssAnon from status.
    static func total(of pid: pid_t) -> ProcessMemory {
        var m = ProcessMemory()
        func value(_ text: String, _ key: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(key) {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
            }
            return 0
        }
        let rollup = readProcFile("/proc/\(pid)/smaps_rollup") ?? ""
        let status = readProcFile("/proc/\(pid)/status") ?? ""
        m.rss = value(rollup, "Rss:")
        m.pss = value(rollup, "Pss:")
        m.privateBytes = value(rollup, "Private_Clean:") + value(rollup, "Private_Dirty:")
        m.anonymous = value(status, "RssAnon:")
        return m
    }
}

/// Reads a /proc file (they report size 0, so read until the end).
func readProcFile(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
