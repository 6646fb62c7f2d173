/// Who signed in, as an ID token or a UserInfo response describes them (OIDC Core §5.1): what
/// the catalog's Users and Groups are matched against.
public struct ProfileClaims: Sendable, Equatable, Decodable {
    /// `sub`: the provider's stable identifier for the user.
    public var subject: String
    public var preferredUsername: String?
    public var email: String?
    public var name: String?
    /// `groups`, sent as a JSON array of strings or as one space-separated string.
    public var groups: [String]

    public init(subject: String, preferredUsername: String? = nil, email: String? = nil, name: String? = nil, groups: [String] = []) {
        self.subject = subject
        self.preferredUsername = preferredUsername
        self.email = email
        self.name = name
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey {
        case subject = "sub", preferredUsername = "preferred_username", email, name, groups, emailVerified = "email_verified"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        preferredUsername = try container.decodeIfPresent(String.self, forKey: .preferredUsername)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        // An address the provider says it has not verified (where users type their own) must not
        // match anyone's User: it is dropped. Absent means the provider does not say; it is kept.
        let verified = (try? container.decodeIfPresent(Bool.self, forKey: .emailVerified))
            ?? (try? container.decodeIfPresent(String.self, forKey: .emailVerified)).flatMap { $0.map { $0.lowercased() == "true" } }
        if verified == false { email = nil }
        name = try container.decodeIfPresent(String.self, forKey: .name)
        if let list = try? container.decodeIfPresent([String].self, forKey: .groups) {
            groups = list
        } else if let text = try? container.decodeIfPresent(String.self, forKey: .groups) {
            groups = text.split(whereSeparator: \.isWhitespace).map(String.init)
        } else if container.contains(.groups), try !container.decodeNil(forKey: .groups) {
            throw DecodingError.typeMismatch([String].self, .init(
                codingPath: container.codingPath + [CodingKeys.groups], debugDescription: "groups must be strings"))
        } else {
            groups = []
        }
    }

    /// These claims, with the ones missing here taken from `other` (the same subject's).
    func filling(from other: ProfileClaims) -> ProfileClaims {
        ProfileClaims(subject: subject, preferredUsername: preferredUsername ?? other.preferredUsername, email: email ?? other.email,
                      name: name ?? other.name, groups: groups.isEmpty ? other.groups : groups)
    }
}
