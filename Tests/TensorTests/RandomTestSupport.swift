import Foundation
import TestSupport
import Tensor

/// Helpers shared by the random-io tests (namespaced so other test files can use the same names).
enum RIO {
    /// Runs a python3 script (with numpy) and returns its standard output. Throws when python3
    /// or numpy is missing, so an oracle test fails rather than passing without checking anything.
    static func python(_ script: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(message: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "python3 failed: \(message)" }
    }

    /// One line per array: dtype, shape and the raw bits of every element, so floats compare exactly.
    static func bits(_ a: NDArray) -> String {
        var parts: [String] = []
        for s in a.toScalars() {
            switch s {
            case .float64(let d): parts.append(String(d.bitPattern))
            case .float32(let f): parts.append(String(f.bitPattern))
            case .int64(let v): parts.append(String(v))
            case .uint8(let v): parts.append(String(v))
            case .bool(let b): parts.append(b ? "1" : "0")
            }
        }
        return "\(a.dtype.name) \(a.shape) " + parts.joined(separator: " ")
    }

    /// The Python side of ``bitsLine(_:)``.
    static let bitsHelper = """
    import numpy as np, sys
    def bits(x):
        a = np.asarray(x)
        if a.dtype == np.float64: vals = [str(int(v)) for v in a.ravel().view(np.uint64)]
        elif a.dtype == np.float32: vals = [str(int(v)) for v in a.ravel().view(np.uint32)]
        elif a.dtype == np.bool_: vals = ['1' if v else '0' for v in a.ravel()]
        else: vals = [str(int(v)) for v in a.ravel()]
        name = {np.dtype('float64'): 'float64', np.dtype('float32'): 'float32', np.dtype('int64'): 'int64', np.dtype('uint8'): 'uint8', np.dtype('bool'): 'bool'}[a.dtype]
        print(name + ' ' + str(list(a.shape)) + ' ' + ' '.join(vals))

    """

    /// A fresh temporary directory, removed when the test's scope ends.
    final class TempDir {
        let path: String
        init() throws {
            path = Scratch.directory("files")
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String) -> String { path + "/" + name }
    }

    static func fileBytes(_ path: String) -> [UInt8] {
        (FileManager.default.contents(atPath: path)).map { [UInt8]($0) } ?? []
    }

    static func errorText(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as TensorError { return e.description } catch { return "\(error)" }
    }
}
