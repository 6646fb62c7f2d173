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
}
