import CairnCatalog
import CairnHTTP
import Foundation

/// Makes an S3 bucket on any S3-compatible endpoint (AWS, MinIO, moto…), tagged with who asked
/// for it, versioned and expiring as the parameters say.
///
/// Settings (the ResourceType's `spec.settings`): `endpoint` (default `$CAIRN_S3_ENDPOINT`),
/// `region` (default `$CAIRN_S3_REGION`, else us-east-1), `accessKeyEnv` / `secretKeyEnv` (the
/// names of the environment variables holding the key pair; default AWS_ACCESS_KEY_ID /
/// AWS_SECRET_ACCESS_KEY) and `bucketPrefix`. Parameters: `versioning` (default true) and
/// `retention` (days before objects expire; 0, the default, keeps them).
public struct S3Driver: ProvisionDriver {
    /// The tag that says which cairn resource a bucket is.
    static let resourceTag = "cairn.dev/resource"

    private let environment: [String: String]
    private let http: HTTPClient

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        http = HTTPClient(maxConcurrent: 1)
    }

    /// Names the bucket and records where it lives; no secrets (the key pair stays in the
    /// environment it is read from).
    public func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan {
        let settings = try Settings(request.settings, environment: environment)
        let bucket = Self.bucketName(prefix: settings.bucketPrefix, resourceName: request.resourceName)
        return DriverPlan(handle: .object([
            .init("bucket", .string(bucket)), .init("endpoint", .string(settings.endpoint)), .init("region", .string(settings.region)),
        ]))
    }

    public func provision(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs {
        let settings = try Settings(request.settings, environment: environment)
        guard let bucket = plan.handle["bucket"]?.stringValue else { throw .failed("s3: the plan names no bucket") }
        let endpoint = plan.handle["endpoint"]?.stringValue ?? settings.endpoint
        let region = plan.handle["region"]?.stringValue ?? settings.region
        let versioning = try Self.boolParameter("versioning", in: request.parameters, default: true)
        let retentionDays = try Self.daysParameter("retention", in: request.parameters)
        let client = try client(settings, endpoint: endpoint, region: region, context: context)

        context.log("creating bucket \(bucket) at \(endpoint) (region \(region))")
        // Looked up first: in us-east-1 S3 answers a repeated create with 200, as if it were new.
        let existed = try asJobFailure { () throws(S3Error) in try client.bucketExists(bucket) }
        var isNew = false
        if !existed { isNew = try asJobFailure { () throws(S3Error) in try client.createBucket(bucket) } }
        if isNew {
            context.log("bucket \(bucket) created")
        } else {
            // S3 says "yours" for any bucket of the account: take it over only when it is this
            // resource's (its tag), or untagged on a resumed attempt (made just before a crash).
            let existing = try asJobFailure { () throws(S3Error) in try client.bucketTags(bucket) } ?? [:]
            let owner = existing[Self.resourceTag]
            guard owner == request.resourceRef || (owner == nil && existing.isEmpty && request.attempt > 1) else {
                throw .failed("s3 \(endpoint): bucket \(bucket) already exists in this account and is not \(request.resourceRef)'s"
                              + (owner.map { " (it is \($0)'s)" } ?? " (it has no \(Self.resourceTag) tag)") + "; set spec.settings.bucketPrefix to choose other names")
            }
            context.log("bucket \(bucket) already exists and is this resource's")
        }

        try context.checkCancelled()
        let tags: [(key: String, value: String)] = [
            ("owner", request.ownerRef ?? ""), ("service", request.targetRef),
            (Self.resourceTag, request.resourceRef), ("cairn.dev/job", "\(request.jobID)"),
        ]
        context.log("tagging bucket \(bucket): " + tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        try asJobFailure { () throws(S3Error) in try client.putBucketTagging(bucket, tags: tags) }

        try context.checkCancelled()
        if versioning {
            context.log("turning on versioning of bucket \(bucket)")
            try asJobFailure { () throws(S3Error) in try client.putBucketVersioning(bucket, isEnabled: true) }
        } else {
            context.log("versioning of bucket \(bucket) left off")
        }

        if retentionDays > 0 {
            try context.checkCancelled()
            context.log("objects in bucket \(bucket) expire after \(retentionDays) day\(retentionDays == 1 ? "" : "s")")
            try asJobFailure { () throws(S3Error) in try client.putBucketLifecycle(bucket, expirationDays: retentionDays) }
        }
        return DriverOutputs(outputs: ["BUCKET_NAME": bucket, "BUCKET_REGION": region, "BUCKET_ENDPOINT": endpoint])
    }

    /// Deletes the bucket the handle names; one already gone is success, one with objects is
    /// refused with a message saying to empty it.
    public func deprovision(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        let settings = try Settings(request.settings, environment: environment)
        guard let bucket = request.handle["bucket"]?.stringValue else {
            throw .failed("s3: \(request.resourceRef) has no bucket in its handle; nothing to delete")
        }
        let endpoint = request.handle["endpoint"]?.stringValue ?? settings.endpoint
        let region = request.handle["region"]?.stringValue ?? settings.region
        let client = try client(settings, endpoint: endpoint, region: region, context: context)
        try context.checkCancelled()
        // Only a bucket tagged as this resource's is deleted: never another's of the same name.
        guard let tags = try asJobFailure({ () throws(S3Error) in try client.bucketTags(bucket) }) else {
            context.log("bucket \(bucket) was already gone")
            return
        }
        guard tags[Self.resourceTag] == request.resourceRef else {
            context.log("bucket \(bucket) is not tagged \(Self.resourceTag)=\(request.resourceRef); left in place (delete it by hand if it was this resource's)")
            return
        }
        context.log("deleting bucket \(bucket) at \(endpoint)")
        let wasThere = try asJobFailure { () throws(S3Error) in try client.deleteBucket(bucket) }
        context.log(wasThere ? "bucket \(bucket) deleted" : "bucket \(bucket) was already gone")
    }

    // MARK: - Naming

    /// A valid S3 bucket name from `prefix` and the resource's name: lowercase, [a-z0-9-] (any
    /// other run of characters becomes one -), 3–63 characters, no - at either end. A name cut
    /// to fit, or too short, gets a short hash of the original so two resources do not meet.
    public static func bucketName(prefix: String?, resourceName: String) -> String {
        let wanted = [prefix, resourceName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "-")
        var name = ""
        for scalar in wanted.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, !name.hasSuffix("-") {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        // Prefixes and suffixes S3 keeps for itself (access point aliases and the like); "xn--"
        // and "--x-s3" cannot occur, runs of - having become one.
        if name.hasPrefix("sthree-") || name.hasPrefix("amzn-s3-demo-") || name.hasSuffix("-s3alias") || name.hasSuffix("-ol-s3") {
            name = "cairn-" + name
        }
        let suffix = String(MD5.hex(Array(wanted.utf8)).prefix(8))
        if name.count < 3 {
            name = (name.isEmpty ? "cairn" : name) + "-" + suffix
        } else if name.count > 63 {
            name = String(name.prefix(63 - 9))
            while name.hasSuffix("-") { name.removeLast() }
            name += "-" + suffix
        }
        return name
    }

    // MARK: - Settings

    /// The resource type's settings with their defaults from the environment.
    struct Settings {
        var endpoint: String
        var region: String
        var accessKeyVariable: String
        var secretKeyVariable: String
        var bucketPrefix: String?

        init(_ settings: Value, environment: [String: String]) throws(ProvisionError) {
            func text(_ key: String) throws(ProvisionError) -> String? {
                guard let value = settings[key], value != .null else { return nil }
                guard let text = value.stringValue else { throw .usage("s3: settings.\(key) must be a string, not \(value.typeName)") }
                return text.isEmpty ? nil : text
            }
            guard let endpoint = try text("endpoint") ?? environment["CAIRN_S3_ENDPOINT"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw .usage("s3: no endpoint; set settings.endpoint in the resource type (http://127.0.0.1:9000) or CAIRN_S3_ENDPOINT")
            }
            let lowered = endpoint.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), !endpoint.contains("?"), !endpoint.contains("#"),
                  !endpoint.contains(where: \.isWhitespace), let url = URL(string: endpoint), url.host != nil else {
                throw .usage("s3: endpoint \"\(endpoint)\" is not an http(s) URL like http://127.0.0.1:9000")
            }
            self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            region = try text("region") ?? environment["CAIRN_S3_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
            // The region goes into libcurl's colon-separated signing parameter.
            guard region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw .usage("s3: region \"\(region)\" must be lowercase letters, digits and - (like eu-west-1)")
            }
            accessKeyVariable = try text("accessKeyEnv") ?? "AWS_ACCESS_KEY_ID"
            secretKeyVariable = try text("secretKeyEnv") ?? "AWS_SECRET_ACCESS_KEY"
            bucketPrefix = try text("bucketPrefix")
        }
    }

    /// A client with the key pair from the environment; the secret is known to the log's redactor.
    private func client(_ settings: Settings, endpoint: String, region: String, context: JobContext) throws(ProvisionError) -> S3Client {
        guard let accessKey = environment[settings.accessKeyVariable], !accessKey.isEmpty else {
            throw .failed("s3: no access key: set \(settings.accessKeyVariable) in cairn's environment (settings.accessKeyEnv names the variable)")
        }
        guard let secretKey = environment[settings.secretKeyVariable], !secretKey.isEmpty else {
            throw .failed("s3: no secret key: set \(settings.secretKeyVariable) in cairn's environment (settings.secretKeyEnv names the variable)")
        }
        guard !accessKey.contains(":") else {
            throw .failed("s3: the access key in \(settings.accessKeyVariable) contains a colon, which libcurl cannot send")
        }
        context.addSecrets([secretKey])
        return S3Client(endpoint: endpoint, region: region, accessKey: accessKey, secretKey: secretKey, http: http)
    }

    /// Runs one S3 call; its failure becomes the job's.
    private func asJobFailure<Result>(_ call: () throws(S3Error) -> Result) throws(ProvisionError) -> Result {
        do {
            return try call()
        } catch {
            throw .failed(error.message)
        }
    }

    // MARK: - Parameters

    static func boolParameter(_ name: String, in parameters: Value, default fallback: Bool) throws(ProvisionError) -> Bool {
        switch parameters[name] {
        case nil, .null?: return fallback
        case .bool(let value)?: return value
        case .string(let text)? where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        case let value?: throw .usage("s3: parameter \(name) must be true or false, not \(value.typeName)")
        }
    }

    static func daysParameter(_ name: String, in parameters: Value) throws(ProvisionError) -> Int {
        let days: Int?
        switch parameters[name] {
        case nil, .null?: return 0
        case .int(let value)?: days = value
        case .double(let value)?: days = value.rounded() == value ? Int(exactly: value) : nil
        case .string(let text)?: days = Int(text.trimmingCharacters(in: .whitespaces))
        default: days = nil
        }
        guard let days, days >= 0 else {
            let given: String
            switch parameters[name] {
            case .int(let value)?: given = "\(value)"
            case .double(let value)?: given = "\(value)"
            case .string(let text)?: given = "\"\(text)\""
            case let value?: given = value.typeName
            case nil: given = "nothing"
            }
            throw .usage("s3: parameter \(name) must be a whole number of days (0 keeps objects forever), not \(given)")
        }
        return days
    }
}
