import CairnCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Redis, in one of two ways:
/// - **local** (default): a real redis-server of the resource's own — a free loopback port,
///   `requirepass`, its own folder under the state directory (config 0600, data, log, pid file).
/// - **server**: an ACL user on an existing Redis 6+ server, allowed only keys and channels
///   under `<name>:` (output REDIS_KEY_PREFIX); the admin URL is read from the environment
///   variable named by `spec.settings.adminUrlEnv`.
/// Outputs REDIS_HOST and REDIS_PORT, and the secret REDIS_URL and REDIS_PASSWORD.
///
/// Settings: `adminUrlEnv`, `redisServer` and `redisCli` (programs, default from PATH).
public struct RedisDriver: ProvisionDriver {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan {
        if let variable = request.settings["adminUrlEnv"]?.stringValue {
            let admin = try adminConnection(variable)
            return DriverPlan(handle: .object([Value.Member("mode", .string("server")), Value.Member("adminUrlEnv", .string(variable)),
                                               Value.Member("host", .string(admin.host)), Value.Member("port", .int(admin.port)),
                                               Value.Member("user", .string(request.resourceName))]),
                              secrets: ["REDIS_PASSWORD": LocalServer.password()])
        }
        return DriverPlan(handle: .object([Value.Member("host", .string("127.0.0.1")), Value.Member("port", .int(try LocalServer.freePort())),
                                    Value.Member("directory", .string(request.directory))]),
                   secrets: ["REDIS_PASSWORD": LocalServer.password()])
    }

    struct Instance {
        var host: String
        var port: Int
        var directory: String
        var password: String
        var configFile: String { directory + "/redis.conf" }
        var pidFile: String { directory + "/redis.pid" }
        var url: String { "redis://:\(password)@\(host):\(port)/0" }
    }

    static func instance(handle: Value, secrets: [String: String]) throws(ProvisionError) -> Instance {
        guard case .int(let port)? = handle["port"], let directory = handle["directory"]?.stringValue else {
            throw .failed("the recorded Redis handle has no port or directory")
        }
        guard let password = secrets["REDIS_PASSWORD"] else { throw .failed("the Redis password is missing from the secret store") }
        return Instance(host: handle["host"]?.stringValue ?? "127.0.0.1", port: port, directory: directory, password: password)
    }

