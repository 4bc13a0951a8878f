import CBLAS
import CKernels
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// One SGD step of a TwoLayerNet without allocating: the batch is gathered into buffers made
/// once, the forward and backward passes run into them, and the parameters are updated in
/// place. Every operation follows the book's NumPy code in order and rounding — float64
/// throughout, sums grouped as np.sum groups them, `W -= lr * grad` with the product rounded
/// first — so losses agree with NumPy's run to BLAS rounding. (The book's layer form also
/// computes the input gradient of the first Affine layer; nothing reads it, so it is skipped.)
///
/// MNIST images are about 80 % zeros, so for such data the gathered rows are kept compressed
/// (CKernels/sparse_rows.c): x·W1 and the W1 step touch only the pixels that are lit, and the
/// rows (for x·W1) or the pixels (for the W1 step) are shared out among the threads of
/// ``WorkerTeam/shared``.
/// Dense data goes through BLAS instead.
final class TrainingKernel {
    let net: TwoLayerNet
    let batch: Int, inputs: Int, hidden: Int, outputs: Int
    let b1: UnsafeMutablePointer<Double>
    /// The net's W1, and the copy the kernel trains: its rows start on 64-byte lines (the row
    /// length rounded up to 8 values), so the AVX-512 products load each line once. The net's
    /// array is brought up to date by ``finish()``, before scoring, and before a step is left
    /// to the general path; scoring reads the net's array afresh (changes made to it from
    /// outside count only while the copy holds no steps the net's array lacks).
    private let netW1: UnsafeMutablePointer<Double>
    private let W1: UnsafeMutablePointer<Double>
    private let ldW1: Int
    /// a1's row stride: its rows too start on 64-byte lines, for the W1 step that reads them.
    private let ldA1: Int
    /// Whether W1 holds the net's values, and whether it has steps the net's array has not.
    private var w1Loaded = false, w1Dirty = false
    let W2: UnsafeMutablePointer<Double>, b2: UnsafeMutablePointer<Double>
    /// Rows scored at a time by ``accuracy(_:_:)``.
    private let chunk = 256
    private let rowCapacity: Int
    /// Workers of ``WorkerTeam/shared`` the phases are split among.
    private let workers: Int
    // Work buffers, allocated once for the kernel's lifetime.
    private let a1: UnsafeMutablePointer<Double>       // rows × hidden (row stride ldA1): pre-activation, then its gradient
    private let z1: UnsafeMutablePointer<Double>       // rows × hidden: activation
    private let a2: UnsafeMutablePointer<Double>       // rows × outputs: scores, then probabilities, then dout
    private let dz1: UnsafeMutablePointer<Double>      // batch × hidden: gradient arriving at the activation
    private let dW2: UnsafeMutablePointer<Double>, db2: UnsafeMutablePointer<Double>, db1: UnsafeMutablePointer<Double>
    private let picked: UnsafeMutablePointer<Double>
    private let labels: UnsafeMutablePointer<Int32>
    /// The gathered rows, compressed: row r's entries are index/value[rowStart[r] ..< rowEnd[r]].
    private let rowStart: UnsafeMutablePointer<Int64>, rowEnd: UnsafeMutablePointer<Int64>
    private let index: UnsafeMutablePointer<Int32>
    private let value: UnsafeMutablePointer<Double>
    /// The batch by column, one share of the pixels per worker, for xᵀ·d.
    private let columnStart: UnsafeMutablePointer<Int64>
    private let columnRow: UnsafeMutablePointer<Int32>
    private let columnValue: UnsafeMutablePointer<Double>
    /// Per worker: whether its rows' targets can be trained on, and its count of correct rows.
    private let workerFlags: UnsafeMutablePointer<Bool>
    private let workerCounts: UnsafeMutablePointer<Int>, workerRescored: UnsafeMutablePointer<Int>
    /// The next row of the data to score, taken by the workers in turn.
    private let nextRow: UnsafeMutablePointer<Int64>
    /// Rows the float32 scoring pass left to the float64 one, by buffer row.
    private let unsureRows: UnsafeMutablePointer<Int64>
    /// The float32 scoring pass of the current accuracy phase (float32 images only).
    private var scorer: OpaquePointer?
    /// Whether ``accuracy(_:_:)`` may score float32 images in float32 first (tests turn it off
    /// to compare); rows it cannot decide are scored in float64 either way.
    var certifiedScoring = true
    /// How many rows the last ``accuracy(_:_:)`` scored in float64 after the float32 pass.
    private(set) var rowsRescored = 0
    /// Whether ``accuracy(_:_:)`` keeps a float32 data set packed (its lit pixels only,
    /// nn_pack_rows) after it first scores it, and scores it from there afterwards: later
    /// epochs then read 63 MB of MNIST instead of 220. The data must not change while the
    /// kernel lives (one training run). ``Trainer`` asks for it when a run scores each set
    /// three times or more and the session's memory is not limited.
    var packsScoredData = false
    /// The packed data sets, each in one segment per worker that packed it (empty when
    /// packing failed for want of memory).
    private var packs: [ObjectIdentifier: [PackedSegment]] = [:]
    private struct PackedSegment { let first: Int, count: Int, rows: OpaquePointer }
    /// How many data sets are held packed (for tests).
    var packedDataSets: Int { packs.values.filter { !$0.isEmpty }.count }
    /// The packed rows the current accuracy phase scores from, if any.
    private var scoringPack: [PackedSegment] = []
    /// Where each worker of a packing phase leaves its segment.
    private let packedBy: UnsafeMutablePointer<OpaquePointer?>
    /// Dense copies for BLAS, made the first time dense data turns up.
    private var dense: (x: UnsafeMutablePointer<Double>, dW1: UnsafeMutablePointer<Double>)?
    /// Whether each data set seen is sparse enough for the compressed products to beat BLAS,
    /// and how its non-zero entries fall among the pixels: ink[p] of a sample of rows lie in
    /// pixels 0 ..< p (so the W1 step can give each worker an equal share of the entries).
    private var sparsity: [ObjectIdentifier: (sparse: Bool, ink: [Int])] = [:]
    private let buffer: UnsafeMutableRawPointer

