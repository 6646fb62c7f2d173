import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

@Suite("Jobs screen and the provision request")
struct JobsScreenTests {
    /// Four jobs, newest first: one awaiting approval, one running, one failed, one succeeded.
    static let jobs: [JobSummary] = [
        JobSummary(id: 4, action: "provision", typeRef: "resourcetype:default/redis", targetRef: "component:default/orders-service",
                   resourceRef: "resource:default/orders-service-redis", requester: "bob", state: .awaitingApproval, createdAt: TUI.now.addingTimeInterval(-5)),
        JobSummary(id: 3, action: "provision", typeRef: "resourcetype:default/redis", targetRef: "component:default/search-service",
                   resourceRef: "resource:default/search-service-redis", requester: "alice", state: .running, createdAt: TUI.now.addingTimeInterval(-30),
                   startedAt: TUI.now.addingTimeInterval(-29), attempt: 1),
        JobSummary(id: 2, action: "provision", typeRef: "resourcetype:default/postgresql", targetRef: "component:default/carrier-adapter",
                   resourceRef: "resource:default/carrier-adapter-postgresql", requester: "alice", state: .failed, createdAt: TUI.now.addingTimeInterval(-600),
                   startedAt: TUI.now.addingTimeInterval(-600), finishedAt: TUI.now.addingTimeInterval(-598), attempt: 1, error: "no postgres driver"),
        JobSummary(id: 1, action: "deprovision", typeRef: "resourcetype:default/redis", targetRef: "component:default/search-service",
                   resourceRef: "resource:default/search-service-redis", requester: "carol", state: .succeeded, createdAt: TUI.now.addingTimeInterval(-7200),
                   startedAt: TUI.now.addingTimeInterval(-7200), finishedAt: TUI.now.addingTimeInterval(-7197), attempt: 1),
    ]

    /// Job 3's detail: three steps and `lines` log lines ("line 1"…).
    static func detail(lines: Int) -> JobDetail {
        JobDetail(jobID: 3, steps: [
            JobStepSummary(name: "plan", state: "succeeded", startedAt: TUI.now.addingTimeInterval(-29), finishedAt: TUI.now.addingTimeInterval(-28.5)),
            JobStepSummary(name: "provision (redis)", state: "running", startedAt: TUI.now.addingTimeInterval(-28)),
        ], log: (1...max(1, lines)).prefix(lines).map { JobLogEntry(at: TUI.now.addingTimeInterval(-29 + Double($0) / 10), line: "line \($0)") })
    }

    /// The samples with the jobs above arrived, the Jobs screen open on job 3.
    static func jobsState(width: Int = 80, height: Int = 24, isUnicode: Bool = true, isColor: Bool = true, logLines: Int = 3) throws -> AppState {
        var state = TUI.state(try TUI.samples(), width: width, height: height, isUnicode: isUnicode, isColor: isColor)
        _ = reduce(&state, .jobsUpdated(JobsSnapshot(jobs: jobs)))
        TUI.press(&state, .character("J"), .character("j"))
        _ = reduce(&state, .jobsUpdated(JobsSnapshot(jobs: jobs, detail: detail(lines: logLines))))
        return state
    }

    @Test("J opens the list newest first: a badge (glyph and word), id, what, for what, by whom, how long ago; the selected job's steps and log below")
    func listAt80Columns() throws {
        let state = try Self.jobsState()
        #expect(state.screen == .jobs && state.jobs.selectedID == 3)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let lines = screen.lines
        #expect(lines[1].contains("Jobs (4, 1 running, 1 awaiting approval)"))
        #expect(lines[2].contains("STATE") && lines[2].contains("JOB") && lines[2].contains("FOR") && lines[2].hasSuffix("AGE │"))
        #expect(lines[3] == "│  ◇ awaiting  #4     provision redis      orders-service    bob        5s ago │")
        #expect(lines[4] == "│▶ ▸ running   #3     provision redis      search-service    alice     30s ago │")
        #expect(lines[5] == "│  ✖ failed    #2     provision postgresql carrier-adapter   alice     10m ago │")
        #expect(lines[6] == "│  ✓ succeeded #1     deprovision redis    search-service    carol      2h ago │")
        #expect(TUI.role(of: "◇ awaiting", y: 3, in: screen) == .badgeWarn)
        #expect(TUI.role(of: "▸ running", y: 4, in: screen) == .jobRunning)
        #expect(TUI.role(of: "✖ failed", y: 5, in: screen) == .jobFailed)
        #expect(TUI.role(of: "✓ succeeded", y: 6, in: screen) == .jobSucceeded)
        #expect(TUI.role(of: "#3", y: 4, in: screen) == .selection, "the selected row is highlighted")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("#3 provision redis for component:search-service"))
        #expect(text.contains("resource search-service-redis · took 29s · x cancels"))
        #expect(text.contains("✓ plan") && text.contains("0.5s"))
        #expect(text.contains("▸ provision (redis)") && text.contains("28s"))
        #expect(text.contains("+0:00 line 1") && text.contains("line 3"))
        #expect(lines.last?.hasPrefix("j/k move  Enter log  x cancel  a approve  D decline") == true)
    }

