import Foundation
import Tensor
@testable import Learning

/// Shared helpers: python3 + NumPy as the oracle, array values as Swift doubles, and the
/// MNIST copy beside the checkout (tests never download it from the internet).
enum Support {
    /// Runs a python3 program and returns its standard output; a failure is a thrown error.
    static func python(_ source: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", source]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw TensorError(.osError, "python3 failed: " + String(decoding: e, as: UTF8.self))
        }
        return String(decoding: o, as: UTF8.self)
    }

    /// Numbers printed one per line (or separated by spaces) by a python3 program.
    static func pythonNumbers(_ source: String) throws -> [Double] {
        try python(source).split(whereSeparator: { $0 == "\n" || $0 == " " }).map { Double($0)! }
    }

    /// Every element of `a` as a Double, in C order.
    static func values(_ a: NDArray) -> [Double] {
        var out = [Double]()
        a.forEachOffset { out.append(a.scalar(atStorageOffset: $0).doubleValue) }
        return out
    }

    static func scalar(_ a: NDArray) -> Double { a.scalar(atStorageOffset: a.offset).doubleValue }

    static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "\(a.count) vs \(b.count) values")
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// NNTUTOR_DATA_DIR (set by scripts/test), else shared/datasets/mnist in the nearest
    /// folder above the checkout that has one.
    static let mnistDirectory: String = {
        if let d = getenv("NNTUTOR_DATA_DIR").map({ String(cString: $0) }), !d.isEmpty { return d }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/datasets/mnist").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return "../shared/datasets/mnist"
    }()

    /// The book's MNIST loader in python3 (normalised float32 images, labels), as a prelude.
    static var pythonMNIST: String {
        """
        import gzip, os, numpy as np
        D = \(pyString(mnistDirectory))
        def idx(name, offset):
            with gzip.open(os.path.join(D, name + '.gz'), 'rb') as f:
                return np.frombuffer(f.read(), np.uint8, offset=offset)
        x_train = idx('train-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255.0
        t_train = idx('train-labels-idx1-ubyte', 8)
        x_test = idx('t10k-images-idx3-ubyte', 16).reshape(-1, 784).astype(np.float32) / 255.0
        t_test = idx('t10k-labels-idx1-ubyte', 8)

        """
    }

    static func pyString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

}
