import CHTTP
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
        let url = base + name
        guard makeDirectories(directory) else {
            throw TensorError(.osError, "cannot create the data directory \(directory)")
        }
        let data = try download(url, label: name, progress: progress)
        let target = directory + "/" + name
        let content = try IDXFile.gunzip(data, path: url)
        if let want = part.sha256 {
            let got = SHA256.hash(data: content).map { String(format2: $0) }.joined()
            guard got == want else {
                throw TensorError(.valueError, "\(url): downloaded file does not match the published MNIST checksum (sha256 \(got.prefix(12))…, expected \(want.prefix(12))…); nothing was saved")
            }
        }
        let writer = try AtomicFileWriter(path: target)
        try data.withUnsafeBytes { try writer.write($0.baseAddress!, count: $0.count) }
        try writer.commit()
        return target
    }

    /// The whole body of a GET, with progress reports; Ctrl-C cancels it.
    private static func download(_ url: String, label: String, progress: ((String, Int, Int?) -> Void)?) throws -> [UInt8] {
        final class Reporter {
            let report: (Int, Int?) -> Void
            var lastReport = 0
            init(_ report: @escaping (Int, Int?) -> Void) { self.report = report }
        }
        let reporter = Reporter { received, expected in progress?(label, received, expected) }
        progress?(label, 0, nil)
        var result = nn_http_result()
        defer { nn_http_result_free(&result) }
        let outcome = withExtendedLifetime(reporter) {
            nn_http_get(url, { context, received, expected in
                if Interrupt.isRequested { return 1 }
                let reporter = Unmanaged<Reporter>.fromOpaque(context!).takeUnretainedValue()
                // libcurl calls this many times a second; a report per 64 KiB is plenty.
                if received - Int64(reporter.lastReport) >= 1 << 16 {
                    reporter.lastReport = Int(received)
                    reporter.report(Int(received), expected >= 0 ? Int(expected) : nil)
                }
                return 0
            }, Unmanaged.passUnretained(reporter).toOpaque(), &result)
        }
        let message = withUnsafeBytes(of: result.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch Int(outcome) {
        case NN_HTTP_OK: break
        case NN_HTTP_CANCELLED: try Interrupt.check(); throw TensorError(.osError, "download of \(url) cancelled")
        default: throw TensorError(.osError, "cannot download \(url): \(message)")
        }
        guard result.status == 200 else {
            throw TensorError(.osError, "cannot download \(url): HTTP status \(result.status)")
        }
        let body = result.size == 0 ? [] : [UInt8](UnsafeBufferPointer(start: result.data, count: result.size))
        progress?(label, body.count, body.count)
        return body
    }
}
