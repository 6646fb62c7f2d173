import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; each slot of the result is written exactly once.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        if count < 2 { return map(transform) }
        let slots = ResultSlots<Result>(count: count)
        let input = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(transform(input[index]), at: index)
        }
        return slots.collect()
    }
}

/// Write-once storage shared by the iterations of `concurrentPerform`. Each index is written
/// by one iteration only, and read after all have finished, so no lock is needed.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func store(_ result: Result, at index: Int) { buffer[index] = result }

    func collect() -> [Result] { (0..<count).map { buffer[$0]! } }
}
