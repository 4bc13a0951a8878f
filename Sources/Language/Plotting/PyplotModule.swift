import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Plots
import Tensor

/// `import matplotlib.pyplot as plt`: pyplot's calls over the terminal plotting module.
/// `show()` prints the figure into the terminal (the interpreter's output).
enum PyplotModule {
    /// Terminal size and colours, from the environment; `show()` re-measures a terminal's
    /// window, so resizes are followed.
    nonisolated(unsafe) static var renderOptions = RenderOptions(capabilities: TerminalCapabilities.detect(
        environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1))

    static func make(_ interp: Interpreter) -> PyModule {
        let state = PlotState(options: renderOptions)
        let env = ProcessInfo.processInfo.environment
        state.followsWindow = isatty(STDOUT_FILENO) == 1 && env["COLUMNS"] == nil && env["LINES"] == nil
        var m: [String: Value] = [:]
        func add(_ name: String, _ doc: String, _ params: [String] = [], _ body: @escaping Builtin.Body) {
            m[name] = .builtin(Builtin(name, doc: doc, parameters: params) { args, kwargs, interp in
                do { return try body(args, kwargs, interp) } catch let e as PlotError {
                    throw PyError(typeName: e.kind.rawValue, message: e.message)
                }
            })
        }
        func doubles(_ v: Value) throws -> [Double] {
            switch v {
            case .array(let a): return a.toDoubles()
            case .scalar(let s): return [s.doubleValue]
            case .int, .float, .bool: return [try interp.toFloat(v)]
            default:
                var out: [Double] = []
                for item in try interp.iterate(v).all() {
                    if case .list = item { out.append(contentsOf: try doubles(item)); continue }
                    if case .tuple = item { out.append(contentsOf: try doubles(item)); continue }
                    out.append(try interp.toFloat(item))
                }
                return out
            }
        }
        func columns(_ v: Value) throws -> [[Double]] {
            if case .array(let a) = v { return try PlotInput.columns(a) }
            let items = try interp.iterate(v).all()
            if let first = items.first, { if case .list = first { return true }; if case .tuple = first { return true }; if case .array = first { return true }; return false }() {
                let rows = try items.map { try doubles($0) }
                let k = rows.map(\.count).max() ?? 0
                return (0..<k).map { j in rows.map { j < $0.count ? $0[j] : .nan } }
            }
            return [try doubles(v)]
        }
        func string(_ kwargs: [(String, Value)], _ key: String) throws -> String? {
            guard let v = kwargs.first(where: { $0.0 == key })?.1, !v.isNone else { return nil }
            return try interp.str(v)
        }
        func limits(_ args: [Value], _ kwargs: [(String, Value)]) throws -> (Double?, Double?) {
            var lo: Double? = nil, hi: Double? = nil
            if args.count == 1 {
                let pair = try interp.iterate(args[0]).all()
                if pair.count == 2 { lo = try interp.toFloat(pair[0]); hi = try interp.toFloat(pair[1]) }
            } else if args.count == 2 {
                lo = args[0].isNone ? nil : try interp.toFloat(args[0])
                hi = args[1].isNone ? nil : try interp.toFloat(args[1])
            }
            for (k, v) in kwargs where !v.isNone {
                if k == "bottom" || k == "left" || k == "xmin" || k == "ymin" { lo = try interp.toFloat(v) }
                if k == "top" || k == "right" || k == "xmax" || k == "ymax" { hi = try interp.toFloat(v) }
            }
            return (lo, hi)
        }

        add("plot", "plt.plot([x,] y, fmt='', label=None)\n\nDraws lines and/or markers. fmt as matplotlib: 'b.', 'r-', 'o-', '--'.\n\n>>> plt.plot(np.arange(10), losses); plt.show()", ["label", "color", "linestyle", "marker"]) { args, kwargs, _ in
            var rest = args
            var format: String? = nil
            if let last = rest.last, case .str(let f) = last { format = f; rest.removeLast() }
            guard !rest.isEmpty else { throw PyError(.typeError, "plot() needs data") }
            let label = try string(kwargs, "label"), color = try string(kwargs, "color") ?? string(kwargs, "c")
            let ls = try string(kwargs, "linestyle") ?? string(kwargs, "ls"), marker = try string(kwargs, "marker")
            let ys = try columns(rest.count == 1 ? rest[0] : rest[1])
            let xs = rest.count == 1 ? nil : try columns(rest[0])
            if ys.count == 1 && (xs == nil || xs!.count == 1) {
                try state.axes.plot(x: xs?[0], y: ys[0], format: format, color: color, lineStyle: ls, marker: marker, label: label)
            } else {
                try state.axes.plot(xColumns: xs, yColumns: ys, format: format, color: color, label: label)
            }
            return .none
        }
        add("scatter", "plt.scatter(x, y, color=None, marker=None, label=None)", ["color", "marker", "label"]) { args, kwargs, _ in
            guard args.count >= 2 else { throw PyError(.typeError, "scatter() missing required arguments: 'x' and 'y'") }
            try state.axes.scatter(x: try doubles(args[0]), y: try doubles(args[1]), color: try string(kwargs, "color") ?? string(kwargs, "c"),
                                   marker: try string(kwargs, "marker"), label: try string(kwargs, "label"))
            return .none
        }
        add("hist", "plt.hist(x, bins=10, range=None, density=False)", ["bins", "range", "density", "label", "color"]) { args, kwargs, interp in
            guard let x = args.first else { throw PyError(.typeError, "hist() missing required argument 'x'") }
            var bins: Axes.Bins = .count(10)
            if let b = args.count > 1 ? args[1] : kwargs.first(where: { $0.0 == "bins" })?.1 {
                if case .int(let n) = b { bins = .count(n) } else { bins = .edges(try doubles(b)) }
            }
            var range: (Double, Double)? = nil
            if let r = kwargs.first(where: { $0.0 == "range" })?.1, !r.isNone {
                let d = try doubles(r)
                if d.count == 2 { range = (d[0], d[1]) }
            }
            let density = try kwargs.first { $0.0 == "density" }.map { try interp.truthy($0.1) } ?? false
            let (counts, edges) = try state.axes.hist(try doubles(x), bins: bins, range: range, density: density,
                                                      color: try string(kwargs, "color"), label: try string(kwargs, "label"))
            return .tuple([.list(PyList(counts.map { .float($0) })), .list(PyList(edges.map { .float($0) })), .none])
        }
        add("bar", "plt.bar(x, height, width=0.8)", ["width", "color", "label"]) { args, kwargs, interp in
            guard args.count >= 2 else { throw PyError(.typeError, "bar() missing required arguments: 'x' and 'height'") }
            let width = try kwargs.first { $0.0 == "width" }.map { try interp.toFloat($0.1) } ?? 0.8
            let items = try interp.iterate(args[0]).all()
            if items.allSatisfy({ if case .str = $0 { return true }; return false }) {
                try state.axes.bar(categories: try items.map { try interp.str($0) }, heights: try doubles(args[1]), width: width,
                                   color: try string(kwargs, "color"), label: try string(kwargs, "label"))
            } else {
                try state.axes.bar(x: try doubles(args[0]), heights: try doubles(args[1]), width: width,
                                   color: try string(kwargs, "color"), label: try string(kwargs, "label"))
            }
            return .none
        }
        add("imshow", "plt.imshow(image, cmap='viridis', vmin=None, vmax=None)\n\nDraws a 2-D array as pixels (a 28×28 digit fits 28 columns × 14 rows).", ["cmap", "vmin", "vmax"]) { args, kwargs, interp in
            guard let img = args.first else { throw PyError(.typeError, "imshow() missing required argument 'X'") }
            let (rows, cols, values): (Int, Int, [Double])
            if case .array(let a) = img { (rows, cols, values) = try PlotInput.image(a) }
            else {
                let r = try interp.iterate(img).all().map { try doubles($0) }
                guard let w = r.first?.count, r.allSatisfy({ $0.count == w }) else { throw PyError(.typeError, "Invalid shape for image data") }
                (rows, cols, values) = (r.count, w, r.flatMap { $0 })
            }
            let cmapName = try string(kwargs, "cmap") ?? "viridis"
            let cmap: Colormap
            switch cmapName {
            case "gray", "grey", "Greys_r": cmap = .gray
            case "gray_r", "Greys", "binary": cmap = .grayReversed
            case "hot": cmap = .hot
            case "viridis": cmap = .viridis
            default: throw PyError(.valueError, "'\(cmapName)' is not a valid value for cmap; supported values are 'gray', 'gray_r', 'binary', 'hot', 'viridis'")
            }
            let vmin = try kwargs.first { $0.0 == "vmin" }.map { try interp.toFloat($0.1) }
            let vmax = try kwargs.first { $0.0 == "vmax" }.map { try interp.toFloat($0.1) }
            try state.axes.imshow(values, rows: rows, columns: cols, colormap: cmap, vmin: vmin, vmax: vmax)
            return .none
        }
        add("colorbar", "plt.colorbar()") { _, _, _ in state.axes.colorbarVisible = true; return .none }
        add("quiver", "plt.quiver(X, Y, U, V, angles='xy', color=None)\n\nArrows (U, V) at points (X, Y): the gradient field.", ["angles", "color", "label"]) { args, kwargs, _ in
            guard args.count >= 4 else { throw PyError(.typeError, "quiver() needs X, Y, U, V") }
            try state.axes.quiver(x: try doubles(args[0]), y: try doubles(args[1]), u: try doubles(args[2]), v: try doubles(args[3]),
                                  color: try string(kwargs, "color"), label: try string(kwargs, "label"))
            return .none
        }
        add("xlabel", "plt.xlabel(text)") { args, _, interp in state.axes.xLabel = try interp.str(args.first ?? .str("")); return .none }
        add("ylabel", "plt.ylabel(text)") { args, _, interp in state.axes.yLabel = try interp.str(args.first ?? .str("")); return .none }
        add("title", "plt.title(text)") { args, _, interp in state.axes.title = try interp.str(args.first ?? .str("")); return .none }
        add("xlim", "plt.xlim(left, right) or plt.xlim([left, right])", ["left", "right"]) { args, kwargs, _ in
            let (lo, hi) = try limits(args, kwargs)
            let r = state.axes.xlim(lo, hi)
            return .tuple([.float(r.0), .float(r.1)])
        }
        add("ylim", "plt.ylim(bottom, top) or plt.ylim([bottom, top])", ["bottom", "top"]) { args, kwargs, _ in
            let (lo, hi) = try limits(args, kwargs)
            let r = state.axes.ylim(lo, hi)
            return .tuple([.float(r.0), .float(r.1)])
        }
        add("yscale", "plt.yscale('log' or 'linear')") { args, _, interp in
            state.axes.yScale = try interp.str(args.first ?? .str("linear")) == "log" ? .log : .linear
            return .none
        }
        add("xscale", "plt.xscale('log' or 'linear')") { args, _, interp in
            state.axes.xScale = try interp.str(args.first ?? .str("linear")) == "log" ? .log : .linear
            return .none
        }
        add("legend", "plt.legend(loc='best')", ["loc"]) { args, kwargs, interp in
            let loc = try args.first.map { try interp.str($0) } ?? string(kwargs, "loc")
            try state.axes.legend(location: loc)
            return .none
        }
        add("grid", "plt.grid(visible=True)") { args, _, interp in
            state.axes.gridVisible = try args.first.map { try interp.truthy($0) } ?? true
            return .none
        }
        add("figure", "plt.figure(figsize=(width, height))\n\nStarts a new figure; 1 inch is about 10 columns by 5 rows.", ["figsize"]) { _, kwargs, interp in
            var size: (width: Double, height: Double)? = nil
            if let f = kwargs.first(where: { $0.0 == "figsize" })?.1, !f.isNone {
                let d = try doubles(f)
                if d.count == 2 { size = (d[0], d[1]) }
            }
            state.options = renderOptions
            _ = try state.newFigure(figsize: size)
            return .none
        }
        add("subplot", "plt.subplot(rows, columns, index) or plt.subplot(121)") { args, _, interp in
            let ints = try args.map { try interp.integer($0, "subplot") }
            if ints.count == 1 { _ = try state.subplot(ints[0]) }
            else if ints.count == 3 { _ = try state.subplot(ints[0], ints[1], ints[2]) }
            else { throw PyError(.typeError, "subplot() takes 1 or 3 positional arguments") }
            return .none
        }
        add("show", "plt.show()\n\nDraws the current figure in the terminal, then starts a new one.") { _, _, interp in
            state.options = renderOptions
            if let text = state.show() { interp.output(text + "\n") }
            return .none
        }
        add("savefig", "plt.savefig('figure.svg')\n\nWrites the current figure as an SVG file.") { args, _, interp in
            try state.savefig(try interp.userPath(try interp.str(args.first ?? .str("figure.svg"))))
            return .none
        }
        add("clf", "plt.clf()\n\nClears the current figure.") { _, _, _ in state.clear(); return .none }
        m["close"] = m["clf"]
        add("draw", "plt.draw()\n\nAccepted; use plt.show() to draw in the terminal.") { _, _, _ in .none }
        return PyModule(name: "matplotlib.pyplot", members: m, doc: "matplotlib.pyplot drawn in the terminal.")
    }
}