    /// What the team is asked to do in the current parallel phase.
    private enum Phase {
        case gatherAndForward(rows: Int, from: RowSource)
        case forward(rows: Int)
        case stepFirstLayer(rows: Int, learningRate: Double)
        case accuracy(total: Int)
        case pack(total: Int)
    }
    private enum RowSource { case mask(UnsafePointer<Int64>), offset(Int) }
    private var phase: Phase = .forward(rows: 0)
    private var phaseData: (x: NDArray, targets: TrainingTargets)?

    /// Nil when the net's parameters are not the contiguous float64 arrays it was built with
    /// (a learner may have replaced them); the caller then takes the general path.
    init?(_ net: TwoLayerNet, batch: Int, threads: Int = WorkerTeam.shared.size) {
        guard let w1 = net.param("W1"), let c1 = net.param("b1"), let w2 = net.param("W2"), let c2 = net.param("b2"),
              [w1, c1, w2, c2].allSatisfy({ $0.dtype == .float64 && $0.isContiguous }),
              w1.shape == [net.inputSize, net.hiddenSize], c1.shape == [net.hiddenSize],
              w2.shape == [net.hiddenSize, net.outputSize], c2.shape == [net.outputSize] else { return nil }
        BLASThreads.configureOnce()
        workers = Swift.max(1, Swift.min(threads, WorkerTeam.shared.size, batch))
        self.net = net
        self.batch = batch
        inputs = net.inputSize; hidden = net.hiddenSize; outputs = net.outputSize
        parameters = [w1, c1, w2, c2]
        netW1 = w1.pointer(Double.self); b1 = c1.pointer(Double.self)
        ldW1 = (hidden + 7) & ~7
        ldA1 = ldW1
        W1 = UnsafeMutableRawPointer.allocate(byteCount: inputs * ldW1 * 8, alignment: 64).bindMemory(to: Double.self, capacity: inputs * ldW1)
        W1.initialize(repeating: 0, count: inputs * ldW1)
        W2 = w2.pointer(Double.self); b2 = c2.pointer(Double.self)
        rowCapacity = Swift.max(batch, chunk)
        let rows = rowCapacity
        // Each worker's compressed rows get 8 entries of slack (the compressor's overrun).
        let entries = rows * inputs + 8 * workers, columnEntries = (batch * inputs + 8) * workers
        // Doubles first, then 8-byte integers, then 4-byte ones, then bytes: all stay aligned.
        let doubles = [rows * ldA1, rows * hidden, rows * outputs, batch * hidden, hidden * outputs, outputs, hidden,
                       rows, entries, columnEntries]
        let longs = [rows, rows, 2 * inputs * workers, workers, workers, rows, 1]
        let ints = [rows, entries, columnEntries]
        buffer = UnsafeMutableRawPointer.allocate(
            byteCount: doubles.reduce(0, +) * 8 + longs.reduce(0, +) * 8 + ints.reduce(0, +) * 4 + workers, alignment: 64)
        var p = buffer
        func take<T>(_ n: Int, _: T.Type) -> UnsafeMutablePointer<T> {
            defer { p += n * MemoryLayout<T>.stride }
            return p.bindMemory(to: T.self, capacity: n)
        }
        a1 = take(doubles[0], Double.self); z1 = take(doubles[1], Double.self); a2 = take(doubles[2], Double.self)
        dz1 = take(doubles[3], Double.self); dW2 = take(doubles[4], Double.self); db2 = take(doubles[5], Double.self)
        db1 = take(doubles[6], Double.self); picked = take(doubles[7], Double.self)
        value = take(doubles[8], Double.self); columnValue = take(doubles[9], Double.self)
        rowStart = take(longs[0], Int64.self); rowEnd = take(longs[1], Int64.self)
        columnStart = take(longs[2], Int64.self); workerCounts = take(longs[3], Int.self)
        workerRescored = take(longs[4], Int.self); unsureRows = take(longs[5], Int64.self)
        nextRow = take(longs[6], Int64.self)
        labels = take(ints[0], Int32.self); index = take(ints[1], Int32.self); columnRow = take(ints[2], Int32.self)
        workerFlags = take(workers, Bool.self)
        packedBy = .allocate(capacity: workers)
    }

