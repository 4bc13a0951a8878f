import Foundation
import Language
import Learning
import Plots
import Tensor

// Benchmarks against NumPy in one run on one machine: each workload is timed in nntutor
// (release build) and in python3 + NumPy, several times, and the medians and their ratio
// are printed as Markdown table rows for BENCHMARKS.md.
//
//   nntutor-bench [--runs N] [--reference-runs N] [WORKLOAD ...]
//   workloads: kernels train train-language numgrad gradcheck seeds (default: all)

let arguments = Array(CommandLine.arguments.dropFirst())
var runs = 3, referenceRuns = 3
var selected: [String] = []
var i = 0
while i < arguments.count {
    switch arguments[i] {
    case "--runs": i += 1; runs = Int(arguments[i]) ?? runs
    case "--reference-runs": i += 1; referenceRuns = Int(arguments[i]) ?? referenceRuns
    default: selected.append(arguments[i])
    }
    i += 1
}
let all = ["kernels", "train", "train-language", "numgrad", "gradcheck", "seeds"]
if selected.isEmpty { selected = all }

/// `shared/<path>` in the nearest folder above this checkout that has it.
func shared(_ path: String) -> String {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        dir = dir.deletingLastPathComponent()
        let candidate = dir.appendingPathComponent("shared/" + path).path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return "../shared/" + path
}
let reference = ProcessInfo.processInfo.environment["NUMPY_REFERENCE"] ?? shared("bench/numpy_reference.py")
let mnistDirectory = ProcessInfo.processInfo.environment["NNTUTOR_DATA_DIR"] ?? shared("datasets/mnist")
MNIST.dataDirectoryOverride = mnistDirectory

func log(_ s: String) { fputs(s + "\n", stderr) }

/// What the first run of each reference workload printed, to set beside nntutor's results.
var referenceOutput: [String: String] = [:]

/// Median of the `seconds:` lines of `runs` runs of numpy_reference.py WORKLOAD.
func referenceSeconds(_ workload: String) throws -> Double {
    Measure.median(try (0..<referenceRuns).map { try referenceRun(workload, $0) })
}

/// The `seconds:` line of run `r` of numpy_reference.py WORKLOAD.
func referenceRun(_ workload: String, _ r: Int) throws -> Double {
    let out = try PythonRunner.run([reference, workload], environment: ["MNIST_DIR": mnistDirectory])
    guard let s = PythonRunner.seconds(in: out) else { throw BenchError("no seconds line from numpy_reference.py \(workload)") }
    log("  numpy \(workload) run \(r + 1): \(s) s")
    if r == 0 { referenceOutput[workload] = out }
    return s
}

/// Runs of nntutor and of the reference taken in turn — ours, theirs, ours, … — so a spell
/// when the shared machine is slow falls on both sides; the comparison is the two medians,
/// with the median of the ratios of runs taken side by side noted.
func interleaved(_ name: String, ours: (Int) throws -> Double, theirs: (Int) throws -> Double) throws -> Comparison {
    var mine: [Double] = [], reference: [Double] = []
    for r in 0..<Swift.max(runs, referenceRuns) {
        if r < runs { mine.append(try ours(r)) }
        if r < referenceRuns { reference.append(try theirs(r)) }
    }
    let ratios = zip(mine, reference).map { $1 / $0 }
    notes.append("\(name): speed-ups of the runs side by side \(ratios.map { String(cFormat: "%.2f×", $0) }.joined(separator: ", ")), median \(String(cFormat: "%.2f×", Measure.median(ratios)))")
    return Comparison(name: name, ours: Measure.median(mine), reference: Measure.median(reference))
}

var rows: [Comparison] = []
var notes: [String] = []

