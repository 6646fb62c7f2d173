extension KeyedDecodingContainer {
    /// A duration in seconds (`expires_in`, `interval`): a JSON number, or a numeric string as
    /// some providers send it.
    func decodeSecondsIfPresent(forKey key: Key) throws -> Double? {
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key), let number = Double(text) { return number }
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        throw DecodingError.typeMismatch(Double.self, .init(codingPath: codingPath + [key], debugDescription: "seconds must be a number"))
    }
}