    @Test("ASCII badges when the locale is not UTF-8; the words carry the state without colour", arguments: [(false, true), (true, false), (false, false)])
    func asciiAndNoColor(_ isUnicode: Bool, _ isColor: Bool) throws {
        let state = try Self.jobsState(isUnicode: isUnicode, isColor: isColor)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let text = screen.lines.joined(separator: "\n")
        let words = isUnicode ? ["◇ awaiting", "▸ running", "✖ failed", "✓ succeeded"] : ["? awaiting", "> running", "x failed", "+ succeeded"]
        for word in words { #expect(text.contains(word), "\(word)") }
        if !isUnicode { TUI.expectASCII(screen) }
    }

    @Test("the selection follows its job: moving asks for its detail, new jobs above do not move it, Esc goes back")
    func selection() throws {
        var state = TUI.state(try TUI.samples())
        #expect(TUI.press(&state, .character("J")) == [.job(.watch(nil))], "nothing to watch before the first snapshot")
        #expect(TUI.screen(state).lines.joined().contains("reading jobs…"))
        #expect(reduce(&state, .jobsUpdated(JobsSnapshot(jobs: Self.jobs))) == [.job(.watch(4))], "the newest job is selected")
        #expect(TUI.press(&state, .character("j")) == [.job(.watch(3))])
        #expect(TUI.press(&state, .character("G")) == [.job(.watch(1))])
        #expect(TUI.press(&state, .character("j")) == [], "already on the last")
        #expect(TUI.press(&state, .character("g")) == [.job(.watch(4))])
        TUI.press(&state, .character("j"))
        var newer = Self.jobs[0]
        newer.id = 5
        #expect(reduce(&state, .jobsUpdated(JobsSnapshot(jobs: [newer] + Self.jobs))) == [])
        #expect(state.jobs.selectedID == 3 && state.jobs.selectedIndex == 2)
        _ = reduce(&state, .jobsUpdated(JobsSnapshot(jobs: Self.jobs, detail: JobDetail(jobID: 1, steps: [], log: []))))
        #expect(state.jobs.detail == nil, "a detail for another job is not shown")
        TUI.press(&state, .escape)
        #expect(state.screen == .catalog)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "jobs")
        #expect(TUI.press(&state, .enter) == [.job(.watch(3))])
        #expect(state.screen == .jobs)
        TUI.press(&state, .character("J"))
        #expect(state.screen == .catalog, "J toggles")
    }

    @Test("x asks y/n in the status line; only y cancels; n does not open the wizard; a finished job cannot be cancelled")
    func cancelConfirmation() throws {
        var state = try Self.jobsState()
        #expect(TUI.press(&state, .character("x")) == [])
        #expect(state.jobs.confirmingCancel == 3)
        let screen = TUI.screen(state)
        let footer = try #require(screen.lines.last)
        #expect(footer.hasPrefix("Cancel job #3 (provision redis for component:search-service)? y/n"))
        #expect(TUI.role(of: "Cancel job #3", y: screen.height - 1, in: screen) == .error)
        #expect(TUI.press(&state, .character("n")) == [])
        #expect(state.screen == .jobs && state.wizard == nil)
        #expect(state.message == "job #3 not cancelled")
        TUI.press(&state, .character("x"))
        #expect(TUI.press(&state, .character("y")) == [.job(.cancel(3))])
        #expect(state.jobs.confirmingCancel == nil)
        _ = reduce(&state, .jobCommandFinished(.done("cancel requested: job #3 stops its step and cleans up")))
        #expect(TUI.screen(state).lines.last?.hasPrefix("cancel requested: job #3") == true)
        TUI.press(&state, .character("G"))
        #expect(TUI.press(&state, .character("x")) == [])
        #expect(state.jobs.confirmingCancel == nil && state.messageIsError)
        #expect(state.message == "job #1 already succeeded; nothing to cancel")
    }

    @Test("a approves and D declines a job awaiting approval; on any other job they say why not")
    func approveAndDecline() throws {
        var state = try Self.jobsState()
        #expect(TUI.press(&state, .character("a")) == [])
        #expect(state.message == "job #3 is running, not awaiting approval" && state.messageIsError)
        TUI.press(&state, .character("k"))
        let awaiting = TUI.screen(state).lines.joined(separator: "\n")
        #expect(awaiting.contains("awaiting approval: a approves, D declines"))
        #expect(TUI.press(&state, .character("a")) == [.job(.decide(4, approve: true))])
        #expect(TUI.press(&state, .character("D")) == [.job(.decide(4, approve: false))])
        _ = reduce(&state, .jobCommandFinished(.failed("job 4 is running, not awaiting approval")))
        #expect(state.messageIsError && state.message == "job 4 is running, not awaiting approval")
    }

    @Test("the log follows its tail as lines arrive; scrolled up it stays put; G follows again; lines are sanitised")
    func logFollowAndScroll() throws {
        var state = try Self.jobsState(logLines: 40)
        let rows = state.jobLogRows
        var text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("Log (following)") && text.contains("line 40") && !text.contains("line 30 "))
        TUI.press(&state, .enter)
        #expect(state.jobs.focus == .log)
        TUI.press(&state, .character("k"), .character("k"))
        #expect(state.jobs.logTop == 40 - rows - 2)
        _ = reduce(&state, .jobsUpdated(JobsSnapshot(jobs: Self.jobs, detail: Self.detail(lines: 45))))
        text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(!text.contains("line 45") && text.contains("line \(38 - rows + 1)"), "scrolled up: new lines do not move the view")
        #expect(text.contains("Log (\(38 - rows + 1)-38/45)"))
        TUI.press(&state, .character("G"))
        #expect(state.jobs.logTop == nil)
        text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("line 45"))
        TUI.press(&state, .character("g"))
        #expect(TUI.screen(state).lines.joined(separator: "\n").contains("+0:00 line 1\u{20}"))
        TUI.press(&state, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown)
        #expect(state.jobs.logTop == nil, "paging to the end follows again")
        TUI.press(&state, .escape)
        #expect(state.jobs.focus == .list && state.screen == .jobs)

