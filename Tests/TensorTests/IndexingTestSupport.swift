import Foundation
import Testing
import Tensor

/// Differential-test helpers for the shape, construction and indexing tests: every case is
/// run by python3 + NumPy and by the Swift code, and both print one comparable line.
enum IX {
    /// Runs a python3 script and returns its standard output; fails loudly when python3 or
    /// numpy is missing, so an oracle test cannot pass without checking anything.
    static func python(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-"]
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Python reads the whole script before running it, so writing first cannot deadlock.
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { "python3 failed: \(message)" }
    }

    /// dtype, shape and the exact bits of every element.
    static func line(_ a: NDArray, scalar: Bool = false) -> String {
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
        return (scalar ? "S " : "A ") + "\(a.dtype.name) \(a.shape) " + parts.joined(separator: " ")
    }

    static func line(_ r: IndexResult) -> String {
        switch r {
        case .scalar(let s): return line(try! NDArray(scalar: s), scalar: true)
        case .array(let a): return line(a)
        }
    }

    /// Runs `body`, printing its result line or the error as Python would show its last line.
    static func run(_ body: () throws -> String) -> String {
        do { return try body() } catch let e as TensorError {
            // AxisError is reported under its own name by NumPy.
            let name = e.kind == .ufuncCastingError || e.kind == .ufuncNoLoopError ? "UFuncTypeError" : (e.kind == .axisError ? "AxisError" : e.kind.rawValue)
            return "ERR \(name): \(e.message)"
        } catch { return "ERR \(error)" }
    }

    /// The Python side: `bits`/`report` print the same format as `line` and `run`.
    static let prelude = """
    import numpy as np
    def line(x):
        s = 'S ' if isinstance(x, np.generic) else 'A '
        a = np.asarray(x)
        if a.dtype == np.float64: vals = [str(int(v)) for v in a.ravel().view(np.uint64)]
        elif a.dtype == np.float32: vals = [str(int(v)) for v in a.ravel().view(np.uint32)]
        elif a.dtype == np.bool_: vals = ['1' if v else '0' for v in a.ravel()]
        else: vals = [str(int(v)) for v in a.ravel()]
        return s + str(a.dtype) + ' ' + str(list(a.shape)) + ' ' + ' '.join(vals)
    def setitem(a, idx, v):
        a[idx] = v
        return a
    def report(f):
        try:
            r = f()
            print(r if isinstance(r, str) else line(r))
        except Exception as e: print('ERR ' + type(e).__name__ + ': ' + str(e))

    """

    /// One differential case: a Python expression and the Swift computation of the same thing.
    struct Case {
        var python: String
        var swift: () throws -> String
        init(_ python: String, _ swift: @escaping () throws -> String) {
            self.python = python
            self.swift = swift
        }
    }

    /// Runs all cases in one python3 process and expects identical lines.
    static func check(_ cases: [Case], setup: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        var script = prelude + setup + "\n"
        for c in cases { script += "report(lambda: \(c.python))\n" }
        let expected = try python(script).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(expected.count >= cases.count, sourceLocation: sourceLocation)
        for (i, c) in cases.enumerated() where i < expected.count {
            let got = run(c.swift)
            #expect(got == expected[i], "case: \(c.python)", sourceLocation: sourceLocation)
        }
    }

    /// np.arange(n, dtype).reshape(shape) in Swift.
    static func range(_ shape: [Int], _ dtype: DType = .float64) throws -> NDArray {
        let n = shape.reduce(1, *)
        return try arange(start: 0, stop: Int64(n), step: 1, dtype: dtype).reshaped(shape)
    }

    static func ints(_ values: [Int64], shape: [Int]? = nil) throws -> NDArray {
        try NDArray(scalars: values.map { .int64($0) }, shape: shape ?? [values.count], dtype: .int64)
    }

    static func bools(_ values: [Bool], shape: [Int]? = nil) throws -> NDArray {
        try NDArray(scalars: values.map { .bool($0) }, shape: shape ?? [values.count], dtype: .bool)
    }

    static func errorText(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as TensorError { return e.description } catch { return "\(error)" }
    }
}
