import CairnHTTP
import Foundation

/// Discovers a group's projects (subgroups included) through GitLab's REST API and fetches each
/// one's catalog file into `<folder>/<group>/<subgroup…>/<project>/catalog-info.yaml`.
///
/// Settings: `group` (required: a path such as `acme/platform`, or a numeric id), `apiUrl`
/// (default `https://gitlab.com/api/v4`), `tokenEnv` (the variable holding a personal, group
/// or project access token, sent as `Authorization: Bearer`), `catalogPath` (default
/// `catalog-info.yaml`), `includeArchived` (default false), `concurrency` (default 8).
///
/// `GET /groups/{id}/projects?include_subgroups=true&with_shared=false&archived=false&per_page=100`,
/// following `Link: rel="next"` or else `x-next-page`, then
/// `GET /projects/{id}/repository/files/{catalogPath}/raw?ref={default_branch}` with
/// If-None-Match from the memo. A project without a repository (no default branch) has no file.
public struct GitLabSource: SourceFetcher {
    public var rateLimit: RateLimitPolicy
    /// Listing pages one refresh follows at most (100 projects each).
    public var maxPages: Int

    public init(rateLimit: RateLimitPolicy = RateLimitPolicy(), maxPages: Int = 100) {
        self.rateLimit = rateLimit
        self.maxPages = maxPages
    }

    public func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult {
        let sourceName = context.definition.name
        guard let group = context.definition["group"]?.trimmingCharacters(in: CharacterSet(charactersIn: "/ ")), !group.isEmpty else {
            throw SourceError("source \(sourceName): a gitlab source needs group: the group's path (acme/platform) or numeric id")
        }
        let settings = try HostedSettings(context, defaultAPIURL: "https://gitlab.com/api/v4", owner: "group \(group)") { reason in
            SourceError("source \(sourceName): \(reason)")
        }
        let session = HostedAPISession(apiName: "GitLab", sourceName: sourceName, settings: settings, headers: ["Accept: application/json"],
                                       rateLimitHeaders: .gitlab, policy: rateLimit, context: context)

        let projects = try list(group, session)
        var targets: [CatalogFileTarget] = []
        var unsafeNames: [String] = []
        var withoutRepository = 0
        for project in projects {
            guard let branch = project.defaultBranch, project.emptyRepo != true else { withoutRepository += 1; continue }
            let url = "\(settings.apiURL)/projects/\(project.id)/repository/files/\(HostedURL.component(settings.catalogPath))/raw"
                + "?ref=\(HostedURL.component(branch))"
            guard let target = CatalogFileTarget(repository: project.pathWithNamespace, url: url) else { unsafeNames.append(project.pathWithNamespace); continue }
            targets.append(target)
        }
        let outcome = try ConditionalFetch(context: context, session: session).run(targets)

        var summary = "GitLab \(group): \(projects.count) projects"
        summary += ", \(outcome.downloaded + outcome.notModified) catalog files (\(outcome.notModified) unchanged)"
        let withoutFile = outcome.withoutFile + withoutRepository
        if withoutFile > 0 { summary += ", \(withoutFile) without \(settings.catalogPath)" }
        var notices = [summary]
        if !unsafeNames.isEmpty {
            let examples = unsafeNames.prefix(3).map(CatalogFileTarget.printable).joined(separator: ", ")
            notices.append("skipped \(unsafeNames.count) projects whose paths are not safe folder names: \(examples)")
        }
        if session.secondsWaited > 0 { notices.append("waited \(Int(session.secondsWaited)) s for GitLab's rate limit") }
        return SourceFetchResult(memo: outcome.memo, notices: notices, requests: session.requestCount, notModified: outcome.notModified)
    }

    /// A project as `GET /groups/{id}/projects` describes it (the fields discovery reads).
    private struct Project: Decodable {
        var id: Int
        var pathWithNamespace: String
        var defaultBranch: String?
        var archived: Bool?
        var emptyRepo: Bool?
    }

    /// The group's projects, every page. Archived ones are left out by the server
    /// (`archived=false`) and again here, in case an older GitLab ignores the parameter.
    private func list(_ group: String, _ session: HostedAPISession) throws(SourceError) -> [Project] {
        let subject = "the project list of group \(group)"
        var query = "include_subgroups=true&with_shared=false&order_by=id&sort=asc&per_page=100"
        if !session.settings.includesArchived { query += "&archived=false" }
        var next: String? = "\(session.settings.apiURL)/groups/\(HostedURL.component(group))/projects?\(query)"
        var seen: Set<String> = []
        var projects: [Project] = []
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        while let url = next {
            guard seen.count < maxPages else {
                throw session.error("\(subject) runs past \(maxPages) pages; cairn stops there (a next link that never ends?)")
            }
            guard seen.insert(url).inserted else {
                throw session.error("GitLab's next-page links for \(subject) loop back to \(url); cairn stops rather than list forever")
            }
            guard session.isSameOrigin(url) else {
                throw session.error("GitLab's next-page link for \(subject) leads away from \(session.settings.apiURL) (to \(url)); the token is not sent there")
            }
            let request = session.request(url, timeoutMilliseconds: 30_000, maxBodyBytes: 32 << 20)
            let response = try session.send([request])[0]
            guard response.failure == nil, response.status == 200, !response.isTruncated else {
                let notFound = "GitLab has no group \(group) at \(session.settings.apiURL), or the token cannot see it; "
                    + "check group (a path like acme/platform, or an id) and tokenEnv"
                throw session.failure(response, subject: subject, notFound: notFound)
            }
            let page: [Project]
            do { page = try decoder.decode([Project].self, from: Data(response.body)) } catch {
                throw session.error("\(subject) (page \(seen.count)) is not the JSON array of projects GitLab sends; is apiUrl a GitLab API (…/api/v4)?")
            }
            projects += page.filter { session.settings.includesArchived || $0.archived != true }
            // GitLab leaves Link out in places (and x-total past 10,000 rows); x-next-page stays.
            if let link = LinkHeader(response.header("Link")).target("next") {
                next = link
            } else if let page = response.header("x-next-page"), !page.isEmpty {
                next = HostedURL.settingQuery(url, "page", to: page)
            } else {
                next = nil
            }
        }
        return projects
    }
}
