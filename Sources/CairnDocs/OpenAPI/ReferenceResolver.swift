import CairnCatalog
import Foundation

/// Finds what a local `$ref` (`#/components/schemas/Pet`, a JSON Pointer in a URI fragment)
/// points at inside one document, following chains of refs without looping.
struct ReferenceResolver: Sendable, Equatable {
    /// Where following a chain of refs ended.
    enum Outcome: Sendable, Equatable {
        /// The first value that is not itself a ref; `ref` is the last ref followed.
        case value(Value, ref: String?)
        case unresolved(String)
        /// The chain came back to a ref it had already followed.
        case cycle(String)
    }

    /// A chain longer than this is treated as a cycle: no real spec needs it.
    static let maxChain = 32

    let document: Value

    /// The value at `ref`, one hop only; nil for an external ref or a pointer that misses.
    func value(at ref: String) -> Value? {
        guard let tokens = Self.tokens(of: ref) else { return nil }
        var current = document
        for token in tokens {
            switch current {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Follows `value`'s `$ref` (and the target's, and so on) to the first value that is not a ref.
    func resolve(_ value: Value) -> Outcome {
        var current = value
        var lastRef: String?
        var seen: Set<String> = []
        while let ref = current["$ref"]?.stringValue {
            guard seen.insert(ref).inserted, seen.count <= Self.maxChain else { return .cycle(ref) }
            guard let target = self.value(at: ref) else { return .unresolved(ref) }
            lastRef = ref
            current = target
        }
        return .value(current, ref: lastRef)
    }

    /// The resolved value, or nil when the chain is broken or loops.
    func resolved(_ value: Value) -> Value? {
        if case .value(let target, _) = resolve(value) { return target }
        return nil
    }

    /// `Pet` for `#/components/schemas/Pet` (Swagger 2's `#/definitions/Pet` too); nil for any
    /// other ref, whose target is shown inline instead of by name.
    static func schemaName(of ref: String) -> String? {
        guard let tokens = tokens(of: ref) else { return nil }
        if tokens.count == 3, tokens[0] == "components", tokens[1] == "schemas" { return tokens[2] }
        if tokens.count == 2, tokens[0] == "definitions" { return tokens[1] }
        return nil
    }

    /// The last token of a ref, to name a recursive inline schema.
    static func lastToken(of ref: String) -> String {
        tokens(of: ref)?.last ?? ref
    }

    /// The unescaped JSON Pointer tokens of a local ref, nil for an external one. The fragment
    /// is percent-decoded first, then `~1` → `/` and `~0` → `~` (RFC 6901 order).
    static func tokens(of ref: String) -> [String]? {
        guard ref.hasPrefix("#") else { return nil }
        let fragment = String(ref.dropFirst())
        let pointer = fragment.removingPercentEncoding ?? fragment
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}
