import Tensor

/// Built-in data for lessons that do not need MNIST.
public enum ToyData {
    /// The regression target of the seeds, f(x) = 3·x0² + 2·x1, at `n` random points with
    /// both coordinates in [low, high) drawn from `random` (`low + (high - low) * rand(n, 2)`).
    public static func regression(count n: Int, low: Double = 0, high: Double = 1,
                                  random: RandomState = .global) throws -> (x: NDArray, y: NDArray) {
        let u = try random.randomSample([n, 2])
        let x = try binary(.add, .python(.float(low)), .array(try binary(.multiply, .python(.float(high - low)), .array(u))))
        guard case .array(let x0) = try x.get([.all, .int(0)]), case .array(let x1) = try x.get([.all, .int(1)]) else {
            throw TensorError.value("internal: column selection failed")
        }
        let y = try binary(.add, .array(try binary(.multiply, .python(.int(3)), .array(try binary(.power, .array(x0), .python(.int(2)))))),
                           .array(try binary(.multiply, .python(.int(2)), .array(x1))))
        return (x, y)
    }

    /// Two interleaved spirals (`classes` arms of `perClass` points in 2-d), labels 0..<classes:
    /// a classification set a straight line cannot separate.
    public static func spirals(perClass: Int = 100, classes: Int = 2, noise: Double = 0.2,
                               random: RandomState = .global) throws -> (x: NDArray, t: NDArray) {
        let n = perClass * classes
        let x = try NDArray(zeros: [n, 2])
        let t = try NDArray(zeros: [n], dtype: .int64)
        let jitter = try random.standardNormal([n])
        let px = x.pointer(Double.self), pt = t.pointer(Int64.self), pj = jitter.readPointer(Double.self)
        for c in 0..<classes {
            for i in 0..<perClass {
                let r = Double(i) / Double(Swift.max(perClass - 1, 1))
                let angle = Double(c) * 4 + 4 * r + pj[c * perClass + i] * noise
                px[(c * perClass + i) * 2] = r * cosine(angle)
                px[(c * perClass + i) * 2 + 1] = r * sine(angle)
                pt[c * perClass + i] = Int64(c)
            }
        }
        return (x, t)
    }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) private func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) private func sine(_ x: Double) -> Double { sin(x) }
