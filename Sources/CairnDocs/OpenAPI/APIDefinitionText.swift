/// What the API tab shows for a definition: `spec.type` decides. OpenAPI becomes the summary;
/// AsyncAPI, GraphQL, gRPC and anything else are shown as their source text.
public enum APIDefinitionText {
    public static func lines(_ definition: APIDefinition, width: Int, symbols: OpenAPISymbols = .unicode) -> [StyledLine] {
        switch definition.type {
        case "openapi":
            return OpenAPIText.lines(OpenAPISummary(document: definition.value ?? .null), width: width, symbols: symbols)
        default:
            return DefinitionSourceText.lines(definition.text, type: definition.type)
        }
    }

    /// `lines`, then for OpenAPI every endpoint in full (parameters, body, responses, schemas):
    /// the whole API page of the portal and of `cairn docs show`.
    public static func fullLines(_ definition: APIDefinition, width: Int, symbols: OpenAPISymbols = .unicode) -> [StyledLine] {
        var result = lines(definition, width: width, symbols: symbols)
        guard definition.type == "openapi" else { return result }
        let summary = OpenAPISummary(document: definition.value ?? .null)
        for operation in summary.operations {
            result.append(StyledLine(.blank, []))
            result += OpenAPIText.operationLines(operation, in: summary, width: width, symbols: symbols)
        }
        return result
    }
}