func kernels() throws {
    // Small and large element-wise work, reductions and products, each against the same
    // NumPy expression timed by timeit in one python3 process.
    let cases: [(String, String, () throws -> Void, Int)] = try {
        let a1e6 = try RandomState(seed: 0).standardNormal([1_000_000])
        let b1e6 = try RandomState(seed: 1).standardNormal([1_000_000])
        let a1e7 = try RandomState(seed: 2).standardNormal([10_000_000])
        let small = try RandomState(seed: 3).standardNormal([10])
        let m = try RandomState(seed: 4).standardNormal([100, 784]).astype(.float32)
        let w = try RandomState(seed: 5).standardNormal([784, 50]).astype(.float32)
        let big = try RandomState(seed: 6).standardNormal([1000, 1000])
        return [
            ("a + b, 1e6 float64", "a + b", { _ = try binary(.add, .array(a1e6), .array(b1e6)) }, 50),
            ("np.exp(a), 1e6", "np.exp(a)", { _ = try unary(.exp, a1e6) }, 20),
            ("np.sum(a), 1e7", "np.sum(c)", { _ = try reduce(.sum, a1e7) }, 20),
            ("x + 1, 10 elements (overhead)", "s + 1", { _ = try binary(.add, .array(small), .python(.int(1))) }, 100_000),
            ("x @ W, 100×784 · 784×50 float32", "m @ w", { _ = try matmul(m, w) }, 500),
            ("A @ B, 1000×1000 float64", "big @ big", { _ = try matmul(big, big) }, 5),
        ]
    }()
    let setup = """
        import numpy as np, timeit
        r = np.random.RandomState
        a = r(0).standard_normal(1000000); b = r(1).standard_normal(1000000); c = r(2).standard_normal(10000000)
        s = r(3).standard_normal(10); m = r(4).standard_normal((100, 784)).astype(np.float32)
        w = r(5).standard_normal((784, 50)).astype(np.float32); big = r(6).standard_normal((1000, 1000))
        """
    var script = setup + "\n"
    for (_, expr, _, inner) in cases {
        script += "print(sorted(timeit.repeat(lambda: \(expr), number=\(inner), repeat=\(max(runs, 5))))[\(max(runs, 5) / 2)] / \(inner))\n"
    }
    let numpyTimes = try PythonRunner.run(["-c", script]).split(separator: "\n").compactMap { Double($0) }
    for (k, (name, _, body, inner)) in cases.enumerated() {
        let ours = try Measure.median(runs: max(runs, 5), inner: inner, body)
        rows.append(Comparison(name: name, ours: ours, reference: numpyTimes[k]))
        log("  \(rows.last!.row)")
    }
}

func train() throws {
    let data = try MNIST.load(oneHotLabel: true)
    var finalAccuracy = 0.0
    let name = "train(): 784-50-10 ReLU, 10 000 iterations, batch 100"
    rows.append(try interleaved(name, ours: { r in
        let random = RandomState(seed: 0)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: random)
        var trainer = Trainer()
        trainer.iterations = 10_000
        var history: TrainingHistory?
        let t = try Measure.time {
            history = try trainer.train(net, x: data.trainImages, t: data.trainLabels,
                                        xTest: data.testImages, tTest: data.testLabels, random: random)
        }
        finalAccuracy = history?.testAccuracy.last ?? 0
        log("  nntutor train run \(r + 1): \(t) s, final test acc \(finalAccuracy)")
        return t
    }, theirs: { try referenceRun("train", $0) }))
    notes.append("train(): final test accuracy \(String(cFormat: "%.4f", finalAccuracy)) (seed 0)")
}

func trainLanguage() throws {
    let body = Scripts.bookTraining.replacing("ITERATIONS", with: "10000")
    var lastLine = ""
    let name = "the seeds' class + loop typed in the language, 10 000 iterations"
    rows.append(try interleaved(name, ours: { r in
        let interp = Interpreter()
        var out = ""
        interp.output = { out += $0 }
        try interp.run(Scripts.nntutorPrelude, filename: "<prelude>")
        try interp.run(body, filename: "<bench>")
        guard let s = PythonRunner.seconds(in: out) else { throw BenchError("no seconds line from nntutor") }
        lastLine = out.split(separator: "\n").dropLast().last.map(String.init) ?? ""
        log("  nntutor language run \(r + 1): \(s) s (\(lastLine))")
        return s
    }, theirs: { r in
        let out = try PythonRunner.run(["-c", Scripts.pythonPrelude(mnist: mnistDirectory) + body])
        guard let s = PythonRunner.seconds(in: out) else { throw BenchError("no seconds line from python3") }
        log("  python3 run \(r + 1): \(s) s")
        return s
    }))
    notes.append("language training run: last epoch \(lastLine)")
}

