import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the command line; subcommands are dispatched by their first word because the root
/// command takes an optional script FILE, which would swallow a subcommand's name.
func runCommandLine() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "lessons": LessonsCommand.main(Array(arguments.dropFirst()))
    case "learn": LearnCommand.main(Array(arguments.dropFirst()))
    case "demo": DemoCommand.main(Array(arguments.dropFirst()))
    default: NNTutorCommand.main()
    }
}

// The interpreter recurses on the native stack; a large dedicated stack lets Python's
// default depth of 1000 calls work even in debug builds (only touched pages cost memory).
var attributes = pthread_attr_t()
pthread_attr_init(&attributes)
pthread_attr_setstacksize(&attributes, 1 << 30)
var worker = pthread_t()
if pthread_create(&worker, &attributes, { _ in runCommandLine(); exit(0) }, nil) != 0 {
    runCommandLine()   // no room for a big stack: run on the main thread's
    exit(0)
}
while true { sleep(1000) }
