/// Draws an `OpenAPISummary` as styled lines for a given width: the overview (info, servers,
/// one line per operation under its tag) and one operation's detail. Lines never pass `width`
/// columns: long text is wrapped (descriptions) or cut with an ellipsis (table cells).
public enum OpenAPIText {
    static let indent = "  "

    /// Info, servers, problems, then per tag a heading and `GET  /pets/{id}  Find a pet` lines.
    public static func lines(_ summary: OpenAPISummary, width: Int, symbols: OpenAPISymbols = .unicode) -> [StyledLine] {
        var lines: [StyledLine] = []
        let width = max(width, 20)
        let title = summary.info.title.map(singleLine) ?? "Untitled API"
        lines.append(StyledLine(.heading(1), [StyledSpan(cut(title, to: width, symbols), .heading)]))
        var facts: [String] = []
        if let version = summary.info.version { facts.append("version " + singleLine(version)) }
        if let specVersion = summary.specVersion { facts.append((summary.isSwagger ? "Swagger " : "OpenAPI ") + singleLine(specVersion)) }
        if !facts.isEmpty {
            lines.append(StyledLine(.text, [StyledSpan(cut(facts.joined(separator: " \(symbols.separator) "), to: width, symbols), .muted)]))
        }
        for problem in summary.problems {
            lines.append(contentsOf: wrap("\(symbols.warning) \(problem)", width: width, indent: "", style: .warning))
        }
        if let description = summary.info.description, !description.isEmpty {
            lines.append(StyledLine(.blank, []))
            lines.append(contentsOf: wrap(description, width: width, indent: "", style: []))
        }
        if !summary.servers.isEmpty {
            lines.append(StyledLine(.blank, []))
            lines.append(StyledLine(.heading(2), [StyledSpan("Servers", .heading)]))
            let urlWidth = min(summary.servers.map { columns(singleLine($0.url)) }.max() ?? 0, width - indent.count)
            for server in summary.servers {
                var spans = [StyledSpan(indent), StyledSpan(cut(singleLine(server.url), to: urlWidth, symbols), .code)]
                let room = width - indent.count - urlWidth - 2
                if let description = server.description, room > 0 {
                    spans.append(StyledSpan(pad("", to: urlWidth - columns(spans[1].text)) + "  "))
                    spans.append(StyledSpan(cut(singleLine(description), to: room, symbols)))
                }
                lines.append(StyledLine(.table, trimmed(spans)))
            }
        }
        if summary.groups.isEmpty {
            lines.append(StyledLine(.blank, []))
            lines.append(StyledLine(.text, [StyledSpan("No operations.", .muted)]))
        }
        let methodWidth = summary.operations.map(\.method.count).max() ?? 0
        for group in summary.groups {
            lines.append(StyledLine(.blank, []))
            var heading = [StyledSpan(cut(singleLine(group.name), to: width, symbols), .heading)]
            if let description = group.description.map(singleLine), !description.isEmpty {
                let room = width - columns(heading[0].text) - 3
                if room > 3 { heading.append(StyledSpan(" \(symbols.separator) " + cut(description, to: room, symbols), .muted)) }
            }
            lines.append(StyledLine(.heading(2), heading))
            let pathWidth = min(group.operations.map { columns(singleLine($0.path)) }.max() ?? 0, max(width / 2, 12))
            for operation in group.operations {
                lines.append(operationLine(operation, methodWidth: methodWidth, pathWidth: pathWidth, width: width, symbols: symbols))
            }
        }
        return lines
    }

    /// `  GET  /pets/{id}  Find a pet`; a deprecated operation is muted and says so.
    static func operationLine(_ operation: OpenAPISummary.Operation, methodWidth: Int, pathWidth: Int, width: Int, symbols: OpenAPISymbols) -> StyledLine {
        let muted: TextStyle = operation.isDeprecated ? .muted : []
        let path = singleLine(operation.path)
        var used = indent.count + methodWidth + 2
        let shownPath = cut(path, to: max(width - used, 1), symbols)
        var spans = [StyledSpan(indent), StyledSpan(operation.method, TextStyle.method.union(muted)),
                     StyledSpan(String(repeating: " ", count: methodWidth - operation.method.count + 2)),
                     StyledSpan(shownPath, TextStyle.code.union(muted))]
        used += columns(shownPath)
        let gap = max(pathWidth - columns(shownPath), 0) + 2
        var label = (operation.summary ?? operation.operationId).map(singleLine) ?? ""
        if operation.isDeprecated { label += label.isEmpty ? "(deprecated)" : " (deprecated)" }
        let room = width - used - gap
        if !label.isEmpty, room >= 4 {
            spans.append(StyledSpan(String(repeating: " ", count: gap)))
            spans.append(StyledSpan(cut(label, to: room, symbols), muted))
        }
        return StyledLine(.table, spans)
    }

