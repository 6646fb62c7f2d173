import CairnHTTP
import Foundation

/// Discovers an organisation's repositories through GitHub's REST API and fetches each one's
/// catalog file into `<folder>/<owner>/<repository>/catalog-info.yaml`.
///
/// Settings: `organization` (required), `apiUrl` (default `https://api.github.com`; GitHub
/// Enterprise Server: `https://HOST/api/v3`), `tokenEnv` (the variable holding a token, sent
/// as `Authorization: Bearer`), `catalogPath` (default `catalog-info.yaml`), `includeArchived`
/// (default false), `concurrency` (default 8).
///
/// `GET /orgs/{org}/repos?per_page=100&type=all`, following `Link: rel="next"`, then
/// `GET /repos/{owner}/{repo}/contents/{catalogPath}?ref={default_branch}` with
/// `Accept: application/vnd.github.raw+json` and If-None-Match from the memo (GitHub does not
/// count a 304 against the rate limit).
public struct GitHubSource: SourceFetcher {
    public var rateLimit: RateLimitPolicy
    /// Listing pages one refresh follows at most (100 repositories each): a server whose next
    /// links never end is stopped there.
    public var maxPages: Int

    public init(rateLimit: RateLimitPolicy = RateLimitPolicy(), maxPages: Int = 100) {
        self.rateLimit = rateLimit
        self.maxPages = maxPages
    }

    public func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult {
        let sourceName = context.definition.name
        guard let organization = context.definition["organization"], !organization.isEmpty else {
            throw SourceError("source \(sourceName): a github source needs organization: the organisation whose repositories to list")
        }
        let settings = try HostedSettings(context, defaultAPIURL: "https://api.github.com", owner: "organization \(organization)") { reason in
            SourceError("source \(sourceName): \(reason)")
        }
        let session = HostedAPISession(apiName: "GitHub", sourceName: sourceName, settings: settings,
                                       headers: ["X-GitHub-Api-Version: 2022-11-28"], rateLimitHeaders: .github, policy: rateLimit, context: context)

        let listing = try list(organization, session)
        var targets: [CatalogFileTarget] = []
        var unsafeNames: [String] = []
        for repository in listing.kept {
            var url = "\(settings.apiURL)/repos/\(HostedURL.path(repository.fullName))/contents/\(HostedURL.path(settings.catalogPath))"
            if let branch = repository.defaultBranch { url += "?ref=" + HostedURL.component(branch) }
            guard let target = CatalogFileTarget(repository: repository.fullName, url: url) else { unsafeNames.append(repository.fullName); continue }
            targets.append(target)
        }
        var fetch = ConditionalFetch(context: context, session: session)
        fetch.headers = ["Accept: application/vnd.github.raw+json"]
        let outcome = try fetch.run(targets)

        var summary = "GitHub \(organization): \(listing.kept.count) repositories"
        if listing.archived > 0 { summary += " (\(listing.archived) archived skipped)" }
        summary += ", \(outcome.downloaded + outcome.notModified) catalog files (\(outcome.notModified) unchanged)"
        if outcome.withoutFile > 0 { summary += ", \(outcome.withoutFile) without \(settings.catalogPath)" }
        var notices = [summary]
        if !unsafeNames.isEmpty {
            let examples = unsafeNames.prefix(3).map(CatalogFileTarget.printable).joined(separator: ", ")
            notices.append("skipped \(unsafeNames.count) repositories whose names are not safe folder names: \(examples)")
        }
        if session.secondsWaited > 0 { notices.append("waited \(Int(session.secondsWaited)) s for GitHub's rate limit") }
        return SourceFetchResult(memo: outcome.memo, notices: notices, requests: session.requestCount, notModified: outcome.notModified)
    }

    /// A repository as `GET /orgs/{org}/repos` describes it (the fields discovery reads).
    private struct Repository: Decodable {
        var fullName: String
        var defaultBranch: String?
        var archived: Bool?
        var disabled: Bool?
    }

    /// The organisation's repositories, every page, minus archived (unless included) and
    /// disabled ones (GitHub refuses reading those).
    private func list(_ organization: String, _ session: HostedAPISession) throws(SourceError) -> (kept: [Repository], archived: Int) {
        let subject = "the repository list of \(organization)"
        var next: String? = "\(session.settings.apiURL)/orgs/\(HostedURL.component(organization))/repos?per_page=100&type=all"
        var seen: Set<String> = []
        var kept: [Repository] = []
        var archived = 0
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        while let url = next {
            guard seen.count < maxPages else {
                throw session.error("\(subject) runs past \(maxPages) pages; cairn stops there (a next link that never ends?)")
            }
            guard seen.insert(url).inserted else {
                throw session.error("GitHub's next-page links for \(subject) loop back to \(url); cairn stops rather than list forever")
            }
            guard session.isSameOrigin(url) else {
                throw session.error("GitHub's next-page link for \(subject) leads away from \(session.settings.apiURL) (to \(url)); the token is not sent there")
            }
            let request = session.request(url, extraHeaders: ["Accept: application/vnd.github+json"], timeoutMilliseconds: 30_000, maxBodyBytes: 32 << 20)
            let response = try session.send([request])[0]
            guard response.failure == nil, response.status == 200, !response.isTruncated else {
                let notFound = "GitHub has no organization \(organization) at \(session.settings.apiURL), or the token cannot see it; "
                    + "check organization and tokenEnv"
                throw session.failure(response, subject: subject, notFound: notFound)
            }
            let page: [Repository]
            do { page = try decoder.decode([Repository].self, from: Data(response.body)) } catch {
                throw session.error("\(subject) (page \(seen.count)) is not the JSON array of repositories GitHub sends; is apiUrl a GitHub API?")
            }
            for repository in page {
                if repository.disabled == true { continue }
                if repository.archived == true, !session.settings.includesArchived { archived += 1; continue }
                kept.append(repository)
            }
            next = LinkHeader(response.header("Link")).target("next")
        }
        return (kept, archived)
    }
}
