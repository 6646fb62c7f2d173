import CairnCatalog
import CairnDocs
import Foundation

/// The Docs and API tabs of the detail pane: rendered Markdown pages (each headed by its file
/// and last change, contradictions flagged, numbered links listed) and an API's summary with
/// every endpoint in full.
extension DetailContent {
    mutating func docsTab(_ entity: Entity, docs: LoadedDocs?, width: Int, isUnicode: Bool) {
        guard let docs else {
            add([Segment(text: "reading docs…", role: .dim)])
            return
        }
        for problem in docs.problems { add([Segment(text: (isUnicode ? "⚠ " : "! ") + problem, role: .badgeWarn)]) }
        if docs.pages.isEmpty {
            add([Segment(text: "No docs for \(entity.ref.humanized).", role: .text)])
            for line in Self.wrap("Add backstage.io/techdocs-ref: dir:. (with docs/ or mkdocs.yml), cairn.dev/readme: PATH, or a README.md beside \(entity.source.file).",
                                  width: width) { add([Segment(text: line, role: .dim)]) }
            return
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let renderedPages = docs.renderedPages(width: width, ascii: !isUnicode)
        for (index, page) in docs.pages.enumerated() {
            if index > 0 { blank() }
            let changed = page.modified.map { "changed " + formatter.string(from: $0) } ?? "date unknown"
            add([Segment(text: page.name, role: .title), Segment(text: "  \(page.file) · \(changed)", role: .dim)])
            for contradiction in docs.contradictions where contradiction.file == page.file {
                for (number, line) in Self.wrap("line \(contradiction.line): \(contradiction.message)", width: width - 2).enumerated() {
                    add([Segment(text: (number == 0 ? (isUnicode ? "⚠ " : "! ") : "  ") + line, role: .badgeWarn)])
                }
            }
            blank()
            let rendered = renderedPages[index]
            styled(rendered.lines)
            if !rendered.links.isEmpty {
                blank()
                for (number, link) in rendered.links.enumerated() { add([Segment(text: "[\(number + 1)] ", role: .dim), Segment(text: link, role: .accent)]) }
            }
        }
    }

    mutating func apiTab(_ entity: Entity, docs: LoadedDocs?, width: Int, isUnicode: Bool) {
        guard entity.ref.kind == "api" else {
            add([Segment(text: "\(entity.ref.humanized) is not an API.", role: .dim)])
            return
        }
        guard let docs else {
            add([Segment(text: "reading the definition…", role: .dim)])
            return
        }
        if let error = docs.apiError {
            for line in Self.wrap(error, width: width) { add([Segment(text: line, role: .error)]) }
            return
        }
        styled(docs.apiLines(width: width, ascii: !isUnicode))
    }

    /// Styled lines as segments, each span's style given the theme role that carries it.
    private mutating func styled(_ lines: [StyledLine]) {
        for line in lines {
            add(line.spans.map { Segment(text: TerminalText.singleLine($0.text), role: Self.role(for: $0.style, kind: line.kind)) })
            if line.kind == .code || line.kind == .table { self.lines[self.lines.count - 1].isWide = true }
        }
    }

    static func role(for style: TextStyle, kind: StyledLine.Kind) -> StyleRole {
        if style.contains(.warning) { return .badgeWarn }
        if style.contains(.heading) || style.contains(.strong) { return .title }
        if style.contains(.link) || style.contains(.method) || style.contains(.code) { return .accent }
        if style.contains(.muted) || style.contains(.quote) { return .dim }
        if case .code = kind { return .accent }
        return .text
    }
}
