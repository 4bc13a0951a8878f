import Tensor

/// What a training run recorded, ready to plot.
public struct TrainingHistory {
    /// The mini-batch loss after every iteration.
    public var loss: [Double] = []
    /// Accuracy on the training (and test) data at the start of every epoch.
    public var trainAccuracy: [Double] = []
    public var testAccuracy: [Double] = []
    public var iterationsPerEpoch: Int = 1
    /// Why training ended early, if it did ("interrupted", or the non-finite loss message).
    public var stoppedEarly: String?
}

/// Mini-batch stochastic gradient descent for a ``TwoLayerNet``, as the book's training loop:
/// draw `batchSize` random rows, backpropagate, step every parameter by `-lr * grad`,
/// and measure accuracy once per epoch (at iteration 0 too).
public struct Trainer {
    public var iterations = 10_000
    public var batchSize = 100
    public var learningRate = 0.1
    /// Threads for the training kernel at most; each phase of a step uses as many of them as
    /// the machine has idle cores at the time (nil: the whole team).
    public var threads: Int?
    /// Called once per epoch with (epoch index, iteration, train accuracy, test accuracy).
    public var onEpoch: ((Int, Int, Double, Double?) -> Void)?
    /// Called after every iteration with (iteration, loss). The net's W1 is brought up to
    /// date at each epoch and when training ends, not here (the fast kernel trains a copy).
    public var onIteration: ((Int, Double) -> Void)?

    public init() {}

    public func train(_ net: TwoLayerNet, x: NDArray, t: NDArray, xTest: NDArray? = nil, tTest: NDArray? = nil,
                      random: RandomState = .global) throws -> TrainingHistory {
        let trainSize = x.shape.first ?? 0
        guard trainSize > 0 else { throw TensorError.value("the training set is empty") }
        guard t.shape.first == trainSize else {
            throw TensorError.value("x has \(trainSize) rows but t has \(t.shape.first ?? 0)")
        }
        guard batchSize > 0 else { throw TensorError.value("batch_size must be positive") }
        var history = TrainingHistory()
        // The book: iter_per_epoch = max(train_size / batch_size, 1), a float.
        let perEpoch = Swift.max(Double(trainSize) / Double(batchSize), 1)
        history.iterationsPerEpoch = Int(perEpoch)
        let lr = PythonScalar.float(learningRate)
        // The allocation-free kernel when the data and parameters allow it; the layers otherwise.
        let testReadable = xTest.map { xt in tTest.map { TrainingKernel.accepts(xt, $0, inputs: net.inputSize, outputs: net.outputSize) } ?? true } ?? true
        let kernel = TrainingKernel.accepts(x, t, inputs: net.inputSize, outputs: net.outputSize) && testReadable
            ? TrainingKernel(net, batch: batchSize, threads: threads ?? WorkerTeam.shared.size) : nil
        // Scoring each set three times or more repays packing it once; sessions with a memory
        // limit (classroom mode) score from the arrays themselves.
        kernel?.packsScoredData = Double(iterations) / perEpoch > 2 && TensorLimits.maxTotalBytes == .max
        let targets = kernel.map { _ in TrainingTargets(t, classes: net.outputSize) }
        let testTargets = kernel.flatMap { _ in tTest.map { TrainingTargets($0, classes: net.outputSize) } }
        func accuracy(_ xs: NDArray, _ ts: NDArray, _ decoded: TrainingTargets?) throws -> Double {
            if let kernel, let decoded { return kernel.accuracy(xs, decoded) }
            return try net.accuracy(xs, ts)
        }
        let mask = try NDArray(zeros: [batchSize], dtype: .int64)
        defer { kernel?.finish() }
        for i in 0..<iterations {
            if Interrupt.isRequested { Interrupt.clear(); history.stoppedEarly = "interrupted"; break }
            try random.choice(trainSize, count: batchSize, into: mask.pointer(Int64.self))
            let l: Double
            if let kernel, let targets, let fast = kernel.step(x, targets, mask: mask.readPointer(Int64.self), learningRate: learningRate) {
                l = fast
            } else {
                guard case .array(let xb) = try x.get([.array(mask)]), case .array(let tb) = try t.get([.array(mask)]) else { break }
                let grads = try net.gradient(xb, tb)
                for (name, g) in grads {
                    try binaryInPlace(.subtract, net.param(name)!, .array(try binary(.multiply, .python(lr), .array(g))))
                }
                l = try net.loss(xb, tb).scalar(atStorageOffset: 0).doubleValue
            }
            history.loss.append(l)
            onIteration?(i, l)
            if !l.isFinite {
                history.stoppedEarly = "loss became \(l.isNaN ? "nan" : "inf") at iteration \(i): the learning rate \(learningRate) is probably too large"
                break
            }
            if Double(i).truncatingRemainder(dividingBy: perEpoch) == 0 {
                let trainAcc = try accuracy(x, t, targets)
                let testAcc = try xTest.flatMap { xt in try tTest.map { try accuracy(xt, $0, testTargets) } }
                history.trainAccuracy.append(trainAcc)
                if let testAcc { history.testAccuracy.append(testAcc) }
                onEpoch?(history.trainAccuracy.count - 1, i, trainAcc, testAcc)
            }
        }
        return history
    }
}
