import CairnCatalog
import CairnDocs
import CairnHealth
import CairnPortal
import Foundation

/// The lines of the detail pane for one entity, and which of them lead to another entity.
/// Pure: built from the catalog and a width, used by the reducer (cursor, scrolling) and the
/// renderer alike.
public struct DetailContent: Sendable {
    public struct Segment: Sendable, Equatable {
        public var text: String
        public var role: StyleRole
    }

    public struct Line: Sendable, Equatable {
        public var segments: [Segment]
        /// The entity Enter goes to from this line.
        public var link: EntityRef?
        /// A code or table line: never wrapped, it scrolls sideways instead.
        public var isWide = false
    }

    public var lines: [Line] = []

    /// Line numbers of the lines with a link, in order: what the cursor moves over.
    public var linkLines: [Int] { lines.indices.filter { lines[$0].link != nil } }

    static let labelWidth = 12

    public init(entity: Entity, catalog: Catalog, width: Int, glyphs: Glyphs, health: HealthBoard = .empty, tab: AppState.DetailTab = .overview,
                docs: LoadedDocs? = nil, isUnicode: Bool = true, audit: LoadedAudit? = nil, timeZone: TimeZone = .current,
                source: SourceSummary? = nil, pagerDuty: PagerDutyBoard? = nil, now: Date = Date()) {
        let width = max(20, width)
        switch tab {
        case .health:
            healthTab(entity, catalog: catalog, health: health, width: width, glyphs: glyphs)
            return
        case .docs:
            docsTab(entity, docs: docs, width: width, isUnicode: isUnicode)
            return
        case .api:
            apiTab(entity, docs: docs, width: width, isUnicode: isUnicode)
            return
        case .audit:
            auditTab(entity, audit: audit, width: width, glyphs: glyphs, timeZone: timeZone)
            return
        case .overview:
            break
        }
        if entity.isQuarantined {
            add([Segment(text: "\(glyphs.quarantined) QUARANTINED: not trusted until its problems are fixed", role: .error)])
        }
        add([Segment(text: entity.displayName, role: .title)])
        if let summary = entity.summary {
            for line in Self.wrap(summary, width: width, ellipsis: glyphs.ellipsis) { add([Segment(text: line, role: .text)]) }
        }
        blank()
        field("Kind", [entity.kind, entity.type].compactMap { $0 }.joined(separator: " \(glyphs.separator) "))
        field("Lifecycle", entity.lifecycle)
        healthSummary(entity.ref, health: health, glyphs: glyphs)
        if let owner = entity.owner {
            field("Owner", named(owner, catalog), link: owner)
            if let group = catalog[owner] {
                let members = group.relations.filter { $0.type == .hasMember }.map(\.target.name)
                if !members.isEmpty {
                    field("", "members: " + members.joined(separator: ", "), role: .dim)
                }
                let onCall = group.annotation("cairn.dev/oncall") ?? group.annotation("pagerduty.com/escalation-policy-id").map { "PagerDuty policy \($0)" }
                if let onCall { field("", "on-call: " + onCall, role: .dim) }
            }
        }
        if let system = entity.system { field("System", named(system, catalog), link: system) }
        if let domain = entity.domain { field("Domain", named(domain, catalog), link: domain) }
        if !entity.tags.isEmpty { field("Tags", entity.tags.joined(separator: ", ")) }
        if let service = entity.annotation("pagerduty.com/service-id")?.trimmingCharacters(in: .whitespaces), !service.isEmpty {
            if let pagerDuty, !entity.isQuarantined {
                pagerDutyRows(serviceID: service, board: pagerDuty, width: width, glyphs: glyphs, timeZone: timeZone, now: now)
            } else {
                field("PagerDuty", service)
            }
        }
        if let team = entity.annotation("opsgenie.com/team") { field("Opsgenie", team) }
        if let source {
            sourceRows(entity, source: source, width: width, glyphs: glyphs, now: now)
        } else {
            field("Source", entity.source.description, role: .dim)
        }

        let links = Self.links(of: entity)
        if !links.isEmpty {
            heading("Links")
            for link in links { field("  " + link.title, link.url, role: .accent) }
        }
        if !entity.relations.isEmpty {
            heading("Relations")
            var current: RelationType?
            for relation in entity.relations {
                if relation.type != current {
                    add([Segment(text: "  " + relation.type.rawValue, role: .dim)])
                    current = relation.type
                }
                let missing = catalog.contains(relation.target) ? "" : "  (not in catalog)"
                add([Segment(text: "    " + relation.target.description, role: .text), Segment(text: missing, role: .dim)], link: relation.target)
            }
        }
        let annotations = entity.annotations
        if !annotations.isEmpty {
            heading("Annotations")
            for member in annotations {
                add([Segment(text: "  " + member.key + ": ", role: .dim),
                     Segment(text: member.value.stringValue ?? JSONWriter.string(member.value), role: .text)])
            }
        }
        if !entity.problems.isEmpty {
            heading("Problems")
            for problem in entity.problems.sorted() {
                let role: StyleRole = problem.severity == .error ? .error : (problem.severity == .warning ? .badgeWarn : .dim)
                add([Segment(text: "  \(problem.file):\(problem.line):\(problem.column) \(problem.severity.rawValue)", role: role)])
                for line in Self.wrap(problem.message, width: width - 4, ellipsis: glyphs.ellipsis) { add([Segment(text: "    " + line, role: .text)]) }
            }
        }
    }

