import Tensor

/// One step of a network with the book's two-method shape: `forward` remembers what
/// `backward` needs, `backward` turns the gradient of the output into that of the input.
public protocol Layer: AnyObject {
    /// The class name the book uses ("Affine", "Relu", ...).
    var kind: String { get }
    func forward(_ x: NDArray) throws -> NDArray
    func backward(_ dout: NDArray) throws -> NDArray
}
