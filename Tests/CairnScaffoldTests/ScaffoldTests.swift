import CairnScaffold
import Testing

@Suite("Scaffold basics")
struct ScaffoldTests {
    @Test("cairn runs Backstage v1beta3 templates")
    func apiVersion() {
        #expect(Scaffold.templateAPIVersion == "scaffolder.backstage.io/v1beta3")
    }
}
