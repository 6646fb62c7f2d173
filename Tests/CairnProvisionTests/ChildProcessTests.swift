@testable import CairnProvision
import Foundation
import Synchronization
import Testing

@Suite struct ChildProcessTests {
    @Test func feedsInputStreamsErrorsAndReturnsOutput() throws {
        let lines = LineCollector()
        let context = JobContext(jobID: 1, secrets: ["hunter22"]) { lines.add($0) }
        let result = try context.run(["/bin/sh", "-c", "cat; echo 'first line' >&2; echo 'password hunter22' >&2; exit 3"], input: Array("{\"a\":1}".utf8))
        #expect(result.status == 3)
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "{\"a\":1}")
        #expect(lines.all == ["first line", "password ***"])
    }

    @Test func cancelStopsTheWholeProcessGroup() throws {
        let context = JobContext(jobID: 1) { _ in }
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { context.cancel() }
        #expect(throws: ProvisionError.cancelled) {
            _ = try context.run(["/bin/sh", "-c", "sleep 30 & sleep 30; wait"])
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func timeoutStopsTheCommand() throws {
        let context = JobContext(jobID: 1) { _ in }
        #expect(throws: ProvisionError.self) {
            _ = try context.run(["/bin/sleep", "30"], timeoutSeconds: 0.3)
        }
    }

    @Test func missingProgramIsAnErrorNotACrash() {
        let context = JobContext(jobID: 1) { _ in }
        #expect(throws: ProvisionError.self) {
            _ = try context.run(["/no/such/program"])
        }
    }

    @Test func workerIdentityKnowsTheLivingFromTheGone() {
        #expect(!ProcessIdentity.isGone(ProcessIdentity.current, heartbeat: nil, staleAfter: 30))
        #expect(ProcessIdentity.isGone("\(ProcessIdentity.hostName):999999:1", heartbeat: Date(), staleAfter: 30))
        #expect(!ProcessIdentity.isGone("elsewhere:1:1", heartbeat: Date(), staleAfter: 30))
        #expect(ProcessIdentity.isGone("elsewhere:1:1", heartbeat: Date(timeIntervalSinceNow: -60), staleAfter: 30))
    }
}

final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ new: [String]) { lines.withLock { $0.append(contentsOf: new) } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite struct JobLogLimitTests {
    @Test func aFloodingCommandIsCutWithOneNotice() throws {
        let lines = LineCollector()
        let context = JobContext(jobID: 1) { lines.add($0) }
        _ = try context.run(["/bin/sh", "-c", "i=0; while [ $i -lt 6000 ]; do echo line $i >&2; i=$((i+1)); done"])
        context.log("after")
        #expect(lines.all.count == JobContext.maxLines + 1)
        #expect(lines.all.last == "(the log is cut at \(JobContext.maxLines) lines; later lines are dropped)")
    }

    @Test func aLongLineIsCut() {
        let lines = LineCollector()
        let context = JobContext(jobID: 1) { lines.add($0) }
        context.log(String(repeating: "x", count: 10_000))
        #expect(lines.all.count == 1)
        #expect(lines.all[0].hasSuffix(" …(cut)"))
        #expect(lines.all[0].utf8.count < 2_100)
    }
}

@Suite struct ChildProcessPipeTests {
    @Test func aCommandThatReadsNoneOfItsInputDoesNotKillCairn() throws {
        let context = JobContext(jobID: 1) { _ in }
        let result = try context.run(["/bin/true"], input: [UInt8](repeating: 65, count: 4 << 20))
        #expect(result.status == 0)
    }

    @Test func standardOutputIsCapped() throws {
        let context = JobContext(jobID: 1) { _ in }
        #expect(throws: ProvisionError.self) {
            _ = try context.run(["/bin/sh", "-c", "head -c 40000000 /dev/zero"])
        }
    }
}
