import CairnHTTP
@testable import CairnSources
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The git source against real repositories: a bare `origin.git` on disk that a work clone
/// commits and pushes to, fetched through `file://` like any remote.
@Suite struct GitSourceTests {
    @Test func readsEveryCatalogFileAtTheDefaultBranch() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "kind: System\n")
        try origin.write("services/a/catalog-info.yaml", "kind: Component\nname: a\n")
        try origin.write("services/b/catalog-info.yaml", "kind: Component\nname: b\n")
        try origin.write("services/b/README.md", "# b\n")
        try origin.write("services/b/other.yaml", "kind: Other\n")
        let head = try origin.commit("catalog")

        let refresh = try origin.refresh()
        #expect(refresh.files == ["catalog-info.yaml": "kind: System\n",
                                  "services/a/catalog-info.yaml": "kind: Component\nname: a\n",
                                  "services/b/catalog-info.yaml": "kind: Component\nname: b\n"])
        #expect(refresh.result.memo["commit"] == head)
        #expect(refresh.result.memo["ref"] == "HEAD")
        #expect(refresh.result.notices.isEmpty)
    }

    @Test func readsAtATagAndAtACommit() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "version: 1\n")
        let first = try origin.commit("one", tag: "v1")
        try origin.write("catalog-info.yaml", "version: 2\n")
        try origin.commit("two")

        let atTag = try origin.refresh(["ref": "v1"])
        #expect(atTag.files == ["catalog-info.yaml": "version: 1\n"])
        #expect(atTag.result.memo["commit"] == first)
        #expect(atTag.result.memo["ref"] == "v1")

        let atCommit = try origin.refresh(["ref": first])
        #expect(atCommit.files == ["catalog-info.yaml": "version: 1\n"])
        #expect(atCommit.result.memo["commit"] == first)
        #expect(atCommit.result.notices.isEmpty)

        let atBranch = try origin.refresh(["ref": "main"])
        #expect(atBranch.files == ["catalog-info.yaml": "version: 2\n"])
    }

    @Test func anAbbreviatedCommitIsFoundInTheWholeHistoryWithANotice() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "version: 1\n")
        let first = try origin.commit("one")
        try origin.write("catalog-info.yaml", "version: 2\n")
        try origin.commit("two")

        let refresh = try origin.refresh(["ref": String(first.prefix(10))])
        #expect(refresh.files == ["catalog-info.yaml": "version: 1\n"])
        #expect(refresh.result.memo["commit"] == first)
        #expect(refresh.result.notices.count == 1)
        #expect(refresh.result.notices.first?.contains("whole history") == true)
    }

    @Test func pathLimitsWhatIsRead() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "root\n")
        try origin.write("teams/payments/catalog-info.yaml", "payments\n")
        try origin.write("teams/payments/api/catalog-info.yaml", "payments api\n")
        try origin.write("teams/payments/api/openapi.yaml", "openapi\n")
        try origin.write("teams/search/catalog-info.yaml", "search\n")
        try origin.write("teams/payments-legacy/catalog-info.yaml", "legacy\n")
        try origin.commit("teams")

        let folder = try origin.refresh(["path": "teams/payments/"])
        #expect(folder.files == ["teams/payments/catalog-info.yaml": "payments\n", "teams/payments/api/catalog-info.yaml": "payments api\n"])
        #expect(folder.result.memo["path"] == "teams/payments")

        let oneFile = try origin.refresh(["path": "teams/payments/api/openapi.yaml"])
        #expect(oneFile.files == ["teams/payments/api/openapi.yaml": "openapi\n"])

        let everyYAML = try origin.refresh(["path": "teams/payments/api", "catalogFile": "*.yaml"])
        #expect(everyYAML.files == ["teams/payments/api/catalog-info.yaml": "payments api\n", "teams/payments/api/openapi.yaml": "openapi\n"])
    }

    @Test func theSameCommitCopiesTheLastGoodTreeAndANewCommitIsRead() throws {
        let origin = try GitOrigin()
        try origin.write("services/a/catalog-info.yaml", "first\n")
        try origin.commit("one")
        let first = try origin.refresh()
        #expect(first.files == ["services/a/catalog-info.yaml": "first\n"])

        // What the previous tree says differs from the repository: the copy shows it was not re-read.
        try "kept from the last refresh\n".write(toFile: first.folder + "/services/a/catalog-info.yaml", atomically: false, encoding: .utf8)
        let fetchHead = origin.workRepository + "/FETCH_HEAD"
        try FileManager.default.removeItem(atPath: fetchHead)
        let same = try origin.refresh(memo: first.result.memo, previousFolder: first.folder)
        #expect(FileManager.default.fileExists(atPath: fetchHead), "the remote was not asked")
        #expect(same.files == ["services/a/catalog-info.yaml": "kept from the last refresh\n"])
        #expect(same.result == SourceFetchResult(memo: first.result.memo))

        try origin.write("services/a/catalog-info.yaml", "second\n")
        try origin.write("services/b/catalog-info.yaml", "new\n")
        let second = try origin.commit("two")
        let changed = try origin.refresh(memo: same.result.memo, previousFolder: same.folder)
        #expect(changed.files == ["services/a/catalog-info.yaml": "second\n", "services/b/catalog-info.yaml": "new\n"])
        #expect(changed.result.memo["commit"] == second)

        // Other settings over the same commit are read again, not copied.
        let narrowed = try origin.refresh(["path": "services/b"], memo: changed.result.memo, previousFolder: changed.folder)
        #expect(narrowed.files == ["services/b/catalog-info.yaml": "new\n"])
    }

    @Test func aChangedURLIsFetchedFromTheNewRepository() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "old home\n")
        try origin.commit("one")
        _ = try origin.refresh()

        let moved = try GitOrigin()
        try moved.write("catalog-info.yaml", "new home\n")
        try moved.commit("one")
        let refresh = try origin.refresh(["url": moved.url])
        #expect(refresh.files == ["catalog-info.yaml": "new home\n"])
    }

    @Test func aMissingRepositoryIsNamed() throws {
        let origin = try GitOrigin()
        let missing = "file://\(origin.root)/nowhere.git"
        let error = try #require(throws: SourceError.self) { try origin.refresh(["url": missing]) }
        #expect(error.message.hasPrefix("source team-catalog: git fetch from \(missing) failed (exit 128): fatal: "))
        #expect(error.message.contains("nowhere.git' does not appear to be a git repository"))
        #expect(!error.message.contains("\n"))
    }

    @Test func aMissingRefIsNamed() throws {
        let origin = try GitOrigin()
        try origin.write("catalog-info.yaml", "a\n")
        try origin.commit("one")
        let error = try #require(throws: SourceError.self) { try origin.refresh(["ref": "release-9"]) }
        #expect(error.message == "source team-catalog: ref release-9 not found in \(origin.url); check the ref: in the source or #REF")

        let unknownCommit = String(repeating: "ab", count: 20)
        let missingCommit = try #require(throws: SourceError.self) { try origin.refresh(["ref": unknownCommit]) }
        #expect(missingCommit.message == "source team-catalog: ref \(unknownCommit) not found in \(origin.url); check the ref: in the source or #REF")
    }

    @Test func anEmptyRepositoryAsksForARef() throws {
        let origin = try GitOrigin()
        let error = try #require(throws: SourceError.self) { try origin.refresh() }
        #expect(error.message == "source team-catalog: the HEAD of \(origin.url) names no branch (an empty repository?); set ref: in the source or #REF")
    }

    @Test func aPathNotInTheRepositoryIsAnError() throws {
        let origin = try GitOrigin()
        try origin.write("teams/payments/catalog-info.yaml", "a\n")
        try origin.commit("one")
        let error = try #require(throws: SourceError.self) { try origin.refresh(["path": "teams/pay"]) }
        #expect(error.message.hasPrefix("source team-catalog: path teams/pay is not in \(origin.url) at its HEAD (commit "))
        #expect(error.message.hasSuffix("); check path: in the source"))
    }

    @Test func symbolicLinksAreFollowedOnlyInsideTheRepository() throws {
        let origin = try GitOrigin()
        let secret = origin.root + "/secret.yaml"
        try "password: hunter2\n".write(toFile: secret, atomically: false, encoding: .utf8)
        try origin.write("services/a/catalog-info.yaml", "a\n")
        try origin.link("absolute/catalog-info.yaml", to: secret)
        try origin.link("relative/catalog-info.yaml", to: "../../secret.yaml")
        try origin.link("shared/catalog-info.yaml", to: "../services/a/catalog-info.yaml")
        try origin.link("dangling/catalog-info.yaml", to: "../gone.yaml")
        try origin.commit("links")

        let refresh = try origin.refresh()
        #expect(refresh.files == ["services/a/catalog-info.yaml": "a\n", "shared/catalog-info.yaml": "a\n"])
        #expect(refresh.result.notices == [
            "skipped 2 symbolic links that point outside the repository: absolute/catalog-info.yaml, relative/catalog-info.yaml",
            "skipped a symbolic link that leads to no file in the repository: dangling/catalog-info.yaml",
        ])
        #expect(try refresh.allPaths().allSatisfy { !$0.hasPrefix("absolute") && !$0.hasPrefix("relative") })
    }

    @Test func tooManyOrTooLargeCatalogFilesAreCappedWithNotices() throws {
        let origin = try GitOrigin()
        try origin.write("a/catalog-info.yaml", "a\n")
        try origin.write("b/catalog-info.yaml", String(repeating: "x", count: 100))
        try origin.write("c/catalog-info.yaml", "c\n")
        try origin.write("d/catalog-info.yaml", "d\n")
        try origin.commit("four")

        let refresh = try origin.refresh(source: GitSource(maxCatalogFiles: 3, maxFileBytes: 64))
        #expect(refresh.files == ["a/catalog-info.yaml": "a\n", "c/catalog-info.yaml": "c\n"])
        #expect(refresh.result.notices == [
            "found 4 catalog files in \(origin.url); read the first 3 by path (narrow it with path:)",
            "skipped a file over the 64 bytes limit: b/catalog-info.yaml (100 bytes)",
        ])
    }

    @Test func aRepositoryWithoutCatalogFilesSaysSo() throws {
        let origin = try GitOrigin()
        try origin.write("README.md", "# nothing here\n")
        try origin.commit("one")
        let refresh = try origin.refresh()
        #expect(refresh.files.isEmpty)
        #expect(refresh.result.notices == ["no catalog-info.yaml in \(origin.url) at its HEAD"])
    }

    @Test(arguments: [
        ([:], "source team-catalog: a git source needs url:"),
        (["url": "ext::sh -c touch% /tmp/pwned"], "the repository URL contains spaces"),
        (["url": "fd::3"], "not a repository URL cairn fetches"),
        (["url": "catalog.git"], "not a repository URL cairn fetches (a relative path?)"),
        (["url": "git://host/repo.git"], "git:// is not a transport cairn fetches"),
        (["url": "http://host/repo.git"], "plain http:// is not accepted"),
        (["url": "-uhack"], "cannot start with -"),
        (["url": "/srv/catalog.git", "ref": "--upload-pack=touch"], "a ref cannot start with -"),
        (["url": "/srv/catalog.git", "ref": "main:refs/heads/x"], "a ref cannot contain :"),
        (["url": "/srv/catalog.git", "path": "teams/../../etc"], "must stay inside the repository"),
        (["url": "/srv/catalog.git", "catalogFile": "teams/catalog-info.yaml"], "give a file name"),
        (["url": "/srv/catalog.git", "catalogFile": "catalog-*.yaml"], "give a file name"),
    ] as [([String: String], String)])
    func settingsAreCheckedBeforeAnythingRuns(settings: [String: String], message: String) throws {
        let state = try TemporaryFolder()
        let definition = SourceDefinition(name: "team-catalog", kind: .git, settings: settings, declaredAt: "cairn.yaml:7")
        let context = SourceContext(definition: definition, folder: state.path + "/out", previousFolder: nil, memo: [:], environment: [:],
                                    http: sharedHTTP, stateDirectory: state.path)
        let error = try #require(throws: SourceError.self) { try GitSource().fetch(context) }
        #expect(error.message.hasPrefix("cairn.yaml:7: source team-catalog: "))
        #expect(error.message.contains(message))
        #expect(!FileManager.default.fileExists(atPath: state.path + "/sources"), "git ran before the settings were checked")
    }

    @Test func anUnansweringServerIsStoppedAtTheTimeoutWithoutShowingCredentials() throws {
        let origin = try GitOrigin()
        let server = try SilentServer()
        defer { server.close() }
        let url = "https://reader:s3cret-token@127.0.0.1:\(server.port)/org/catalog.git"
        let error = try #require(throws: SourceError.self) { try origin.refresh(["url": url], source: GitSource(timeout: 1)) }
        #expect(error.message == "source team-catalog: git fetch from https://127.0.0.1:\(server.port)/org/catalog.git did not finish within 1 s; stopped it (is the host reachable?)")
    }

    @Test func aRefusedConnectionIsReportedWithoutCredentials() throws {
        let origin = try GitOrigin()
        let server = try SilentServer()
        server.close()
        let url = "https://reader:s3cret-token@127.0.0.1:\(server.port)/org/catalog.git"
        let error = try #require(throws: SourceError.self) { try origin.refresh(["url": url]) }
        #expect(error.message.hasPrefix("source team-catalog: git fetch from https://127.0.0.1:\(server.port)/org/catalog.git failed (exit 128): fatal: "))
        #expect(!error.message.contains("s3cret"))
    }

    /// `git+URL#REF` as typed on `--catalog`.
    @Suite struct CatalogArgument {
        @Test(arguments: [
            ("git+file:///srv/cat.git#main", "file:///srv/cat.git", "main", "git-cat"),
            ("git+https://host/org/repo.git#v1.2", "https://host/org/repo.git", "v1.2", "git-repo"),
            ("git+ssh://git@host/org/repo.git", "ssh://git@host/org/repo.git", nil, "git-repo"),
            ("git+ssh://git@host:2222/org/Platform_Catalog.git/#release/2024", "ssh://git@host:2222/org/Platform_Catalog.git/", "release/2024", "git-platform-catalog"),
            ("git+https://host/%C3%A9quipe.git", "https://host/%C3%A9quipe.git", nil, "git-c3-a9quipe"),
            ("git+file:///srv/.git", "file:///srv/.git", nil, "git-catalog"),
        ] as [(String, String, String?, String)])
        func validArgumentsAreRead(argument: String, repository: String, ref: String?, name: String) throws {
            let parsed = try GitURL(parsing: argument)
            #expect(parsed.repository == repository)
            #expect(parsed.ref == ref)
            #expect(parsed.defaultSourceName == name)
            #expect(parsed.settings == (ref.map { ["url": repository, "ref": $0] } ?? ["url": repository]))
        }

        @Test(arguments: [
            ("/srv/cat.git", "--catalog /srv/cat.git: not a git catalog; write git+URL[#REF]"),
            ("git+/srv/cat.git", "--catalog git+/srv/cat.git: write git+URL[#REF]"),
            ("git+http://host/repo.git", "--catalog git+http://host/repo.git: plain http:// is not accepted, use https://"),
            ("git+git@host:org/repo.git", "--catalog git+git@host:org/repo.git: write git+URL[#REF]"),
            ("git+ext::sh -c id", "--catalog git+ext::sh -c id: write git+URL[#REF]"),
            ("git+file://host/srv/cat.git", "--catalog git+file://host/srv/cat.git: a file URL takes an absolute path and no host"),
            ("git+https://host", "--catalog git+https://host: the URL names no repository after the host"),
            ("git+https:///repo.git", "--catalog git+https:///repo.git: the URL names no host"),
            ("git+https://host/repo.git#", "--catalog git+https://host/repo.git#: the ref after # is empty"),
            ("git+https://host/repo.git#-x", "--catalog git+https://host/repo.git#-x: a ref cannot start with -"),
            ("git+https://host/repo.git#a..b", "--catalog git+https://host/repo.git#a..b: a ref cannot contain .."),
            ("git+https://host/re po.git", "--catalog git+https://host/re po.git: the repository URL contains spaces"),
            ("git+https://u:pw@host/repo.git#a b", "--catalog git+https://host/repo.git#a b: a ref cannot contain spaces"),
        ])
        func otherArgumentsAreRefusedInOneLine(argument: String, message: String) {
            #expect {
                try GitURL(parsing: argument)
            } throws: { error in
                guard let error = error as? SourceError else { return false }
                return error.message.hasPrefix(message) && !error.message.contains("\n")
            }
        }

        @Test func credentialsAreNeverShown() {
            #expect(GitURL.withoutCredentials("https://user:token@host/org/repo.git") == "https://host/org/repo.git")
            #expect(GitURL.withoutCredentials("https://ghp_token@host/org/repo.git") == "https://host/org/repo.git")
            #expect(GitURL.withoutCredentials("ssh://git:secret@host/org/repo.git") == "ssh://git@host/org/repo.git")
            #expect(GitURL.withoutCredentials("ssh://git@host/org/repo.git") == "ssh://git@host/org/repo.git")
            #expect(GitURL.withoutCredentials("git@host:org/repo.git") == "git@host:org/repo.git")
        }
    }

    /// The child-process runner on its own: what cannot be provoked through a fetch.
    @Suite struct Command {
        @Test func aTimeoutStopsGitAndEverythingItStarted() throws {
            let folder = try TemporaryFolder()
            let pidFile = folder.path + "/pid"
            let command = GitCommand(directory: nil, timeout: 0.5)
            // git stops the shell an alias runs when it is killed, but not what that shell started.
            #expect(throws: GitCommand.Failure.timedOut(seconds: 1)) {
                try command.run(["-c", "alias.hang=!sleep 30 & echo $! > '\(pidFile)'; wait", "hang"])
            }
            let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(waitUntilGone(pid), "the sleep git started outlived the timeout")
        }

        @Test func aChildHoldingThePipesDoesNotKeepTheRunWaiting() throws {
            let folder = try TemporaryFolder()
            let pidFile = folder.path + "/pid"
            let output = try GitCommand(directory: nil).run(["-c", "alias.spawn=!sleep 30 & echo $! > '\(pidFile)'; echo spawned", "spawn"])
            let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            defer { kill(pid, SIGKILL) }
            #expect(output.isSuccess)
            #expect(output.text == "spawned")
            #expect(isRunning(pid), "the run waited for the sleep holding its pipes to end")
        }

        @Test func gitsFirstFatalLineIsTheReasonNotTheAdviceAfterIt() throws {
            let folder = try TemporaryFolder()
            let output = try GitCommand(directory: folder.path).run(["ls-remote", folder.path + "/missing.git"])
            #expect(output.status == 128)
            #expect(output.errorLines.last == "and the repository exists.")
            #expect(output.reason == "fatal: '\(folder.path)/missing.git' does not appear to be a git repository")
        }

        /// True once `pid` has exited, polling up to 10 s.
        private func waitUntilGone(_ pid: Int32) -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if !isRunning(pid) { return true }
                usleep(20_000)
            }
            return false
        }

        /// Whether `pid` runs (a zombie no one reaps, as in a container without init, does not).
        private func isRunning(_ pid: Int32) -> Bool {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
            return kill(pid, 0) == 0 && state != "Z"
        }
    }
}