    /// One operation in full: heading, summary and description, parameters, request body,
    /// responses with their schemas, then the properties of every object schema they use.
    public static func operationLines(_ operation: OpenAPISummary.Operation, in summary: OpenAPISummary, width: Int,
                                      symbols: OpenAPISymbols = .unicode) -> [StyledLine] {
        let width = max(width, 20)
        let muted: TextStyle = operation.isDeprecated ? .muted : []
        var heading = [StyledSpan(operation.method, TextStyle.method.union(muted)), StyledSpan(" "),
                       StyledSpan(cut(singleLine(operation.path), to: width - operation.method.count - 1, symbols), TextStyle.code.union(muted))]
        if operation.isDeprecated, width - columns(heading.map(\.text).joined()) >= 13 { heading.append(StyledSpan(" (deprecated)", .muted)) }
        var lines = [StyledLine(.heading(2), heading)]
        if let text = operation.summary, !text.isEmpty { lines.append(contentsOf: wrap(text, width: width, indent: "", style: .strong)) }
        if let identifier = operation.operationId {
            lines.append(StyledLine(.text, [StyledSpan("operationId ", .muted), StyledSpan(cut(singleLine(identifier), to: width - 12, symbols), .code)]))
        }
        if let text = operation.description, !text.isEmpty {
            lines.append(StyledLine(.blank, []))
            lines.append(contentsOf: wrap(text, width: width, indent: "", style: []))
        }

        if !operation.parameters.isEmpty {
            section("Parameters", into: &lines)
            let rows = operation.parameters.map { parameter in
                [Cell(parameter.name, parameter.isDeprecated ? [.code, .muted] : .code), Cell(parameter.location, .muted),
                 Cell(parameter.isRequired ? "required" : "", .strong), Cell(parameter.type.text(symbols), []),
                 Cell((parameter.isDeprecated ? "(deprecated) " : "") + (parameter.description ?? ""), .muted)]
            }
            lines.append(contentsOf: table(rows, width: width, symbols: symbols))
        }

        if let body = operation.requestBody {
            section(body.isRequired ? "Request body (required)" : "Request body", into: &lines)
            if let text = body.description, !text.isEmpty { lines.append(contentsOf: wrap(text, width: width, indent: indent, style: .muted)) }
            lines.append(contentsOf: table(body.content.map { [Cell($0.contentType, .code), Cell($0.type?.text(symbols) ?? "", [])] }, width: width, symbols: symbols))
        }

        if !operation.responses.isEmpty {
            section("Responses", into: &lines)
            let statusWidth = operation.responses.map { columns(singleLine($0.status)) }.max() ?? 0
            for response in operation.responses {
                let status = singleLine(response.status)
                let room = width - indent.count - statusWidth - 2
                var spans = [StyledSpan(indent), StyledSpan(status, .strong)]
                if let text = response.description.map(singleLine), !text.isEmpty, room > 3 {
                    spans.append(StyledSpan(String(repeating: " ", count: statusWidth - columns(status) + 2)))
                    spans.append(StyledSpan(cut(text, to: room, symbols)))
                }
                lines.append(StyledLine(.table, spans))
                let contentIndent = indent + String(repeating: " ", count: statusWidth + 2)
                let rows = response.content.map { [Cell($0.contentType, .code), Cell($0.type?.text(symbols) ?? "", [])] }
                lines.append(contentsOf: table(rows, width: width, symbols: symbols, indent: contentIndent))
            }
        }

        var shown: Set<String> = []
        let media = (operation.requestBody?.content ?? []) + operation.responses.flatMap(\.content)
        for item in media where !item.properties.isEmpty {
            let name = item.expandedName ?? "\(item.contentType) (inline)"
            guard shown.insert(name).inserted else { continue }
            section(cut("Schema " + singleLine(name), to: width, symbols), into: &lines)
            lines.append(contentsOf: propertyLines(item.properties, width: width, symbols: symbols))
        }
        return lines
    }

