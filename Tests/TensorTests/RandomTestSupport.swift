import Foundation
import Tensor

/// Runs a python3 script (with numpy) and returns its standard output, or nil when
/// python3/numpy are unavailable (the oracle tests then record an issue instead of passing silently).
func runPython(_ script: String, arguments: [String] = []) throws -> String {
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
func bitsLine(_ a: NDArray) -> String {
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
let pythonBitsHelper = """
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
