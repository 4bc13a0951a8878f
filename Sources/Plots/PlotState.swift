/// pyplot's "current figure" state, so the `matplotlib.pyplot` binding stays thin:
/// drawing calls go to the current panel of the current figure, `show()` renders and
/// starts afresh, `figure()` starts a new figure, `subplot` selects a panel.
///
/// How pyplot calls map (arrays converted with `PlotInput` or `NDArray.toDoubles()`):
///
///     plt.plot(y) / plt.plot(x, y, fmt, label=)  state.axes.plot(x:y:format:color:lineStyle:marker:label:)
///                  (2-D x or y)                  state.axes.plot(xColumns:yColumns:format:color:label:)
///     plt.scatter(x, y, c=, marker=, label=)     state.axes.scatter(x:y:color:marker:label:)
///     plt.step(x, y, where=)                     state.axes.step(x:y:where:format:color:label:)
///     plt.hist(v, bins=, range=, density=)       state.axes.hist(_:bins:range:density:color:label:) -> (counts, edges)
///     plt.bar(x, h, width=) / bar(names, h)      state.axes.bar(x:heights:width:bottom:color:label:) / bar(categories:heights:)
///     plt.imshow(a, cmap=, vmin=, vmax=)         state.axes.imshow(_:rows:columns:colormap:vmin:vmax:)
///     plt.colorbar()                             state.axes.colorbarVisible = true
///     plt.quiver(X, Y, U, V, angles="xy", color=) state.axes.quiver(x:y:u:v:color:label:)  (flattened X, Y, U, V)
///     plt.contour(X, Y, Z, levels)               state.axes.contour(x:y:z:levels:colormap:color:)  (x = X[0,:], y = Y[:,0])
///     plt.annotate(s, xy=) / plt.text(x, y, s)   state.axes.annotate(_:x:y:color:)
///     plt.axhline(y) / plt.axvline(x)            state.axes.axhline(y:color:lineStyle:) / axvline(x:color:lineStyle:)
///     plt.xlabel / ylabel / title(s)             state.axes.xLabel / yLabel / title = s
///     plt.xlim(lo, hi) / ylim([lo, hi])          state.axes.xlim(_:_:) / ylim(_:_:) -> limits in effect
///     plt.yscale("log") / xscale                 state.axes.yScale = .log
///     plt.legend(loc=)                           try state.axes.legend(location:)
///     plt.grid(True)                             state.axes.gridVisible = true
///     plt.figure(figsize=(w, h))                 try state.newFigure(figsize:)
///     plt.subplot(1, 2, i) / subplot(121)        try state.subplot(_:_:_:) / subplot(_:)
///     plt.suptitle(s)                            state.figure.suptitle = s
///     plt.show()                                 state.show() -> String?  (print it; nil when nothing drawn)
///     plt.savefig("f.svg")                       try state.savefig(_:)
///     plt.clf() / plt.close()                    state.clear()
///
/// Errors are `PlotError` values whose `kind` names the Python exception to raise.
public final class PlotState {
    public private(set) var figure: Figure
    /// Capabilities used by `show()`; the shell sets them (terminal size may change).
    public var options: RenderOptions
    /// Whether `show()` measures the terminal's window first (a resized window gets plots of
    /// its new size); off when the size is pinned (COLUMNS/LINES, tests, files).
    public var followsWindow = false

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
        if followsWindow, let window = TerminalCapabilities.measuredWindow() {
            options.capabilities.width = window.width
            options.capabilities.height = window.height
        }
        return figure.render(options)
    }

    /// `plt.savefig(path)`: writes SVG. Only ".svg" is supported; other endings throw.
    public func savefig(_ path: String) throws {
        try figure.save(to: path)
    }

    /// `plt.clf()` / `plt.close()`.
    public func clear() { figure = Figure() }
}
