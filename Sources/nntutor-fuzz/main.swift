import Foundation

/// libFuzzer's entry point (built with `scripts/fuzz`, which passes -sanitize=fuzzer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    FuzzHarness.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if !FUZZING
// Without libFuzzer: run each file named on the command line once, as libFuzzer does when
// given files, so the corpus and the crashers replay in an ordinary build (the tests do).
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write("nntutor-fuzz: cannot read \(path)\n".data(using: .utf8)!)
        exit(2)
    }
    data.withUnsafeBytes { FuzzHarness.run($0) }
}
print("ran \(CommandLine.arguments.count - 1) inputs")
#endif
