import CairnCatalog
import CairnScaffold
import Testing

@Suite("Entity pickers against the catalog")
struct ParameterEntityPickerTests {
    static let form: TemplateForm = {
        do {
            return try ParameterFixtures.form("""
            properties:
              owner: {type: string, ui:field: OwnerPicker, ui:options: {allowArbitraryValues: false}}
              group: {type: string, ui:field: OwnerPicker, ui:options: {allowArbitraryValues: false, catalogFilter: {kind: Group}}}
              free: {type: string, ui:field: OwnerPicker}
              entity: {type: string, ui:field: EntityPicker, ui:options: {allowArbitraryValues: false}}
              system: {type: string, ui:field: EntityPicker, ui:options: {allowArbitraryValues: false, catalogFilter: [{kind: System}]}}
            """)
        } catch {
            fatalError("fixture: \(error)")
        }
    }()

    func check(_ key: String, _ text: String, catalog: Catalog? = ParameterFixtures.people) throws -> String? {
        Self.form.validate(try #require(Self.form.field(key)), .string(text), catalog: catalog)
    }

    @Test("a bare name, kind:name and kind:namespace/name all find the entity, case-insensitively")
    func spellings() throws {
        for text in ["team-a", "group:team-a", "group:default/team-a", "Group:Default/Team-A", " team-a "] {
            #expect(try check("group", text) == nil, "\(text)")
        }
        #expect(try check("group", "ops/team-c") == nil)
        #expect(try check("group", "group:ops/team-c") == nil)
        #expect(try check("owner", "alice") == nil)
        #expect(try check("owner", "user:alice") == nil)
    }

    @Test("a missing entity or a wrong kind is named")
    func missing() throws {
        #expect(try check("group", "team-z") == "no group:team-z in the catalog")
        #expect(try check("group", "group:team-z") == "no group:team-z in the catalog")
        #expect(try check("group", "team-c") == "no group:team-c in the catalog") // it lives in ops
        #expect(try check("group", "alice") == "no group:alice in the catalog")
        #expect(try check("owner", "team-x") == "no group:team-x or user:team-x in the catalog") // a component
        #expect(try check("owner", "component:team-x") == "must be a group or user, not a component")
        #expect(try check("system", "team-a") == "no system:team-a in the catalog")
        #expect(try check("system", "payments") == nil)
        #expect(try check("group", "group:") == "must be an entity reference, [kind:][namespace/]name")
    }

    @Test("EntityPicker without a filter takes any kind")
    func anyKind() throws {
        #expect(try check("entity", "team-x") == nil)
        #expect(try check("entity", "component:team-x") == nil)
        #expect(try check("entity", "nothing") == "no entity named nothing in the catalog")
    }

    @Test("allowArbitraryValues (Backstage's default) and no catalog skip the lookup")
    func arbitrary() throws {
        #expect(try check("free", "anyone-at-all") == nil)
        #expect(try check("group", "team-z", catalog: nil) == nil)
        #expect(try check("group", "") == nil) // optional and empty
    }

    @Test("candidates: allowed kinds only, exact and prefix matches first, titles searched")
    func candidates() throws {
        let catalog = ParameterFixtures.people
        let owner = try #require(Self.form.field("owner"))
        let group = try #require(Self.form.field("group"))
        func names(_ field: TemplateForm.Field, _ query: String, limit: Int = 10) -> [String] {
            TemplateForm.candidates(for: field, query: query, in: catalog, limit: limit).map(\.humanized)
        }
        #expect(names(owner, "") == ["group:team-a", "group:team-b", "group:ops/team-c", "user:alice"])
        #expect(names(group, "") == ["group:team-a", "group:team-b", "group:ops/team-c"])
        #expect(names(group, "team", limit: 2) == ["group:team-a", "group:team-b"])
        #expect(names(group, "team-b") == ["group:team-b"])
        #expect(names(group, "PAYMENTS") == ["group:team-a"]) // by title
        #expect(names(group, "search") == ["group:team-b"])
        #expect(names(group, "am-c") == ["group:ops/team-c"])
        #expect(names(group, "zzz").isEmpty)
        #expect(names(group, "team", limit: 0).isEmpty)
        #expect(TemplateForm.candidates(for: TemplateForm.Field(key: "x"), query: "", in: catalog, limit: 5).isEmpty)
    }
}
