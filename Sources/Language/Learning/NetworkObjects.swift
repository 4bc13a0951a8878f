#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensor

/// `TwoLayerNet(...)`: the learning library's network with the book's attributes. `params`
/// is one dict whose arrays are the network's own, so `net.params['W1'] -= ...` trains it.
final class TwoLayerNetObject: HostObject {
    let net: TwoLayerNet
    let params = PyDict()
    let layers = PyDict()
    let lastLayer: LossLayerObject

    init(_ net: TwoLayerNet) throws {
        self.net = net
        for (name, a) in net.params { try params.set(.str(name), .array(a)) }
        for (name, l) in net.layers { try layers.set(.str(name), .object(LayerObject(l))) }
        lastLayer = LossLayerObject(softmax: net.lastLayer)
    }

    var typeName: String { "TwoLayerNet" }
    var attributeNames: [String] {
        ["params", "layers", "lastLayer", "predict", "loss", "accuracy", "numerical_gradient", "gradient", "summary"]
    }

    /// A learner may have put new arrays into `params` (`net.params['W1'] = ...`): the network
    /// follows the dict before every use, as the book's dict-based network would.
    func syncParameters() throws {
        for (name, mine) in net.params {
            guard case .array(let a)? = try params.get(.str(name)) else { continue }
            if a !== mine { try net.setParam(name, a) }
        }
    }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        func xt(_ args: [Value], _ kwargs: [(String, Value)], _ f: String) throws -> (NDArray, NDArray) {
            try syncParameters()
            return (try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", f), interp),
                    try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "t", f), interp))
        }
        func dict(_ pairs: [(name: String, array: NDArray)]) throws -> Value {
            let d = PyDict()
            for (k, v) in pairs { try d.set(.str(k), .array(v)) }
            return .dict(d)
        }
        switch name {
        case "params": return .dict(params)
        case "layers": return .dict(layers)
        case "lastLayer": return .object(lastLayer)
        case "predict":
            return LearningValues.method("predict", "net.predict(x): scores before softmax") { args, kwargs, interp in
                try self.syncParameters()
                return .array(try self.net.predict(try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "predict"), interp)))
            }
        case "loss":
            return LearningValues.method("loss", "net.loss(x, t): mean cross-entropy of the batch") { args, kwargs, _ in
                let (x, t) = try xt(args, kwargs, "loss")
                return LearningValues.scalar(try self.net.loss(x, t))
            }
        case "accuracy":
            return LearningValues.method("accuracy", "net.accuracy(x, t): share of correct predictions") { args, kwargs, _ in
                let (x, t) = try xt(args, kwargs, "accuracy")
                return .scalar(.float64(try self.net.accuracy(x, t)))
            }
        case "gradient":
            return LearningValues.method("gradient", "net.gradient(x, t): backpropagation; a dict like params") { args, kwargs, _ in
                let (x, t) = try xt(args, kwargs, "gradient")
                return try dict(try self.net.gradient(x, t))
            }
        case "numerical_gradient":
            return LearningValues.method("numerical_gradient", "net.numerical_gradient(x, t, method='fast')\n\nCentral differences for every parameter. method='naive' recomputes the whole network for every element, as the book does (slow; shows progress; Ctrl-C stops it).") { args, kwargs, interp in
                let (x, t) = try xt(args, kwargs, "numerical_gradient")
                let method = try kwargs.first(where: { $0.0 == "method" }).map { try interp.str($0.1) } ?? "fast"
                switch method {
                case "fast": return try dict(try self.net.fastNumericalGradient(x, t))
                case "naive":
                    let meter = ProgressMeter(label: "numerical gradient", interp: interp)
                    defer { meter.finish() }
                    return try dict(try self.net.numericalGradient(x, t) { done, total in meter.update(done, total) })
                default: throw PyError(.valueError, "method must be 'fast' or 'naive', not '\(method)'")
                }
            }
        case "summary":
            return LearningValues.method("summary", "net.summary(): layers, shapes, parameter counts and weight statistics") { _, _, interp in
                try self.syncParameters()
                interp.output(try self.net.summary() + "\n")
                return .none
            }
        default: return nil
        }
    }

    func repr(in interp: Interpreter) throws -> String {
        "<TwoLayerNet \(net.inputSize)-\(net.hiddenSize)-\(net.outputSize) \(net.activation.rawValue)>"
    }
}

