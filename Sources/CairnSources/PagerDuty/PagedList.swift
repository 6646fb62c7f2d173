import Foundation

/// One of the API's lists read page by page (`limit`, `offset`, `more`) up to the 10,000 items
/// classic pagination reaches, for a group of services or escalation policies (`keys`).
struct PagedList<Page: PagerDutyPage> {
    static var pageSize: Int { 100 }
    static var largestOffset: Int { 10_000 }

    /// The ids this list was asked for, so a failure can be given to each of them.
    let keys: [String]
    let parameters: [(String, String)]
    var offset = 0
    var items: [Page.Item] = []
    var isComplete = false
    /// True when more items were left unread at the API's offset limit.
    var isCut = false
    var failure: PagerDutyError?

    init(keys: [String], parameters: [(String, String)]) {
        self.keys = keys
        self.parameters = parameters
    }

    var nextPath: String {
        Page.path + "?" + PagerDutyTransport.query(parameters + [("limit", String(Self.pageSize)), ("offset", String(offset)), ("total", "false")])
    }

    mutating func accept(_ reply: PagerDutyReply) {
        isComplete = true
        switch reply {
        case .failed(let error):
            failure = error
        case .status(let status, let message):
            let reason: PagerDutyError.Reason = status == 403 ? .forbidden : .unexpectedAnswer
            failure = PagerDutyError(reason, "GET \(Page.path): HTTP \(status)" + (message.map { ": \($0)" } ?? ""))
        case .body(let bytes):
            let page: Page
            do {
                page = try PagerDutyWire.decoder().decode(Page.self, from: Data(bytes))
            } catch {
                failure = PagerDutyError(.unexpectedAnswer, "GET \(Page.path): the answer is not the documented list (\(PagerDutyWire.describe(error)))")
                return
            }
            items += page.items
            guard page.more == true, !page.items.isEmpty else { return }
            offset += page.items.count
            if offset >= Self.largestOffset {
                isCut = true
                return
            }
            isComplete = false
        }
    }
}
