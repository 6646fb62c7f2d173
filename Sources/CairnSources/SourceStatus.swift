import CairnStore
import Foundation

/// A source as the UI and `cairn sources` show it: its definition and how its refreshes went.
public struct SourceStatus: Sendable, Equatable {
    public var definition: SourceDefinition
    /// Nil before the first refresh.
    public var state: SourceStateRecord?

    public init(definition: SourceDefinition, state: SourceStateRecord?) {
        self.definition = definition
        self.state = state
    }

    /// The last refresh failed but an earlier one succeeded: its entities are the last good ones.
    public var isStale: Bool { state?.lastError != nil && state?.lastSuccessAt != nil }

    /// Never refreshed successfully.
    public var isEmpty: Bool { state?.lastSuccessAt == nil }

    /// How old the entities on hand are.
    public func age(at now: Date = Date()) -> TimeInterval? {
        state?.lastSuccessAt.map { now.timeIntervalSince($0) }
    }

    /// True when the source is due for a refresh at `now`.
    public func isDue(at now: Date = Date()) -> Bool {
        guard let attempted = state?.lastAttemptAt else { return true }
        // After a failure, try again sooner (a quarter of the interval, at least 30 s).
        let wait = state?.lastError == nil ? definition.interval : max(30, definition.interval / 4)
        return now.timeIntervalSince(attempted) >= wait
    }
}
