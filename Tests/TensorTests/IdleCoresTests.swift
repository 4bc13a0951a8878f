import Testing
@testable import Tensor

/// The idle-core estimate that decides how many workers the kernels use.
struct IdleCoresTests {
    @Test func busyTimeIsEverythingButIdleAndIOWait() {
        // user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 1/100 s
        let line = "cpu  1000 20 300 50000 700 4 5 60 0 0"
        #expect(IdleCores.busySeconds(statLine: line, ticksPerSecond: 100) == 13.89)   // (1000 + 20 + 300 + 4 + 5 + 60) / 100
        #expect(IdleCores.busySeconds(statLine: "cpu0 1 2 3 4 5 6 7 8", ticksPerSecond: 100) == nil)
        #expect(IdleCores.busySeconds(statLine: "cpu 1 2 3", ticksPerSecond: 100) == nil)
    }

    @Test func ownUseCountsAsIdle() {
        let a = IdleCores.Sample(wall: 10, machine: 100, own: 5)
        // Two seconds on 4 cores: the machine busy for 5 core-seconds, 3 of them this process's.
        #expect(IdleCores.idle(cores: 4, from: a, to: .init(wall: 12, machine: 105, own: 8)) == 3)
        // All the machine's use was this process's: every core is idle for it.
        #expect(IdleCores.idle(cores: 2, from: a, to: .init(wall: 12, machine: 104, own: 9)) == 2)
        // Others kept more cores busy than there are (rounding, steal): none idle, not fewer.
        #expect(IdleCores.idle(cores: 2, from: a, to: .init(wall: 11, machine: 104, own: 5)) == 0)
    }

    /// Twenty seconds with both cores busy (a python3 run) say nothing about the next moment.
    @Test func anOldIntervalTellsNothing() {
        let a = IdleCores.Sample(wall: 10, machine: 100, own: 5)
        #expect(IdleCores.estimate(cores: 2, from: a, to: .init(wall: 30, machine: 140, own: 5)) == nil)
        #expect(IdleCores.estimate(cores: 2, from: a, to: .init(wall: 11, machine: 102, own: 5)) == 0)
        #expect(IdleCores.estimate(cores: 2, from: a, to: .init(wall: 11, machine: 100, own: 5)) == 2)
    }

    @Test func theLiveEstimateIsACoreCount() {
        let n = IdleCores.count()
        #expect(n >= 0 && n <= IdleCores.cores)
    }
}
