/// pyplot's "current figure" state, so the `matplotlib.pyplot` binding stays thin:
/// drawing calls go to the current panel of the current figure, `show()` renders and
/// starts afresh, `figure()` starts a new figure, `subplot` selects a panel.
public final class PlotState {
    public private(set) var figure: Figure
    /// Capabilities used by `show()`; the shell sets them (terminal size may change).
    public var options: RenderOptions

    public init(options: RenderOptions) {
        self.options = options
        figure = Figure()
    }

    /// The current panel (`plt.gca()`).
    public var axes: Axes { figure.axes }

    /// `plt.figure(figsize=(w, h))`: a new, empty current figure.
    @discardableResult
    public func newFigure(figsize: (width: Double, height: Double)? = nil) throws -> Figure {
        if let figsize {
            guard figsize.width.isFinite, figsize.height.isFinite, figsize.width > 0, figsize.height > 0 else {
                throw PlotError(.valueError, "figure size must be positive finite not (\(figsize.width), \(figsize.height))")
            }
        }
        figure = Figure(figsize: figsize)
        return figure
    }

    /// `plt.subplot(nrows, ncols, index)`.
    @discardableResult
    public func subplot(_ rows: Int, _ columns: Int, _ index: Int) throws -> Axes {
        try figure.subplot(rows, columns, index)
    }

    /// `plt.subplot(121)`.
    @discardableResult
    public func subplot(_ code: Int) throws -> Axes { try figure.subplot(code) }

    /// `plt.show()`: the rendered figure (nil when nothing was drawn); the figure is then
    /// closed, as a non-interactive matplotlib backend does.
    public func show() -> String? {
        defer { figure = Figure() }
        if figure.allAxes.allSatisfy({ $0.axes.isEmpty && $0.axes.title == nil }) { return nil }
        return figure.render(options)
    }

    /// `plt.savefig(path)`: writes SVG. Only ".svg" is supported; other endings throw.
    public func savefig(_ path: String) throws {
        try figure.save(to: path)
    }

    /// `plt.clf()` / `plt.close()`.
    public func clear() { figure = Figure() }
}
