import CairnCatalog

extension AppState {
    /// Opens the dependencies screen on `ref`.
    mutating func openDependencies(_ ref: EntityRef) {
        dependencies = Dependencies(focus: ref)
        screen = .dependencies
    }

    /// Keys on the dependencies screen.
    mutating func dependencyKey(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .backspace: screen = .catalog
        default: break
        }
        return []
    }
}
