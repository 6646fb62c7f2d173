import CairnStore
import Foundation
import Testing

/// Jobs as records: idempotent requests, atomic claims across database connections (as
/// separate processes have), recovery of a dead worker's job, cancel and approval.
@Suite struct JobRecordsTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-jobs-\(UUID().uuidString)").path
    var path: String { directory + "/cairn.db" }

    func request(_ key: String, parameters: String = #"{"size":"1gb"}"#, approval: Bool = false) -> NewJob {
        NewJob(key: key, action: .provision, typeRef: "resourcetype:default/redis", targetRef: "component:default/orders",
               resourceRef: "resource:default/orders-redis", parametersJSON: parameters, requester: "ana", needsApproval: approval)
    }

    @Test func theSameKeyReturnsTheSameJobAndAnotherRequestUnderItConflicts() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        guard case .created(let first) = try database.insertJob(request("k1")) else { Issue.record("not created"); return }
        #expect(first.state == .queued)
        #expect(try database.insertJob(request("k1")) == .existing(first))
        #expect(try database.insertJob(request("k1", parameters: #"{"size":"4gb"}"#)) == .conflict(first))
        // A second resource for the same service and type gets the next free name.
        guard case .created(let second) = try database.insertJob(request("k2")) else { Issue.record("not created"); return }
        #expect(second.resourceRef == "resource:default/orders-redis-2")
    }

    @Test func concurrentRequestsWithOneKeyFromSeparateConnectionsMakeOneJob() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try CairnDatabase.open(path: path)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            guard let database = try? CairnDatabase.open(path: path), let result = try? database.insertJob(request("same")) else { return }
            results.add(result)
        }
        let all = results.all
        #expect(all.count == 8)
        #expect(all.filter { if case .created = $0 { return true } else { return false } }.count == 1)
        #expect(try CairnDatabase.open(path: path).jobs().count == 1)
    }

    @Test func eachQueuedJobIsClaimedByExactlyOneWorker() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        for index in 0..<20 { _ = try database.insertJob(request("job-\(index)")) }
        let claims = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            guard let connection = try? CairnDatabase.open(path: path) else { return }
            while let job = try? connection.claimJob(worker: "host:\(worker):1") { claims.addClaim(job.id) }
        }
        #expect(claims.claims.sorted() == Array(1...20).map(Int64.init))
        #expect(try database.jobs().allSatisfy { $0.state == .running && $0.attempt == 1 })
    }

    @Test func aDeadWorkersJobIsQueuedAgainWithALogLineAndItsRunningStepClosed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        _ = try database.insertJob(request("k"))
        let job = try #require(try database.claimJob(worker: "gone:1:1"))
        _ = try database.startStep(job: job.id, name: "provision (redis)")
        #expect(try database.recoverJobs(maxAttempts: 3) { worker, _ in worker == "alive:2:2" }.isEmpty)
        let recovered = try database.recoverJobs(maxAttempts: 3) { worker, _ in worker == "gone:1:1" }
        #expect(recovered.map(\.state) == [.queued])
        #expect(try database.jobSteps(job.id).map(\.state) == ["failed"])
        #expect(try database.jobLog(job.id).map(\.line) == ["worker gone:1:1 stopped during provision (redis); queued to resume"])
        #expect(try database.claimJob(worker: "alive:2:2")?.attempt == 2)
        // The old worker's heartbeat no longer holds the job.
        #expect(try database.heartbeat(job: job.id, worker: "gone:1:1") == nil)
        #expect(try database.heartbeat(job: job.id, worker: "alive:2:2") == false)
    }

    @Test func cancelAndApproval() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        guard case .created(let waiting) = try database.insertJob(request("w", approval: true)) else { Issue.record("not created"); return }
        #expect(waiting.state == .awaitingApproval)
        #expect(try database.claimJob(worker: "w:1:1") == nil, "a job awaiting approval is never claimed")
        #expect(try database.decideJob(waiting.id, approve: true, by: "lead")?.state == .queued)
        #expect(try database.job(waiting.id)?.decidedBy == "lead")
        guard case .created(let declined) = try database.insertJob(request("d", approval: true)) else { Issue.record("not created"); return }
        #expect(try database.decideJob(declined.id, approve: false, by: "lead")?.state == .cancelled)

        let running = try #require(try database.claimJob(worker: "w:1:1"))
        #expect(try database.requestCancel(running.id, by: "ana")?.state == .running)
        #expect(try database.heartbeat(job: running.id, worker: "w:1:1") == true, "the worker learns of the cancel")
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [JobInsertion] = []
    private var claimed: [Int64] = []
    func add(_ result: JobInsertion) { lock.withLock { stored.append(result) } }
    func addClaim(_ id: Int64) { lock.withLock { claimed.append(id) } }
    var all: [JobInsertion] { lock.withLock { stored } }
    var claims: [Int64] { lock.withLock { claimed } }
}
