import Foundation

extension SSOSession {
    /// The session checked again with its provider before cairn acts on it: the stored ID token
    /// verified against the issuer's keys (signature, issuer, audience, expiry) and the profile
    /// read afresh from UserInfo with the access token. A session file is only as trustworthy
    /// as whoever can write it; this makes a hand-written or stale one count for nothing.
    public func verified(caFile: String? = nil, now: Date = Date()) throws(AccessError) -> SSOSession {
        let provider = try OIDCDiscovery(issuer: issuer, caFile: caFile).fetch()
        let keys = try JSONWebKeySet.fetch(provider.jwksURI, caFile: caFile)
        let token = try IDToken(verifying: idToken, issuer: provider.issuer, clientID: clientID, keys: keys, now: now)
        var profile = token.claims.profile
        guard profile.subject == subject else {
            throw AccessError.invalid("the stored ID token is about \"\(profile.subject)\", not \"\(subject)\"; run cairn login again")
        }
        if let userinfo = provider.userinfoEndpoint {
            let described = try UserInfo.fetch(userinfo, accessToken: accessToken, connection: ProviderConnection(caFile: caFile))
            guard described.subject == profile.subject else {
                throw AccessError.invalid("userinfo endpoint \(userinfo) describes subject \"\(described.subject)\", not the ID token's \"\(profile.subject)\"")
            }
            profile = profile.filling(from: described)
        }
        var fresh = self
        fresh.username = profile.preferredUsername
        fresh.email = profile.email
        fresh.name = profile.name
        fresh.groups = profile.groups
        return fresh
    }
}
