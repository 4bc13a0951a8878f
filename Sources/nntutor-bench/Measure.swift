import Foundation

/// Timing helpers: wall-clock medians of repeated runs, because the machines are shared
/// and noisy and a single run says little.
enum Measure {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds taken by one call of `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// Median seconds per call over `runs` runs of `inner` calls each.
    static func median(runs: Int = 5, inner: Int = 1, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        for _ in 0..<runs {
            let t = try time { for _ in 0..<inner { try body() } }
            samples.append(t / Double(inner))
        }
        return median(samples)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Runs a python3 program and returns its stdout (the NumPy side of each comparison).
enum PythonRunner {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BenchError("python3 \(arguments.joined(separator: " ")) exited with \(p.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `seconds: S` line numpy_reference.py prints after each workload.
    static func seconds(in output: String) -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix("seconds: ") {
            return Double(line.dropFirst("seconds: ".count))
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// One row of the report: our median, NumPy's median, and the ratio that matters.
struct Comparison {
    var name: String
    var ours: Double
    var reference: Double
    var unit: String = "s"
    /// How many times faster we are (reference / ours).
    var speedup: Double { reference / ours }

    var row: String {
        "| \(name) | \(format(ours)) | \(format(reference)) | \(String(cFormat: "%.2f×", speedup)) |"
    }

    private func format(_ seconds: Double) -> String {
        if seconds >= 1 { return String(cFormat: "%.2f s", seconds) }
        if seconds >= 1e-3 { return String(cFormat: "%.2f ms", seconds * 1e3) }
        return String(cFormat: "%.2f µs", seconds * 1e6)
    }
}
