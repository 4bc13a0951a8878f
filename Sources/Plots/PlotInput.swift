import Tensor

/// Reads NumPy arrays the way matplotlib does, for the `pyplot` binding and Swift callers.
public enum PlotInput {
    /// The columns of a 0-, 1- or 2-D array: a 1-D array is one column; an (N, k) array is k
    /// columns of N values (so `plot(x, Y)` draws one line per column of Y).
    public static func columns(_ array: NDArray) throws -> [[Double]] {
        let values = array.toDoubles()
        switch array.ndim {
        case 0, 1:
            return [values]
        case 2:
            let rows = array.shape[0], k = array.shape[1]
            guard k > 0 else { return [] }
            return (0..<k).map { c in (0..<rows).map { values[$0 * k + c] } }
        default:
            throw PlotError(.valueError, "x and y can be no greater than 2D, but have shapes \(formatShape(array.shape))")
        }
    }

    /// A 2-D array as an image: rows, columns and row-major values. Arrays of shape
    /// (h, w, 1) are accepted as gray images.
    public static func image(_ array: NDArray) throws -> (rows: Int, columns: Int, values: [Double]) {
        var shape = array.shape
        if shape.count == 3 && shape[2] == 1 { shape.removeLast() }
        guard shape.count == 2 else {
            throw PlotError(.typeError, "Invalid shape \(formatShape(array.shape)) for image data")
        }
        return (shape[0], shape[1], array.toDoubles())
    }
}

extension Axes {
    /// matplotlib's `plot` with 2-D arguments: x and y given as columns; one line per
    /// column pair. A single x column is shared by every y column and vice versa.
    public func plot(xColumns: [[Double]]?, yColumns: [[Double]], format: String? = nil, color: String? = nil,
                     label: String? = nil) throws {
        let xs = xColumns ?? [(0..<(yColumns.first?.count ?? 0)).map(Double.init)]
        guard xs.count == yColumns.count || xs.count == 1 || yColumns.count == 1 else {
            throw PlotError(.valueError, "x has \(xs.count) columns but y has \(yColumns.count) columns")
        }
        let n = max(xs.count, yColumns.count)
        for i in 0..<n {
            let x = xs.count == 1 ? xs[0] : xs[i]
            let y = yColumns.count == 1 ? yColumns[0] : yColumns[i]
            try plot(x: x, y: y, format: format, color: color, label: label)
        }
    }
}
