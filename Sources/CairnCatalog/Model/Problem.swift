/// A problem found while reading the catalog: where, which entity, what is wrong and what to do.
public struct Problem: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, notice
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    /// The entity the problem belongs to, when there is one (a syntax error may have none).
    public var entityRef: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, column: Int, entityRef: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.entityRef = entityRef
        self.message = message
    }

    /// `path:line:col: error: component:default/x: message`, the compiler-style line editors jump to.
    public var description: String {
        let subject = entityRef.map { "\($0): " } ?? ""
        return "\(file):\(line):\(column): \(severity.rawValue): \(subject)\(message)"
    }

    public static func < (lhs: Problem, rhs: Problem) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.severity, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.severity, rhs.message)
    }
}

/// Where an entity was read from.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