/// `simpleNet()`: the 2×3 network of the gradient section; `W` may be reassigned.
final class SimpleNetObject: HostObject {
    let net: SimpleNet
    init(_ net: SimpleNet) { self.net = net }
    var typeName: String { "simpleNet" }
    var attributeNames: [String] { ["W", "predict", "loss"] }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        switch name {
        case "W": return .array(net.W)
        case "predict":
            return LearningValues.method("predict", "net.predict(x): np.dot(x, net.W)") { args, kwargs, interp in
                .array(try self.net.predict(try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "predict"), interp)))
            }
        case "loss":
            return LearningValues.method("loss", "net.loss(x, t): cross-entropy of softmax(predict(x))") { args, kwargs, interp in
                let x = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "loss"), interp)
                let t = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "t", "loss"), interp)
                return LearningValues.scalar(try self.net.loss(x, t))
            }
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value, in interp: Interpreter) throws -> Bool {
        guard name == "W" else { return false }
        net.W = try LearningValues.array(value, interp)
        return true
    }

    func repr(in interp: Interpreter) throws -> String { "<simpleNet object>" }
}

/// What `train(...)` returns: lists ready for `plt.plot`.
final class HistoryObject: HostObject {
    let history: TrainingHistory
    init(_ history: TrainingHistory) { self.history = history }
    var typeName: String { "TrainingHistory" }
    var attributeNames: [String] { ["loss", "train_acc", "test_acc", "iter_per_epoch", "stopped"] }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        switch name {
        case "loss": return .list(PyList(history.loss.map { .float($0) }))
        case "train_acc": return .list(PyList(history.trainAccuracy.map { .float($0) }))
        case "test_acc": return .list(PyList(history.testAccuracy.map { .float($0) }))
        case "iter_per_epoch": return .int(history.iterationsPerEpoch)
        case "stopped": return history.stoppedEarly.map { .str($0) } ?? .none
        default: return nil
        }
    }

    func repr(in interp: Interpreter) throws -> String {
        "<TrainingHistory: \(history.loss.count) iterations, \(history.trainAccuracy.count) accuracy measurements>"
    }
}

/// A one-line progress display with an ETA, redrawn in place on a terminal (silent otherwise).
final class ProgressMeter {
    let label: String
    let interp: Interpreter
    let start = monotonicSeconds()
    var lastDraw = 0.0
    let enabled = isatty(1) != 0

    init(label: String, interp: Interpreter) {
        self.label = label
        self.interp = interp
    }

    /// `extra` is made only when the line is drawn (ten times a second at most).
    func update(_ done: Int, _ total: Int, extra: @autoclosure () -> String = "") {
        guard enabled, total > 0 else { return }
        let now = monotonicSeconds()
        guard now - lastDraw > 0.1 || done == total else { return }
        lastDraw = now
        let elapsed = now - start
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let width = 20, filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        interp.output("\r\(label) [\(bar)] \(done)/\(total)\(extra())  ETA \(Int(eta.rounded()))s   ")
    }

    func finish() { if enabled && lastDraw > 0 { interp.output("\r" + String(repeating: " ", count: 78) + "\r") } }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

extension TwoLayerNetObject: HoldsArrays {
    var heldArrays: [NDArray] {
        params.values.compactMap { if case .array(let a) = $0 { return a }; return nil } + net.params.map(\.array)
    }
}

extension SimpleNetObject: HoldsArrays {
    var heldArrays: [NDArray] { [net.W] }
}

extension LayerObject: HoldsArrays {
    var heldArrays: [NDArray] {
        guard let a = layer as? Affine else { return [] }
        return [a.W, a.b]
    }
}
