import CairnCatalog
import Foundation
import LoopbackFixtures
import Testing

/// Provisioning through the real binary against real servers: redis-server and PostgreSQL
/// started by the drivers on loopback, an exec driver script, several cairn processes on one
/// database, and a worker killed with -9 in the middle of a job.
@Suite("provisioning", .serialized)
struct ProvisionEndToEndTests {
    static let catalog = CairnProcess.repository + "/Tests/Fixtures/provision"

    /// A cairn state folder with the provisioning fixture catalog and a record file the exec
    /// driver script notes every call in.
    struct Fixture {
        let cairn = CairnProcess()
        var extra: [String: String] = [:]
        var catalogs = [ProvisionEndToEndTests.catalog]
        var record: String { cairn.state + "/record.txt" }
        var environment: [String: String] { extra.merging(["CAIRN_TEST_RECORD": record]) { $1 } }

        func run(_ arguments: [String]) throws -> CairnProcess.Result {
            try cairn.run(arguments + catalogs.flatMap { ["--catalog", $0] }, environment: environment)
        }

        func json(_ arguments: [String]) throws -> Value {
            let result = try run(arguments + ["--json"])
            guard let value = YAMLParser.parse(result.output).documents.first?.root?.value else {
                Issue.record("not JSON (exit \(result.status)): \(result.output) \(result.errors)")
                return .null
            }
            return value
        }

        func job(_ id: Int) throws -> Value { try json(["jobs", String(id)]) }

        /// The job's log so far, or nothing while it is not recorded yet (no issue recorded).
        func log(_ id: Int) -> [String] {
            guard let result = try? run(["jobs", String(id), "--json"]), result.status == 0,
                  let value = YAMLParser.parse(result.output).documents.first?.root?.value else { return [] }
            return value["log"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }

        var recordLines: [String] {
            ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// Starts `cairn ARGS` without waiting for it.
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CairnProcess.binary)
            process.arguments = arguments + catalogs.flatMap { ["--catalog", $0] }
            process.currentDirectoryURL = URL(fileURLWithPath: CairnProcess.repository)
            var variables = ProcessInfo.processInfo.environment
            variables["CAIRN_DB"] = cairn.database
            for (key, value) in environment { variables[key] = value }
            process.environment = variables
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Polls until `condition` holds (at most `seconds`).
        func waitFor(_ what: String, seconds: Double = 60, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try condition() { return }
                usleep(100_000)
            }
            Issue.record("timed out waiting for \(what)")
            throw CancellationError()
        }