    /// The entity's metadata.links (runbooks, dashboards…), then what its annotations and
    /// definition imply: the repository, the docs, and an API's server endpoints.
    static func links(of entity: Entity) -> [(title: String, url: String)] {
        var links: [(title: String, url: String)] = []
        for link in entity.document["metadata"]?["links"]?.arrayValue ?? [] {
            guard let url = link["url"]?.stringValue else { continue }
            links.append((link["title"]?.stringValue ?? link["type"]?.stringValue ?? "link", url))
        }
        func add(_ title: String, _ url: String?) {
            guard let url, !url.isEmpty, !links.contains(where: { $0.url == url }) else { return }
            links.append((title, url))
        }
        if let location = entity.annotation("backstage.io/source-location") {
            add("Repository", location.hasPrefix("url:") ? String(location.dropFirst(4)) : location)
        }
        if let slug = entity.annotation("github.com/project-slug") { add("GitHub", "https://github.com/" + slug) }
        if let slug = entity.annotation("gitlab.com/project-slug") { add("GitLab", "https://gitlab.com/" + slug) }
        if let docs = entity.annotation("backstage.io/techdocs-ref") {
            add("Docs", docs.hasPrefix("dir:") ? "\(docs) (beside \(entity.source.file))" : docs)
        }
        if entity.ref.kind == "api", let definition = entity.spec["definition"]?.stringValue,
           let root = YAMLParser.parse(definition).documents.first?.root?.value {
            for server in root["servers"]?.arrayValue ?? [] {
                add("Endpoint" + (server["description"]?.stringValue.map { " (\($0))" } ?? ""), server["url"]?.stringValue)
            }
        }
        return links
    }

    /// Which source supplied the entity and how old its data is (a stale mark with the error
    /// when its last refresh failed), then the file within the source's tree.
    private mutating func sourceRows(_ entity: Entity, source: SourceSummary, width: Int, glyphs: Glyphs, now: Date) {
        var text = "\(source.name) (\(source.kind))"
        if let age = source.age(at: now) { text += " \(glyphs.separator) \(StatusLineView.age(age))" }
        if source.activity == .refreshing { text += " \(glyphs.separator) refreshing" + glyphs.ellipsis }
        field("Source", text)
        if source.health == .stale || source.health == .failed {
            let badge = SourceBadge.of(source, glyphs: glyphs, now: now, showingActivity: false)
            for line in Self.breakingWrap(badge.text, width: width - Self.labelWidth) {
                add([Segment(text: String(repeating: " ", count: Self.labelWidth), role: .dim), Segment(text: line, role: badge.role)])
            }
        }
        let prefix = source.folder.hasSuffix("/") ? source.folder : source.folder + "/"
        field("File", String(entity.source.description.dropFirst(prefix.count)), role: .dim)
    }

    /// The overview's health line: badge and reason, and what failing upstream impacts it.
    private mutating func healthSummary(_ ref: EntityRef, health: HealthBoard, glyphs: Glyphs) {
        if let status = health.status(of: ref) {
            let badge = HealthBadge.of(status, glyphs: glyphs)
            let reason = health.latest(ref).map { " \($0.reason)" } ?? " (worst of its parts)"
            add([Segment(text: TerminalText.pad("Health ", to: Self.labelWidth), role: .dim), Segment(text: badge.text, role: badge.role),
                 Segment(text: reason, role: .text)])
        }
        if let causes = health.impactedBy[ref] {
            add([Segment(text: TerminalText.pad("Impacted ", to: Self.labelWidth), role: .dim),
                 Segment(text: "\(glyphs.arrow) failing upstream: " + causes.map(\.humanized).joined(separator: ", "), role: .badgeWarn)])
        }
    }

