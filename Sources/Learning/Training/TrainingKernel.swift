import CBLAS
import CKernels
import Foundation
import Tensor

/// One SGD step of a TwoLayerNet without allocating: the batch is gathered into buffers made
/// once, the forward and backward passes run through BLAS into them, and the parameters are
/// updated in place. Every operation follows the book's NumPy code in order and rounding —
/// float64 throughout, sums grouped as np.sum groups them — so losses agree with NumPy's run
/// to BLAS rounding. (The book's layer form also computes the input gradient of the first
/// Affine layer; nothing reads it, so it is skipped.)
final class TrainingKernel {
    let net: TwoLayerNet
    let batch: Int, inputs: Int, hidden: Int, outputs: Int
    let W1: UnsafeMutablePointer<Double>, b1: UnsafeMutablePointer<Double>
    let W2: UnsafeMutablePointer<Double>, b2: UnsafeMutablePointer<Double>
    // Work buffers, one allocation for the kernel's lifetime.
    private let x: UnsafeMutablePointer<Double>        // batch × inputs
    private let a1: UnsafeMutablePointer<Double>       // batch × hidden: pre-activation, then its gradient
    private let z1: UnsafeMutablePointer<Double>       // batch × hidden: activation
    private let a2: UnsafeMutablePointer<Double>       // batch × outputs: scores, then probabilities, then dout
    private let dW1: UnsafeMutablePointer<Double>, db1: UnsafeMutablePointer<Double>
    private let dW2: UnsafeMutablePointer<Double>, db2: UnsafeMutablePointer<Double>
    private let dz1: UnsafeMutablePointer<Double>      // batch × hidden: gradient arriving at the activation
    private let labels: UnsafeMutablePointer<Int>
    /// The non-zero columns of each gathered row (MNIST images are about 80 % zeros), so
    /// x·W1 and xᵀ·d touch only the pixels that are lit. nonzeroStart[r]..<nonzeroStart[r+1].
    private let nonzero: UnsafeMutablePointer<Int32>
    private let nonzeroStart: UnsafeMutablePointer<Int64>
    /// Whether the gathered rows are sparse enough for that to beat BLAS.
    private var sparse = false
    private let picked: UnsafeMutablePointer<Double>
    private let chunk = 500
    private let buffer: UnsafeMutableRawPointer

