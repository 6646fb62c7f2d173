/// Why a template or expression could not be parsed or evaluated, and where: line and column
/// (both from 1, columns counted in characters) in the text handed to `TemplateEngine`.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
