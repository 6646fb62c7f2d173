/// One token of an expression, with its offset in the source for error positions.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        case integer(Int)
        case decimal(Double)
        case symbol(String)
        /// The end of the expression: the closing delimiter of a tag, or the end of the text.
        case end
    }

    var kind: Kind
    var offset: Int

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
    func isWord(_ word: String) -> Bool { kind == .identifier(word) }
}
