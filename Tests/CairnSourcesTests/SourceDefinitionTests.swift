import CairnSources
import Testing

@Suite struct SourceDefinitionTests {
    @Test func settingsReadAsWritten() {
        let source = SourceDefinition(name: "platform", kind: .git, settings: ["url": "file:///srv/catalog.git", "ref": "main"])
        #expect(source["url"] == "file:///srv/catalog.git")
        #expect(source["path"] == nil)
        #expect(source.interval == 300)
    }
}