    /// The Health tab: status, the latency sparkline and the last checks, newest first.
    private mutating func healthTab(_ entity: Entity, catalog: Catalog, health: HealthBoard, width: Int, glyphs: Glyphs) {
        add([Segment(text: entity.displayName, role: .title)])
        blank()
        let history = health.history[entity.ref] ?? []
        healthSummary(entity.ref, health: health, glyphs: glyphs)
        if let url = entity.annotation("cairn.dev/health-url") {
            field("Endpoint", url)
            let interval = entity.annotation("cairn.dev/health-interval") ?? "30s"
            let timeout = entity.annotation("cairn.dev/health-timeout") ?? "2s"
            field("", "every \(interval), timeout \(timeout)", role: .dim)
        } else if health.status(of: entity.ref) == nil {
            add([Segment(text: "No health endpoint: add a cairn.dev/health-url annotation to poll one.", role: .dim)])
        }
        if entity.ref.kind == "system" || entity.ref.kind == "domain" {
            heading("Parts")
            for relation in entity.relations where relation.type == .hasPart {
                let badge = health.status(of: relation.target).map { HealthBadge.of($0, glyphs: glyphs) }
                add([Segment(text: "  " + TerminalText.pad(badge?.text ?? "", to: HealthBadge.width), role: badge?.role ?? .dim),
                     Segment(text: relation.target.humanized, role: .text)], link: relation.target)
            }
        }
        guard !history.isEmpty else { return }
        heading("Latency, last \(history.count) checks")
        let latencies = history.map(\.latencyMilliseconds)
        let low = latencies.min() ?? 0
        let high = latencies.max() ?? 0
        var spark = [Segment(text: "  ", role: .text)]
        spark += history.suffix(max(1, width - 24)).map { sample in
            Segment(text: Self.sparkGlyph(sample.latencyMilliseconds, low: low, high: high, isUnicode: glyphs == .unicode),
                    role: HealthBadge.of(sample.status, glyphs: glyphs).role)
        }
        spark.append(Segment(text: "  \(low)–\(high) ms", role: .dim))
        add(spark)
        heading("Last checks")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MM-dd HH:mm:ss"
        add([Segment(text: "  TIME (UTC)      STATUS  CODE  LATENCY  REASON", role: .dim)])
        for sample in history.reversed() {
            let badge = HealthBadge.of(sample.status, glyphs: glyphs)
            add([Segment(text: "  " + formatter.string(from: sample.checkedAt) + "  ", role: .dim),
                 Segment(text: TerminalText.pad(badge.text, to: 8), role: badge.role),
                 Segment(text: TerminalText.pad(sample.httpStatus.map(String.init) ?? "-", to: 6)
                            + TerminalText.pad("\(sample.latencyMilliseconds) ms", to: 9) + sample.reason, role: .text)])
        }
    }

    /// One sparkline cell for a latency between `low` and `high`.
    static func sparkGlyph(_ value: Int, low: Int, high: Int, isUnicode: Bool) -> String {
        let levels = isUnicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "~", "=", "+", "*", "#"]
        guard high > low else { return levels[0] }
        let index = (value - low) * (levels.count - 1) / (high - low)
        return levels[max(0, min(levels.count - 1, index))]
    }

    mutating func add(_ segments: [Segment], link: EntityRef? = nil) {
        lines.append(Line(segments: segments, link: link))
    }

    mutating func blank() { add([]) }

    private mutating func heading(_ title: String) {
        blank()
        add([Segment(text: title, role: .accent)])
    }

    mutating func field(_ label: String, _ value: String?, role: StyleRole = .text, link: EntityRef? = nil) {
        guard let value, !value.isEmpty else { return }
        let padded = label.isEmpty ? String(repeating: " ", count: Self.labelWidth) : TerminalText.pad(TerminalText.singleLine(label) + " ", to: Self.labelWidth)
        add([Segment(text: padded, role: .dim), Segment(text: value, role: link == nil ? role : .text)], link: link)
    }

    private func named(_ ref: EntityRef, _ catalog: Catalog) -> String {
        guard let target = catalog[ref] else { return "\(ref.humanized) (not in catalog)" }
        return target.title.map { "\($0) (\(ref.humanized))" } ?? ref.humanized
    }

    /// Word-wraps text (sanitised to one line first) to `width` columns.
    static func wrap(_ text: String, width: Int, ellipsis: String = "…") -> [String] {
        let words = TerminalText.singleLine(text).split(separator: " ", omittingEmptySubsequences: true)
        var lines: [String] = []
        var current = ""
        for word in words {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TerminalText.width(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = TerminalText.width(String(word)) > width ? TerminalText.truncate(String(word), to: width, ellipsis: ellipsis) : String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Word-wraps sanitised text to `width` columns, breaking a word longer than a line (a
    /// path, a ref) across lines rather than cutting it: in an audit record or an edit's
    /// outcome every character may matter.
    static func breakingWrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { lines.append(current) }
            current = ""
        }
        for word in TerminalText.singleLine(text).split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if TerminalText.width(candidate) <= width {
                current = candidate
                continue
            }
            flush()
            for character in word {
                if TerminalText.width(current + String(character)) > width { flush() }
                current.append(character)
            }
        }
        flush()
        return lines
    }
}

extension AppState {
    /// The detail lines of the entity on show, wrapped to the detail pane.
    var detailContent: DetailContent? { detailContent(now: Date()) }

    /// The same, with ages (a source's) counted to `now`.
    func detailContent(now: Date) -> DetailContent? {
        guard let entity = detailEntity else { return nil }
        let width = (Layout(self).detail?.width ?? width) - 4
        return DetailContent(entity: entity, catalog: catalog, width: width, glyphs: glyphs, health: health, tab: detailTab,
                             docs: docs[entity.ref], isUnicode: isUnicode, audit: audit[entity.ref], timeZone: timeZone,
                             source: source(of: entity), pagerDuty: pagerDuty, now: now)
    }
}
