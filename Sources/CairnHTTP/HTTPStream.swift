import CCurl
import Foundation
import Synchronization

/// A long-running libcurl multi loop on its own thread: requests are submitted from any thread
/// at any time and each completion is called (on the stream's thread) as soon as its transfer
/// ends, so one hanging endpoint never holds back the others — what a poller needs, where
/// `HTTPClient.perform` suits one batch. At most `maxConcurrent` transfers run at once; the
/// rest wait in submission order.
public final class HTTPStream: Sendable {
    public typealias Completion = @Sendable (HTTPResponse) -> Void

    private struct Queue {
        var pending: [(HTTPRequest, Completion)] = []
        var isStopping = false
    }

    public let maxConcurrent: Int
    public let userAgent: String
    private let queue = Mutex(Queue())
    private let inFlight = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)
    /// Owned by the stream's thread; `curl_multi_wakeup` is the one call other threads make.
    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer?

    public init(maxConcurrent: Int = 64, userAgent: String = "cairn/0.1") {
        _ = HTTPClient(maxConcurrent: 1) // curl_global_init, once
        self.maxConcurrent = max(1, maxConcurrent)
        self.userAgent = userAgent
        multi = curl_multi_init()
        if multi == nil { queue.withLock { $0.isStopping = true } }
        let thread = Thread { [self] in run() }
        thread.name = "cairn-http-stream"
        thread.start()
    }

    /// Queues a request; `completion` is called once, on the stream's thread (keep it short).
    public func submit(_ request: HTTPRequest, completion: @escaping Completion) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.isStopping else { return false }
            queue.pending.append((request, completion))
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            completion(HTTPResponse(status: 0, failure: .other("the HTTP stream was stopped")))
        }
    }

    /// Transfers running or waiting.
    public var outstanding: Int { inFlight.load(ordering: .relaxed) + queue.withLock { $0.pending.count } }

    /// Stops the loop: running transfers are abandoned (their completions are not called),
    /// waiting ones are dropped. Returns when the thread has let go of every handle.
    public func stop() {
        let wasRunning = queue.withLock { queue -> Bool in
            defer { queue.isStopping = true }
            return !queue.isStopping
        }
        guard wasRunning else { return }
        curl_multi_wakeup(multi)
        finished.wait()
    }

    /// The multi handle is freed here, not by the thread: a `submit` or `stop` may still be
    /// waking it when the thread ends, and the thread holds `self` until it returns.
    deinit {
        if let multi { curl_multi_cleanup(multi) }
    }

    private func run() {
        defer { finished.signal() }
        guard let multi else { return }
        var transfers: [UnsafeMutableRawPointer: (Transfer, Completion)] = [:]
        var running: Int32 = 0
        while true {
            let (incoming, isStopping) = queue.withLock { queue -> ([(HTTPRequest, Completion)], Bool) in
                let room = maxConcurrent - transfers.count
                let taken = Array(queue.pending.prefix(max(0, room)))
                queue.pending.removeFirst(taken.count)
                return (taken, queue.isStopping)
            }
            if isStopping { break }
            for (request, completion) in incoming {
                let transfer = Transfer(index: 0, request: request, userAgent: userAgent)
                guard let handle = transfer.handle else {
                    completion(transfer.finish(CURLE_FAILED_INIT))
                    transfer.release()
                    continue
                }
                guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
                    completion(transfer.finish(CURLE_FAILED_INIT))
                    transfer.release()
                    continue
                }
                transfers[handle] = (transfer, completion)
            }
            inFlight.store(transfers.count, ordering: .relaxed)
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            var freedSlot = false
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let (transfer, completion) = transfers.removeValue(forKey: handle) else { continue }
                let response = transfer.finish(cairn_curl_message_result(message))
                curl_multi_remove_handle(multi, handle)
                transfer.release()
                completion(response)
                freedSlot = true
            }
            inFlight.store(transfers.count, ordering: .relaxed)
            // A freed slot with requests waiting: start them now, not after the poll's timeout.
            if freedSlot, queue.withLock({ !$0.pending.isEmpty }) { continue }
            // Sleeps until a socket is ready, a timeout is due, or `submit`/`stop` wakes it.
            curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
        for (handle, (transfer, _)) in transfers {
            curl_multi_remove_handle(multi, handle)
            transfer.release()
        }
        inFlight.store(0, ordering: .relaxed)
    }
}
