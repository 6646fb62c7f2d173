import CairnCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL database, in one of two ways:
/// - **local** (default): an instance of the resource's own — `initdb` under the state
///   directory, `pg_ctl start` on a free loopback port (TCP only, scram-sha-256), one role and
///   one database. When cairn runs as root the server runs as `spec.settings.runAs` (default
///   `postgres`), since PostgreSQL refuses root.
/// - **server**: a database and role created on an existing server, reached with the admin URL
///   in the environment variable named by `spec.settings.adminUrlEnv`.
/// Outputs DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, and the secret
/// DATABASE_URL and DATABASE_PASSWORD.
///
/// Other settings: `binDirectory` (where initdb and pg_ctl are; default: PATH, else the newest
/// /usr/lib/postgresql/N/bin, or the one matching the `version` parameter), `psql`.
public struct PostgresDriver: ProvisionDriver {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan {
        let name = Self.identifier(request.resourceName)
        let password = LocalServer.password()
        if let variable = request.settings["adminUrlEnv"]?.stringValue {
            let admin = try adminConnection(variable)
            return DriverPlan(handle: .object([Value.Member("mode", .string("server")), Value.Member("adminUrlEnv", .string(variable)),
                                               Value.Member("host", .string(admin.host)), Value.Member("port", .int(admin.port)),
                                               Value.Member("database", .string(name)), Value.Member("user", .string(name))]),
                              secrets: ["DATABASE_PASSWORD": password])
        }
        let runAs = getuid() == 0 ? (request.settings["runAs"]?.stringValue ?? "postgres") : nil
        var members = [Value.Member("mode", .string("local")), Value.Member("host", .string("127.0.0.1")),
                       Value.Member("port", .int(try LocalServer.freePort())), Value.Member("directory", .string(request.directory)),
                       Value.Member("database", .string(name)), Value.Member("user", .string(name))]
        if let runAs { members.append(Value.Member("runAs", .string(runAs))) }
        return DriverPlan(handle: .object(members), secrets: ["DATABASE_PASSWORD": password])
    }

    struct Database {
        var host: String
        var port: Int
        var name: String
        var user: String
        var password: String
        var url: String { "postgresql://\(user):\(password)@\(host):\(port)/\(name)" }
    }

    static func database(_ handle: Value, secrets: [String: String]) throws(ProvisionError) -> Database {
        guard case .int(let port)? = handle["port"], let name = handle["database"]?.stringValue, let user = handle["user"]?.stringValue else {
            throw .failed("the recorded PostgreSQL handle has no port, database or user")
        }
        guard let password = secrets["DATABASE_PASSWORD"] else { throw .failed("the PostgreSQL password is missing from the secret store") }
        return Database(host: handle["host"]?.stringValue ?? "127.0.0.1", port: port, name: name, user: user, password: password)
    }