private let sharedHTTP = HTTPClient()

/// A temporary folder removed when the value goes.
private final class TemporaryFolder {
    let path: String

    init() throws {
        path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cairn-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A bare repository (`origin.git`, HEAD on main) and a work clone that commits and pushes to it,
/// plus a state folder for the source `team-catalog` that fetches it.
private final class GitOrigin {
    private let folder: TemporaryFolder
    private var refreshes = 0
    var root: String { folder.path }
    var url: String { "file://\(root)/origin.git" }
    var work: String { root + "/work" }
    var state: String { root + "/state" }
    /// Where the source keeps its fetched repository.
    var workRepository: String { state + "/sources/.work/team-catalog/repo" }

    init() throws {
        folder = try TemporaryFolder()
        try Self.git(["init", "--quiet", "--bare", "--initial-branch=main", root + "/origin.git"], in: root)
        try Self.git(["init", "--quiet", "--initial-branch=main", work], in: root)
        try Self.git(["remote", "add", "origin", url], in: work)
    }

    func write(_ path: String, _ content: String) throws {
        let file = work + "/" + path
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.write(toFile: file, atomically: false, encoding: .utf8)
    }

    func link(_ path: String, to target: String) throws {
        let file = work + "/" + path
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: target)
    }

    /// Commits everything, pushes main (and the annotated tag), returns the commit.
    @discardableResult
    func commit(_ message: String, tag: String? = nil) throws -> String {
        try Self.git(["add", "--all"], in: work)
        try Self.git(["commit", "--quiet", "-m", message], in: work)
        if let tag { try Self.git(["tag", "-a", tag, "-m", tag], in: work) }
        try Self.git(["push", "--quiet", "origin", "main"] + (tag.map { [$0] } ?? []), in: work)
        return try Self.git(["rev-parse", "HEAD"], in: work)
    }

    struct Refresh {
        var result: SourceFetchResult
        var folder: String
        /// Every file written, by its path in the folder, with its text.
        var files: [String: String]

        func allPaths() throws -> [String] { try FileManager.default.subpathsOfDirectory(atPath: folder) }
    }

    /// Fetches the source into a new folder, as the refresher would.
    func refresh(_ settings: [String: String] = [:], memo: [String: String] = [:], previousFolder: String? = nil,
                 source: GitSource = GitSource()) throws -> Refresh {
        refreshes += 1
        let folder = "\(root)/tree-\(refreshes)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let definition = SourceDefinition(name: "team-catalog", kind: .git, settings: ["url": url].merging(settings) { _, new in new })
        let context = SourceContext(definition: definition, folder: folder, previousFolder: previousFolder, memo: memo, environment: [:],
                                    http: sharedHTTP, stateDirectory: state)
        let result = try source.fetch(context)
        var files: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
            }
        }
        return Refresh(result: result, folder: folder, files: files)
    }

    /// git for setting the fixture up, isolated from the machine's configuration.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", "-c", "commit.gpgsign=false",
                             "-c", "tag.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else { throw SourceError("fixture: git \(arguments.joined(separator: " ")): \(text)") }
        return text
    }
}

/// A TCP port on loopback that accepts connections (the kernel's backlog does) and never answers.
private final class SilentServer {
    let port: Int
    private var descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw SourceError("fixture: cannot listen on loopback") }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
