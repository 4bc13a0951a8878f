/// How a reduction walks its input, following the order NumPy's iterator chooses so that
/// floating-point sums come out identical:
/// - when the innermost axis in memory is reduced, each output accumulates whole rows along
///   it (`rows` mode: NumPy sums such rows pairwise);
/// - otherwise each output accumulates single elements, reduced index by reduced index
///   (`elements` mode: NumPy adds the reduced slices one after another).
struct ReductionLayout {
    enum Mode { case rows, elements }
    let mode: Mode
    /// Kept axes, in C order: the output is laid out along these.
    let keptShape: [Int]
    let keptStrides: [Int]
    /// Reduced axes walked sequentially (outermost first), excluding the row.
    let outerShape: [Int]
    let outerStrides: [Int]
    /// The innermost reduced run (rows mode), or length 1.
    let rowLength: Int
    let rowStride: Int
    /// Number of input elements reduced into each output.
    let reducedCount: Int

    init(shape: [Int], strides: [Int], reduced: Set<Int>) {
        var kShape = [Int](), kStrides = [Int]()
        var rAxes = [Int]()
        var rCount = 1
        for axis in 0..<shape.count {
            if reduced.contains(axis) { rCount &*= shape[axis]; if shape[axis] != 1 { rAxes.append(axis) } }
            else { kShape.append(shape[axis]); kStrides.append(strides[axis]) }
        }
        reducedCount = rCount
        keptShape = kShape
        keptStrides = kStrides
        // The innermost axis in memory: smallest non-zero stride among axes longer than 1
        // (ties go to the later axis, as in C order).
        var inner: Int? = nil
        for axis in 0..<shape.count where shape[axis] > 1 {
            if let i = inner, abs(strides[axis]) > abs(strides[i]) { continue }
            inner = axis
        }
        // Reduced axes ordered outermost-first by stride, the walk order NumPy uses.
        rAxes.sort { abs(strides[$0]) > abs(strides[$1]) || (abs(strides[$0]) == abs(strides[$1]) && $0 < $1) }
        if let inner, reduced.contains(inner), !rAxes.isEmpty {
            mode = .rows
            var length = shape[inner], stride = strides[inner]
            var rest = rAxes.filter { $0 != inner }
            // Merge reduced axes that continue the row in memory (a contiguous block is one row).
            while let next = rest.last, strides[next] == stride &* length {
                length &*= shape[next]
                rest.removeLast()
            }
            rowLength = length
            rowStride = stride
            outerShape = rest.map { shape[$0] }
            outerStrides = rest.map { strides[$0] }
        } else {
            mode = .elements
            rowLength = 1
            rowStride = 0
            outerShape = rAxes.map { shape[$0] }
            outerStrides = rAxes.map { strides[$0] }
        }
    }

    /// Calls `body` with the offset of every outer reduced position, in walk order.
    func forEachOuterOffset(_ body: (Int) -> Void) {
        NDArray.forEachOffset(shape: outerShape, strides: outerStrides, offset: 0, body)
    }
}