    /// Nil when the net's parameters are not the contiguous float64 arrays it was built with
    /// (a learner may have replaced them); the caller then takes the general path.
    init?(_ net: TwoLayerNet, batch: Int) {
        guard let w1 = net.param("W1"), let c1 = net.param("b1"), let w2 = net.param("W2"), let c2 = net.param("b2"),
              [w1, c1, w2, c2].allSatisfy({ $0.dtype == .float64 && $0.isContiguous }),
              w1.shape == [net.inputSize, net.hiddenSize], c1.shape == [net.hiddenSize],
              w2.shape == [net.hiddenSize, net.outputSize], c2.shape == [net.outputSize] else { return nil }
        self.net = net
        self.batch = batch
        inputs = net.inputSize; hidden = net.hiddenSize; outputs = net.outputSize
        W1 = w1.pointer(Double.self); b1 = c1.pointer(Double.self)
        W2 = w2.pointer(Double.self); b2 = c2.pointer(Double.self)
        let rows = Swift.max(batch, chunk)
        let sizes = [rows * inputs, rows * hidden, rows * hidden, rows * outputs,
                     inputs * hidden, hidden, hidden * outputs, outputs, rows, rows * hidden]
        buffer = UnsafeMutableRawPointer.allocate(byteCount: sizes.reduce(0, +) * 8 + rows * 8 + (rows + 1) * 8 + rows * inputs * 4,
                                                  alignment: 64)
        var p = buffer.assumingMemoryBound(to: Double.self)
        func take(_ n: Int) -> UnsafeMutablePointer<Double> { defer { p += n }; return p }
        x = take(sizes[0]); a1 = take(sizes[1]); z1 = take(sizes[2]); a2 = take(sizes[3])
        dW1 = take(sizes[4]); db1 = take(sizes[5]); dW2 = take(sizes[6]); db2 = take(sizes[7]); picked = take(sizes[8])
        dz1 = take(sizes[9])
        labels = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Int.self)
        nonzeroStart = UnsafeMutableRawPointer(labels + rows).assumingMemoryBound(to: Int64.self)
        nonzero = UnsafeMutableRawPointer(nonzeroStart + rows + 1).assumingMemoryBound(to: Int32.self)
    }

    deinit { buffer.deallocate() }

    /// Whether `x` (rows of `inputs` float32/float64 values) and `t` (labels or one-hot rows)
    /// can be read directly.
    static func accepts(_ x: NDArray, _ t: NDArray, inputs: Int, outputs: Int) -> Bool {
        guard x.ndim == 2, x.shape[1] == inputs, x.isContiguous, x.dtype == .float32 || x.dtype == .float64 else { return false }
        if t.ndim == 1 { return t.shape[0] == x.shape[0] && t.isContiguous && (t.dtype == .uint8 || t.dtype == .int64) }
        return t.ndim == 2 && t.shape == [x.shape[0], outputs] && t.isContiguous && t.dtype == .float64
    }

    /// Copies rows `rows` of x (as float64) and their labels (one-hot rows become argmax,
    /// first maximum, as np.argmax) into the work buffers.
    @discardableResult
    private func gather(_ xs: NDArray, _ ts: NDArray, rows: (Int) -> Int, count: Int) -> Bool {
        var oneHot = true
        var lit = 0
        for r in 0..<count {
            let src = rows(r)
            let dst = x + r * inputs
            nonzeroStart[r] = Int64(lit)
            if xs.dtype == .float32 {
                lit += Int(nn_widen_and_index(xs.readPointer(Float.self) + src * inputs, Int64(inputs), dst, nonzero + lit))
            } else {
                dst.update(from: xs.readPointer(Double.self) + src * inputs, count: inputs)
                for j in 0..<inputs where dst[j] != 0 {
                    nonzero[lit] = Int32(j)
                    lit += 1
                }
            }
            labels[r] = label(ts, src)
            if ts.ndim == 2 {
                let p = ts.readPointer(Double.self) + src * outputs
                for k in 0..<outputs where p[k] != (k == labels[r] ? 1 : 0) { oneHot = false }
            }
        }
        nonzeroStart[count] = Int64(lit)
        sparse = lit * 3 < count * inputs
        return oneHot
    }

    private func label(_ t: NDArray, _ row: Int) -> Int {
        switch t.dtype {
        case .uint8: return Int(t.readPointer(UInt8.self)[row])
        case .int64: return Int(t.readPointer(Int64.self)[row])
        default:
            let p = t.readPointer(Double.self) + row * outputs
            var best = 0
            for k in 1..<outputs where p[k] > p[best] || (p[k].isNaN && !p[best].isNaN) { best = k }
            return best
        }
    }

    /// a1 = x·W1 + b1, z1 = activation(a1), a2 = z1·W2 + b2 for `n` gathered rows.
    private func forward(_ n: Int) {
        if sparse {
            nn_sparse_times_dense(x, Int64(inputs), nonzero, nonzeroStart, Int64(n), W1, Int64(hidden), a1)
        } else {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(hidden), Int32(inputs), 1,
                        x, Int32(inputs), W1, Int32(hidden), 0, a1, Int32(hidden))
        }
        for r in 0..<n {
            let row = a1 + r * hidden, out = z1 + r * hidden
            for j in 0..<hidden {
                let v = row[j] + b1[j]
                row[j] = v
                switch net.activation {
                case .relu: out[j] = v <= 0 ? 0 : v
                case .sigmoid: out[j] = 1 / (1 + exp(-v))
                }
            }
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(outputs), Int32(hidden), 1,
                    z1, Int32(hidden), W2, Int32(outputs), 0, a2, Int32(outputs))
        for r in 0..<n {
            let row = a2 + r * outputs
            for k in 0..<outputs { row[k] += b2[k] }
        }
    }

    /// Softmax of each score row in place, as the book: x - max, exp(x) / sum(exp(x)).
    private func softmax(_ n: Int) {
        for r in 0..<n {
            let row = a2 + r * outputs
            var m = row[0]
            for k in 1..<outputs where row[k] > m || row[k].isNaN { m = row[k] }
            for k in 0..<outputs { row[k] = exp(row[k] - m) }
            let s = numpySum(row, count: outputs)
            for k in 0..<outputs { row[k] = row[k] / s }
        }
    }

    /// The cross-entropy of the probabilities in a2: -Σ log(y[i, t_i] + 1e-7) / n.
    private func crossEntropy(_ n: Int) -> Double {
        for r in 0..<n { picked[r] = log(a2[r * outputs + labels[r]] + 1e-7) }
        return -numpySum(picked, count: n) / Double(n)
    }

    /// One step on the rows `mask` of (x, t): gradient by backprop, `W -= lr * grad`, then
    /// the loss on the same batch with the updated parameters (what the book records).
    /// Nil, with nothing changed, when a target row is not exactly one-hot (the book's
    /// backward then uses y - t as it is): the caller takes the general path.
    func step(_ xs: NDArray, _ ts: NDArray, mask: UnsafePointer<Int64>, learningRate lr: Double) -> Double? {
        let n = batch
        guard gather(xs, ts, rows: { Int(mask[$0]) }, count: n) else { return nil }
        forward(n)
        softmax(n)
        // dout = (y - t) / n; for one-hot t that is the same values as subtracting 1 at the label.
        let dn = Double(n)
        for r in 0..<n {
            let row = a2 + r * outputs
            row[labels[r]] -= 1
            for k in 0..<outputs { row[k] = row[k] / dn }
        }
        // Affine2: dW2 = z1ᵀ·dout, db2 = Σ rows, dz1 = dout·W2ᵀ (into a1's buffer after the mask).
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(hidden), Int32(outputs), Int32(n), 1,
                    z1, Int32(hidden), a2, Int32(outputs), 0, dW2, Int32(outputs))
        columnSums(a2, rows: n, columns: outputs, into: db2)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(hidden), Int32(outputs), 1,
                    a2, Int32(outputs), W2, Int32(outputs), 0, dz1, Int32(hidden))
        // The activation's backward, written over a1: ReLU zeroes where a1 <= 0 (its mask),
        // sigmoid multiplies by (1 - z1) * z1.
        for r in 0..<n {
            let g = dz1 + r * hidden, pre = a1 + r * hidden, act = z1 + r * hidden
            for j in 0..<hidden {
                switch net.activation {
                case .relu: pre[j] = pre[j] <= 0 ? 0 : g[j]
                case .sigmoid: pre[j] = (g[j] * (1.0 - act[j])) * act[j]
                }
            }
        }
        // Affine1: dW1 = xᵀ·da1, db1 = Σ rows.
        columnSums(a1, rows: n, columns: hidden, into: db1)
        if sparse {
            nn_sparse_transpose_times_dense(x, Int64(inputs), nonzero, nonzeroStart, Int64(n), a1, Int64(hidden), dW1)
        } else {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(inputs), Int32(hidden), Int32(n), 1,
                        x, Int32(inputs), a1, Int32(hidden), 0, dW1, Int32(hidden))
        }
        update(W1, dW1, inputs * hidden, lr)
        update(b1, db1, hidden, lr)
        update(W2, dW2, hidden * outputs, lr)
        update(b2, db2, outputs, lr)
        forward(n)
        softmax(n)
        return crossEntropy(n)
    }

    /// np.sum(d, axis=0) of a C-contiguous matrix: rows added one after another.
    private func columnSums(_ d: UnsafePointer<Double>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Double>) {
        out.update(from: d, count: columns)
        for r in 1..<Swift.max(rows, 1) {
            let row = d + r * columns
            for k in 0..<columns { out[k] += row[k] }
        }
    }

    /// `W -= lr * g`, with lr * g rounded first as NumPy computes the temporary.
    private func update(_ w: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ count: Int, _ lr: Double) {
        for i in 0..<count {
            let step = lr * g[i]
            w[i] = w[i] - step
        }
    }

    /// The book's accuracy: the share of rows whose highest score is at the label, scored
    /// in chunks through the work buffers.
    func accuracy(_ xs: NDArray, _ ts: NDArray) -> Double {
        let total = xs.shape[0]
        guard total > 0 else { return .nan }
        var correct = 0
        var start = 0
        while start < total {
            let n = Swift.min(chunk, total - start)
            gather(xs, ts, rows: { start + $0 }, count: n)
            forward(n)
            for r in 0..<n {
                let row = a2 + r * outputs
                var best = 0
                for k in 1..<outputs where row[k] > row[best] || (row[k].isNaN && !row[best].isNaN) { best = k }
                if best == labels[r] { correct += 1 }
            }
            start += n
        }
        return Double(correct) / Double(total)
    }
}
