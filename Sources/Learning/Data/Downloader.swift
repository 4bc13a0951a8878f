import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Crypto
import Tensor

/// Fetches missing MNIST files from a public mirror (`NNTUTOR_MNIST_URL` overrides it),
/// checks the decompressed content against the published SHA-256, and only then moves the
/// file into place atomically — a failed or corrupt download never lands in the data directory.
enum Downloader {
    static let defaultMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/"

    static func fetch(_ part: IDXDataSet.Part, into directory: String,
                      progress: ((String, Int, Int?) -> Void)?) throws -> String {
        var base = MNIST.environment("NNTUTOR_MNIST_URL").flatMap { $0.isEmpty ? nil : $0 } ?? defaultMirror
        if !base.hasSuffix("/") { base += "/" }
        let name = part.file + ".gz"
        guard let url = URL(string: base + name) else { throw TensorError(.valueError, "bad download URL: \(base + name)") }
        guard makeDirectories(directory) else {
            throw TensorError(.osError, "cannot create the data directory \(directory)")
        }
        let data = try download(url, label: name, progress: progress)
        let target = directory + "/" + name
        let content = try IDXFile.gunzip([UInt8](data), path: url.absoluteString)
        if let want = part.sha256 {
            let got = SHA256.hash(data: content).map { String(format2: $0) }.joined()
            guard got == want else {
                throw TensorError(.valueError, "\(url.absoluteString): downloaded file does not match the published MNIST checksum (sha256 \(got.prefix(12))…, expected \(want.prefix(12))…); nothing was saved")
            }
        }
        let writer = try AtomicFileWriter(path: target)
        try data.withUnsafeBytes { try writer.write($0.baseAddress!, count: $0.count) }
        try writer.commit()
        return target
    }

    /// The whole body of a GET, with progress reports; Ctrl-C cancels it.
    private static func download(_ url: URL, label: String, progress: ((String, Int, Int?) -> Void)?) throws -> Data {
        final class Box: @unchecked Sendable { var data: Data?; var error: Error?; var status = 0 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: url) { data, response, error in
            box.data = data
            box.error = error
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }
        task.resume()
        progress?(label, 0, nil)
        while done.wait(timeout: .now() + 0.2) == .timedOut {
            if Interrupt.isRequested {
                task.cancel()
                _ = done.wait(timeout: .now() + 5)
                try Interrupt.check()
            }
            let received = Int(task.countOfBytesReceived)
            let expected = task.countOfBytesExpectedToReceive > 0 ? Int(task.countOfBytesExpectedToReceive) : nil
            progress?(label, received, expected)
        }
        if let error = box.error { throw TensorError(.osError, "cannot download \(url.absoluteString): \(error.localizedDescription)") }
        guard box.status == 200, let data = box.data else {
            throw TensorError(.osError, "cannot download \(url.absoluteString): HTTP status \(box.status)")
        }
        progress?(label, data.count, data.count)
        return data
    }
}