    deinit {
        finish()
        W1.deallocate()
        buffer.deallocate()
        packedBy.deallocate()
        for segments in packs.values { for segment in segments { nn_packed_rows_free(segment.rows) } }
        if let dense { dense.x.deallocate(); dense.dW1.deallocate() }
    }

    /// Whether `x` (rows of `inputs` float32/float64 values) and `t` (labels or one-hot rows)
    /// can be read directly.
    static func accepts(_ x: NDArray, _ t: NDArray, inputs: Int, outputs: Int) -> Bool {
        guard x.ndim == 2, x.shape[1] == inputs, x.isContiguous, x.dtype == .float32 || x.dtype == .float64 else { return false }
        if t.ndim == 1 { return t.shape[0] == x.shape[0] && t.isContiguous && (t.dtype == .uint8 || t.dtype == .int64) }
        return t.ndim == 2 && t.shape == [x.shape[0], outputs] && t.isContiguous && t.dtype == .float64
    }

    /// The net's parameter arrays, reached through `pointer` before each write: that runs any
    /// deferred product still to read them and drops what their storage keeps worked out from
    /// them (a product's padded copy), as a write through the array itself would. The raw
    /// pointers above stay valid; they are only the same addresses.
    private let parameters: [NDArray]

    private func reachParametersForWriting() {
        for p in parameters { _ = p.pointer(UInt8.self) }
    }

    /// Writes the trained W1 back into the net's array.
    func finish() {
        guard w1Dirty else { return }
        reachParametersForWriting()
        for p in 0..<inputs { (netW1 + p * hidden).update(from: W1 + p * ldW1, count: hidden) }
        w1Dirty = false
    }

    private func loadW1() {
        for p in 0..<inputs { (W1 + p * ldW1).update(from: netW1 + p * hidden, count: hidden) }
        w1Loaded = true
    }

