#if canImport(Glibc)
import Glibc
#endif

/// How many cores other programs leave idle: what the whole machine used (/proc/stat) less
/// what this process used (getrusage), over the time since the last look, at most once a
/// second. This process's own use counts as idle — it is what the workers would do.
///
/// It replaces the one-minute load average, which counted this process's own threads for a
/// minute after they stopped (a second training run soon after the first found the machine
/// "busy" and ran on one core) and on some virtual machines stays above 1 with every core
/// idle. Without /proc/stat, or before a first interval has passed, the load average is the
/// estimate. An interval longer than a few seconds says little about now (a benchmark's
/// python3 run kept both cores busy for 20 s, and the training run started after it found
/// none idle and ran on one core throughout): the load average stands in for it, and a
/// fresh interval is measured a quarter of a second later.
enum IdleCores {
    struct Sample: Equatable {
        var wall: Double
        /// Seconds of CPU time the machine has spent busy (steal included), and this process.
        var machine: Double, own: Double
    }

    nonisolated(unsafe) private static var previous: Sample? = sample()
    nonisolated(unsafe) private static var cached = (idle: 0, at: -Double.infinity)
    /// Intervals longer than this are too old to tell how busy the machine is now.
    static let staleAfter = 3.0

    static func clock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    static var cores: Int { Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    static func count() -> Int {
        let now = clock()
        if now - cached.at < 1 { return cached.idle }
        let current = sample()
        var idle = fromLoadAverage(), at = now
        if let current, let previous, current.wall - previous.wall >= 0.2 {
            if let measured = estimate(cores: cores, from: previous, to: current) {
                idle = measured
            } else {
                at = now - 0.75   // the load average for now; look again in a quarter of a second
            }
        }
        if current != nil { previous = current }
        cached = (idle, at)
        return idle
    }

    /// ``idle(cores:from:to:)``, or nil when the interval is too old to tell.
    static func estimate(cores: Int, from a: Sample, to b: Sample) -> Int? {
        b.wall - a.wall > staleAfter ? nil : idle(cores: cores, from: a, to: b)
    }

    /// Cores minus the others' use between two samples, to the nearest core.
    static func idle(cores: Int, from a: Sample, to b: Sample) -> Int {
        let others = ((b.machine - a.machine) - (b.own - a.own)) / (b.wall - a.wall)
        guard others.isFinite else { return cores }
        return Swift.min(cores, Swift.max(0, cores - Int(Swift.max(0, others).rounded())))
    }

    /// Busy seconds from /proc/stat's first line ("cpu user nice system idle iowait irq
    /// softirq steal ..." in clock ticks); nil when it cannot be read.
    static func busySeconds(statLine line: String, ticksPerSecond: Double) -> Double? {
        let fields = line.split(separator: " ")
        guard fields.first == "cpu", fields.count >= 9 else { return nil }
        let ticks = fields[1...8].compactMap { Double($0) }
        guard ticks.count == 8 else { return nil }
        // user + nice + system + irq + softirq + steal: all but idle and iowait.
        return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]) / ticksPerSecond
    }

    private static func sample() -> Sample? {
        guard let file = fopen("/proc/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 512)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let machine = busySeconds(statLine: line, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK)))) else { return nil }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let own = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        return Sample(wall: clock(), machine: machine, own: own)
    }

    /// The one-minute load average as idle cores, this process's running thread not counted.
    private static func fromLoadAverage() -> Int {
        var load = [Double](repeating: 0, count: 1)
        guard getloadavg(&load, 1) == 1 else { return 1 }
        return Swift.max(1, Swift.min(cores, cores - (Int(load[0]) - 1)))
    }
}
