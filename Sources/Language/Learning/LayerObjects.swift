import Learning
import Tensor

/// Shared plumbing for host objects that wrap the learning library's classes: optional
/// arrays as values, and arguments as arrays.
enum LearningValues {
    static func value(_ a: NDArray?) -> Value { a.map { .array($0) } ?? .none }

    /// A loss or other 0-d result as the NumPy scalar the book's code would get.
    static func scalar(_ a: NDArray) -> Value { NumPyBridge.wrap(a, scalarResult: true) }

    static func array(_ v: Value, _ interp: Interpreter) throws -> NDArray { try NumPyBridge.toArray(v, interp) }

    static func argument(_ args: [Value], _ kwargs: [(String, Value)], _ i: Int, _ name: String, _ function: String) throws -> Value {
        if i < args.count { return args[i] }
        if let v = kwargs.first(where: { $0.0 == name })?.1 { return v }
        throw PyError(.typeError, "\(function)() missing required argument '\(name)'")
    }

    static func method(_ name: String, _ doc: String, _ body: @escaping Builtin.Body) -> Value {
        .builtin(Builtin(name, doc: doc, body))
    }
}

/// `Relu()`, `Sigmoid()`, `Affine(W, b)`: a layer with the book's attributes.
final class LayerObject: HostObject {
    let layer: Layer
    init(_ layer: Layer) { self.layer = layer }

    var typeName: String { layer.kind }
    var attributeNames: [String] {
        switch layer {
        case is Affine: return ["W", "b", "x", "dW", "db", "original_x_shape", "forward", "backward"]
        case is Relu: return ["mask", "forward", "backward"]
        default: return ["out", "forward", "backward"]
        }
    }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        switch name {
        case "forward":
            return LearningValues.method("forward", "\(layer.kind).forward(x)") { args, kwargs, interp in
                .array(try self.layer.forward(try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "forward"), interp)))
            }
        case "backward":
            return LearningValues.method("backward", "\(layer.kind).backward(dout)") { args, kwargs, interp in
                .array(try self.layer.backward(try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "dout", "backward"), interp)))
            }
        default: break
        }
        switch layer {
        case let l as Relu where name == "mask": return LearningValues.value(l.mask)
        case let l as Sigmoid where name == "out": return LearningValues.value(l.out)
        case let l as Affine:
            switch name {
            case "W": return .array(l.W)
            case "b": return .array(l.b)
            case "x": return LearningValues.value(l.x)
            case "dW": return LearningValues.value(l.dW)
            case "db": return LearningValues.value(l.db)
            case "original_x_shape": return l.originalShape.map { .tuple($0.map { .int($0) }) } ?? .none
            default: return nil
            }
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value, in interp: Interpreter) throws -> Bool {
        guard let l = layer as? Affine, name == "W" || name == "b" else { return false }
        let a = try LearningValues.array(value, interp)
        if name == "W" { l.W = a } else { l.b = a }
        return true
    }

    func repr(in interp: Interpreter) throws -> String { "<common.layers.\(layer.kind) object>" }
}

/// `SoftmaxWithLoss()` and `IdentityWithLoss()`: output layers whose forward takes targets.
final class LossLayerObject: HostObject {
    let softmax: SoftmaxWithLoss?
    let identity: IdentityWithLoss?
    init(softmax: SoftmaxWithLoss) { self.softmax = softmax; identity = nil }
    init(identity: IdentityWithLoss) { self.identity = identity; softmax = nil }

    var typeName: String { softmax != nil ? "SoftmaxWithLoss" : "IdentityWithLoss" }
    var attributeNames: [String] { ["loss", "y", "t", "forward", "backward"] }

    func attribute(_ name: String, in interp: Interpreter) throws -> Value? {
        switch name {
        case "forward":
            return LearningValues.method("forward", "\(typeName).forward(x, t): the loss") { args, kwargs, interp in
                let x = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "forward"), interp)
                let t = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "t", "forward"), interp)
                return LearningValues.scalar(try self.softmax?.forward(x, t) ?? self.identity!.forward(x, t))
            }
        case "backward":
            return LearningValues.method("backward", "\(typeName).backward(dout=1)") { _, _, _ in
                .array(try self.softmax?.backward() ?? self.identity!.backward())
            }
        case "loss": return (softmax?.loss ?? identity?.loss).map(LearningValues.scalar) ?? .none
        case "y": return LearningValues.value(softmax?.y ?? identity?.y)
        case "t": return LearningValues.value(softmax?.t ?? identity?.t)
        default: return nil
        }
    }

    func repr(in interp: Interpreter) throws -> String { "<common.layers.\(typeName) object>" }
}