        var hostile = Self.detail(lines: 1)
        hostile.log = [JobLogEntry(at: TUI.now, line: "A\u{1B}]0;PWNED\u{07}B\u{1B}[31mRED\rC\u{202E}xyz\tend")]
        _ = reduce(&state, .jobsUpdated(JobsSnapshot(jobs: Self.jobs, detail: hostile)))
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        #expect(screen.lines.allSatisfy { !$0.unicodeScalars.contains(where: TUI.isHostile) })
        #expect(screen.lines.contains { $0.contains("ABRED Cxyz end") })
    }

    @Test("p on a service: pick Redis, change a choice, review (no approval for an experimental service), Enter asks for the request; the job opens on the Jobs screen")
    func requestFlow() throws {
        var state = TUI.state(try TUI.samples(), width: 100, height: 30)
        TUI.type(&state, "/search-service")
        TUI.press(&state, .enter)
        TUI.press(&state, .character("p"))
        #expect(state.screen == .provisionRequest)
        let request = try #require(state.provisionRequest)
        #expect(request.target == TUI.ref("component:default/search-service"))
        let picker = TUI.screen(state)
        TUI.expectWellFormed(picker)
        #expect(picker.lines.joined().contains("Redis cache"))
        let redis = try #require(request.types.firstIndex { $0.name == "redis" })
        for _ in 0..<redis { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        #expect(state.provisionRequest?.stage == .page(0))
        #expect(state.provisionRequest?.editor?.values["size"] == .string("1gb"), "defaults filled in")
        TUI.type(&state, "q")
        #expect(state.screen == .provisionRequest, "letters go to the form")
        TUI.press(&state, .right)
        #expect(state.provisionRequest?.editor?.values["size"] == .string("4gb"))
        TUI.press(&state, .enter)
        #expect(state.provisionRequest?.stage == .review)
        let review = TUI.screen(state).lines.joined(separator: "\n")
        #expect(review.contains("Redis cache (resourcetype:redis)"))
        #expect(review.contains("component:search-service (experimental, owner web-team)"))
        #expect(review.contains("Memory              4gb"))
        #expect(review.contains("Approval            not needed: the job runs at once"))
        let effects = TUI.press(&state, .enter)
        #expect(effects == [.job(.request(type: TUI.ref("resourcetype:default/redis"), target: TUI.ref("component:default/search-service"),
                                           values: ["size": .string("4gb"), "version": .string("7.2"), "evictionPolicy": .string("allkeys-lru")]))])
        #expect(state.provisionRequest?.stage == .submitting)
        #expect(TUI.press(&state, .enter) == [], "a second Enter does not send it twice")

        _ = reduce(&state, .jobCommandFinished(.requestFailed("cairn: error: idempotency key k was already used for job 1\nsecond line")))
        #expect(state.provisionRequest?.stage == .review && state.messageIsError)
        let refused = TUI.screen(state).lines.joined(separator: "\n")
        #expect(refused.contains("✖ idempotency key k was already used for job 1") && refused.contains("✖ second line"))

        TUI.press(&state, .enter)
        let opened = reduce(&state, .jobCommandFinished(.requested(jobID: 7, isNew: true, state: .queued)))
        #expect(opened == [.job(.watch(7))])
        #expect(state.screen == .jobs && state.provisionRequest == nil && state.jobs.selectedID == 7)
        #expect(state.message == "job #7 queued")
        TUI.expectWellFormed(TUI.screen(state))
    }

    @Test("a production service's request says it waits for approval, and by whom; Esc walks back to the picker and closes")
    func approvalAndEscape() throws {
        var state = TUI.state(try TUI.samples(), width: 100, height: 30)
        TUI.type(&state, "/orders-service")
        TUI.press(&state, .enter, .enter)
        #expect(state.focus == .detail)
        TUI.press(&state, .character("p"))
        let redis = try #require(state.provisionRequest?.types.firstIndex { $0.name == "redis" })
        for _ in 0..<redis { TUI.press(&state, .down) }
        #expect(TUI.screen(state).lines.contains { $0.contains("Redis cache") && $0.contains("needs approval") })
        TUI.press(&state, .enter, .enter)
        let review = TUI.screen(state).lines.joined(separator: "\n")
        #expect(review.contains("Approval            needed: the job waits on the Jobs screen until it is approved"))
        #expect(review.contains("Approvers           group:platform-team"))
        TUI.press(&state, .escape)
        #expect(state.provisionRequest?.stage == .page(0))
        TUI.press(&state, .escape)
        #expect(state.provisionRequest?.stage == .typePicker)
        TUI.press(&state, .escape)
        #expect(state.screen == .catalog && state.provisionRequest == nil)
    }

    @Test("p on a Group does nothing but say why in the status line")
    func provisionOnGroup() throws {
        var state = TUI.state(try TUI.samples())
        TUI.type(&state, "/checkout-team")
        TUI.press(&state, .enter)
        #expect(state.selectedEntity?.ref.kind == "group")
        #expect(TUI.press(&state, .character("p")) == [])
        #expect(state.screen == .catalog && state.provisionRequest == nil)
        #expect(state.messageIsError)
        let footer = try #require(TUI.screen(state).lines.last)
        #expect(footer.hasPrefix("checkout-team is a Group: p requests resources for a Component, System or API"))
    }

    @Test("! opens the problems screen (p no longer does) and toggles back; :problems still works")
    func problemsMovedToBang() throws {
        var state = TUI.state(try TUI.samples())
        TUI.press(&state, .character("!"))
        #expect(state.screen == .problems)
        TUI.press(&state, .character("!"))
        #expect(state.screen == .catalog)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "problems")
        TUI.press(&state, .enter)
        #expect(state.screen == .problems)
        TUI.press(&state, .character("?"))
        let help = TUI.screen(state).lines.joined(separator: "\n")
        #expect(help.contains("!                problems: every validation problem"))
    }
}
