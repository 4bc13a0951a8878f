import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small standard-library modules the seeds import: sys, os, math, time, collections.
///
/// `os.chdir` and `sys.path.append` are accepted and harmless: the seeds use them to
/// reach the book's folders, whose modules nntutor provides built in.
enum StandardModules {
    static func register(in interp: Interpreter) {
        interp.registerModule("sys") { _ in
            PyModule(name: "sys", members: [
                "path": .list(PyList([.str(".")])),
                "argv": .list(PyList([.str("")])),
                "version": .str("3.11 (nntutor)"),
                "maxsize": .int(Int.max),
            ], doc: "System values. sys.path.append(...) is accepted (modules are built in).")
        }
        interp.registerModule("os") { interp in
            // In classroom mode the sandbox stands in for the server's directories.
            let cwd = Box(interp.sandboxDirectory ?? FileManager.default.currentDirectoryPath)
            let path = PyModule(name: "os.path", members: [
                "join": fn("join", "os.path.join(a, *p)\n\nJoins path parts with '/'.") { args, _, interp in
                    var out = ""
                    for a in args {
                        let s = try interp.str(a)
                        if s.hasPrefix("/") { out = s } else if out.isEmpty || out.hasSuffix("/") { out += s } else { out += "/" + s }
                    }
                    return .str(out)
                },
                "exists": fn("exists", "os.path.exists(path)\n\nWhether the path exists.") { args, _, interp in
                    .bool(FileManager.default.fileExists(atPath: try interp.userPath(try interp.str(args.first ?? .str("")))))
                },
                "dirname": fn("dirname", "os.path.dirname(path)") { args, _, interp in
                    let s = try interp.str(args.first ?? .str(""))
                    guard let slash = s.lastIndex(of: "/") else { return .str("") }
                    return .str(slash == s.startIndex ? "/" : String(s[..<slash]))
                },
                "basename": fn("basename", "os.path.basename(path)") { args, _, interp in
                    let s = try interp.str(args.first ?? .str(""))
                    return .str(s.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? s)
                },
                "abspath": fn("abspath", "os.path.abspath(path)") { args, _, interp in
                    let s = try interp.str(args.first ?? .str(""))
                    return .str(s.hasPrefix("/") ? s : (cwd.value.hasSuffix("/") ? cwd.value + s : cwd.value + "/" + s))
                },
            ])
            return PyModule(name: "os", members: [
                "pardir": .str(".."),
                "curdir": .str("."),
                "sep": .str("/"),
                "path": .module(path),
                "getcwd": fn("getcwd", "os.getcwd()\n\nThe current directory.") { _, _, _ in .str(cwd.value) },
                "chdir": fn("chdir", "os.chdir(path)\n\nAccepted and remembered for os.getcwd(); nntutor's modules do not depend on it.") { args, _, interp in
                    cwd.value = try interp.str(args.first ?? .str(cwd.value))
                    return .none
                },
            ], doc: "Operating-system helpers (harmless subset).")
        }
        interp.registerModule("math") { _ in
            func unary(_ name: String, _ f: @escaping (Double) -> Double, domain: ((Double) -> Bool)? = nil) -> Value {
                fn(name, "math.\(name)(x)") { args, _, interp in
                    guard args.count == 1 else { throw PyError(.typeError, "math.\(name)() takes exactly one argument (\(args.count) given)") }
                    let x = try interp.toFloat(args[0])
                    if let domain, !domain(x) { throw PyError(.valueError, "math domain error") }
                    return .float(f(x))
                }
            }
            return PyModule(name: "math", members: [
                "pi": .float(Double.pi), "e": .float(M_E), "inf": .float(.infinity), "nan": .float(.nan), "tau": .float(2 * Double.pi),
                "sqrt": unary("sqrt", { $0.squareRoot() }, domain: { $0 >= 0 }),
                "exp": unary("exp", { exp($0) }),
                "log": fn("log", "math.log(x[, base])") { args, _, interp in
                    let x = try interp.toFloat(args.first ?? .none)
                    if x <= 0 { throw PyError(.valueError, "math domain error") }
                    if args.count > 1 { return .float(log(x) / log(try interp.toFloat(args[1]))) }
                    return .float(log(x))
                },
                "log10": unary("log10", { log10($0) }, domain: { $0 > 0 }),
                "log2": unary("log2", { log2($0) }, domain: { $0 > 0 }),
                "sin": unary("sin", { sin($0) }), "cos": unary("cos", { cos($0) }),
                "tan": unary("tan", { tan($0) }), "tanh": unary("tanh", { tanh($0) }),
                "fabs": unary("fabs", { Swift.abs($0) }),
                "floor": fn("floor", "math.floor(x)") { args, _, interp in try interp.toInt(.float(floor(try interp.toFloat(args.first ?? .none)))) },
                "ceil": fn("ceil", "math.ceil(x)") { args, _, interp in try interp.toInt(.float(ceil(try interp.toFloat(args.first ?? .none)))) },
                "isnan": fn("isnan", "math.isnan(x)") { args, _, interp in .bool(try interp.toFloat(args.first ?? .none).isNaN) },
                "isinf": fn("isinf", "math.isinf(x)") { args, _, interp in .bool(try interp.toFloat(args.first ?? .none).isInfinite) },
                "isclose": fn("isclose", "math.isclose(a, b, rel_tol=1e-09, abs_tol=0.0)") { args, kwargs, interp in
                    guard args.count == 2 else { throw PyError(.typeError, "isclose() takes exactly 2 positional arguments") }
                    let a = try interp.toFloat(args[0]), b = try interp.toFloat(args[1])
                    let rel = try kwargs.first { $0.0 == "rel_tol" }.map { try interp.toFloat($0.1) } ?? 1e-9
                    let abs = try kwargs.first { $0.0 == "abs_tol" }.map { try interp.toFloat($0.1) } ?? 0
                    return .bool(a == b || Swift.abs(a - b) <= max(rel * max(Swift.abs(a), Swift.abs(b)), abs))
                },
            ], doc: "Mathematical functions on Python floats.")
        }
        interp.registerModule("time") { _ in
            PyModule(name: "time", members: [
                "time": fn("time", "time.time()\n\nSeconds since the epoch, as a float.") { _, _, _ in .float(Date().timeIntervalSince1970) },
                "perf_counter": fn("perf_counter", "time.perf_counter()\n\nA clock for timing code, in seconds.") { _, _, _ in
                    var ts = timespec()
                    clock_gettime(CLOCK_MONOTONIC, &ts)
                    return .float(Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9)
                },
                "sleep": fn("sleep", "time.sleep(seconds)") { args, _, interp in
                    var remaining = try interp.toFloat(args.first ?? .float(0))
                    // Sleep in slices so Ctrl-C stays responsive.
                    while remaining > 0 {
                        try Interrupt.check()
                        let slice = min(remaining, 0.05)
                        usleep(UInt32(slice * 1e6))
                        remaining -= slice
                    }
                    return .none
                },
            ], doc: "Time access and conversions.")
        }
        interp.registerModule("collections") { _ in
            PyModule(name: "collections", members: [
                "OrderedDict": fn("OrderedDict", "OrderedDict()\n\nA dict that remembers insertion order (every dict does in Python 3.7+).") { args, kwargs, interp in
                    let d = PyDict()
                    d.isOrdered = true
                    try interp.update(d, with: args.first, kwargs)
                    return .dict(d)
                },
            ], doc: "Container types.")
        }
    }

    static func fn(_ name: String, _ doc: String, _ body: @escaping Builtin.Body) -> Value {
        .builtin(Builtin(name, doc: doc, body))
    }
}

/// A mutable cell captured by closures.
final class Box<T> {
    var value: T
    init(_ value: T) { self.value = value }
}

import Tensor
