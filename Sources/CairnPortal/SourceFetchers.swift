import CairnSources

/// The fetcher for each source kind (the registry `Portal.sourceFetchers` reads).
enum SourceFetchers {
    static var all: [SourceKind: any SourceFetcher] {
        [.git: GitSource(), .github: GitHubSource(), .gitlab: GitLabSource(), .backstage: BackstageSource()]
    }
}