    public func provision(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs {
        if plan.handle["mode"]?.stringValue == "server" { return try provisionUser(request, plan: plan, context: context) }
        let instance = try Self.instance(handle: plan.handle, secrets: plan.secrets)
        let server = try program(request.settings["redisServer"]?.stringValue ?? "redis-server")
        let client = try program(request.settings["redisCli"]?.stringValue ?? "redis-cli")
        if LocalServer.livePid(instance.pidFile, program: "redis-server") != nil, ping(instance, client: client, context: context) {
            context.log("redis-server is already running on \(instance.host):\(instance.port)")
        } else {
            try FileManager.default.createDirectoryQuietly(instance.directory + "/data")
            let memory = Self.maxMemory(request.parameters["size"]?.stringValue)
            let policy = request.parameters["evictionPolicy"]?.stringValue ?? "allkeys-lru"
            guard ["allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "allkeys-random", "volatile-random", "volatile-ttl", "noeviction"]
                .contains(policy) else { throw .failed("evictionPolicy \"\(policy)\" is not a Redis eviction policy") }
            let config = """
                # Written by cairn for \(request.resourceRef) (job \(request.jobID)).
                bind \(instance.host)
                port \(instance.port)
                protected-mode yes
                requirepass \(instance.password)
                daemonize yes
                pidfile \(instance.pidFile)
                logfile \(instance.directory)/redis.log
                dir \(instance.directory)/data
                maxmemory \(memory)
                maxmemory-policy \(policy)
                appendonly yes

                """
            try PrivateFile.write(Data(config.utf8), to: instance.configFile)
            context.log("starting redis-server on \(instance.host):\(instance.port) in \(instance.directory)")
            let started = try context.run([server, instance.configFile], timeoutSeconds: 30)
            guard started.isSuccess else {
                throw .failed("redis-server did not start (exit \(started.status))\(tail(instance))")
            }
            let deadline = Date().addingTimeInterval(15)
            while !ping(instance, client: client, context: context) {
                try context.checkCancelled()
                guard Date() < deadline else { throw .failed("redis-server on port \(instance.port) did not answer PING within 15 s\(tail(instance))") }
                usleep(100_000)
            }
        }
        context.log("redis-server answers PING with its password on \(instance.host):\(instance.port)")
        return DriverOutputs(outputs: ["REDIS_HOST": instance.host, "REDIS_PORT": String(instance.port)],
                             secrets: ["REDIS_URL": instance.url, "REDIS_PASSWORD": instance.password])
    }

    public func deprovision(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        if request.handle["mode"]?.stringValue == "server" {
            try removeUser(request, context: context)
            return
        }
        // Stopping needs no password: the pid file's process, when it is a redis-server.
        guard let directory = request.handle["directory"]?.stringValue else {
            context.log("nothing was started for \(request.resourceRef)")
            return
        }
        let instance = Instance(host: request.handle["host"]?.stringValue ?? "127.0.0.1", port: request.handle["port"].flatMap {
            if case .int(let port) = $0 { return port } else { return nil } } ?? 0, directory: directory, password: "")
        if let pid = LocalServer.livePid(instance.pidFile, program: "redis-server") {
            context.log("stopping redis-server (pid \(pid)) on port \(instance.port)")
            kill(pid, SIGTERM)
            if !LocalServer.waitForExit(pid, seconds: 10) {
                kill(pid, SIGKILL)
                _ = LocalServer.waitForExit(pid, seconds: 2)
            }
        }
        try? FileManager.default.removeItem(atPath: instance.directory)
        context.log("removed \(instance.directory)")
    }

    // MARK: Configured server

    struct AdminConnection {
        var host: String
        var port: Int
        var user: String?
        var password: String
    }

    private func adminConnection(_ variable: String) throws(ProvisionError) -> AdminConnection {
        guard let text = environment[variable], !text.isEmpty else {
            throw .failed("spec.settings.adminUrlEnv names \(variable), which is not set; export \(variable)=redis://admin:password@host:6379")
        }
        guard let url = URLComponents(string: text), url.scheme == "redis", let host = url.host else {
            throw .failed("\(variable) is not a redis://[user]:password@host:port URL")
        }
        let user = url.user.flatMap { $0.isEmpty ? nil : ($0.removingPercentEncoding ?? $0) }
        return AdminConnection(host: host, port: url.port ?? 6379, user: user, password: url.password?.removingPercentEncoding ?? url.password ?? "")
    }

    /// Runs redis-cli commands as the admin: the admin password goes in the environment and the
    /// commands on standard input (a new user's password must not show in `ps`). Returns the
    /// replies, one line each.
    private func admin(_ connection: AdminConnection, _ commands: [[String]], settings: Value, context: JobContext) throws(ProvisionError) -> [String] {
        let client = try program(settings["redisCli"]?.stringValue ?? "redis-cli")
        var variables = environment
        variables["REDISCLI_AUTH"] = connection.password
        var command = [client, "-h", connection.host, "-p", String(connection.port), "--no-auth-warning"]
        if let user = connection.user { command += ["--user", user] }
        let input = commands.map { $0.map(Self.quotedArgument).joined(separator: " ") }.joined(separator: "\n") + "\n"
        let result = try context.run(command, input: Array(input.utf8), environment: variables, timeoutSeconds: 30)
        let lines = String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let refused = lines.first(where: { line in ["ERR", "NOAUTH", "NOPERM", "WRONGPASS", "NOSCRIPT"].contains { line.hasPrefix($0) } })
            ?? (result.isSuccess ? nil : result.errorTail.last ?? "exit \(result.status)") {
            throw .failed("redis-cli on \(connection.host):\(connection.port) failed: \(context.redacted(refused))")
        }
        return lines
    }

    /// An argument as redis-cli reads it from standard input (double quotes, escapes).
    static func quotedArgument(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The key (in the admin's keyspace) that says which cairn resource an ACL user is.
    static func markerKey(_ user: String) -> String { "cairn:acl-user:" + user }

    private func provisionUser(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs {
        let connection = try adminConnection(plan.handle["adminUrlEnv"]?.stringValue ?? "")
        context.addSecrets([connection.password])
        guard let user = plan.handle["user"]?.stringValue, let password = plan.secrets["REDIS_PASSWORD"] else {
            throw .failed("the recorded Redis handle has no user, or its password is missing from the secret store")
        }
        // A user of that name that cairn did not make for this resource is never taken over.
        let found = try admin(connection, [["GET", Self.markerKey(user)], ["ACL", "GETUSER", user]], settings: request.settings, context: context)
        let marker = found.first ?? ""
        let exists = found.count > 1 && !found[1].isEmpty
        if exists, marker != request.resourceRef {
            throw .failed("Redis at \(connection.host):\(connection.port) already has an ACL user \(user) that is not \(request.resourceRef)'s; remove it or rename the resource")
        }
        // The marker first, then the user (reset, so a resumed attempt ends with exactly these rules).
        _ = try admin(connection, [["SET", Self.markerKey(user), request.resourceRef],
                                   ["ACL", "SETUSER", user, "reset", "on", ">" + password, "~\(user):*", "&\(user):*", "+@all", "-@dangerous"]],
                      settings: request.settings, context: context)
        context.log("ACL user \(user) on \(connection.host):\(connection.port) may use keys and channels under \(user):")
        let url = "redis://\(user):\(password)@\(connection.host):\(connection.port)/0"
        return DriverOutputs(outputs: ["REDIS_HOST": connection.host, "REDIS_PORT": String(connection.port), "REDIS_KEY_PREFIX": user + ":"],
                             secrets: ["REDIS_URL": url, "REDIS_PASSWORD": password])
    }

    private func removeUser(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        let connection = try adminConnection(request.handle["adminUrlEnv"]?.stringValue ?? "")
        context.addSecrets([connection.password])
        guard let user = request.handle["user"]?.stringValue else { return }
        let marker = try admin(connection, [["GET", Self.markerKey(user)]], settings: request.settings, context: context).first ?? ""
        guard marker == request.resourceRef else {
            context.log("ACL user \(user) is not marked as \(request.resourceRef)'s; left in place")
            return
        }
        // Its keys go with it (a Lua script, so it needs no client-side loop).
        let script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n"
        let replies = try admin(connection, [["ACL", "DELUSER", user], ["EVAL", script, "0", user + ":*"], ["DEL", Self.markerKey(user)]],
                                settings: request.settings, context: context)
        context.log("removed ACL user \(user) and its \(replies.count > 1 ? replies[1] : "?") key(s) from \(connection.host):\(connection.port)")
    }

    /// PING with the password passed in the environment (never in argv, which `ps` shows).
    private func ping(_ instance: Instance, client: String, context: JobContext) -> Bool {
        var environment = ProcessInfo.processInfo.environment
        environment["REDISCLI_AUTH"] = instance.password
        guard let result = try? context.run([client, "-h", instance.host, "-p", String(instance.port), "--no-auth-warning", "PING"],
                                            environment: environment, timeoutSeconds: 5) else { return false }
        return result.isSuccess && String(decoding: result.standardOutput, as: UTF8.self).hasPrefix("PONG")
    }

    private func program(_ name: String) throws(ProvisionError) -> String {
        guard let path = ChildProcess.find(name) else { throw .failed("\(name) is not installed; install redis-server (apt-get install redis-server)") }
        return path
    }

    private func tail(_ instance: Instance) -> String {
        guard let log = try? String(contentsOfFile: instance.directory + "/redis.log", encoding: .utf8),
              let last = log.split(separator: "\n").last else { return "" }
        return ": " + last
    }

    /// `1gb` → `1gb`; unknown sizes get 256mb (the limit only caps memory, it reserves none).
    static func maxMemory(_ size: String?) -> String {
        guard let size, size.range(of: "^[0-9]+(mb|gb)$", options: .regularExpression) != nil else { return "256mb" }
        return size
    }
}

extension FileManager {
    func createDirectoryQuietly(_ path: String) throws(ProvisionError) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
