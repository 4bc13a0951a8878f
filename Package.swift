// swift-tools-version:6.0
// nntutor: an interactive terminal tutor for chapters 4–5 of "Deep Learning from Scratch".
//
// Modules, with dependencies pointing one way only:
//   Tensor  ←  Learning  ←  Language  ←  Tutor  ←  Shell  ←  nntutor (CLI)
//   Plots sits beside Learning (depends on Tensor only); Language binds it as `plt`.
import PackageDescription

// The numeric kernels are written against raw buffers, and the interpreter's hot loop
// touches class fields many times per line; run-time exclusivity checks cost more than
// they protect there, so they are off for the tensor core, learning library and language.
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]

/// Replaces malloc for the whole process when linked into an executable (Linux only: it
/// must come before libc among the executable's libraries, which linking it does).
let tcmalloc: [LinkerSetting] = [.linkedLibrary("tcmalloc_minimal", .when(platforms: [.linux]))]

let package = Package(
    name: "nntutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nntutor", targets: ["nntutor"]),
        .library(name: "Tensor", targets: ["Tensor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        // System libraries from Debian: libopenblas-dev, libreadline-dev, zlib1g-dev,
        // libgoogle-perftools-dev (tcmalloc).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // Sparse-row training kernels in C, so AVX2/FMA can be chosen at run time (and the
        // few libc calls Swift cannot see: malloc_trim).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // HTTP GET through the system's libcurl, opened only when MNIST must be downloaded.
        .target(name: "CHTTP", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "Tensor", dependencies: ["CBLAS", "CKernels", "CZlib"], swiftSettings: fastMath),
        .target(name: "Plots", dependencies: ["Tensor"]),
        .target(name: "Learning", dependencies: [
            "Tensor", "CBLAS", "CKernels", "CHTTP", "CZlib", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: fastMath),
        .target(name: "Language", dependencies: ["Tensor", "Learning", "Plots"], swiftSettings: fastMath),
        .target(name: "Tutor", dependencies: ["Language", "Plots"]),
        .target(name: "Shell", dependencies: ["Tutor", "Language", "CKernels", "CReadline"]),
        // The programs a learner runs (and the benchmark of them) allocate through tcmalloc:
        // an interpreted training step makes and frees a few hundred small objects and
        // arrays, and an accuracy pass frees and remakes 24 MB arrays. glibc's malloc spent
        // twice the time on the first and returned the second to the kernel, to fault it
        // back in on the next pass (BENCHMARKS.md, "Ninth session").
        .executableTarget(name: "nntutor", dependencies: [
            "Shell", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: tcmalloc),
        .executableTarget(name: "nntutor-bench", dependencies: ["Tensor", "Learning", "Language", "Plots"],
                          linkerSettings: tcmalloc),
        // libFuzzer target for the parser and evaluator (scripts/fuzz); an ordinary build
        // replays files given on the command line (the tests replay Tests/FuzzCorpus).
        .executableTarget(name: "nntutor-fuzz", dependencies: ["Language", "Tensor"]),

        // Where tests write files (one folder per test process, removed at exit).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "TestSupport"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language"]),
        .testTarget(name: "TutorTests", dependencies: ["Tutor"]),
        .testTarget(name: "SeedsTests", dependencies: ["Language", "Learning"], exclude: ["Corpus"]),
        .testTarget(name: "CLITests", dependencies: ["Tutor", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
