import CairnCatalog

/// Entity ⇄ cache bytes, everything included (document, problems, references, relations), so
/// a warm start rebuilds exactly the catalog the cold start produced.
enum EntityCoding {
    static func encode(_ entity: Entity) -> [UInt8] {
        var writer = BinaryWriter()
        write(entity.ref, &writer)
        writer.write(entity.apiVersion)
        writer.write(entity.kind)
        writer.write(entity.title)
        writer.write(entity.summary)
        writer.write(entity.tags.count)
        for tag in entity.tags { writer.write(tag) }
        for ref in [entity.owner, entity.system, entity.domain] {
            writer.write(ref != nil)
            if let ref { write(ref, &writer) }
        }
        writer.write(entity.lifecycle)
        writer.write(entity.type)
        write(entity.document, &writer)
        writer.write(entity.source.file)
        writer.write(entity.source.line)
        writer.write(entity.source.column)
        writeProblems(entity.problems, &writer)
        writer.write(entity.declaredReferences.count)
        for reference in entity.declaredReferences {
            writer.write(reference.field)
            writer.write(relationCode(reference.type))
            write(reference.target, &writer)
            writer.write(reference.line)
            writer.write(reference.column)
        }
        writer.write(entity.relations.count)
        for relation in entity.relations {
            writer.write(relationCode(relation.type))
            write(relation.target, &writer)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(BinaryReader.Malformed) -> Entity {
        var reader = BinaryReader(bytes)
        let ref = try readRef(&reader)
        let apiVersion = try reader.readString()
        let kind = try reader.readString()
        let title = try reader.readOptionalString()
        let summary = try reader.readOptionalString()
        var tags: [String] = []
        for _ in 0..<(try count(&reader)) { tags.append(try reader.readString()) }
        var refs: [EntityRef?] = []
        for _ in 0..<3 { refs.append(try reader.readBool() ? try readRef(&reader) : nil) }
        let lifecycle = try reader.readOptionalString()
        let type = try reader.readOptionalString()
        let document = try readValue(&reader)
        let source = SourceLocation(file: try reader.readString(), line: try reader.readInt(), column: try reader.readInt())
        let problems = try readProblems(&reader)
        var references: [DeclaredReference] = []
        for _ in 0..<(try count(&reader)) {
            let field = try reader.readString()
            let relationType = try relationType(reader.readInt())
            references.append(DeclaredReference(field: field, type: relationType, target: try readRef(&reader), line: try reader.readInt(), column: try reader.readInt()))
        }
        var relations: [Relation] = []
        let relationCount = try count(&reader)
        relations.reserveCapacity(relationCount)
        for _ in 0..<relationCount {
            let relationType = try relationType(reader.readInt())
            relations.append(Relation(relationType, try readRef(&reader)))
        }
        guard reader.isAtEnd else { throw .init() }
        return Entity(ref: ref, apiVersion: apiVersion, kind: kind, title: title, summary: summary, tags: tags,
                      owner: refs[0], system: refs[1], domain: refs[2], lifecycle: lifecycle, type: type,
                      document: document, source: source, problems: problems, declaredReferences: references, relations: relations)
    }

    static func encodeProblems(_ problems: [Problem]) -> [UInt8] {
        var writer = BinaryWriter()
        writeProblems(problems, &writer)
        return writer.bytes
    }

    static func decodeProblems(_ bytes: [UInt8]) throws(BinaryReader.Malformed) -> [Problem] {
        var reader = BinaryReader(bytes)
        return try readProblems(&reader)
    }

    // MARK: Parts

    /// Relation types as their position in `allCases` (matching names costs a warm start).
    private static let relationTypes = RelationType.allCases

    private static func relationCode(_ type: RelationType) -> Int {
        relationTypes.firstIndex(of: type)!
    }

    private static func relationType(_ code: Int) throws(BinaryReader.Malformed) -> RelationType {
        guard relationTypes.indices.contains(code) else { throw .init() }
        return relationTypes[code]
    }

    private static func write(_ ref: EntityRef, _ writer: inout BinaryWriter) {
        writer.write(ref.kind)
        writer.write(ref.namespace)
        writer.write(ref.name)
    }

    private static func readRef(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> EntityRef {
        EntityRef(lowercasedKind: try reader.readString(), namespace: try reader.readString(), name: try reader.readString())
    }

    private static func writeProblems(_ problems: [Problem], _ writer: inout BinaryWriter) {
        writer.write(problems.count)
        for problem in problems {
            writer.write(problem.severity.rawValue)
            writer.write(problem.file)
            writer.write(problem.line)
            writer.write(problem.column)
            writer.write(problem.entityRef)
            writer.write(problem.message)
        }
    }

    private static func readProblems(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> [Problem] {
        var problems: [Problem] = []
        for _ in 0..<(try count(&reader)) {
            guard let severity = Problem.Severity(rawValue: try reader.readString()) else { throw .init() }
            problems.append(Problem(severity, file: try reader.readString(), line: try reader.readInt(), column: try reader.readInt(),
                                    entityRef: try reader.readOptionalString(), message: try reader.readString()))
        }
        return problems
    }

    private static func count(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> Int {
        let value = try reader.readInt()
        guard value >= 0, value < 10_000_000 else { throw .init() }
        return value
    }

    private enum Tag: Int {
        case null, falseValue, trueValue, int, double, string, array, object
    }

    private static func write(_ value: Value, _ writer: inout BinaryWriter) {
        switch value {
        case .null: writer.write(Tag.null.rawValue)
        case .bool(let flag): writer.write((flag ? Tag.trueValue : Tag.falseValue).rawValue)
        case .int(let number): writer.write(Tag.int.rawValue); writer.write(number)
        case .double(let number): writer.write(Tag.double.rawValue); writer.write(number)
        case .string(let text): writer.write(Tag.string.rawValue); writer.write(text)
        case .array(let items):
            writer.write(Tag.array.rawValue)
            writer.write(items.count)
            for item in items { write(item, &writer) }
        case .object(let members):
            writer.write(Tag.object.rawValue)
            writer.write(members.count)
            for member in members {
                writer.write(member.key)
                write(member.value, &writer)
            }
        }
    }

    private static func readValue(_ reader: inout BinaryReader) throws(BinaryReader.Malformed) -> Value {
        guard let tag = Tag(rawValue: try reader.readInt()) else { throw .init() }
        switch tag {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .int: return .int(try reader.readInt())
        case .double: return .double(try reader.readDouble())
        case .string: return .string(try reader.readString())
        case .array:
            let itemCount = try count(&reader)
            var items: [Value] = []
            items.reserveCapacity(itemCount)
            for _ in 0..<itemCount { items.append(try readValue(&reader)) }
            return .array(items)
        case .object:
            let memberCount = try count(&reader)
            var members: [Value.Member] = []
            members.reserveCapacity(memberCount)
            for _ in 0..<memberCount { members.append(Value.Member(try reader.readString(), try readValue(&reader))) }
            return .object(members)
        }
    }
}
