import CairnCatalog
import CairnHTTP
import Foundation

/// Reads the entities of an existing Backstage through its catalog API, so a team can use cairn
/// as the terminal front end of their Backstage.
///
/// Settings: `url` (the Backstage base URL, or its `…/api/catalog`), `tokenEnv` (the variable
/// holding a token sent as `Authorization: Bearer`), `filter` (Backstage `filter=` values such as
/// `kind=component,kind=api`; several separated by `;` match any of them), `pageSize` (500).
///
/// Pages come from `GET /api/catalog/entities/by-query` (cursor); where that answers 404 (a
/// Backstage before by-query existed) from `GET /api/catalog/entities` following its
/// `Link: rel="next"` header, and the memo remembers to go there first next time. Each page is
/// written to `backstage-entities-<n>.yaml`, one JSON document per entity, without `relations`,
/// `status` and the metadata the server assigns (`uid`, `etag`, `generation`).
public struct BackstageSource: SourceFetcher {
    /// Pages read before giving up (with pageSize 500, a million entities).
    public var maxPages: Int
    /// The largest page body read; a larger one fails the refresh (lower pageSize).
    public var maxPageBytes: Int
    public var pageTimeoutMilliseconds: Int

    public init(maxPages: Int = 2_000, maxPageBytes: Int = 32 << 20, pageTimeoutMilliseconds: Int = 60_000) {
        self.maxPages = maxPages
        self.maxPageBytes = maxPageBytes
        self.pageTimeoutMilliseconds = pageTimeoutMilliseconds
    }

    /// Memo keys: `endpoint` (`entities` once by-query answered 404) and `entities` (how many
    /// were read).
    public static let endpointMemoKey = "endpoint"
    public static let entityCountMemoKey = "entities"

    public func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult {
        let settings = try BackstageSettings(context.definition, environment: context.environment)
        let origin = settings.origin
        var endpoint = BackstageEndpoint(rawValue: context.memo[Self.endpointMemoKey] ?? "") ?? .byQuery
        var result = SourceFetchResult()
        var cursor: String?
        var seenCursors: Set<String> = []
        var page = 0
        var entityCount = 0
        // Pages are offsets into a catalog that may change meanwhile: an entity added during the
        // import pushes the last one of a page onto the next. Written once, it is not a duplicate.
        var seenEntities: Set<String> = []
        var repeated = 0
        while true {
            guard !context.shouldStop() else { throw SourceError("\(origin): stopped, cairn is quitting") }
            guard page < maxPages else {
                throw SourceError("\(origin): stopped after \(maxPages) pages (\(entityCount) entities) and there are more; narrow it with filter: or raise pageSize:")
            }
            let url = endpoint.url(settings, cursor: cursor)
            var request = HTTPRequest(url: url)
            request.headers = settings.headers
            request.timeoutMilliseconds = pageTimeoutMilliseconds
            request.maxBodyBytes = maxPageBytes
            let response = context.http.perform([request])[0]
            result.requests += 1
            if endpoint == .byQuery, cursor == nil, response.failure == nil, response.status == 404 {
                endpoint = .entities
                result.notices.append("\(settings.catalogURL)/entities/by-query answered 404 (an older Backstage); read /entities instead")
                continue
            }
            try check(response, url: url, page: page + 1, settings: settings)
            let contents: BackstagePage
            do {
                contents = try BackstagePage(response, endpoint: endpoint)
            } catch {
                throw SourceError("\(origin): GET \(url): \(settings.redacting(error.reason))")
            }
            page += 1
            let entities = contents.entities.filter { entity in
                guard let identity = Self.identity(entity) else { return true }
                return seenEntities.insert(identity).inserted
            }
            repeated += contents.entities.count - entities.count
            let file = context.folder + "/" + BackstageEntityFile.name(page: page)
            do {
                try BackstageEntityFile.text(entities, from: settings.catalogURL).write(toFile: file, atomically: false, encoding: .utf8)
            } catch {
                throw SourceError("\(origin): cannot write \(file): \(error.localizedDescription)")
            }
            entityCount += entities.count
            guard let next = contents.nextCursor else { break }
            guard seenCursors.insert(next).inserted else {
                throw SourceError("\(origin): GET \(url): the server gave a cursor it had given before (a loop); check the Backstage catalog's health")
            }
            cursor = next
        }
        if repeated > 0 {
            result.notices.append("\(repeated) \(repeated == 1 ? "entity was" : "entities were") listed on two pages (the catalog changed during the import); kept once")
        }
        result.memo = [Self.endpointMemoKey: endpoint.rawValue, Self.entityCountMemoKey: String(entityCount)]
        return result
    }

    /// `kind:namespace/name`, lower-cased as Backstage compares refs; nil for a document that has none.
    private static func identity(_ entity: Value) -> String? {
        guard let kind = entity["kind"]?.stringValue, let name = entity["metadata"]?["name"]?.stringValue else { return nil }
        let namespace = entity["metadata"]?["namespace"]?.stringValue ?? "default"
        return "\(kind):\(namespace)/\(name)".lowercased()
    }

    /// Turns a transport failure, an error status or a cut body into one line that says what to do.
    private func check(_ response: HTTPResponse, url: String, page: Int, settings: BackstageSettings) throws(SourceError) {
        let origin = settings.origin
        if let failure = response.failure {
            throw SourceError("\(origin): GET \(url): \(failure.reason)")
        }
        switch response.status {
        case 200..<300:
            if response.isTruncated {
                throw SourceError("\(origin): GET \(url): page \(page) is larger than \(Self.sizeText(maxPageBytes)) and was cut; lower pageSize: (now \(settings.pageSize))")
            }
            return
        case 401:
            if let variable = settings.tokenVariable {
                throw SourceError("\(origin): GET \(url): 401 Unauthorized: Backstage refused the token in \(variable); check it is a current Backstage token")
            }
            throw SourceError("\(origin): GET \(url): 401 Unauthorized: this Backstage needs a token; set tokenEnv: to the name of a variable holding one")
        case 403:
            let whose = settings.tokenVariable.map { "the token in \($0)" } ?? "an anonymous request"
            throw SourceError("\(origin): GET \(url): 403 Forbidden: \(whose) may not read the catalog\(serverMessage(response, settings))")
        case 404:
            throw SourceError("\(origin): GET \(url): 404 Not Found; is url the Backstage base URL (the catalog lives at <url>/api/catalog)?")
        case 400:
            throw SourceError("\(origin): GET \(url): 400 Bad Request\(serverMessage(response, settings)); check filter:")
        default:
            throw SourceError("\(origin): GET \(url): HTTP \(response.status)\(serverMessage(response, settings))")
        }
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(max(1, bytes >> 10)) KB"
    }

    /// `: message` from Backstage's error body (`{"error": {"message": …}}`), one line, short.
    private func serverMessage(_ response: HTTPResponse, _ settings: BackstageSettings) -> String {
        let root = YAMLParser.parse(Array(response.body.prefix(16_384))).documents.first?.root
        guard let message = root?["error"]?["message"]?.value.stringValue else { return "" }
        // One line without control characters: it ends up in a terminal.
        let line = String(String.UnicodeScalarView(settings.redacting(message).unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        })).trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return "" }
        return ": " + (line.count > 200 ? line.prefix(200) + "…" : line)
    }
}
