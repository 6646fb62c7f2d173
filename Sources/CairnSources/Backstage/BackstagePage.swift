import CairnCatalog
import CairnHTTP

/// One page of entities as a Backstage catalog answered it, read with key order kept.
struct BackstagePage {
    var entities: [Value]
    /// Where the next page starts; nil on the last page.
    var nextCursor: String?
    /// What `by-query` says the whole listing holds (nil from the older endpoint).
    var totalItems: Int?

    /// Why a body is not a page of entities.
    struct Unreadable: Error {
        var reason: String
    }

    init(_ response: HTTPResponse, endpoint: BackstageEndpoint) throws(Unreadable) {
        let bytes = JSONForLibYAML.rewrite(response.body)
        // A JSON text of n bytes holds fewer than n values; the bound keeps aliases (YAML, not
        // JSON, but the parser takes them) from expanding past what an honest page could hold.
        let stream = YAMLParser.parse(bytes, maxNodesPerDocument: max(YAMLParser.defaultMaxNodesPerDocument, bytes.count))
        let contentType = response.header("Content-Type").map { " (\($0))" } ?? ""
        if let error = stream.syntaxError {
            throw Unreadable(reason: "the answer\(contentType) is not valid JSON: \(error.message) at line \(error.line), column \(error.column)")
        }
        guard stream.documents.count == 1, let document = stream.documents.first else {
            throw Unreadable(reason: "the answer\(contentType) is not a JSON document")
        }
        if let issue = document.issues.first {
            throw Unreadable(reason: "the answer is not usable JSON: \(issue.message) at line \(issue.line), column \(issue.column)")
        }
        guard let root = document.root else { throw Unreadable(reason: "the answer is empty") }
        let items: YAMLNode
        switch endpoint {
        case .byQuery:
            guard root.isMapping, let list = root["items"] else {
                throw Unreadable(reason: "the answer\(contentType) is not a by-query page ({items, pageInfo}); is url the Backstage base URL?")
            }
            items = list
            switch root["pageInfo"]?["nextCursor"]?.value {
            case .string(let text)? where !text.isEmpty: nextCursor = text
            case nil, .null?, .string?: nextCursor = nil
            case let other?: throw Unreadable(reason: "pageInfo.nextCursor is \(other.typeName), not a string")
            }
            if case .int(let total) = root["totalItems"]?.value { totalItems = total }
        case .entities:
            items = root
            nextCursor = BackstageEndpoint.nextCursor(inLink: response.header("Link"))
            totalItems = nil
        }
        guard case .sequence(let nodes) = items.content else {
            throw Unreadable(reason: "the answer\(contentType) holds no list of entities; is url the Backstage base URL?")
        }
        entities = nodes.map(\.value)
    }
}
