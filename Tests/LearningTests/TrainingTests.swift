import Testing
import Tensor
@testable import Learning

/// Training on MNIST: the same mini-batches and losses as the book's loop in NumPy under the
/// same seed, an accuracy floor after one epoch, and a nan stop with an explanation.
@Suite(.serialized) struct TrainingTests {
    static func mnist() throws -> LoadedDataSet {
        try MNIST.load(directory: Support.mnistDirectory)
    }

    @Test func loadedArraysMatchNumPy() throws {
        let data = try Self.mnist()
        #expect(data.trainImages.shape == [60000, 784] && data.trainImages.dtype == .float32)
        #expect(data.testImages.shape == [10000, 784] && data.trainLabels.dtype == .uint8)
        let expected = try Support.pythonNumbers(Support.pythonMNIST + """
            print(repr(float(x_train[0].sum())), repr(float(x_test[9999].sum())), int(t_train[:10].sum()), int(t_test.sum()))
            print(*[int(v) for v in t_train[:5]])
            """)
        #expect(Support.scalar(try reduce(.sum, try row(data.trainImages, 0))) == expected[0])
        #expect(Support.scalar(try reduce(.sum, try row(data.testImages, 9999))) == expected[1])
        #expect(Support.values(data.trainLabels).prefix(5).elementsEqual(expected[4...8]))
        #expect(Support.values(data.testLabels).reduce(0, +) == expected[3])
        // The book's other shapes: unflattened images and one-hot labels.
        let shaped = try MNIST.load(flatten: false, oneHotLabel: true, directory: Support.mnistDirectory)
        #expect(shaped.trainImages.shape == [60000, 1, 28, 28] && shaped.trainLabels.shape == [60000, 10])
        let raw = try MNIST.load(normalize: false, directory: Support.mnistDirectory)
        #expect(raw.trainImages.dtype == .uint8)
    }

    func row(_ a: NDArray, _ i: Int) throws -> NDArray {
        guard case .array(let r) = try a.get([.int(i)]) else { throw TensorError.value("no row") }
        return r
    }

