#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensor

/// `train(net, x, t, ...)` in the language: the learning library's trainer with one printed
/// line per epoch, a live progress line on a terminal, and Ctrl-C stopping cleanly.
enum Training {
    static func run(_ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> Value {
        let p = try Arguments("train", args, kwargs, ["net", "x", "t", "iters", "batch_size", "lr", "x_test", "t_test", "seed"], required: 3)
        guard case .object(let o)? = p["net"], let net = o as? TwoLayerNetObject else {
            throw PyError(.typeError, "train() needs a TwoLayerNet as net")
        }
        try net.syncParameters()
        var trainer = Trainer()
        trainer.iterations = try p.int("iters", interp) ?? 10_000
        trainer.batchSize = try p.int("batch_size", interp) ?? 100
        trainer.learningRate = try p.double("lr", interp) ?? 0.1
        guard trainer.iterations >= 0 else { throw PyError(.valueError, "iters must be >= 0") }
        guard trainer.batchSize > 0 else { throw PyError(.valueError, "batch_size must be positive") }
        let x = try p.array("x", interp)!, t = try p.array("t", interp)!
        let xTest = try p.array("x_test", interp), tTest = try p.array("t_test", interp)
        let random: RandomState
        if let seed = try p.int("seed", interp) {
            random = RandomState(seed: nil)
            try random.seed(int: Int64(seed))
        } else {
            random = interp.randomState
        }
        let meter = ProgressMeter(label: "training", interp: interp)
        trainer.onIteration = { i, loss in
            meter.update(i + 1, trainer.iterations, extra: "  loss \(format(loss))")
        }
        trainer.onEpoch = { epoch, iteration, trainAcc, testAcc in
            meter.finish()
            var line = "epoch \(epoch) (iteration \(iteration)): train acc \(format(trainAcc))"
            if let testAcc { line += ", test acc \(format(testAcc))" }
            interp.output(line + "\n")
        }
        let history = try trainer.train(net.net, x: x, t: t, xTest: xTest, tTest: tTest, random: random)
        meter.finish()
        if let reason = history.stoppedEarly {
            interp.output(reason == "interrupted"
                ? "training stopped by Ctrl-C after \(history.loss.count) iterations; the network keeps its current parameters\n"
                : reason + "\n")
        }
        return .object(HistoryObject(history))
    }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
        let scaled = (x * 10_000).rounded() / 10_000
        var s = pythonFloatRepr(scaled)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < 4 { s += String(repeating: "0", count: 4 - decimals) }
        }
        return s
    }
}

/// Download progress for load_mnist on stderr, only when stderr is a terminal.
final class DownloadMeter {
    let enabled = isatty(2) != 0
    var last = 0.0

    func report(_ file: String, _ received: Int, _ total: Int?) {
        guard enabled else { return }
        let now = monotonicSeconds()
        if now - last < 0.1 && received != total { return }
        last = now
        var text = "\rdownloading \(file): \(received / 1024) KiB"
        if let total, total > 0 { text += " of \(total / 1024) KiB (\(received * 100 / total)%)" }
        fputs(text + "   ", stderr)
        if let total, received >= total { fputs("\n", stderr) }
    }
}
