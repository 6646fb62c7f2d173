/// Numbers link targets in order of first appearance; a target seen again keeps its number.
struct LinkReferences {
    private(set) var urls: [String] = []
    private var numbers: [String: Int] = [:]

    /// The 1-based number for `url`, assigning the next one the first time.
    mutating func number(for url: String) -> Int {
        if let number = numbers[url] { return number }
        urls.append(url)
        numbers[url] = urls.count
        return urls.count
    }
}
