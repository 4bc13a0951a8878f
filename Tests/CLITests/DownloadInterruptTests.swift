import Foundation
import TestSupport
import Testing

/// Ctrl-C during an MNIST download: the real binary against a local server that sends its
/// files slowly. The transfer stops at once, the learner gets KeyboardInterrupt, and the data
/// directory is left without a partial file.
@Suite struct DownloadInterruptTests {
    /// An HTTP server on 127.0.0.1 (a free port it reports) that trickles 1 MB per file in
    /// 1 KB pieces, 10 ms apart — about ten seconds a file.
    static let tricklingServer = """
        import http.server, socketserver, sys, time
        class Slow(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header('Content-Length', str(1 << 20))
                self.end_headers()
                try:
                    for _ in range(1 << 10):
                        self.wfile.write(b'\\0' * 1024)
                        self.wfile.flush()
                        time.sleep(0.01)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            def log_message(self, *args):
                pass
        server = socketserver.ThreadingTCPServer(('127.0.0.1', 0), Slow)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    @Test func ctrlCStopsTheDownloadAndLeavesNothingBehind() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", Self.tricklingServer]
        let serverOut = Pipe()
        server.standardOutput = serverOut
        server.standardError = Pipe()
        try server.run()
        // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM included.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        var portLine = Data()
        while !portLine.contains(UInt8(ascii: "\n")) {
            let chunk = serverOut.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            portLine.append(chunk)
        }
        let port = try #require(Int(String(decoding: portLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))

        let data = Scratch.directory("download")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NNTutor.executable)
        process.arguments = ["-c", "from dataset.mnist import load_mnist\nload_mnist()\n"]
        process.environment = NNTutor.sandboxEnvironment([
            "NNTUTOR_DATA_DIR": data, "NNTUTOR_MNIST_URL": "http://127.0.0.1:\(port)/",
        ])
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        usleep(1_500_000)   // well into the first file, which takes about ten seconds
        #expect(process.isRunning, "the download should still be going")
        #expect(NNTutor.interrupt(process) < 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("KeyboardInterrupt"), "\(text)")
        #expect(process.terminationStatus == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(left.isEmpty, "files left in the data directory: \(left)")
    }
}