    // MARK: - Training step

    /// One step on the rows `mask` of (x, t): gradient by backprop, `W -= lr * grad`, then
    /// the loss on the same batch with the updated parameters (what the book records).
    /// Nil, with nothing changed, when a target row is not one the kernel can train on.
    func step(_ xs: NDArray, _ ts: TrainingTargets, mask: UnsafePointer<Int64>, learningRate lr: Double) -> Double? {
        let n = batch
        let sparse = isSparse(xs)
        if !w1Loaded { loadW1() }
        reachParametersForWriting()
        // A target the kernel cannot train on: the general path takes this step, on the net's W1.
        func leave() -> Double? { finish(); w1Loaded = false; return nil }
        if sparse {
            guard run(.gatherAndForward(rows: n, from: .mask(mask)), xs, ts) else { return leave() }
        } else {
            guard gatherDense(xs, ts, rows: { Int(mask[$0]) }, count: n) else { return leave() }
            forwardDense(n)
        }
        w1Dirty = true
        secondLayer(n)
        softmax(n)
        // dout = (y - t) / n; for one-hot t that is the same values as subtracting 1 at the label.
        let dn = Double(n)
        for r in 0..<n {
            let row = a2 + r * outputs
            row[Int(labels[r])] -= 1
            for k in 0..<outputs { row[k] = row[k] / dn }
        }
        // Affine2: dW2 = z1ᵀ·dout, db2 = Σ rows, dz1 = dout·W2ᵀ.
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(hidden), Int32(outputs), Int32(n), 1,
                    z1, Int32(hidden), a2, Int32(outputs), 0, dW2, Int32(outputs))
        columnSums(a2, rows: n, columns: outputs, into: db2)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(hidden), Int32(outputs), 1,
                    a2, Int32(outputs), W2, Int32(outputs), 0, dz1, Int32(hidden))
        // The activation's backward, written over a1: ReLU zeroes where a1 <= 0 (its mask),
        // sigmoid multiplies by (1 - z1) * z1.
        for r in 0..<n {
            let g = dz1 + r * hidden, pre = a1 + r * ldA1, act = z1 + r * hidden
            if net.activation == .sigmoid {
                for j in 0..<hidden { pre[j] = (g[j] * (1.0 - act[j])) * act[j] }
            } else {
                reluBackward(pre, g)
            }
        }
        // Affine1: dW1 = xᵀ·da1 and W1 -= lr * dW1; db1 = Σ rows.
        columnSums(a1, rows: n, columns: hidden, stride: ldA1, into: db1)
        if sparse {
            _ = run(.stepFirstLayer(rows: n, learningRate: lr), xs, ts)
        } else {
            let dW1 = dense!.dW1
            SplitGEMM.dgemm(CblasTrans, CblasNoTrans, inputs, hidden, n, dense!.x, inputs, a1, ldA1, dW1, hidden)
            for p in 0..<inputs { update(W1 + p * ldW1, dW1 + p * hidden, hidden, lr) }
        }
        update(b1, db1, hidden, lr)
        update(W2, dW2, hidden * outputs, lr)
        update(b2, db2, outputs, lr)
        if sparse { _ = run(.forward(rows: n), xs, ts) } else { forwardDense(n) }
        secondLayer(n)
        softmax(n)
        return crossEntropy(n)
    }

    /// The book's accuracy: the share of rows whose highest score is at the label.
    func accuracy(_ xs: NDArray, _ ts: TrainingTargets) -> Double {
        let total = xs.shape[0]
        guard total > 0 else { return .nan }
        finish()
        loadW1()
        if isSparse(xs) {
            scorer = xs.dtype == .float32 && certifiedScoring
                ? nn_scorer_create(netW1, b1, W2, b2, Int64(inputs), Int64(hidden), Int64(outputs), net.activation == .sigmoid ? 1 : 0)
                : nil
            defer { nn_scorer_free(scorer); scorer = nil; scoringPack = [] }
            if scorer != nil && packsScoredData { scoringPack = packed(xs, ts) }
            nextRow.pointee = 0
            _ = run(.accuracy(total: total), xs, ts)
            rowsRescored = (0..<workersUsed).reduce(0) { $0 + workerRescored[$1] }
            return Double((0..<workersUsed).reduce(0) { $0 + workerCounts[$1] }) / Double(total)
        }
        var correct = 0
        var start = 0
        while start < total {
            let n = Swift.min(chunk, total - start)
            gatherDense(xs, ts, rows: { start + $0 }, count: n)
            forwardDense(n)
            secondLayer(n)
            correct += countCorrect(0..<n)
            start += n
        }
        return Double(correct) / Double(total)
    }

    // MARK: - Parallel phases (compressed rows)

    /// Runs `phase` on the workers; false if a worker met a target it cannot train on.
    private func run(_ phase: Phase, _ xs: NDArray, _ ts: TrainingTargets) -> Bool {
        self.phase = phase
        phaseData = (xs, ts)
        let used = WorkerTeam.shared.run(workers: Swift.min(workers, WorkerTeam.shared.available)) { w, count in self.work(w, count) }
        phaseData = nil
        workersUsed = used
        return (0..<used).allSatisfy { workerFlags[$0] }
    }
    private var workersUsed = 1

    /// Worker `w`'s share of the current phase.
    private func work(_ w: Int, _ count: Int) {
        workerFlags[w] = true
        switch phase {
        case .gatherAndForward(let n, let source):
            let rows = share(n, w, count)
            workerFlags[w] = compress(rows, from: source, segment: w)
            forwardCompressed(rows)
        case .forward(let n):
            forwardCompressed(rowShare(n, w, count))
        case .stepFirstLayer(let n, let lr):
            // Worker w owns a share of W1's rows (pixels): it gathers the batch's entries for
            // them by pixel, then steps those rows — rows no image lights have a zero gradient
            // and stay as they are.
            let pixels = pixelShare(phaseData!.x, w, count)
            let cs = columnStart + w * 2 * inputs, ce = cs + inputs, base = w * (batch * inputs + 8)
            nn_sparse_transpose_slots(rowStart, rowEnd, index, value, Int64(n), Int64(pixels.lowerBound), Int64(pixels.upperBound),
                                      Int64(inputs), cs, ce, columnRow + base, columnValue + base)
            nn_sparse_times_dense(cs, ce, columnRow + base, columnValue + base, Int64(pixels.count), a1, Int64(ldA1),
                                  Int64(hidden), W1 + pixels.lowerBound * ldW1, Int64(ldW1), NN_SUBTRACT, lr)
        case .accuracy(let total):
            // Worker w takes the next rows until none are left, through its share of the
            // buffers: a worker that other programs slow down takes fewer.
            let slots = share(rowCapacity, w, count)
            var correct = 0, rescored = 0
            while true {
                let start = Int(nn_atomic_add(nextRow, Int64(slots.count))) - slots.count
                if start >= total { break }
                let n = Swift.min(slots.count, total - start)
                let rows = slots.lowerBound..<(slots.lowerBound + n)
                if let scorer, let (xs, ts) = phaseData {
                    // Float32 first; the rows it cannot decide again in float64, by number.
                    let unsure = unsureRows + slots.lowerBound
                    var unsureCount: Int64 = 0
                    if scoringPack.isEmpty {
                        correct += Int(nn_scorer_count(scorer, xs.readPointer(Float.self) + start * inputs, Int64(n), ts.labels + start,
                                                       unsure, &unsureCount))
                        for i in 0..<Int(unsureCount) { unsure[i] += Int64(start) }
                    } else {
                        correct += scorePacked(scorer, start..<(start + n), ts, unsure: unsure, count: &unsureCount)
                    }
                    rescored += Int(unsureCount)
                    correct += scoreInFloat64(slots.lowerBound..<(slots.lowerBound + Int(unsureCount)), from: .mask(unsureRows), segment: w)
                } else {
                    correct += scoreInFloat64(rows, from: .offset(start - slots.lowerBound), segment: w)
                }
            }
            workerCounts[w] = correct
            workerRescored[w] = rescored
        case .pack(let total):
            let rows = share(total, w, count)
            packedBy[w] = nn_pack_rows(phaseData!.x.readPointer(Float.self) + rows.lowerBound * inputs, Int64(rows.count), Int64(inputs))
        }
    }

    /// The packed copy of float32 data set `xs`, made now if it has not been (by the workers,
    /// a share each).
    private func packed(_ xs: NDArray, _ ts: TrainingTargets) -> [PackedSegment] {
        if let known = packs[ObjectIdentifier(xs)] { return known }
        let total = xs.shape[0]
        _ = run(.pack(total: total), xs, ts)
        var segments: [PackedSegment] = []
        for w in 0..<workersUsed {
            guard let rows = packedBy[w] else { continue }
            let mine = share(total, w, workersUsed)
            segments.append(PackedSegment(first: mine.lowerBound, count: mine.count, rows: rows))
        }
        if segments.count != workersUsed {
            for segment in segments { nn_packed_rows_free(segment.rows) }
            segments = []
        }
        packs[ObjectIdentifier(xs)] = segments
        return segments
    }

    /// How many of data rows `rows` certainly score highest at their label, from the packed
    /// copy; the rows it cannot decide are written to `unsure` by number.
    private func scorePacked(_ scorer: OpaquePointer, _ rows: Range<Int>, _ ts: TrainingTargets,
                             unsure: UnsafeMutablePointer<Int64>, count unsureCount: inout Int64) -> Int {
        var correct = 0
        for segment in scoringPack {
            let part = rows.clamped(to: segment.first..<(segment.first + segment.count))
            guard !part.isEmpty else { continue }
            var found: Int64 = 0
            let out = unsure + Int(unsureCount)
            correct += Int(nn_scorer_count_packed(scorer, segment.rows, Int64(part.lowerBound - segment.first), Int64(part.count),
                                                  ts.labels + part.lowerBound, out, &found))
            for i in 0..<Int(found) { out[i] += Int64(part.lowerBound) }
            unsureCount += found
        }
        return correct
    }

    /// How many of the source rows of buffer rows `rows` score highest at their label.
    private func scoreInFloat64(_ rows: Range<Int>, from source: RowSource, segment: Int) -> Int {
        guard !rows.isEmpty else { return 0 }
        compress(rows, from: source, segment: segment)
        forwardCompressed(rows)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(outputs), Int32(hidden), 1,
                    z1 + rows.lowerBound * hidden, Int32(hidden), W2, Int32(outputs), 0,
                    a2 + rows.lowerBound * outputs, Int32(outputs))
        addBias2(rows)
        return countCorrect(rows)
    }

    /// Worker w's part of 0 ..< n.
    private func share(_ n: Int, _ w: Int, _ count: Int) -> Range<Int> { (n * w / count)..<(n * (w + 1) / count) }

    /// Compresses the source rows of buffer rows `rows` into worker `segment`'s part of the
    /// entry buffers, with their labels. False when a target cannot be trained on.
    @discardableResult
    private func compress(_ rows: Range<Int>, from source: RowSource, segment: Int) -> Bool {
        let (xs, ts) = phaseData!
        var usable = true
        var lit = Int64(rows.lowerBound * inputs + 8 * segment)
        for r in rows {
            let src: Int
            switch source {
            case .mask(let m):
                src = Int(m[r])
                // Rows drawn at random are not where the hardware looks ahead: fetch a later
                // one while this one is compressed.
                let lookahead = 3
                if r + lookahead < rows.upperBound {
                    let size = inputs * xs.dtype.itemSize
                    nn_prefetch(UnsafeRawPointer(xs.readPointer(UInt8.self)) + Int(m[r + lookahead]) * size, Int64(size))
                }
            case .offset(let o): src = o + r
            }
            rowStart[r] = lit
            if xs.dtype == .float32 {
                lit += nn_compress_f32(xs.readPointer(Float.self) + src * inputs, Int64(inputs), index + Int(lit), value + Int(lit))
            } else {
                lit += nn_compress_f64(xs.readPointer(Double.self) + src * inputs, Int64(inputs), index + Int(lit), value + Int(lit))
            }
            rowEnd[r] = lit
            labels[r] = ts.labels[src]
            usable = usable && ts.trainable[src]
        }
        return usable
    }

    /// a1 = x·W1 + b1 and z1 = activation(a1) for buffer rows `rows`.
    private func forwardCompressed(_ rows: Range<Int>) {
        guard !rows.isEmpty else { return }
        let first = rows.lowerBound
        nn_sparse_times_dense(rowStart + first, rowEnd + first, index, value, Int64(rows.count), W1, Int64(ldW1),
                              Int64(hidden), a1 + first * ldA1, Int64(ldA1), NN_STORE, 0)
        activate(rows)
    }

    // MARK: - Dense data (BLAS)

    /// Whether `xs` is mostly zeros (judged once per array from up to 1000 of its rows).
    private func isSparse(_ xs: NDArray) -> Bool {
        if let known = sparsity[ObjectIdentifier(xs)] { return known.sparse }
        let rows = xs.shape[0], step = Swift.max(1, rows / 1000)
        var zeros = 0, seen = 0
        var ink = [Int](repeating: 0, count: inputs + 1)
        for r in stride(from: 0, to: rows, by: step) {
            for j in 0..<inputs {
                let v = xs.dtype == .float32 ? Double(xs.readPointer(Float.self)[r * inputs + j]) : xs.readPointer(Double.self)[r * inputs + j]
                if v == 0 { zeros += 1 } else { ink[j + 1] += 1 }
            }
            seen += inputs
        }
        for j in 0..<inputs { ink[j + 1] += ink[j] }
        let sparse = zeros * 3 > seen * 2
        sparsity[ObjectIdentifier(xs)] = (sparse, ink)
        return sparse
    }

    /// Worker w's share of the pixels, with about as many of the data's entries as the others'.
    private func pixelShare(_ xs: NDArray, _ w: Int, _ count: Int) -> Range<Int> {
        guard count > 1, let ink = sparsity[ObjectIdentifier(xs)]?.ink, ink[inputs] > 0 else { return share(inputs, w, count) }
        func boundary(_ k: Int) -> Int {
            if k == 0 { return 0 }
            if k == count { return inputs }
            let target = ink[inputs] * k / count
            var lo = 0, hi = inputs   // the first pixel p with ink[p] >= target
            while lo < hi { let mid = (lo + hi) / 2; if ink[mid] < target { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        return boundary(w)..<boundary(w + 1)
    }

    /// Worker w's share of the first n compressed rows, with about as many entries as the others'.
    private func rowShare(_ n: Int, _ w: Int, _ count: Int) -> Range<Int> {
        guard count > 1 else { return 0..<n }
        var total: Int64 = 0
        for r in 0..<n { total += rowEnd[r] - rowStart[r] }
        func boundary(_ k: Int) -> Int {
            if k == 0 { return 0 }
            if k == count { return n }
            let target = total * Int64(k) / Int64(count)
            var seen: Int64 = 0, r = 0
            while r < n && seen < target { seen += rowEnd[r] - rowStart[r]; r += 1 }
            return r
        }
        return boundary(w)..<boundary(w + 1)
    }

    /// Copies rows `rows` of x (as float64) and their labels into the dense buffer.
    @discardableResult
    private func gatherDense(_ xs: NDArray, _ ts: TrainingTargets, rows: (Int) -> Int, count: Int) -> Bool {
        if dense == nil {
            dense = (UnsafeMutablePointer<Double>.allocate(capacity: rowCapacity * inputs),
                     UnsafeMutablePointer<Double>.allocate(capacity: inputs * hidden))
        }
        var usable = true
        for r in 0..<count {
            let src = rows(r), dst = dense!.x + r * inputs
            if xs.dtype == .float32 {
                let p = xs.readPointer(Float.self) + src * inputs
                for j in 0..<inputs { dst[j] = Double(p[j]) }
            } else {
                dst.update(from: xs.readPointer(Double.self) + src * inputs, count: inputs)
            }
            labels[r] = ts.labels[src]
            usable = usable && ts.trainable[src]
        }
        return usable
    }

    private func forwardDense(_ n: Int) {
        SplitGEMM.dgemm(CblasNoTrans, CblasNoTrans, n, hidden, inputs, dense!.x, inputs, W1, ldW1, a1, ldA1)
        activate(0..<n)
    }

    // MARK: - The rest of the book's layers

    /// a1 += b1 and z1 = activation(a1) for buffer rows `rows`.
    private func activate(_ rows: Range<Int>) {
        let sigmoid = net.activation == .sigmoid
        for r in rows {
            let row = a1 + r * ldA1, out = z1 + r * hidden
            for j in 0..<hidden {
                let v = row[j] + b1[j]
                row[j] = v
                out[j] = sigmoid ? 1 / (1 + exp(-v)) : (v <= 0 ? 0 : v)
            }
        }
    }

    /// pre[j] = pre[j] <= 0 ? 0 : g[j] for one row, eight lanes at a time: the signs of the
    /// pre-activations are a coin toss, and as a branch this loop was a tenth of a step.
    private func reluBackward(_ pre: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>) {
        var j = 0
        while j + 8 <= hidden {
            let p = UnsafeRawPointer(pre + j).loadUnaligned(as: SIMD8<Double>.self)
            let v = UnsafeRawPointer(g + j).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(pre + j).storeBytes(of: v.replacing(with: 0, where: p .<= 0), as: SIMD8<Double>.self)
            j += 8
        }
        while j < hidden { pre[j] = pre[j] <= 0 ? 0 : g[j]; j += 1 }
    }

    /// a2 = z1·W2 + b2 for the first `n` buffer rows.
    private func secondLayer(_ n: Int) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(outputs), Int32(hidden), 1,
                    z1, Int32(hidden), W2, Int32(outputs), 0, a2, Int32(outputs))
        addBias2(0..<n)
    }

    private func addBias2(_ rows: Range<Int>) {
        for r in rows {
            let row = a2 + r * outputs
            for k in 0..<outputs { row[k] += b2[k] }
        }
    }

    /// How many of buffer rows `rows` score highest at their label.
    private func countCorrect(_ rows: Range<Int>) -> Int {
        var correct = 0
        for r in rows {
            let row = a2 + r * outputs
            var best = 0
            for k in 1..<outputs where row[k] > row[best] || (row[k].isNaN && !row[best].isNaN) { best = k }
            if best == Int(labels[r]) { correct += 1 }
        }
        return correct
    }

    /// Softmax of each score row in place, as the book: x - max, exp(x) / sum(exp(x)).
    /// The exponentials are the vector exp np.exp uses (CKernels/vector_math.c), over the whole
    /// batch at once.
    private func softmax(_ n: Int) {
        for r in 0..<n {
            let row = a2 + r * outputs
            var m = row[0]
            for k in 1..<outputs where row[k] > m || row[k].isNaN { m = row[k] }
            for k in 0..<outputs { row[k] = row[k] - m }
        }
        nn_exp_f64(a2, 1, a2, 1, Int64(n * outputs))
        for r in 0..<n {
            let row = a2 + r * outputs
            let s = numpySum(row, count: outputs)
            for k in 0..<outputs { row[k] = row[k] / s }
        }
    }

    /// The cross-entropy of the probabilities in a2: -Σ log(y[i, t_i] + 1e-7) / n.
    private func crossEntropy(_ n: Int) -> Double {
        for r in 0..<n { picked[r] = log(a2[r * outputs + Int(labels[r])] + 1e-7) }
        return -numpySum(picked, count: n) / Double(n)
    }

    /// np.sum(d, axis=0) of a C-contiguous matrix: rows added one after another.
    private func columnSums(_ d: UnsafePointer<Double>, rows: Int, columns: Int, stride: Int? = nil,
                            into out: UnsafeMutablePointer<Double>) {
        out.update(from: d, count: columns)
        for r in 1..<Swift.max(rows, 1) {
            let row = d + r * (stride ?? columns)
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
}
