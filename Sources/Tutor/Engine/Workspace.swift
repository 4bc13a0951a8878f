import FoundationEssentials
import Language
import Tensor

/// A lesson's workspace: an interpreter with `np` and `plt` imported and its own random
/// generator state (swapped in around every run, so two workspaces never draw from each
/// other's stream). Output streams to `sink` when set, and is captured otherwise.
public final class Workspace {
    public let interpreter = Interpreter()
    private var captured = ""
    /// Where output goes live (the terminal); nil captures it for the caller.
    /// Warnings (stderr, as in Python) show only while output does: replays and the model
    /// workspace run the lesson's code behind the scenes.
    public var sink: ((String) -> Void)? {
        didSet { interpreter.warningsMuted = sink == nil }
    }
    private var randomState: RandomState.State

    public struct Outcome {
        public var output: String
        public var result: Value?
        public var error: String?
        /// The error itself, for callers that want its type.
        public var raised: Error?
    }

    public init() {
        let fresh = RandomState(seed: nil)
        randomState = fresh.getState()
        interpreter.output = { [unowned self] text in
            if let sink = self.sink { sink(text) } else { self.captured += text }
        }
        for (name, module) in [("np", "numpy"), ("plt", "matplotlib.pyplot")] {
            if let m = try? interpreter.importModule(module) { interpreter.main.members[Name(name)] = .module(m) }
        }
        interpreter.markInitialNames()
        interpreter.warningsMuted = true
    }

    /// Runs `body` with this workspace's random state in the global generator.
    public func withRandomState<T>(_ body: () throws -> T) rethrows -> T {
        let global = RandomState.global
        let outside = global.getState()
        try? global.setState(randomState)
        defer {
            randomState = global.getState()
            try? global.setState(outside)
        }
        return try body()
    }

    /// Runs code as if typed at the prompt; echoed values are part of the output.
    public func run(_ code: String, echo: Bool) -> Outcome {
        captured = ""
        return withRandomState {
            do {
                let (echoed, result) = try interpreter.runForResult(code, filename: "<lesson>", echo: echo)
                if let echoed, echo {
                    let text = ((try? interpreter.repr(echoed)) ?? "") + "\n"
                    if let sink { sink(text) } else { captured += text }
                }
                return Outcome(output: captured, result: result, error: nil, raised: nil)
            } catch {
                return Outcome(output: captured, result: nil, error: interpreter.format(error), raised: error)
            }
        }
    }

    /// Evaluates one expression (for `value of` checks and numeric quiz answers).
    public func evaluate(_ expression: String) throws -> Value {
        try withRandomState { try interpreter.evaluateExpression(expression) }
    }

    /// Names the lesson's code bound (everything but the initial built-ins and imports).
    public var boundNames: [String] { interpreter.userVariables.map { $0.0 } }

    public func value(of name: String) -> Value? { interpreter.main.members[Name(name)] }

    /// Makes this (model) workspace see the learner's data as the step begins: every plain
    /// data binding (numbers, strings, arrays, lists, tuples, dicts) is copied over, and the
    /// random state too, so a model solution such as `x_train[batch_mask]` or
    /// `np.random.choice(...)` works on the learner's own batch. Functions, classes and
    /// objects stay the model's, which keeps the expected answers canonical. Arrays too big
    /// to copy cheaply are shared only when this workspace has none of that name.
    func adoptData(from learner: Workspace) {
        randomState = learner.randomState
        var aliases = [ObjectIdentifier: NDArray]()
        for (name, value) in learner.interpreter.userVariables {
            switch value {
            case .array(let a) where a.nbytes > Snapshot.copyLimit:
                if interpreter.main.members[Name(name)] == nil { set(name, value) }
            case .int, .float, .bool, .str, .none, .scalar, .array, .list, .tuple, .dict:
                if let copy = try? Copier.copy(value, aliases: &aliases) { set(name, copy) }
            default: break
            }
        }
    }

    public func set(_ name: String, _ value: Value) { interpreter.main.members[Name(name)] = value }

    /// A check applied to the model solution's own run: the parts that can fail there.
    func selfCheck(_ check: Check, result: Value?) -> String? {
        switch check {
        case .value:
            if result == nil || { if case .none? = result { return true }; return false }() {
                return "value: the solution produces no result (None)"
            }
        case .valueOf(let e), .shape(of: let e?), .dtype(of: let e?):
            do { _ = try evaluate(e) } catch { return "\(e): " + interpreter.format(error) }
        case .shape(of: nil), .dtype(of: nil):
            if result == nil { return "shape/dtype: the solution produces no result" }
        case .defined(let names):
            for n in names where interpreter.main.members[Name(n)] == nil { return "defined: \(n) is not defined" }
        case .predicate(let p):
            if let r = result { interpreter.main.members["_"] = r }
            do {
                if !(try interpreter.truthy(try evaluate(p))) { return "expr \(p) is false" }
            } catch { return "expr \(p): " + interpreter.format(error) }
        }
        return nil
    }
}
