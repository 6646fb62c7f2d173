/// Reads one catalog file into entities and file-level problems.
public struct ParsedFile: Sendable {
    public var file: SourceFile
    public var entities: [Entity]
    /// Problems not owned by an entity: syntax errors, unreadable files, skipped documents.
    public var problems: [Problem]
}

public enum FileParser {
    public static func parse(_ file: SourceFile) -> ParsedFile {
        guard let bytes = FileSystem.read(file.path) else {
            return ParsedFile(file: file, entities: [], problems: [
                Problem(.error, file: file.path, line: 1, column: 1, message: "cannot read the file; check its permissions"),
            ])
        }
        return parse(bytes, file: file)
    }

    public static func parse(_ bytes: [UInt8], file: SourceFile) -> ParsedFile {
        let stream = YAMLParser.parse(bytes)
        var entities: [Entity] = []
        var problems: [Problem] = []
        for document in stream.documents {
            switch EntityReader.read(document, file: file.path) {
            case .entity(let entity): entities.append(entity)
            case .skipped(let notice): problems.append(notice)
            }
        }
        if let error = stream.syntaxError {
            problems.append(Problem(.error, file: file.path, line: error.line, column: error.column,
                                    message: "\(error.message); the rest of the file was not read, fix the YAML"))
        }
        return ParsedFile(file: file, entities: entities, problems: problems)
    }
}
