/// What `DeviceLogin.complete` reports while it waits for the user to approve the code.
public enum DeviceLoginEvent: Sendable, Equatable {
    /// The provider answered `authorization_pending`: not approved yet, polling again.
    case waiting
    /// The provider answered `slow_down`: polls are now `newInterval` seconds apart (RFC 8628 §3.5).
    case slowedDown(newInterval: Int)
}