    public func provision(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs {
        let database = try Self.database(plan.handle, secrets: plan.secrets)
        if plan.handle["mode"]?.stringValue == "server" {
            try createOnServer(database, adminVariable: plan.handle["adminUrlEnv"]?.stringValue ?? "", request: request, context: context)
        } else {
            try startLocal(database, handle: plan.handle, request: request, context: context)
        }
        let check = try psql(database.host, database.port, user: database.user, password: database.password, database: database.name,
                             sql: "SELECT 1", settings: request.settings, context: context)
        guard check.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else { throw .failed("SELECT 1 on the new database returned \(check)") }
        context.log("database \(database.name) answers SELECT 1 as \(database.user) on \(database.host):\(database.port)")
        return DriverOutputs(outputs: ["DATABASE_HOST": database.host, "DATABASE_PORT": String(database.port), "DATABASE_NAME": database.name,
                                       "DATABASE_USER": database.user],
                             secrets: ["DATABASE_URL": database.url, "DATABASE_PASSWORD": database.password])
    }

    public func deprovision(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        // Removing needs no password: only names and the folder.
        guard let database = try? Self.database(request.handle, secrets: request.secrets.merging(["DATABASE_PASSWORD": ""]) { old, _ in old }) else {
            context.log("nothing was made for \(request.resourceRef)")
            return
        }
        if request.handle["mode"]?.stringValue == "server" {
            try dropOnServer(database, request: request, context: context)
            return
        }
        let directory = request.handle["directory"]?.stringValue ?? request.directory
        let data = directory + "/data"
        if FileManager.default.fileExists(atPath: data + "/postmaster.pid") {
            let binaries = try binDirectory(request.settings, version: nil)
            context.log("stopping PostgreSQL in \(data)")
            let stopped = try context.run(asUser(request.handle["runAs"]?.stringValue, [binaries + "/pg_ctl", "stop", "-D", data, "-m", "fast", "-w", "-t", "60"]),
                                          timeoutSeconds: 90)
            if !stopped.isSuccess, let pid = LocalServer.livePid(data + "/postmaster.pid", program: "postgres") {
                kill(pid, SIGKILL)
                _ = LocalServer.waitForExit(pid, seconds: 5)
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
        context.log("removed \(directory)")
    }

    // MARK: Local instance

    private func startLocal(_ database: Database, handle: Value, request: DriverRequest, context: JobContext) throws(ProvisionError) {
        let version = request.parameters["version"].map(JSONText.text)
        // Sizing, backups and standbys belong to a managed platform: say so instead of pretending.
        let ignored = ["size", "retention", "highAvailability"].filter { request.parameters[$0] != nil }
        if !ignored.isEmpty {
            context.log("the local instance does not apply \(ignored.joined(separator: ", ")) (a managed platform's exec driver would)")
        }
        let binaries = try binDirectory(request.settings, version: version)
        let directory = handle["directory"]?.stringValue ?? request.directory
        let data = directory + "/data"
        let marker = directory + "/.cairn-initdb-done"
        let runAs = handle["runAs"]?.stringValue
        var owner: (uid: uid_t, gid: gid_t)?
        if let runAs {
            guard let entry = getpwnam(runAs) else { throw .failed("PostgreSQL cannot run as root and there is no user \(runAs); set spec.settings.runAs to an existing user") }
            owner = (entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        try FileManager.default.createDirectoryQuietly(directory)
        if let owner { chown(directory, owner.uid, owner.gid) }
        if let runAs {
            // The server's user must reach its folder through every parent.
            let reachable = try context.run(asUser(runAs, ["/usr/bin/test", "-w", directory]), timeoutSeconds: 10)
            guard reachable.isSuccess else {
                throw .failed("PostgreSQL runs as \(runAs), who cannot write \(directory) (a parent folder is closed to it); point --db at a folder \(runAs) can reach, or set spec.settings.runAs")
            }
        }
        if !FileManager.default.fileExists(atPath: marker) {
            // A data folder without the marker is what a killed attempt left half made: start over.
            if FileManager.default.fileExists(atPath: data) {
                context.log("removing the half-made data folder an earlier attempt left")
                try? FileManager.default.removeItem(atPath: data)
            }
            try FileManager.default.createDirectoryQuietly(data)
            chmod(data, 0o700)
            let passwordFile = directory + "/.pwfile"
            try PrivateFile.write(Data((database.password + "\n").utf8), to: passwordFile)
            if let owner {
                chown(data, owner.uid, owner.gid)
                chown(passwordFile, owner.uid, owner.gid)
            }
            defer { unlink(passwordFile) }
            context.log("initdb \(data) (superuser \(database.user))")
            let initialized = try context.run(asUser(runAs, [binaries + "/initdb", "-D", data, "--username=\(database.user)", "--pwfile=\(passwordFile)",
                                                            "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-instructions"]),
                                              timeoutSeconds: 300)
            guard initialized.isSuccess else { throw .failed("initdb failed (exit \(initialized.status))\(initialized.errorTail.last.map { ": " + $0 } ?? "")") }
            let settings = """

                # cairn: loopback TCP only, on the port planned for this resource.
                listen_addresses = '\(database.host)'
                port = \(database.port)
                unix_socket_directories = ''
                """
            guard let handleFile = FileHandle(forWritingAtPath: data + "/postgresql.conf") else { throw .failed("cannot write \(data)/postgresql.conf") }
            handleFile.seekToEndOfFile()
            handleFile.write(Data(settings.utf8))
            handleFile.closeFile()
            _ = FileManager.default.createFile(atPath: marker, contents: Data())
        }
        if let pid = LocalServer.livePid(data + "/postmaster.pid", program: "postgres") {
            context.log("PostgreSQL is already running (pid \(pid)) on port \(database.port)")
        } else {
            context.log("starting PostgreSQL on \(database.host):\(database.port)")
            let started = try context.run(asUser(runAs, [binaries + "/pg_ctl", "start", "-D", data, "-l", directory + "/postgres.log", "-w", "-t", "60"]),
                                          timeoutSeconds: 90)
            guard started.isSuccess else {
                let log = (try? String(contentsOfFile: directory + "/postgres.log", encoding: .utf8))?.split(separator: "\n").last.map(String.init)
                throw .failed("pg_ctl start failed (exit \(started.status))\((log ?? started.errorTail.last).map { ": " + $0 } ?? "")")
            }
        }
        let exists = try psql(database.host, database.port, user: database.user, password: database.password, database: "postgres",
                              sql: "SELECT 1 FROM pg_database WHERE datname = \(Self.literal(database.name))", settings: request.settings, context: context)
        if exists.trimmingCharacters(in: .whitespacesAndNewlines) != "1" {
            _ = try psql(database.host, database.port, user: database.user, password: database.password, database: "postgres",
                         sql: "CREATE DATABASE \(Self.quoted(database.name)) OWNER \(Self.quoted(database.user))", settings: request.settings, context: context)
            context.log("created database \(database.name)")
        }
    }

    // MARK: Configured server

    struct AdminConnection {
        var host: String
        var port: Int
        var user: String
        var password: String
        var database: String
    }

    private func adminConnection(_ variable: String) throws(ProvisionError) -> AdminConnection {
        guard let text = environment[variable], !text.isEmpty else {
            throw .failed("spec.settings.adminUrlEnv names \(variable), which is not set; export \(variable)=postgresql://admin:password@host:5432/postgres")
        }
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""), let host = url.host, let user = url.user else {
            throw .failed("\(variable) is not a postgresql://user:password@host:port/database URL")
        }
        let database = url.path.hasPrefix("/") && url.path.count > 1 ? String(url.path.dropFirst()) : "postgres"
        return AdminConnection(host: host, port: url.port ?? 5432, user: user.removingPercentEncoding ?? user,
                               password: url.password?.removingPercentEncoding ?? url.password ?? "", database: database)
    }

    /// The comment cairn puts on a role it made, so it never takes over or drops another's.
    static func marker(_ resourceRef: String) -> String { "made by cairn for " + resourceRef }

    private func createOnServer(_ database: Database, adminVariable: String, request: DriverRequest, context: JobContext) throws(ProvisionError) {
        let admin = try adminConnection(adminVariable)
        context.addSecrets([admin.password])
        func run(_ sql: String) throws(ProvisionError) -> String {
            try psql(admin.host, admin.port, user: admin.user, password: admin.password, database: admin.database, sql: sql, settings: request.settings,
                     context: context).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let marker = Self.marker(request.resourceRef)
        let role = try run("SELECT 'found:' || coalesce(shobj_description(oid, 'pg_authid'), '') FROM pg_roles WHERE rolname = \(Self.literal(database.user))")
        if role.isEmpty {
            // The role and its marker in one transaction: a crash leaves both or neither.
            _ = try run("BEGIN; CREATE ROLE \(Self.quoted(database.user)) LOGIN PASSWORD \(Self.literal(database.password)); "
                        + "COMMENT ON ROLE \(Self.quoted(database.user)) IS \(Self.literal(marker)); COMMIT")
            context.log("created role \(database.user) on \(admin.host):\(admin.port)")
        } else if role == "found:" + marker {
            _ = try run("ALTER ROLE \(Self.quoted(database.user)) LOGIN PASSWORD \(Self.literal(database.password))")
            context.log("role \(database.user) on \(admin.host):\(admin.port) is this resource's; password set again")
        } else {
            throw .failed("role \(database.user) already exists on \(admin.host):\(admin.port) and was not made by cairn for \(request.resourceRef); drop or rename it, or rename the resource")
        }
        let owner = try run("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = \(Self.literal(database.name))")
        if owner.isEmpty {
            _ = try run("CREATE DATABASE \(Self.quoted(database.name)) OWNER \(Self.quoted(database.user))")
            context.log("created database \(database.name)")
        } else if owner != database.user {
            throw .failed("database \(database.name) already exists on \(admin.host):\(admin.port), owned by \(owner); it is not \(request.resourceRef)'s")
        }
    }

    /// Drops the database and role, only when the role carries this resource's marker.
    private func dropOnServer(_ database: Database, request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        let admin = try adminConnection(request.handle["adminUrlEnv"]?.stringValue ?? "")
        context.addSecrets([admin.password])
        func run(_ sql: String) throws(ProvisionError) -> String {
            try psql(admin.host, admin.port, user: admin.user, password: admin.password, database: admin.database, sql: sql, settings: request.settings,
                     context: context).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let role = try run("SELECT 'found:' || coalesce(shobj_description(oid, 'pg_authid'), '') FROM pg_roles WHERE rolname = \(Self.literal(database.user))")
        guard !role.isEmpty else {
            context.log("role \(database.user) is already gone")
            return
        }
        guard role == "found:" + Self.marker(request.resourceRef) else {
            context.log("role \(database.user) on \(admin.host):\(admin.port) is not marked as \(request.resourceRef)'s; left in place")
            return
        }
        if try run("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = \(Self.literal(database.name))") == database.user {
            _ = try run("DROP DATABASE IF EXISTS \(Self.quoted(database.name)) WITH (FORCE)")
        }
        _ = try run("DROP ROLE IF EXISTS \(Self.quoted(database.user))")
        context.log("dropped database \(database.name) and role \(database.user) on \(admin.host):\(admin.port)")
    }

    // MARK: Helpers

    /// Runs one SQL statement with psql; the password goes in the environment and the SQL on
    /// standard input, so neither shows in `ps`.
    private func psql(_ host: String, _ port: Int, user: String, password: String, database: String, sql: String, settings: Value,
                      context: JobContext) throws(ProvisionError) -> String {
        let program = settings["psql"]?.stringValue ?? ChildProcess.find("psql") ?? "/usr/bin/psql"
        var variables = environment
        variables["PGPASSWORD"] = password
        variables["PGCONNECT_TIMEOUT"] = "10"
        let result = try context.run([program, "-h", host, "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-f", "-"],
                                     input: Array((sql + ";\n").utf8), environment: variables, timeoutSeconds: 60)
        guard result.isSuccess else {
            throw .failed("psql on \(host):\(port) failed\(result.errorTail.last.map { ": " + context.redacted($0) } ?? " (exit \(result.status))")")
        }
        return String(decoding: result.standardOutput, as: UTF8.self)
    }

    private func asUser(_ user: String?, _ arguments: [String]) -> [String] {
        guard let user else { return arguments }
        return ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--init-groups", "--"] + arguments
    }

    /// Where initdb and pg_ctl are.
    func binDirectory(_ settings: Value, version: String?) throws(ProvisionError) -> String {
        if let configured = settings["binDirectory"]?.stringValue { return configured }
        let installed = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        if let version, !version.isEmpty {
            if installed.contains(version) { return "/usr/lib/postgresql/\(version)/bin" }
            throw .failed("PostgreSQL \(version) is not installed here (installed: \(installed.isEmpty ? "none" : installed.joined(separator: ", "))); request one of those or install postgresql-\(version)")
        }
        if let newest = installed.first { return "/usr/lib/postgresql/\(newest)/bin" }
        if let initdb = ChildProcess.find("initdb", path: environment["PATH"]) { return (initdb as NSString).deletingLastPathComponent }
        throw .failed("PostgreSQL is not installed (no initdb); install postgresql, or set spec.settings.binDirectory or adminUrlEnv")
    }

    /// A PostgreSQL identifier from a resource name: lowercase letters, digits and underscores.
    static func identifier(_ name: String) -> String {
        var result = String(name.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "_" }.prefix(63))
        if let first = result.first, first.isNumber { result = "db_" + result.prefix(60) }
        return result.isEmpty ? "db" : result
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
