import Learning
import Tensor

/// The learning library in the language: plain built-ins, and the book's module names
/// (`from common.functions import *`, `from common.layers import *`,
/// `from common.gradient import numerical_gradient`, `from dataset.mnist import load_mnist`).
/// A learner's own `def sigmoid` shadows the built-in, which is how lessons have learners
/// write these functions themselves.
enum LearningModule {
    static func register(in interp: Interpreter) {
        let functions = functionMembers()
        let gradients = gradientMembers()
        let layers = layerMembers()
        let networks = networkMembers()
        let data = dataMembers()
        for (name, value) in functions.merging(gradients, uniquingKeysWith: { a, _ in a })
            .merging(layers, uniquingKeysWith: { a, _ in a }).merging(networks, uniquingKeysWith: { a, _ in a })
            .merging(data, uniquingKeysWith: { a, _ in a }) {
            interp.builtins[Name(name)] = value
        }
        func module(_ name: String, _ members: [String: Value], _ doc: String) {
            interp.registerModule(name) { _ in PyModule(name: name, members: members, doc: doc) }
        }
        module("common", [:], "The book's common/ package, built in.")
        module("common.functions", functions, "Activation and loss functions (common/functions.py).")
        module("common.gradient", gradients, "Numerical gradients (common/gradient.py).")
        // The book's layers.py imports the functions too, so `import *` brings them along.
        module("common.layers", layers.merging(functions, uniquingKeysWith: { a, _ in a }), "Layers with forward and backward (common/layers.py).")
        module("common.util", [:], "Helpers of the book (not needed by the lessons).")
        module("dataset", [:], "The book's dataset/ package, built in.")
        module("dataset.mnist", ["load_mnist": data["load_mnist"]!], "MNIST loading (dataset/mnist.py).")
        for name in ["two_layer_net", "ch04.two_layer_net", "ch05.two_layer_net"] {
            module(name, ["TwoLayerNet": networks["TwoLayerNet"]!], "The book's two-layer network.")
        }
        module("ch04", [:], "Chapter 4 of the book.")
        module("ch05", [:], "Chapter 5 of the book.")
    }

    static func fn(_ name: String, _ doc: String, _ params: [String], _ body: @escaping Builtin.Body) -> Value {
        .builtin(Builtin(name, doc: doc, parameters: params, body))
    }

    /// f(x) over an array argument; a 0-d result (from a Python number or a 0-d array) is a
    /// NumPy scalar, as the book's NumPy functions give.
    static func elementwise(_ name: String, _ doc: String, _ f: @escaping (NDArray) throws -> NDArray) -> Value {
        fn(name, doc, ["x"]) { args, kwargs, interp in
            let v = try LearningValues.argument(args, kwargs, 0, "x", name)
            return NumPyBridge.wrap(try f(try NumPyBridge.toArray(v, interp)), scalarResult: true)
        }
    }