func numgrad() throws {
    var samples: [Double] = []
    var check = 0.0
    for _ in 0..<runs {
        let random = RandomState(seed: 0)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 100, outputSize: 10, activation: .sigmoid, random: random)
        let x = try random.randomSample([100, 784]), t = try random.randomSample([100, 10])
        samples.append(try Measure.time {
            let g = try net.fastNumericalGradient(x, t)
            check = Support.absSum(g[0].array)
        })
    }
    rows.append(Comparison(name: "numerical gradient, 784-100-10 sigmoid, batch 100", ours: Measure.median(samples),
                           reference: try referenceSeconds("numgrad")))
    let theirs = referenceOutput["numgrad"]?.split(separator: "\n").first { $0.hasPrefix("sum|dW1|") } ?? "?"
    notes.append(String(cFormat: "numerical gradient: sum|dW1| = %.6e (NumPy: ", check) + theirs.dropFirst(11) + ")")
}

func gradcheck() throws {
    let data = try MNIST.load(oneHotLabel: true)
    var samples: [Double] = []
    var diffs: [(name: String, difference: Double)] = []
    for _ in 0..<runs {
        let random = RandomState(seed: 0)
        let net = try TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, random: random)
        guard case .array(let x) = try data.trainImages.get([.slice(nil, 3, nil)]),
              case .array(let t) = try data.trainLabels.get([.slice(nil, 3, nil)]) else { return }
        samples.append(try Measure.time { diffs = try gradientCheck(net, x, t) })
    }
    rows.append(Comparison(name: "gradient check, 784-50-10, 3 samples", ours: Measure.median(samples),
                           reference: try referenceSeconds("gradcheck")))
    notes.append("gradient check: " + diffs.map { "\($0.name) \(String(cFormat: "%.2e", $0.difference))" }.joined(separator: ", "))
}

/// Seeds 000 and 004 as their notebooks ran them (10 000 iterations), once each side.
func seeds() throws {
    for (name, trainingCell) in [("000", "10"), ("004", "34")] {
        let doc = try SeedRuns.document(name)
        let ours = try SeedRuns.runInNNTutor(doc)
        let theirs = try SeedRuns.runInPython(name, mnist: mnistDirectory)
        guard let mine = ours.first(where: { $0.number == trainingCell }), let numpy = theirs.first(where: { $0.number == trainingCell }) else {
            throw BenchError("seed \(name): no training cell \(trainingCell)")
        }
        log("  seed \(name): nntutor \(mine.seconds) s, python3 \(numpy.seconds) s")
        rows.append(Comparison(name: "seed \(name)'s training cell as written, 10 000 iterations", ours: mine.seconds, reference: numpy.seconds))
        let lines = mine.output.components(separatedBy: "\n")
        guard let example = lines.last(where: { $0.contains("acc") }) else { throw BenchError("seed \(name): no accuracy lines") }
        let run = SeedRuns.linesShaped(like: example, in: lines)
        let reference = SeedRuns.linesShaped(like: example, in: numpy.output.components(separatedBy: "\n"))
        let seedDirectory = shared("seeds")
        let seedFile = try FileManager.default.contentsOfDirectory(atPath: seedDirectory).first { $0.hasPrefix(name + "_") }
        let seedText = try seedFile.map { try String(contentsOfFile: seedDirectory + "/" + $0, encoding: .utf8) } ?? ""
        let printed = SeedRuns.linesShaped(like: example, in: seedText.components(separatedBy: "\n"))
        let toNumPy = zip(run, reference).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .nan
        let landing = zip(run, printed).filter { zip($0, $1).allSatisfy { abs($0 - $1) <= 0.01 } }.count
        notes.append("seed \(name): \(run.count) epoch lines (NumPy's run: \(reference.count)), largest difference to NumPy's seeded run \(String(cFormat: "%.4g", toNumPy)); within ±0.01 of the seed's own printout at \(landing) of \(min(run.count, printed.count)) epochs; last: \(example)")
    }
}

enum Support {
    static func absSum(_ a: NDArray) -> Double {
        var s = 0.0
        a.forEachOffset { s += abs(a.scalar(atStorageOffset: $0).doubleValue) }
        return s
    }
}

do {
    for name in selected {
        log("== \(name)")
        switch name {
        case "kernels": try kernels()
        case "train": try train()
        case "train-language": try trainLanguage()
        case "numgrad": try numgrad()
        case "gradcheck": try gradcheck()
        case "seeds": try seeds()
        default: throw BenchError("unknown workload \(name); choose from \(all.joined(separator: ", "))")
        }
    }
} catch {
    log("nntutor-bench: \(error)")
    exit(1)
}
print("| workload | nntutor | NumPy | speed-up |")
print("|---|---|---|---|")
for r in rows { print(r.row) }
print("")
for n in notes { print("- " + n) }