    /// The properties of a schema as table lines: `id`, `integer(int64)`, `required`, description.
    public static func propertyLines(_ properties: [SchemaProperty], width: Int, symbols: OpenAPISymbols = .unicode) -> [StyledLine] {
        let rows = properties.map { property in
            [Cell(property.name, .code), Cell(property.type.text(symbols), []), Cell(property.isRequired ? "required" : "", .strong),
             Cell(property.description ?? "", .muted)]
        }
        return table(rows, width: max(width, 20), symbols: symbols)
    }

    // MARK: Layout

    struct Cell {
        var text: String
        var style: TextStyle
        init(_ text: String, _ style: TextStyle) {
            self.text = OpenAPIText.singleLine(text)
            self.style = style
        }
    }

    private static func section(_ title: String, into lines: inout [StyledLine]) {
        lines.append(StyledLine(.blank, []))
        lines.append(StyledLine(.heading(3), [StyledSpan(title, .heading)]))
    }

    /// Rows as aligned columns; the last column takes what room is left and is cut to fit,
    /// earlier columns are capped so one long cell cannot push the rest off the line.
    static func table(_ rows: [[Cell]], width: Int, symbols: OpenAPISymbols, indent: String = OpenAPIText.indent) -> [StyledLine] {
        guard let columnCount = rows.map(\.count).max(), columnCount > 0 else { return [] }
        let cap = max((width - indent.count) / 3, 8)
        let widths = (0..<columnCount).map { column in
            min(rows.map { $0.indices.contains(column) ? columns($0[column].text) : 0 }.max() ?? 0, cap)
        }
        return rows.map { row in
            var spans = [StyledSpan(indent)]
            var used = indent.count
            var pendingGap = 0
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1 || row[(column + 1)...].allSatisfy { $0.text.isEmpty }
                let room = (isLast ? width - used - pendingGap : min(widths[column], width - used - pendingGap))
                if !cell.text.isEmpty, room >= 1 {
                    if pendingGap > 0 { spans.append(StyledSpan(String(repeating: " ", count: pendingGap))) }
                    used += pendingGap
                    let text = cut(cell.text, to: room, symbols)
                    spans.append(StyledSpan(text, cell.style))
                    used += columns(text)
                    pendingGap = 0
                    if isLast { break }
                    pendingGap = widths[column] - columns(text) + 2
                } else {
                    pendingGap += widths[column] + (widths[column] > 0 ? 2 : 0)
                }
            }
            return StyledLine(.table, spans)
        }
    }

    /// Words of `text` (line breaks and runs of spaces collapsed) filled to `width`.
    static func wrap(_ text: String, width: Int, indent: String, style: TextStyle) -> [StyledLine] {
        let room = max(width - indent.count, 1)
        var lines: [StyledLine] = []
        var current = ""
        func flush() {
            lines.append(StyledLine(.text, indent.isEmpty ? [StyledSpan(current, style)] : [StyledSpan(indent), StyledSpan(current, style)]))
            current = ""
        }
        for word in singleLine(text).split(separator: " ") {
            var word = String(word)
            while columns(word) > room { // a URL longer than the line: hard break
                if !current.isEmpty { flush() }
                let head = String(word.prefix(room))
                current = head
                flush()
                word.removeFirst(head.count)
            }
            if word.isEmpty { continue }
            if current.isEmpty {
                current = word
            } else if columns(current) + 1 + columns(word) <= room {
                current += " " + word
            } else {
                flush()
                current = word
            }
        }
        if !current.isEmpty { flush() }
        return lines
    }

    /// One line of display text: control characters (line breaks, tabs, ESC) become spaces, so
    /// spec text cannot move the cursor or break the layout.
    static func singleLine(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F, 0x80...0x9F: output.append(" ")
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// Columns a text takes: one per character. Specs are almost all ASCII; the terminal room
    /// measures wide characters exactly when it paints.
    static func columns(_ text: String) -> Int { text.count }

    static func cut(_ text: String, to width: Int, _ symbols: OpenAPISymbols) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        let room = width - symbols.ellipsis.count
        guard room > 0 else { return String(text.prefix(width)) }
        return String(text.prefix(room)) + symbols.ellipsis
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(width - columns(text), 0))
    }

    private static func trimmed(_ spans: [StyledSpan]) -> [StyledSpan] {
        spans.filter { !$0.text.isEmpty }
    }
}
