import Foundation
import Language

/// A lesson's workspace: an interpreter whose output is captured, so the tutor can show
/// it, compare it, or keep it quiet while replaying.
public final class Workspace {
    public let interpreter = Interpreter()
    private var captured = ""

    public struct Outcome {
        public var output: String
        public var result: Value?
        public var error: String?
    }

    public init() {
        interpreter.output = { [unowned self] in self.captured += $0 }
        for (name, module) in [("np", "numpy"), ("plt", "matplotlib.pyplot")] {
            if let m = try? interpreter.importModule(module) { interpreter.main.members[name] = .module(m) }
        }
        interpreter.markInitialNames()
    }

    /// Runs code as if typed at the prompt; echoed values are part of the output.
    public func run(_ code: String, echo: Bool) -> Outcome {
        captured = ""
        do {
            let (echoed, result) = try interpreter.runForResult(code, filename: "<lesson>", echo: echo)
            if let echoed { captured += ((try? interpreter.repr(echoed)) ?? "") + "\n" }
            return Outcome(output: captured, result: result, error: nil)
        } catch {
            return Outcome(output: captured, result: nil, error: interpreter.format(error))
        }
    }

    /// A check applied to the model solution's own run: the parts that can fail there.
    func selfCheck(_ check: Check, result: Value?) -> String? {
        switch check {
        case .value:
            if result == nil || { if case .none? = result { return true }; return false }() {
                return "value: the solution produces no result (None)"
            }
        case .valueOf(let e), .shape(of: let e?), .dtype(of: let e?):
            do { _ = try interpreter.evaluateExpression(e) } catch { return "\(e): " + interpreter.format(error) }
        case .shape(of: nil), .dtype(of: nil):
            if result == nil { return "shape/dtype: the solution produces no result" }
        case .defined(let names):
            for n in names where interpreter.main.members[n] == nil { return "defined: \(n) is not defined" }
        case .predicate(let p):
            if let r = result { interpreter.main.members["_"] = r }
            do {
                if !(try interpreter.truthy(try interpreter.evaluateExpression(p))) { return "expr \(p) is false" }
            } catch { return "expr \(p): " + interpreter.format(error) }
        }
        return nil
    }
}
