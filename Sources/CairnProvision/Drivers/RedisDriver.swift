import CairnCatalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real redis-server of the resource's own: a free loopback port, `requirepass`, its own
/// folder under the state directory (config 0600, data, log, pid file). Outputs REDIS_HOST and
/// REDIS_PORT, and the secret REDIS_URL and REDIS_PASSWORD.
///
/// Settings: `redisServer` and `redisCli` (programs, default from PATH).
public struct RedisDriver: ProvisionDriver {
    public init() {}

    public func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan {
        DriverPlan(handle: .object([Value.Member("host", .string("127.0.0.1")), Value.Member("port", .int(try LocalServer.freePort())),
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
        let instance = try Self.instance(handle: plan.handle, secrets: plan.secrets)
        let server = try program(request.settings["redisServer"]?.stringValue ?? "redis-server")
        let client = try program(request.settings["redisCli"]?.stringValue ?? "redis-cli")
        if LocalServer.livePid(instance.pidFile) != nil, ping(instance, client: client, context: context) {
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
        guard let instance = try? Self.instance(handle: request.handle, secrets: request.secrets) else {
            context.log("nothing was started for \(request.resourceRef)")
            return
        }
        if let pid = LocalServer.livePid(instance.pidFile) {
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
