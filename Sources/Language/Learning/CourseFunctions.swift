import Learning
import Tensor

/// The derivative helpers of a course's variant of `common/functions.py` (seed 003 uses it):
/// `d_relu`, `d_sigmoid`, and loss gradients that take the teacher data first, `(d, y)`.
/// Their names do not clash with the book's, so `common.functions` offers both sets.
enum CourseFunctions {
    static func members() -> [String: Value] {
        var m = [String: Value]()
        m["d_relu"] = LearningModule.fn("d_relu", "d_relu(x) = np.where(x > 0, 1, 0): the slope of relu (an int array)", ["x"]) { args, kwargs, interp in
            let x = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "x", "d_relu"), interp)
            // np.where gives an array even for a number.
            return .array(try binary(.greater, .array(x), .python(.int(0))).astype(.int64))
        }
        m["d_sigmoid"] = LearningModule.elementwise("d_sigmoid", "d_sigmoid(x) = (1 - sigmoid(x)) * sigmoid(x)", Activations.sigmoidGrad)
        m["d_mean_squared_error"] = LearningModule.fn("d_mean_squared_error", "d_mean_squared_error(d, y): the gradient of the squared error at the output y for teacher data d: (y - d) / batch_size when d is an array, y - d when d is a number", ["d", "y"]) { args, kwargs, interp in
            let d = try LearningValues.argument(args, kwargs, 0, "d", "d_mean_squared_error")
            let y = try LearningValues.argument(args, kwargs, 1, "y", "d_mean_squared_error")
            let difference = try interp.binary(.sub, y, d)
            // The course tests type(d) == np.ndarray: a NumPy scalar or a Python number is one sample.
            guard case .array(let a) = d else { return difference }
            guard let batch = a.shape.first else { throw PyError(.indexError, "tuple index out of range") }
            return try interp.binary(.div, difference, .int(batch))
        }
        m["d_sigmoid_with_loss"] = LearningModule.fn("d_sigmoid_with_loss", "d_sigmoid_with_loss(d, y) = y - d: the gradient of sigmoid followed by cross-entropy", ["d", "y"]) { args, kwargs, interp in
            let d = try LearningValues.argument(args, kwargs, 0, "d", "d_sigmoid_with_loss")
            let y = try LearningValues.argument(args, kwargs, 1, "y", "d_sigmoid_with_loss")
            return try interp.binary(.sub, y, d)
        }
        m["d_softmax_with_loss"] = LearningModule.fn("d_softmax_with_loss", "d_softmax_with_loss(d, y): the gradient of softmax followed by cross-entropy for probabilities y and teacher data d (one-hot rows or labels), divided by the batch size", ["d", "y"]) { args, kwargs, interp in
            let d = try LearningValues.array(try LearningValues.argument(args, kwargs, 0, "d", "d_softmax_with_loss"), interp)
            let y = try LearningValues.array(try LearningValues.argument(args, kwargs, 1, "y", "d_softmax_with_loss"), interp)
            return .array(try Losses.softmaxCrossEntropyGradient(y, d))
        }
        return m
    }

    /// The book calls `cross_entropy_error(y, t)`; the course calls `cross_entropy_error(d, y)`.
    /// Teacher data given first is recognised by its type: labels or one-hot rows of integers
    /// first, floating scores second. (In the book's order integer scores would make no sense.)
    static func scoresAndTargets(_ first: NDArray, _ second: NDArray) -> (scores: NDArray, targets: NDArray) {
        if !first.dtype.isFloatingPoint && second.dtype.isFloatingPoint { return (second, first) }
        return (first, second)
    }
}
