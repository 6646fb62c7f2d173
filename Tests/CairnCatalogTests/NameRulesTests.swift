import CairnCatalog
import Testing

/// Backstage's KubernetesValidatorFunctions and CommonValidatorFunctions, case by case.
@Suite("NameRules")
struct NameRulesTests {
    static let sixtyThree = String(repeating: "a", count: 63)
    static let sixtyFour = String(repeating: "a", count: 64)

    // MARK: apiVersion: [dnsSubdomain/]1–63 of [a-zA-Z0-9]

    @Test(arguments: ["backstage.io/v1alpha1", "backstage.io/v1beta1", "scaffolder.backstage.io/v1beta3", "v1",
                      "example.com/v2", "my-org.example.com/V1beta2", "a/" + sixtyThree])
    func acceptsAPIVersion(_ value: String) {
        #expect(NameRules.isValidAPIVersion(value))
    }

    @Test(arguments: ["backstage.io/", "a/b/c", "Backstage.io/v1", "", "/v1", "backstage.io/v1-alpha", "backstage_io/v1",
                      "example..com/v1", "-example.com/v1", "example.com/v1.0", "a/" + sixtyFour])
    func rejectsAPIVersion(_ value: String) {
        #expect(!NameRules.isValidAPIVersion(value))
    }

    // MARK: kind: ^[a-zA-Z][a-z0-9A-Z]*$, 1–63

    @Test(arguments: ["Component", "API", "a", "ResourceType", "X9", "k" + String(repeating: "9", count: 62)])
    func acceptsKind(_ value: String) {
        #expect(NameRules.isValidKind(value))
    }

    @Test(arguments: ["", "9Lives", "Resource-Type", "Resource_Type", "Kind!", "Kïnd", "K" + String(repeating: "9", count: 63)])
    func rejectsKind(_ value: String) {
        #expect(!NameRules.isValidKind(value))
    }

    // MARK: object name: ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$, 1–63

    @Test(arguments: ["a", "a-b_c.d", "A1", "9", "Payments.V2", "a--b", sixtyThree])
    func acceptsObjectName(_ value: String) {
        #expect(NameRules.isValidObjectName(value))
    }

    @Test(arguments: ["", "Pay$", "-x", "x-", "_x", "x.", "a b", "naïve", "a/b", sixtyFour])
    func rejectsObjectName(_ value: String) {
        #expect(!NameRules.isValidObjectName(value))
    }

    // MARK: namespace: a DNS label, ^[a-z0-9]+(-[a-z0-9]+)*$, 1–63

    @Test(arguments: ["default", "team-a", "a1", "0", sixtyThree])
    func acceptsNamespace(_ value: String) {
        #expect(NameRules.isValidNamespace(value))
    }

    @Test(arguments: ["", "Default", "Bad_Namespace", "-a", "a-", "a--b", "a.b", sixtyFour])
    func rejectsNamespace(_ value: String) {
        #expect(!NameRules.isValidNamespace(value))
    }

    // MARK: label and annotation keys: [dnsSubdomain/]objectName

    @Test(arguments: ["backstage.io/techdocs-ref", "tier", "example.com/Team_A", "a.b.c/x", "cairn.dev/health-url", sixtyThree])
    func acceptsKey(_ value: String) {
        #expect(NameRules.isValidKey(value))
    }

    @Test(arguments: ["bad key!", "a/b/c", "/x", "x/", "", "Example.com/x", "example.com/-x", "under_score.io/x", sixtyFour])
    func rejectsKey(_ value: String) {
        #expect(!NameRules.isValidKey(value))
    }

    // MARK: label values: empty or an object name

    @Test(arguments: ["", "x", "v1.2.3", "A_b", sixtyThree])
    func acceptsLabelValue(_ value: String) {
        #expect(NameRules.isValidLabelValue(value))
    }

    @Test(arguments: ["not valid!", "-x", "x_", " ", sixtyFour])
    func rejectsLabelValue(_ value: String) {
        #expect(!NameRules.isValidLabelValue(value))
    }

    // MARK: tags: ^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$, 1–63

    @Test(arguments: ["java", "c++", "c#", "tier-1", "k8s:prod", "a-b-c", sixtyThree])
    func acceptsTag(_ value: String) {
        #expect(NameRules.isValidTag(value))
    }

    @Test(arguments: ["", "UPPER", "Java", "has space", "-x", "x-", "a--b", "a_b", "a.b", "a/b", sixtyFour])
    func rejectsTag(_ value: String) {
        #expect(!NameRules.isValidTag(value))
    }

    // MARK: URLs: what `new URL(value)` accepts

    @Test(arguments: ["https://example.com", "http://localhost:8080/healthz?x=1#top", "mailto:team@example.com",
                      "git+ssh://git@example.com/repo.git", "urn:isbn:0451450523", "file:///etc/hosts"])
    func acceptsURL(_ value: String) {
        #expect(NameRules.isValidURL(value))
    }

    @Test(arguments: ["example.com", "/relative/path", "", "://example.com", "1http://example.com", "ht tp://example.com",
                      "https://", "http://?q", "https://exa mple.com"])
    func rejectsURL(_ value: String) {
        #expect(!NameRules.isValidURL(value))
    }

    /// WHATWG's URL parser percent-encodes a space in the path, so Backstage accepts such a
    /// link; NameRules refuses any space anywhere.
    @Test func acceptsURLWithSpaceInPathLikeBackstage() {
        #expect(NameRules.isValidURL("https://wiki.example.com/Team Pages/Payments"))
    }

    // MARK: non-blank strings (Backstage's isValidString)

    @Test func nonBlankNeedsAVisibleCharacter() {
        #expect(NameRules.isNonBlank("x"))
        #expect(NameRules.isNonBlank("  x "))
        #expect(!NameRules.isNonBlank(""))
        #expect(!NameRules.isNonBlank(" \t\n"))
    }
}
