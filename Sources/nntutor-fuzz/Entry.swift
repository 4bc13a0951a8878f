import Foundation

/// libFuzzer's entry point: one input, run through the harness.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
/// libFuzzer's driver, linked in by -sanitize=fuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// `scripts/fuzz` builds this with FUZZING: libFuzzer's driver takes over. An ordinary
/// build runs each file named on the command line once, as libFuzzer does when given
/// files, so the corpus and the crashers replay without the sanitizers (the tests do).
@main
enum FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                fputs("nntutor-fuzz: cannot read \(path)\n", stderr)
                exit(2)
            }
            data.withUnsafeBytes { FuzzHarness.run($0) }
        }
        print("ran \(CommandLine.arguments.count - 1) inputs")
        #endif
    }
}