        /// Removes every resource still active (servers stopped), then the state folder.
        func cleanUp() {
            if let jobs = try? json(["jobs"]).arrayValue {
                for job in jobs where job["action"]?.stringValue == "provision" && job["state"]?.stringValue == "succeeded" {
                    if let resource = job["resource"]?.stringValue { _ = try? run(["deprovision", resource, "--wait"]) }
                }
            }
            // Anything a failed test left running: stop it by its pid file.
            let resources = cairn.state + "/resources"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: resources)) ?? [] {
                for pidFile in ["redis.pid", "data/postmaster.pid"] {
                    if let text = try? String(contentsOfFile: "\(resources)/\(name)/\(pidFile)", encoding: .utf8),
                       let pid = Int32(text.split(separator: "\n").first ?? "") { kill(pid, SIGKILL) }
                }
            }
            cairn.remove()
        }
    }

    static func shell(_ arguments: [String], environment extra: [String: String] = [:]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "cannot run \(arguments[0])") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every file under `folder` that contains `text`.
    static func files(under folder: String, containing text: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if data.range(of: Data(text.utf8)) != nil { found.append(relative) }
        }
        return found
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test("Redis: a real redis-server answers PING with the returned password; secrets stay out of logs, JSON and the catalog")
    func redis() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let job = try fixture.json(["provision", "redis", "--for", "orders", "--wait"])
        #expect(job["state"]?.stringValue == "succeeded", "\(job)")
        let url = try #require(job["connectionUrl"]?.stringValue)
        #expect(url.hasPrefix("redis://:"))
        let password = String(url.dropFirst("redis://:".count).prefix { $0 != "@" })
        #expect(password.count == 32)
        let port = try #require(job["outputs"]?["REDIS_PORT"]?.stringValue)

        let ping = Self.shell(["redis-cli", "-p", port, "--no-auth-warning", "PING"], environment: ["REDISCLI_AUTH": password])
        #expect(ping.output.trimmingCharacters(in: .whitespacesAndNewlines) == "PONG", "\(ping)")
        let denied = Self.shell(["redis-cli", "-p", port, "PING"])
        #expect(denied.output.contains("NOAUTH"), "\(denied)")

        // The service's env file has the URL; it and the secret store are 0600.
        let envFile = fixture.cairn.state + "/env/orders.env"
        let env = try String(contentsOfFile: envFile, encoding: .utf8)
        #expect(env.contains("REDIS_URL=\(url)"))
        #expect(Self.mode(envFile) == 0o600)
        #expect(Self.mode(fixture.cairn.state + "/secrets") == 0o700)
        #expect(Self.mode(fixture.cairn.state + "/secrets/orders-redis.json") == 0o600)

        // Nowhere else: not in the database, the job JSON and log, the catalog or the worker log.
        let id = try #require(job["id"].flatMap { if case .int(let n) = $0 { return n } else { return nil } })
        let everywhere = Self.files(under: fixture.cairn.state, containing: password).sorted()
        #expect(everywhere == ["env/orders.env", "resources/orders-redis/redis.conf", "secrets/orders-redis.json"], "\(everywhere)")
        #expect(!JSONWriter.string(try fixture.job(id)).contains(password))
        #expect(!JSONWriter.string(try fixture.json(["jobs"])).contains(password))
        let shown = try fixture.json(["show", "resource:orders-redis"])
        #expect(!JSONWriter.string(shown).contains(password))
        #expect(shown["spec"]?["owner"]?.stringValue == "group:default/orders-team" || shown["spec"]?["owner"]?.stringValue == "orders-team"
                || JSONWriter.string(shown).contains("group:default/orders-team"))
        #expect(JSONWriter.string(shown).contains("\"dependencyOf\""))

        // Deprovisioned: the server is gone, and so are its entity and env lines.
        let removed = try fixture.run(["deprovision", "resource:orders-redis", "--wait"])
        #expect(removed.status == 0, "\(removed.output)\(removed.errors)")
        let after = Self.shell(["redis-cli", "-p", port, "--no-auth-warning", "PING"], environment: ["REDISCLI_AUTH": password])
        #expect(after.output.contains("refused") || after.status != 0, "\(after)")
        #expect(try fixture.run(["show", "resource:orders-redis"]).status == 3)
        #expect(!(try String(contentsOfFile: envFile, encoding: .utf8)).contains("REDIS_URL"))
        #expect(!FileManager.default.fileExists(atPath: fixture.cairn.state + "/secrets/orders-redis.json"))
    }

    @Test("PostgreSQL: initdb + pg_ctl on loopback; the returned URL answers SELECT 1")
    func postgres() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let job = try fixture.json(["provision", "postgresql", "--for", "orders", "--wait"])
        #expect(job["state"]?.stringValue == "succeeded", "\(job)")
        let url = try #require(job["connectionUrl"]?.stringValue)
        let select = Self.shell(["psql", url, "-tAc", "SELECT 1"])
        #expect(select.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(select)")
        let removed = try fixture.run(["deprovision", "resource:orders-postgresql", "--wait"])
        #expect(removed.status == 0, "\(removed.output)\(removed.errors)")
        let gone = Self.shell(["psql", url, "-tAc", "SELECT 1"])
        #expect(gone.status != 0)
    }

    @Test("S3: CreateBucket signed with SigV4 against moto_server; the bucket exists with owner and service tags")
    func s3Bucket() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        var fixture = Fixture()
        fixture.extra = ["CAIRN_S3_ENDPOINT": moto.endpoint, "AWS_ACCESS_KEY_ID": "AKIDCAIRNE2E", "AWS_SECRET_ACCESS_KEY": "e2e-secret-key-7781"]
        defer { fixture.cleanUp() }
        let job = try fixture.json(["provision", "s3-bucket", "--for", "orders", "--wait"])
        #expect(job["state"]?.stringValue == "succeeded", "\(job)")
        let bucket = try #require(job["outputs"]?["BUCKET_NAME"]?.stringValue)
        #expect(job["outputs"]?["BUCKET_ENDPOINT"]?.stringValue == moto.endpoint)
        let script = """
            import boto3, json, sys
            s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
            names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
            tags = {t["Key"]: t.get("Value", "") for t in s3.get_bucket_tagging(Bucket=sys.argv[2])["TagSet"]} if sys.argv[2] in names else {}
            print(json.dumps({"buckets": names, "tags": tags}))
            """
        let seen = Self.shell(["python3", "-c", script, moto.endpoint, bucket])
        let value = try #require(YAMLParser.parse(seen.output).documents.first?.root?.value, "\(seen.output)")
        #expect(value["buckets"]?.arrayValue?.contains(.string(bucket)) == true, "\(seen.output)")
        #expect(value["tags"]?["owner"]?.stringValue == "group:default/orders-team", "\(seen.output)")
        #expect(value["tags"]?["service"]?.stringValue == "component:default/orders", "\(seen.output)")
        #expect(!JSONWriter.string(try fixture.job(1)).contains("e2e-secret-key-7781"))

        #expect(try fixture.run(["deprovision", "resource:orders-s3-bucket", "--wait"]).status == 0)
        let after = Self.shell(["python3", "-c", script, moto.endpoint, bucket])
        #expect(!after.output.contains("\"\(bucket)\""), "\(after.output)")
    }

    @Test("configured servers: a database and role on an existing PostgreSQL, an ACL user on an existing Redis; both removed again")
    func configuredServers() throws {
        var fixture = Fixture()
        defer { fixture.cleanUp() }
        // The "existing" servers are ones cairn made for another service.
        let postgres = try fixture.json(["provision", "postgresql", "--for", "billing", "--wait"])
        let redis = try fixture.json(["provision", "redis", "--for", "billing", "--wait"])
        let adminPostgres = try #require(postgres["connectionUrl"]?.stringValue)
        let adminRedis = try #require(redis["connectionUrl"]?.stringValue)
        fixture.extra = ["CAIRN_TEST_PG_ADMIN_URL": adminPostgres, "CAIRN_TEST_REDIS_ADMIN_URL": adminRedis]

        let database = try fixture.json(["provision", "shared-postgresql", "--for", "orders", "--wait"])
        #expect(database["state"]?.stringValue == "succeeded", "\(database)")
        let url = try #require(database["connectionUrl"]?.stringValue)
        #expect(url.contains("orders_shared_postgresql:"))
        let whoami = Self.shell(["psql", url, "-tAc", "SELECT current_user || ' ' || current_database()"])
        #expect(whoami.output.trimmingCharacters(in: .whitespacesAndNewlines) == "orders_shared_postgresql orders_shared_postgresql", "\(whoami)")

        let keyspace = try fixture.json(["provision", "shared-redis", "--for", "orders", "--wait"])
        #expect(keyspace["state"]?.stringValue == "succeeded", "\(keyspace)")
        #expect(keyspace["outputs"]?["REDIS_KEY_PREFIX"]?.stringValue == "orders-shared-redis:")
        let userURL = try #require(keyspace["connectionUrl"]?.stringValue)
        let allowed = Self.shell(["redis-cli", "-u", userURL, "--no-auth-warning", "SET", "orders-shared-redis:greeting", "hello"])
        #expect(allowed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK", "\(allowed)")
        let denied = Self.shell(["redis-cli", "-u", userURL, "--no-auth-warning", "SET", "someone-else:key", "x"])
        #expect(denied.output.contains("NOPERM"), "\(denied)")

        #expect(try fixture.run(["deprovision", "resource:orders-shared-postgresql", "--wait"]).status == 0)
        #expect(Self.shell(["psql", url, "-tAc", "SELECT 1"]).status != 0)
        #expect(try fixture.run(["deprovision", "resource:orders-shared-redis", "--wait"]).status == 0)
        let gone = Self.shell(["redis-cli", "-u", userURL, "--no-auth-warning", "PING"])
        #expect(gone.output.contains("WRONGPASS") || gone.output.contains("invalid"), "\(gone)")
        let adminPassword = String(adminRedis.dropFirst("redis://:".count).prefix { $0 != "@" })
        let adminPort = try #require(redis["outputs"]?["REDIS_PORT"]?.stringValue)
        let keys = Self.shell(["redis-cli", "-p", adminPort, "--no-auth-warning", "EXISTS", "orders-shared-redis:greeting"],
                              environment: ["REDISCLI_AUTH": adminPassword])
        #expect(keys.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(keys)")
        // The admin passwords never reached the job records.
        #expect(!JSONWriter.string(try fixture.json(["jobs", "3"])).contains(String(adminPostgres.split(separator: ":")[2].split(separator: "@")[0])))
    }

    @Test("idempotency: the same key and request return the same job; other parameters exit 2; concurrent requests make one resource")
    func idempotency() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.json(["provision", "scratch", "--for", "orders", "--key", "k1", "--wait"])
        let again = try fixture.json(["provision", "scratch", "--for", "orders", "--key", "k1", "--wait"])
        #expect(first["state"]?.stringValue == "succeeded")
        #expect(first["id"] == again["id"])
        #expect(first["resource"] == again["resource"])
        let conflict = try fixture.run(["provision", "scratch", "--for", "orders", "--key", "k1", "--set", "mode=slow"])
        #expect(conflict.status == 2)
        #expect(conflict.errors.contains("idempotency key k1 was already used for job"), "\(conflict.errors)")

        // Four processes at once with one key: one job, one resource.
        let outputs = Mutexed<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let result = try? fixture.run(["provision", "scratch", "--for", "orders", "--key", "k2", "--wait", "--json"])
            outputs.update { $0.append(result?.output ?? "") }
        }
        let ids = Set(outputs.value.compactMap { YAMLParser.parse($0).documents.first?.root?.value["id"] })
        #expect(ids.count == 1, "\(outputs.value)")
        let created = fixture.recordLines.filter { $0.hasPrefix("created ") }
        #expect(created.count == 2, "\(fixture.recordLines)")
        let jobs = try #require(fixture.json(["jobs"]).arrayValue)
        #expect(jobs.count == 2)
    }

    @Test("a failing exec driver: the job fails with its last error line, the log has all of standard error, what it made is cleaned up")
    func failingExec() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let result = try fixture.run(["provision", "scratch", "--for", "orders", "--set", "mode=fail", "--wait"])
        #expect(result.status == 1)
        #expect(result.output.contains("no capacity left in pool scratch-a"), "\(result.output)")
        let job = try fixture.job(1)
        #expect(job["state"]?.stringValue == "failed")
        #expect(job["error"]?.stringValue?.contains("exited with status 3: error: no capacity left in pool scratch-a") == true, "\(job)")
        let log = job["log"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(log.contains("quota check: 0 of 0 volumes left"))
        #expect(log.contains("error: no capacity left in pool scratch-a"))
        let steps = job["steps"]?.arrayValue ?? []
        #expect(steps.contains { $0["name"]?.stringValue == "provision (exec)" && $0["state"]?.stringValue == "failed" })
        #expect(steps.contains { $0["name"]?.stringValue == "clean up" && $0["state"]?.stringValue == "succeeded" })
        #expect(fixture.recordLines.contains("deprovision 1 orders-scratch"))
    }

    @Test("cancel: a queued job at once; a running one stops its command and cleans up")
    func cancel() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        // billing is in production: the job waits for an approval, and can be cancelled there.
        let waiting = try fixture.json(["provision", "scratch", "--for", "billing"])
        #expect(waiting["state"]?.stringValue == "awaiting_approval", "\(waiting)")
        #expect(try fixture.run(["jobs", "cancel", "1"]).status == 0)
        #expect(try fixture.job(1)["state"]?.stringValue == "cancelled")

        let running = try fixture.start(["provision", "scratch", "--for", "orders", "--set", "mode=slow", "--set", "seconds=60", "--wait"])
        defer { if running.isRunning { kill(running.processIdentifier, SIGKILL) } }
        try fixture.waitFor("the slow step to start") { fixture.log(2).contains { $0.hasPrefix("sleeping") } }
        let started = Date()
        let cancelled = try fixture.run(["jobs", "cancel", "2"])
        #expect(cancelled.status == 0, "\(cancelled.errors)")
        try fixture.waitFor("the job to end", seconds: 30) { try fixture.job(2)["state"]?.stringValue == "cancelled" }
        #expect(Date().timeIntervalSince(started) < 20)
        running.waitUntilExit()
        #expect(running.terminationStatus == 1)
        #expect(fixture.recordLines.contains("deprovision 2 orders-scratch"), "\(fixture.recordLines)")
        #expect(try fixture.run(["jobs", "cancel", "2"]).status == 2)
    }

    @Test("approval: a production target waits until approved, then a worker runs it")
    func approval() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let waiting = try fixture.json(["provision", "scratch", "--for", "billing"])
        #expect(waiting["state"]?.stringValue == "awaiting_approval")
        #expect(try fixture.run(["jobs", "approve", "1"]).status == 0)
        try fixture.waitFor("the approved job to run") { try fixture.job(1)["state"]?.stringValue == "succeeded" }
        // Decisions are recorded under the audit actor; root is an admin, who may approve even their own job.
        #expect(try fixture.job(1)["decidedBy"]?.stringValue == "unix:root")
    }

    @Test("kill -9 of the process running a job: the next worker stops the orphaned command, resumes the job, and makes no second resource")
    func killedWorker() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let worker = try fixture.start(["provision", "scratch", "--for", "orders", "--set", "mode=slow", "--set", "seconds=30", "--wait"])
        try fixture.waitFor("the slow step to start") { fixture.log(1).contains { $0.hasPrefix("sleeping") } }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        #expect(try fixture.job(1)["state"]?.stringValue == "running")

        let resumed = try fixture.run(["worker", "--until-idle"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let job = try fixture.job(1)
        #expect(job["state"]?.stringValue == "succeeded", "\(job)")
        #expect(job["attempt"] == .int(2))
        let log = job["log"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(log.contains { $0.contains("stopped during provision (exec); queued to resume") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("stopping process group") }, "\(log)")
        #expect(fixture.recordLines.filter { $0.hasPrefix("created ") } == ["created 1 orders-scratch"], "\(fixture.recordLines)")
        let resources = try #require(fixture.json(["list", "--kind", "resource"]).arrayValue)
        #expect(resources.count == 1)
    }

    @Test("kill -9 in the middle of initdb: the resumed job starts the data folder over and the database answers SELECT 1")
    func killedDuringInitdb() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let worker = try fixture.start(["provision", "postgresql", "--for", "orders", "--wait"])
        try fixture.waitFor("initdb to start") { fixture.log(1).contains { $0.hasPrefix("initdb ") } }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        let resumed = try fixture.run(["worker", "--until-idle"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let job = try fixture.job(1)
        #expect(job["state"]?.stringValue == "succeeded", "\(job)")
        #expect(job["attempt"] == .int(2))
        let secrets = try String(contentsOfFile: fixture.cairn.state + "/env/orders.env", encoding: .utf8)
        let url = try #require(secrets.split(separator: "\n").first { $0.hasPrefix("DATABASE_URL=") }.map { String($0.dropFirst(13)) })
        let select = Self.shell(["psql", url, "-tAc", "SELECT 1"])
        #expect(select.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(select)")
        // One server for the resource: the pid file's postmaster, nothing else in its folder.
        let servers = Self.shell(["pgrep", "-f", "-c", fixture.cairn.state + "/resources/orders-postgresql/data"])
        #expect(servers.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(servers)")
    }

    @Test("a resource whose provision job has not finished cannot be deprovisioned; cancelling the resumed job cleans it up")
    func deprovisionWaitsForTheProvisionJob() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        let worker = try fixture.start(["provision", "scratch", "--for", "orders", "--set", "mode=slow", "--set", "seconds=30", "--wait"])
        try fixture.waitFor("the slow step to start") { fixture.log(1).contains { $0.hasPrefix("sleeping") } }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        let refused = try fixture.run(["deprovision", "resource:orders-scratch", "--wait"])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("job 1 (provision, running) has not finished with resource:default/orders-scratch"), "\(refused.errors)")
        #expect(try fixture.run(["jobs", "cancel", "1"]).status == 0)
        let resumed = try fixture.run(["worker", "--until-idle"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let job = try fixture.job(1)
        #expect(job["state"]?.stringValue == "cancelled", "\(job)")
        #expect(fixture.recordLines.contains("deprovision 1 orders-scratch"), "\(fixture.recordLines)")
        #expect(!fixture.recordLines.contains { $0.hasPrefix("created ") }, "the resumed job did not provision again")
        #expect(try fixture.run(["deprovision", "resource:orders-scratch"]).errors.contains("already deprovisioned"))
    }

    @Test("services of one name in two namespaces get resources of different names, folders and env files")
    func namespaces() throws {
        var fixture = Fixture()
        fixture.catalogs.append(CairnProcess.repository + "/Tests/Fixtures/provision-team-b")
        defer { fixture.cleanUp() }
        let first = try fixture.json(["provision", "scratch", "--for", "component:default/orders", "--wait"])
        let second = try fixture.json(["provision", "scratch", "--for", "component:team-b/orders", "--wait"])
        #expect(first["resource"]?.stringValue == "resource:default/orders-scratch")
        #expect(second["resource"]?.stringValue == "resource:team-b/orders-scratch-2")
        #expect(first["outputs"]?["SCRATCH_PATH"] != second["outputs"]?["SCRATCH_PATH"])
        #expect(FileManager.default.fileExists(atPath: fixture.cairn.state + "/env/orders.env"))
        #expect(FileManager.default.fileExists(atPath: fixture.cairn.state + "/env/team-b--orders.env"))
        let resources = try #require(fixture.json(["list", "--kind", "resource"]).arrayValue)
        #expect(resources.count == 2)
    }

    @Test("several cairn processes on one database: every job is claimed and run exactly once")
    func manyWorkers() throws {
        let fixture = Fixture()
        defer { fixture.cleanUp() }
        // Each request without --wait starts a background worker: six workers race for six jobs.
        for index in 1...6 {
            let queued = try fixture.run(["provision", "scratch", "--for", "orders", "--key", "many-\(index)"])
            #expect(queued.status == 0, "\(queued.errors)")
        }
        let extra = try fixture.start(["worker", "--until-idle"])
        defer { extra.waitUntilExit() }
        try fixture.waitFor("every job to succeed") {
            let jobs = try fixture.json(["jobs"]).arrayValue ?? []
            return jobs.count == 6 && jobs.allSatisfy { $0["state"]?.stringValue == "succeeded" }
        }
        let provisions = fixture.recordLines.filter { $0.hasPrefix("provision ") }
        #expect(provisions.count == 6, "\(provisions)")
        #expect(Set(provisions).count == 6)
    }
}

/// A value shared between threads in a test.
final class Mutexed<T>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func update(_ change: (inout T) -> Void) { lock.withLock { change(&stored) } }
}