    @Test func seededTrainingFollowsNumPysRun() throws {
        let data = try Self.mnist()
        let random = RandomState(seed: 1)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: random)
        var trainer = Trainer()
        trainer.iterations = 120
        let history = try trainer.train(net, x: data.trainImages, t: data.trainLabels, random: random)
        let expected = try Support.pythonNumbers(Support.pythonMNIST + """
            np.random.seed(1)
            W1 = 0.01 * np.random.randn(784, 50); b1 = np.zeros(50); W2 = 0.01 * np.random.randn(50, 10); b2 = np.zeros(10)
            def forward(x):
                h = np.maximum(x @ W1 + b1, 0); z = h @ W2 + b2
                z = z - z.max(axis=1, keepdims=True); y = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                return h, y
            out = []
            for i in range(120):
                m = np.random.choice(60000, 100); x = x_train[m]; t = t_train[m]
                h, y = forward(x)
                d = y.copy(); d[np.arange(100), t] -= 1; d /= 100
                dW2 = h.T @ d; db2 = d.sum(axis=0); dh = d @ W2.T; dh[h <= 0] = 0
                dW1 = x.T @ dh; db1 = dh.sum(axis=0)
                W1 -= 0.1 * dW1; b1 -= 0.1 * db1; W2 -= 0.1 * dW2; b2 -= 0.1 * db2
                h, y = forward(x)
                out.append(-np.sum(np.log(y[np.arange(100), t] + 1e-7)) / 100)
            print(*[repr(float(v)) for v in out])
            """)
        #expect(history.loss.count == 120)
        // BLAS builds differ in rounding only; 120 steps keep that far below 1e-9.
        #expect(Support.maxAbsDifference(history.loss, expected) < 1e-9)
        #expect(history.trainAccuracy.count == 1, "accuracy at iteration 0 only")
    }

    @Test func oneEpochReachesTheBooksAccuracyFloor() throws {
        let data = try Self.mnist()
        let random = RandomState(seed: 2)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: random)
        var trainer = Trainer()
        trainer.iterations = 601
        var lines = [String]()
        trainer.onEpoch = { epoch, i, train, test in lines.append("\(epoch) \(i) \(train) \(test ?? -1)") }
        let history = try trainer.train(net, x: data.trainImages, t: data.trainLabels,
                                        xTest: data.testImages, tTest: data.testLabels, random: random)
        #expect(history.testAccuracy.count == 2 && lines.count == 2)
        // The seeds: about 0.10 before training and 0.90 after one epoch.
        #expect(history.testAccuracy[0] < 0.2)
        #expect(history.testAccuracy[1] > 0.88, "\(history.testAccuracy)")
        #expect(history.loss.last! < 0.6)
    }

    /// train()'s kernel (compressed rows for image-like data, shared among 1 or 3 threads; BLAS
    /// for dense data) takes the same steps as the layers do — the book's gradient, update and
    /// loss — on the same batches, and scores accuracy as they do.
    /// Soft targets (rows that are not one-hot) leave the steps whose batch holds one to the
    /// layers, on the net's own arrays, between the kernel's steps.
    @Test(arguments: [(TwoLayerNet.Activation.relu, true, 1, false), (.sigmoid, true, 3, false), (.relu, true, 3, false),
                      (.relu, false, 1, false), (.sigmoid, false, 2, false), (.relu, true, 2, true)])
    func theKernelStepsAsTheLayersDo(_ activation: TwoLayerNet.Activation, _ imageLike: Bool, _ threads: Int, _ soft: Bool) throws {
        let rows = 300, hidden = 13, batch = 17, steps = 25
        let x: NDArray
        let labels: NDArray
        if imageLike {
            let data = try Self.mnist()
            guard case .array(let xs) = try data.trainImages.get([.slice(nil, rows, nil)]),
                  case .array(let ls) = try data.trainLabels.get([.slice(nil, rows, nil)]) else { return }
            (x, labels) = (xs, ls)
        } else {
            let random = RandomState(seed: 8)
            x = try random.standardNormal([rows, 784])
            labels = try random.randint(low: 0, high: 10, shape: [rows])
        }
        guard case .array(let oneHot) = try eye(10).get([.array(labels)]) else { return }
        if soft {
            for r in stride(from: 0, to: rows, by: 60) {
                let row = oneHot.pointer(Double.self) + r * 10
                for k in 0..<10 { row[k] = k < 2 ? 0.5 : 0 }
            }
        }
        func net() throws -> TwoLayerNet {
            try TwoLayerNet(inputSize: 784, hiddenSize: hidden, outputSize: 10, weightInitStd: 0.1,
                            activation: activation, random: RandomState(seed: 4))
        }
        let fast = try net()
        var trainer = Trainer()
        trainer.iterations = steps
        trainer.batchSize = batch
        trainer.threads = threads
        let history = try trainer.train(fast, x: x, t: oneHot, xTest: x, tTest: labels, random: RandomState(seed: 5))

        let slow = try net(), random = RandomState(seed: 5)
        var losses: [Double] = [], firstAccuracy: [Double] = []
        for _ in 0..<steps {
            let mask = try random.choice(rows, shape: [batch])
            guard case .array(let xb) = try x.get([.array(mask)]), case .array(let tb) = try oneHot.get([.array(mask)]) else { return }
            for (name, g) in try slow.gradient(xb, tb) {
                try binaryInPlace(.subtract, slow.param(name)!, .array(try binary(.multiply, .python(.float(0.1)), .array(g))))
            }
            losses.append(Support.scalar(try slow.loss(xb, tb)))
            if firstAccuracy.isEmpty { firstAccuracy = [try slow.accuracy(x, oneHot), try slow.accuracy(x, labels)] }
        }
        #expect(Support.maxAbsDifference(history.loss, losses) < 1e-12, "\(history.loss.prefix(3)) vs \(losses.prefix(3))")
        // Accuracy after the first step, on one-hot and on label targets, as the layers score it.
        #expect(history.trainAccuracy == [firstAccuracy[0]] && history.testAccuracy == [firstAccuracy[1]])
        for name in ["W1", "b1", "W2", "b2"] {
            let d = Support.maxAbsDifference(Support.values(fast.param(name)!), Support.values(slow.param(name)!))
            #expect(d < 1e-12, "\(name): \(d)")
        }
    }

    /// The float32 scoring pass answers as float64 does: on a trained net, on one whose
    /// classes 3 and 7 tie (every row where they lead must be scored again in float64; BLAS
    /// need not round the two columns alike, so only the kernel's own float64 pass is the
    /// reference there), and through a sigmoid.
    @Test(arguments: [TwoLayerNet.Activation.relu, .sigmoid])
    func certifiedScoringAgreesWithFloat64(_ activation: TwoLayerNet.Activation) throws {
        let data = try Self.mnist()
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, activation: activation, random: RandomState(seed: 2))
        var trainer = Trainer()
        trainer.iterations = 200
        trainer.learningRate = activation == .sigmoid ? 2 : 0.1
        _ = try trainer.train(net, x: data.trainImages, t: data.trainLabels, random: RandomState(seed: 3))
        let kernel = try #require(TrainingKernel(net, batch: 100, threads: 2))
        let targets = TrainingTargets(data.testLabels, classes: 10)
        // Scored from the images, then packed (two segments, which the scoring chunks straddle)
        // and from the packed copy.
        func both() -> (Double, Double, Int) {
            kernel.certifiedScoring = false
            let exact = kernel.accuracy(data.testImages, targets)
            kernel.certifiedScoring = true
            kernel.packsScoredData = false
            let fast = kernel.accuracy(data.testImages, targets)
            kernel.packsScoredData = true
            #expect(kernel.accuracy(data.testImages, targets) == fast, "packing as it scores")
            #expect(kernel.accuracy(data.testImages, targets) == fast, "from the packed rows")
            #expect(kernel.packedDataSets == 1)
            return (exact, fast, kernel.rowsRescored)
        }
        let (exact, fast, _) = both()
        #expect(fast == exact)
        #expect(exact == (try net.accuracy(data.testImages, data.testLabels)))
        #expect(exact > 0.8, "\(exact)")

        let W2 = net.param("W2")!.pointer(Double.self), b2 = net.param("b2")!.pointer(Double.self)
        for j in 0..<50 { W2[j * 10 + 7] = W2[j * 10 + 3] }
        b2[7] = b2[3]
        let (tiedExact, tiedFast, rescored) = both()
        #expect(tiedFast == tiedExact)
        #expect(rescored >= 900, "rows led by the tied classes are scored again: \(rescored)")
    }

    /// Images with NaN, inf or pixels beyond float32's comfort, and a W1 too large for
    /// float32: the float32 pass leaves what it cannot bound to float64, so the accuracy is
    /// float64's.
    @Test func certifiedScoringLeavesWhatItCannotBoundToFloat64() throws {
        let data = try Self.mnist()
        guard case .array(let head) = try data.testImages.get([.slice(nil, 600, nil)]),
              case .array(let labels) = try data.testLabels.get([.slice(nil, 600, nil)]) else { return }
        let x = try head.copy()
        let pixels = x.pointer(Float.self)
        pixels[3 * 784 + 400] = .nan
        pixels[5 * 784 + 10] = .infinity
        pixels[7 * 784 + 300] = -.infinity
        pixels[9 * 784 + 350] = 3e38
        pixels[11 * 784 + 200] = 1e-40   // subnormal
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: RandomState(seed: 6))
        var trainer = Trainer()
        trainer.iterations = 100
        _ = try trainer.train(net, x: data.trainImages, t: data.trainLabels, random: RandomState(seed: 7))
        let kernel = try #require(TrainingKernel(net, batch: 100, threads: 2))
        let targets = TrainingTargets(labels, classes: 10)
        func agree() -> Int {
            kernel.certifiedScoring = false
            let exact = kernel.accuracy(x, targets)
            kernel.certifiedScoring = true
            #expect(kernel.accuracy(x, targets) == exact)
            let rescored = kernel.rowsRescored
            kernel.packsScoredData = true
            #expect(kernel.accuracy(x, targets) == exact, "from the packed rows")
            #expect(kernel.rowsRescored == rescored)
            kernel.packsScoredData = false
            return rescored
        }
        #expect(agree() >= 4, "the rows with NaN or inf go to float64")
        net.param("W1")!.pointer(Double.self)[123] = 1e35
        #expect(agree() == 0, "no float32 pass with a W1 float32 cannot hold")
    }

    /// The kernel writes the net's parameters through pointers it took when made; a product
    /// that kept a padded copy of W1 in between must see the values it writes back.
    @Test func productsAfterTheKernelWritesBackSeeTheNewW1() throws {
        let data = try Self.mnist()
        guard case .array(let xb) = try data.trainImages.get([.slice(nil, 100, nil)]) else { return }
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: RandomState(seed: 9))
        let kernel = try #require(TrainingKernel(net, batch: 100, threads: 2))
        let targets = TrainingTargets(data.trainLabels, classes: 10)
        let mask = try NDArray(zeros: [100], dtype: .int64)
        for i in 0..<100 { mask.pointer(Int64.self)[i] = Int64(i * 7) }
        _ = try #require(kernel.step(data.trainImages, targets, mask: mask.readPointer(Int64.self), learningRate: 0.1))
        let W1 = net.param("W1")!
        _ = try dot(xb, W1)   // keeps W1's padded copy (the kernel's steps are not in W1 yet)
        kernel.finish()
        let after = try dot(xb, W1).copy(), expected = try dot(xb, try W1.copy()).copy()
        #expect((0..<after.count).allSatisfy { after.readPointer(Double.self)[$0] == expected.readPointer(Double.self)[$0] })
    }

    @Test func aDivergingRateStopsWithAnExplanation() throws {
        let data = try Self.mnist()
        let random = RandomState(seed: 3)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, weightInitStd: 1, random: random)
        var trainer = Trainer()
        trainer.iterations = 300
        trainer.learningRate = 1e300
        let history = try trainer.train(net, x: data.trainImages, t: data.trainLabels, random: random)
        let stop = try #require(history.stoppedEarly)
        #expect(stop.contains("loss became") && stop.contains("is probably too large"), "\(stop)")
        #expect(history.loss.count < 300)
    }
}
