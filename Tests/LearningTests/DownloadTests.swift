import Foundation
import Testing
import TestSupport
import Tensor
@testable import Learning

/// The download path against a local HTTP server on 127.0.0.1 serving the shared MNIST files,
/// a corrupted copy and a truncated one; and the errors a damaged local file gives.
@Suite(.serialized) struct DownloadTests {
    /// `python3 -m http.server` on a free loopback port, serving `directory`; stopped by `stop()`.
    final class LocalServer {
        let pid: pid_t
        let port: Int

        init(directory: String) throws {
            port = Int.random(in: 20000...40000)
            var child: pid_t = 0
            let args = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, String(port)]
            var argv = args.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // Test threads block signals; the child must start with none blocked, or SIGTERM waits forever.
            var attr = posix_spawnattr_t()
            posix_spawnattr_init(&attr)
            defer { posix_spawnattr_destroy(&attr) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attr, &none)
            posix_spawnattr_setsigdefault(&attr, &all)
            posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            guard posix_spawnp(&child, "python3", &actions, &attr, &argv, environ) == 0 else {
                throw TensorError(.osError, "cannot start python3 -m http.server")
            }
            pid = child
            // Wait until it accepts connections.
            for _ in 0..<100 {
                if Self.accepts(port) { return }
                usleep(100_000)
            }
            stop()
            throw TensorError(.osError, "the local HTTP server did not start")
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        func stop() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// Copies the shared MNIST files into a fresh directory, letting `damage` alter one.
    static func mirror(damage: ((String) throws -> Void)? = nil) throws -> String {
        let dir = Scratch.directory("mirror")
        for name in IDXDataSet.mnist.parts.map({ $0.file + ".gz" }) {
            try FileManager.default.copyItem(atPath: Support.mnistDirectory + "/" + name, toPath: dir + "/" + name)
        }
        try damage?(dir)
        return dir
    }

    func withMirror<T>(_ mirror: String, _ body: () throws -> T) throws -> T {
        let server = try LocalServer(directory: mirror)
        defer { server.stop() }
        setenv("NNTUTOR_MNIST_URL", "http://127.0.0.1:\(server.port)/", 1)
        defer { unsetenv("NNTUTOR_MNIST_URL") }
        return try body()
    }

    @Test func downloadsVerifiesAndLoads() throws {
        let mirror = try Self.mirror()
        let target = Scratch.directory("data") + "/mnist"
        var reports = [String]()
        let data = try withMirror(mirror) {
            try MNIST.load(directory: target, progress: { name, _, _ in
                if reports.last != name { reports.append(name) }
            })
        }
        #expect(data.trainImages.shape == [60000, 784])
        #expect(Set(reports) == Set(IDXDataSet.mnist.parts.map { $0.file + ".gz" }))
        let saved = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        #expect(saved == IDXDataSet.mnist.parts.map { $0.file + ".gz" }.sorted(), "no temporary files left: \(saved)")
        // A second load finds the files and does not download again (no server now).
        let again = try MNIST.load(directory: target)
        #expect(again.testLabels.shape == [10000])
    }

    @Test func aCorruptDownloadIsRejectedAndNothingIsSaved() throws {
        // Valid gzip, wrong content: one label changed.
        let mirror = try Self.mirror { dir in
            let path = dir + "/t10k-labels-idx1-ubyte.gz"
            var bytes = try IDXFile.contents(of: path)
            bytes[100] = bytes[100] == 1 ? 2 : 1
            try Self.gzip(bytes, to: path)
        }
        let target = Scratch.directory("data")
        let error = try withMirror(mirror) {
            #expect(throws: TensorError.self) { try MNIST.load(directory: target) }
            do { _ = try MNIST.load(directory: target); return "" } catch { return "\(error)" }
        }
        #expect(error.contains("t10k-labels-idx1-ubyte.gz") && error.contains("checksum"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: target + "/t10k-labels-idx1-ubyte.gz"))
        let left = try FileManager.default.contentsOfDirectory(atPath: target)
        #expect(!left.contains { $0.hasPrefix(".") || $0.contains("tmp") }, "\(left)")
    }

    @Test func aTruncatedDownloadIsAnErrorNamingTheFile() throws {
        let mirror = try Self.mirror { dir in
            let path = dir + "/train-labels-idx1-ubyte.gz"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }
        let target = Scratch.directory("data")
        let message = try withMirror(mirror) { () -> String in
            do { _ = try MNIST.load(directory: target); return "" } catch { return "\(error)" }
        }
        #expect(message.contains("train-labels-idx1-ubyte.gz"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: target + "/train-labels-idx1-ubyte.gz"))
    }

    @Test func aMissingFileOnTheServerIsAnError() throws {
        let mirror = try Self.mirror { dir in try FileManager.default.removeItem(atPath: dir + "/t10k-images-idx3-ubyte.gz") }
        let target = Scratch.directory("data")
        let message = try withMirror(mirror) { () -> String in
            do { _ = try MNIST.load(directory: target); return "" } catch { return "\(error)" }
        }
        #expect(message.contains("404") && message.contains("t10k-images-idx3-ubyte.gz"), "\(message)")
    }

    @Test func damagedLocalFilesGiveErrorsNamingTheFile() throws {
        let dir = Scratch.directory("local")
        for name in IDXDataSet.mnist.parts.map({ $0.file + ".gz" }) {
            try FileManager.default.copyItem(atPath: Support.mnistDirectory + "/" + name, toPath: dir + "/" + name)
        }
        // Wrong magic: an image file where labels belong (uncompressed, so no gzip error first).
        let labels = dir + "/t10k-labels-idx1-ubyte"
        try FileManager.default.removeItem(atPath: labels + ".gz")
        try Data([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7]).write(to: URL(fileURLWithPath: labels))
        var message = ""
        do { _ = try MNIST.load(directory: dir) } catch { message = "\(error)" }
        #expect(message.contains("t10k-labels-idx1-ubyte") && message.contains("magic"), "\(message)")
        // Truncated header.
        try Data([0, 0, 8, 1, 0]).write(to: URL(fileURLWithPath: labels))
        do { _ = try MNIST.load(directory: dir) } catch { message = "\(error)" }
        #expect(message.contains("t10k-labels-idx1-ubyte") && message.contains("truncated"), "\(message)")
    }

    static func gzip(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".raw"
        try Data(bytes).write(to: URL(fileURLWithPath: tmp))
        _ = try Support.python("import gzip, shutil\nwith open('\(tmp)', 'rb') as a, gzip.open('\(path)', 'wb') as b: shutil.copyfileobj(a, b)")
        try FileManager.default.removeItem(atPath: tmp)
    }
}
