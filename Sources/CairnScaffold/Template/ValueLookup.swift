import CairnCatalog

/// `a.b` and `a[i]`. A lookup never fails: a missing key, an index out of range or a lookup on
/// null is null, because Backstage templates read optional parameters freely and Nunjucks returns
/// undefined for all of these.
enum ValueLookup {
    static func member(_ name: String, of base: Value) -> Value {
        switch base {
        case .object: return base[name] ?? .null
        case .array(let items) where name == "length": return .int(items.count)
        case .string(let text) where name == "length": return .int(text.count)
        default: return .null
        }
    }

    static func element(_ index: Value, of base: Value) -> Value {
        switch (base, index) {
        case (_, .string(let name)): return member(name, of: base)
        case (.object, _): return base[index.renderedText] ?? .null
        case (.array(let items), _):
            guard let position = integer(index), items.indices.contains(position) else { return .null }
            return items[position]
        case (.string(let text), _):
            guard let position = integer(index), position >= 0, position < text.count else { return .null }
            return .string(String(text[text.index(text.startIndex, offsetBy: position)]))
        default: return .null
        }
    }

    private static func integer(_ value: Value) -> Int? {
        switch value {
        case .int(let number): return number
        case .double(let number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
        default: return nil
        }
    }
}