    static func functionMembers() -> [String: Value] {
        var m = [String: Value]()
        m["identity_function"] = elementwise("identity_function", "identity_function(x): x unchanged") { $0 }
        m["identity"] = m["identity_function"]
        m["step_function"] = elementwise("step_function", "step_function(x): 1 where x > 0, else 0 (int array)", Activations.step)
        m["sigmoid"] = elementwise("sigmoid", "sigmoid(x) = 1 / (1 + exp(-x))\n\n>>> sigmoid(np.array([-1.0, 0.0, 1.0]))\narray([0.26894142, 0.5       , 0.73105858])", Activations.sigmoid)
        m["sigmoid_grad"] = elementwise("sigmoid_grad", "sigmoid_grad(x) = (1 - sigmoid(x)) * sigmoid(x)", Activations.sigmoidGrad)
        m["relu"] = elementwise("relu", "relu(x) = np.maximum(0, x)", Activations.relu)
        m["relu_grad"] = elementwise("relu_grad", "relu_grad(x): 1 where x >= 0, else 0", Activations.reluGrad)
        m["softmax"] = elementwise("softmax", "softmax(x): exp(x - max) / sum(exp(x - max)), per row for 2-d x", Activations.softmax)
        for name in ["sum_squared_error", "mean_squared_error"] {
            m[name] = fn(name, "\(name)(y, t) = 0.5 * np.sum((y - t)**2)\n\n>>> \(name)(np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]), np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]))\n0.09750000000000003", ["y", "t"]) { args, kwargs, interp in
                let y = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "y", name), interp)
                let t = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "t", name), interp)
                return LearningValues.scalar(try Losses.sumSquaredError(y, t))
            }
        }
        m["cross_entropy_error"] = fn("cross_entropy_error", "cross_entropy_error(y, t): mean of -log(y[label] + 1e-7) over the batch; t one-hot or labels\n\nThe course order cross_entropy_error(d, y) is also understood when the teacher data d is an integer array (labels or one-hot ints) and y is not.", ["y", "t"]) { args, kwargs, interp in
            let first = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "y", "cross_entropy_error"), interp)
            let second = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "t", "cross_entropy_error"), interp)
            let (y, t) = CourseFunctions.scoresAndTargets(first, second)
            return LearningValues.scalar(try Losses.crossEntropyError(y, t))
        }
        return m.merging(CourseFunctions.members(), uniquingKeysWith: { book, _ in book })
    }

    /// The scalar a learner's f returned, for the central difference.
    static func scalarResult(_ v: Value, _ interp: Interpreter) throws -> Scalar {
        switch v {
        case .scalar(let s): return s
        case .float(let d): return .float64(d)
        case .int(let i): return .float64(Double(i))
        case .bool(let b): return .float64(b ? 1 : 0)
        case .array(let a) where a.count == 1: return a.scalar(atStorageOffset: a.offset)
        default: throw PyError(.typeError, "the function must return a number, not '\(interp.typeName(v))'")
        }
    }

    static func gradientMembers() -> [String: Value] {
        var m = [String: Value]()
        m["numerical_diff"] = fn("numerical_diff", "numerical_diff(f, x): (f(x + h) - f(x - h)) / (2*h) with h = 1e-4\n\n>>> numerical_diff(lambda x: 0.01*x**2 + 0.1*x, 5)\n0.1999999999990898", ["f", "x"]) { args, kwargs, interp in
            let f = try LearningValues.argument(args, kwargs, 0, "f", "numerical_diff")
            let x = try LearningValues.argument(args, kwargs, 1, "x", "numerical_diff")
            // Evaluated with the language's own arithmetic, so every type behaves as in Python.
            let h = Value.float(NumericalDifferentiation.h)
            let up = try interp.call(f, [try interp.binary(.add, x, h)], [])
            let down = try interp.call(f, [try interp.binary(.sub, x, h)], [])
            return try interp.binary(.div, try interp.binary(.sub, up, down), try interp.binary(.mul, .int(2), h))
        }
        m["numerical_gradient"] = fn("numerical_gradient", "numerical_gradient(f, x): the gradient of f at x by central differences, nudging each element of x in place (so f may ignore its argument)\n\n>>> numerical_gradient(lambda x: np.sum(x**2), np.array([3.0, 4.0]))\narray([6., 8.])", ["f", "x"]) { args, kwargs, interp in
            let f = try LearningValues.argument(args, kwargs, 0, "f", "numerical_gradient")
            let xv = try LearningValues.argument(args, kwargs, 1, "x", "numerical_gradient")
            guard case .array(let x) = xv else {
                throw PyError(.typeError, "numerical_gradient needs x as a NumPy array (it is changed in place), not '\(interp.typeName(xv))'")
            }
            return .array(try NumericalDifferentiation.gradient({ a in try scalarResult(try interp.call(f, [.array(a)], []), interp) }, at: x))
        }
        m["gradient_descent"] = fn("gradient_descent", "gradient_descent(f, init_x, lr=0.01, step_num=100, history=False)\n\nRepeats x -= lr * numerical_gradient(f, x) on a copy of init_x; with history=True also returns the path (x before each step).", ["f", "init_x", "lr", "step_num", "history"]) { args, kwargs, interp in
            let p = try Arguments("gradient_descent", args, kwargs, ["f", "init_x", "lr", "step_num", "history"], required: 2)
            let f = p["f"]!
            let start = try p.array("init_x", interp)!
            let (x, path) = try NumericalDifferentiation.descend({ a in try scalarResult(try interp.call(f, [.array(a)], []), interp) },
                                                                from: start, learningRate: try p.double("lr", interp) ?? 0.01,
                                                                steps: try p.int("step_num", interp) ?? 100)
            return try p.bool("history", interp) == true ? .tuple([.array(x), .array(path)]) : .array(x)
        }
        return m
    }

    static func layerMembers() -> [String: Value] {
        var m = [String: Value]()
        m["Relu"] = fn("Relu", "Relu(): forward(x) keeps mask = (x <= 0) and zeroes those; backward(dout) zeroes dout there", []) { _, _, _ in .object(LayerObject(Relu())) }
        m["Sigmoid"] = fn("Sigmoid", "Sigmoid(): forward keeps out; backward(dout) = dout * (1 - out) * out", []) { _, _, _ in .object(LayerObject(Sigmoid())) }
        m["Affine"] = fn("Affine", "Affine(W, b): forward(x) = x @ W + b; backward sets dW = x.T @ dout, db = dout.sum(axis=0) and returns dout @ W.T", ["W", "b"]) { args, kwargs, interp in
            let W = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "W", "Affine"), interp)
            let b = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "b", "Affine"), interp)
            return .object(LayerObject(Affine(W: W, b: b)))
        }
        m["SoftmaxWithLoss"] = fn("SoftmaxWithLoss", "SoftmaxWithLoss(): forward(x, t) = cross-entropy of softmax(x); backward() = (y - t) / batch_size", []) { _, _, _ in
            .object(LossLayerObject(softmax: SoftmaxWithLoss()))
        }
        m["IdentityWithLoss"] = fn("IdentityWithLoss", "IdentityWithLoss(): squared-error output layer for regression; backward() = (y - t) / batch_size", []) { _, _, _ in
            .object(LossLayerObject(identity: IdentityWithLoss()))
        }
        return m
    }

    static func networkMembers() -> [String: Value] {
        var m = [String: Value]()
        m["TwoLayerNet"] = fn("TwoLayerNet", "TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01, activation='relu')\n\nThe book's two-layer network: params (W1, b1, W2, b2), layers, predict, loss, accuracy, gradient, numerical_gradient, summary().\n\n>>> net = TwoLayerNet(784, 50, 10)", ["input_size", "hidden_size", "output_size", "weight_init_std", "activation"]) { args, kwargs, interp in
            let p = try Arguments("TwoLayerNet", args, kwargs, ["input_size", "hidden_size", "output_size", "weight_init_std", "activation"], required: 3)
            let activationName = try p["activation"].map { try interp.str($0) } ?? "relu"
            guard let activation = TwoLayerNet.Activation(rawValue: activationName) else {
                throw PyError(.valueError, "activation must be 'relu' or 'sigmoid', not '\(activationName)'")
            }
            let net = try TwoLayerNet(inputSize: try p.int("input_size", interp)!, hiddenSize: try p.int("hidden_size", interp)!,
                                      outputSize: try p.int("output_size", interp)!, weightInitStd: try p.double("weight_init_std", interp) ?? 0.01,
                                      activation: activation, random: interp.randomState)
            return .object(try TwoLayerNetObject(net))
        }
        m["simpleNet"] = fn("simpleNet", "simpleNet(): the book's 2x3 network (W = np.random.randn(2, 3))", []) { _, _, interp in
            .object(SimpleNetObject(try SimpleNet(random: interp.randomState)))
        }
        m["gradient_check"] = fn("gradient_check", "gradient_check(net, x, t): for each parameter, the mean absolute difference between backprop and numerical gradients", ["net", "x", "t"]) { args, kwargs, interp in
            guard case .object(let o) = try LearningValues.argument(args, kwargs, 0, "net", "gradient_check"), let net = o as? TwoLayerNetObject else {
                throw PyError(.typeError, "gradient_check needs a TwoLayerNet")
            }
            try net.syncParameters()
            let x = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "x", "gradient_check"), interp)
            let t = try LearningValues.array(try LearningValues.argument(args, kwargs, 2, "t", "gradient_check"), interp)
            let d = PyDict()
            for (k, v) in try gradientCheck(net.net, x, t) { try d.set(.str(k), .float(v)) }
            return .dict(d)
        }
        m["train"] = fn("train", "train(net, x, t, iters=10000, batch_size=100, lr=0.1, x_test=None, t_test=None, seed=None)\n\nMini-batch SGD; prints train (and test) accuracy once per epoch; returns a history with .loss, .train_acc, .test_acc. Ctrl-C stops after the current step.", ["net", "x", "t", "iters", "batch_size", "lr", "x_test", "t_test", "seed"]) { args, kwargs, interp in
            try Training.run(args, kwargs, interp)
        }
        return m
    }

    static func dataMembers() -> [String: Value] {
        var m = [String: Value]()
        func loader(_ name: String, _ set: IDXDataSet) -> Value {
            fn(name, "\(name)(normalize=True, flatten=True, one_hot_label=False)\n\nReturns (x_train, t_train), (x_test, t_test): 60000 and 10000 images.", ["normalize", "flatten", "one_hot_label"]) { args, kwargs, interp in
                let p = try Arguments(name, args, kwargs, ["normalize", "flatten", "one_hot_label"])
                let meter = DownloadMeter()
                let d = try MNIST.load(set, normalize: try p.bool("normalize", interp) ?? true, flatten: try p.bool("flatten", interp) ?? true,
                                       oneHotLabel: try p.bool("one_hot_label", interp) ?? false,
                                       directory: set.name == "mnist" ? nil : "/usr/share/datasets/fashion-mnist",
                                       progress: meter.report)
                return .tuple([.tuple([.array(d.trainImages), .array(d.trainLabels)]), .tuple([.array(d.testImages), .array(d.testLabels)])])
            }
        }
        m["load_mnist"] = loader("load_mnist", .mnist)
        m["load_fashion_mnist"] = loader("load_fashion_mnist", .fashion)
        m["regression_data"] = fn("regression_data", "regression_data(n, low=0, high=1): x uniform in [low, high)^2 (n rows), y = 3*x0**2 + 2*x1", ["n", "low", "high"]) { args, kwargs, interp in
            let p = try Arguments("regression_data", args, kwargs, ["n", "low", "high"], required: 1)
            let (x, y) = try ToyData.regression(count: try p.int("n", interp)!, low: try p.double("low", interp) ?? 0, high: try p.double("high", interp) ?? 1, random: interp.randomState)
            return .tuple([.array(x), .array(y)])
        }
        m["spiral_data"] = fn("spiral_data", "spiral_data(per_class=100, classes=2): 2-d points on interleaved spirals and their labels", ["per_class", "classes"]) { args, kwargs, interp in
            let p = try Arguments("spiral_data", args, kwargs, ["per_class", "classes"])
            let (x, t) = try ToyData.spirals(perClass: try p.int("per_class", interp) ?? 100, classes: try p.int("classes", interp) ?? 2, random: interp.randomState)
            return .tuple([.array(x), .array(t)])
        }
        return m
    }
}
