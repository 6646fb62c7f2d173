import CairnCatalog
@testable import CairnProvision
import Foundation
import LoopbackFixtures
import Synchronization
import Testing

/// The s3 driver against a real `moto_server`, checked with an independent client (boto3), and
/// its signing checked by botocore's own SigV4 on a recording server.
@Suite struct S3DriverTests {
    static let accessKey = "AKIDCAIRNTEST"
    static let secretKey = "cairn-test-secret-9f3c"
    static let environment = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey]

    @Test("provision makes a tagged, versioned bucket with a lifecycle in the region asked for")
    func provisionsBucket() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let request = Self.request("Payments API Uploads", settings: Self.settings(moto.endpoint, region: "eu-west-1", prefix: "acme"),
                                   parameters: .object([.init("versioning", .bool(true)), .init("retention", .int(30))]))
        let plan = try driver.plan(request)
        #expect(plan.handle == .object([
            .init("bucket", .string("acme-payments-api-uploads")), .init("endpoint", .string(moto.endpoint)), .init("region", .string("eu-west-1")),
        ]))
        #expect(plan.secrets.isEmpty)

        let lines = LineCollector()
        let outputs = try driver.provision(request, plan: plan, context: JobContext(jobID: 42) { lines.add($0) })
        #expect(outputs.outputs == ["BUCKET_NAME": "acme-payments-api-uploads", "BUCKET_REGION": "eu-west-1", "BUCKET_ENDPOINT": moto.endpoint])
        #expect(outputs.secrets.isEmpty)

        let seen = try Self.inspect(moto.endpoint, region: "eu-west-1", bucket: "acme-payments-api-uploads")
        #expect(seen.buckets == ["acme-payments-api-uploads"])
        #expect(seen.location == "eu-west-1")
        #expect(seen.tags == [
            "owner": "group:default/payments-team", "service": "component:default/payments-api",
            "cairn.dev/resource": "resource:default/Payments API Uploads", "cairn.dev/job": "42",
        ])
        #expect(seen.versioning == "Enabled")
        #expect(seen.expirationDays == [30])
        #expect(lines.all.contains("creating bucket acme-payments-api-uploads at \(moto.endpoint) (region eu-west-1)"))
        #expect(lines.all.contains("bucket acme-payments-api-uploads created"))
        #expect(!lines.all.joined().contains(Self.secretKey))
    }

    @Test("a second provision with the same plan finds the bucket and finishes it")
    func provisionIsIdempotent() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        // Outside us-east-1 a repeat create answers BucketAlreadyOwnedByYou; in us-east-1, 200.
        for region in ["eu-west-1", "us-east-1"] {
            let request = Self.request("orders-\(region)", settings: Self.settings(moto.endpoint, region: region))
            let plan = try driver.plan(request)
            let first = try driver.provision(request, plan: plan, context: JobContext(jobID: 42) { _ in })
            let lines = LineCollector()
            let second = try driver.provision(request, plan: plan, context: JobContext(jobID: 42) { lines.add($0) })
            #expect(first == second)
            #expect(lines.all.contains("bucket orders-\(region) already exists and is this resource's"))
            let seen = try Self.inspect(moto.endpoint, region: region, bucket: "orders-\(region)")
            #expect(seen.buckets.filter { $0 == "orders-\(region)" }.count == 1)
            #expect(seen.versioning == "Enabled", "versioning defaults to on")
            #expect(seen.expirationDays == [], "no retention, no lifecycle")
        }
    }

    @Test("versioning false and retention 0 leave the bucket unversioned and without a lifecycle")
    func versioningOffNoRetention() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let request = Self.request("scratch", settings: Self.settings(moto.endpoint),
                                   parameters: .object([.init("versioning", .bool(false)), .init("retention", .int(0))]))
        _ = try driver.provision(request, plan: driver.plan(request), context: JobContext(jobID: 7) { _ in })
        let seen = try Self.inspect(moto.endpoint, region: "us-east-1", bucket: "scratch")
        #expect(seen.buckets == ["scratch"])
        #expect(seen.versioning == "")
        #expect(seen.expirationDays == [])
        #expect(seen.tags["cairn.dev/job"] == "42", "the request's job")
    }

    @Test("deprovision removes the bucket; a second deprovision finds it gone and succeeds")
    func deprovisionRemovesAndRepeats() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let settings = Self.settings(moto.endpoint, region: "eu-west-1")
        let request = Self.request("reports", settings: settings)
        let plan = try driver.plan(request)
        let outputs = try driver.provision(request, plan: plan, context: JobContext(jobID: 42) { _ in })
        #expect(try Self.inspect(moto.endpoint, region: "eu-west-1", bucket: "reports").buckets == ["reports"])

        let removal = DeprovisionRequest(jobID: 43, resourceName: "reports", resourceRef: "resource:default/reports", settings: settings,
                                         handle: plan.handle, outputs: outputs.outputs, secrets: [:], directory: NSTemporaryDirectory())
        let lines = LineCollector()
        try driver.deprovision(removal, context: JobContext(jobID: 43) { lines.add($0) })
        #expect(try Self.inspect(moto.endpoint, region: "eu-west-1", bucket: "reports").buckets == [])
        try driver.deprovision(removal, context: JobContext(jobID: 44) { lines.add($0) })
        #expect(lines.all == ["deleting bucket reports at \(moto.endpoint)", "bucket reports deleted", "bucket reports was already gone"])
    }

    @Test("a bucket of the same name that is not this resource's is never taken over, nor deleted")
    func foreignBucketIsLeftAlone() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let settings = Self.settings(moto.endpoint, region: "eu-west-1")
        // Another resource's bucket first, then an untagged one made by hand.
        let other = Self.request("shared-name", settings: settings)
        let plan = try driver.plan(other)
        _ = try driver.provision(other, plan: plan, context: JobContext(jobID: 1) { _ in })
        var mine = other
        mine.resourceRef = "resource:default/someone-else"
        #expect(throws: ProvisionError.self) { try driver.provision(mine, plan: plan, context: JobContext(jobID: 2) { _ in }) }
        let lines = LineCollector()
        try driver.deprovision(DeprovisionRequest(jobID: 2, resourceName: "shared-name", resourceRef: mine.resourceRef, settings: settings,
                                                  handle: plan.handle, outputs: [:], secrets: [:], directory: NSTemporaryDirectory()),
                               context: JobContext(jobID: 2) { lines.add($0) })
        #expect(lines.all.contains { $0.contains("left in place") }, "\(lines.all)")
        #expect(try Self.inspect(moto.endpoint, region: "eu-west-1", bucket: "shared-name").buckets == ["shared-name"])
        #expect(try Self.inspect(moto.endpoint, region: "eu-west-1", bucket: "shared-name").tags["cairn.dev/resource"] == other.resourceRef)
    }

    @Test("deprovision of a bucket with objects fails and says to empty it")
    func deprovisionRefusesNonEmptyBucket() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let settings = Self.settings(moto.endpoint)
        let request = Self.request("archive", settings: settings)
        let plan = try driver.plan(request)
        _ = try driver.provision(request, plan: plan, context: JobContext(jobID: 42) { _ in })
        try Self.python(Self.putObjectScript, [moto.endpoint, "archive"])

        let removal = DeprovisionRequest(jobID: 43, resourceName: "archive", resourceRef: "resource:default/archive", settings: settings,
                                         handle: plan.handle, outputs: [:], secrets: [:], directory: NSTemporaryDirectory())
        let error = #expect(throws: ProvisionError.self) { try driver.deprovision(removal, context: JobContext(jobID: 43) { _ in }) }
        #expect(error == .failed("s3 \(moto.endpoint): bucket \"archive\" is not empty; empty it (every object and, when versioned, every version) and deprovision again"))
        #expect(try Self.inspect(moto.endpoint, region: "us-east-1", bucket: "archive").buckets == ["archive"])
    }

    @Test("a refused endpoint fails the job with the endpoint, the call and the reason")
    func refusedEndpoint() throws {
        let port = try MotoServer.freePort()
        let endpoint = "http://127.0.0.1:\(port)"
        let driver = S3Driver(environment: Self.environment)
        let request = Self.request("logs", settings: Self.settings(endpoint))
        let error = #expect(throws: ProvisionError.self) {
            _ = try driver.provision(request, plan: driver.plan(request), context: JobContext(jobID: 1) { _ in })
        }
        #expect(error == .failed("s3 \(endpoint): look up bucket \"logs\": connection refused"))
    }

    @Test("S3 error documents become one line naming the bucket; a hanging endpoint times out")
    func errorsAndTimeouts() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = S3Client(endpoint: moto.endpoint + "/", region: "us-east-1", accessKey: Self.accessKey, secretKey: Self.secretKey)
        #expect(client.endpoint == moto.endpoint)
        let missing = #expect(throws: S3Error.self) { try client.putBucketVersioning("never-made", isEnabled: true) }
        #expect(missing?.code == "NoSuchBucket")
        #expect(missing?.message == "s3 \(moto.endpoint): set versioning of bucket \"never-made\": NoSuchBucket: The specified bucket does not exist (HTTP 404)")
        #expect(try client.bucketExists("never-made") == false)
        #expect(try client.createBucket("now-made"))
        #expect(try client.bucketExists("now-made"))
        #expect(try client.deleteBucket("now-made"))
        #expect(try client.deleteBucket("now-made") == false)
        let invalid = #expect(throws: S3Error.self) { try client.createBucket("../etc") }
        #expect(invalid?.message.contains("not a valid bucket name") == true)

        let recorder = try SigningRecorder()
        defer { recorder.stop() }
        let hostile = #expect(throws: S3Error.self) { try recorder.client().deleteBucket("hostile-error") }
        #expect(hostile?.code == "AccessDenied")
        #expect(hostile?.message == "s3 \(recorder.endpoint): delete bucket \"hostile-error\": AccessDenied: <no> & never  [31mred (HTTP 403)")
        var impatient = recorder.client()
        impatient.timeoutMilliseconds = 300
        let hang = #expect(throws: S3Error.self) { try impatient.createBucket("hang-bucket") }
        #expect(hang == S3Error(code: nil, message: "s3 \(recorder.endpoint): create bucket \"hang-bucket\": timed out"))
    }

    @Test("requests are signed by libcurl with SigV4 that botocore verifies, with Content-MD5 on bodies")
    func requestsAreSigned() throws {
        let recorder = try SigningRecorder()
        defer { recorder.stop() }
        let client = recorder.client(region: "eu-west-1")
        try client.createBucket("signed-bucket")
        try client.putBucketTagging("signed-bucket", tags: [("owner", "group:default/a&b <team>"), ("cairn.dev/job", "9")])
        try client.putBucketLifecycle("signed-bucket", expirationDays: 3)
        _ = try client.bucketExists("signed-bucket")
        try client.deleteBucket("signed-bucket")

        let records = try recorder.records()
        #expect(records.map { "\($0.method) \($0.path)" } == [
            "PUT /signed-bucket", "PUT /signed-bucket?tagging=", "PUT /signed-bucket?lifecycle=", "HEAD /signed-bucket", "DELETE /signed-bucket",
        ])
        for record in records {
            let authorization = record.header("Authorization") ?? ""
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(Self.accessKey)/"), "\(record.path)")
            #expect(authorization.contains("/eu-west-1/s3/aws4_request"))
            #expect(record.signatureCheck == "valid", "\(record.method) \(record.path): \(record.signatureCheck)")
            #expect(record.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
            #expect(!record.headers.values.joined().contains(Self.secretKey))
            if record.method == "PUT" {
                #expect(record.header("Content-MD5") == record.bodyMD5, "\(record.path)")
                #expect(record.header("Content-Type") == "application/xml")
            }
        }
        #expect(records[0].body.contains("<LocationConstraint>eu-west-1</LocationConstraint>"))
        #expect(records[1].body.contains("<Value>group:default/a&amp;b &lt;team&gt;</Value>"))
        #expect(records[2].body.contains("<Days>3</Days>"))
    }

    @Test("bucket names derived from any resource name are valid S3 names", arguments: [
        (nil, "payments-api-bucket", "payments-api-bucket"),
        ("acme", "Payments_API.Uploads", "acme-payments-api-uploads"),
        ("team-", "--Weird!!Name--", "team-weird-name"),
        (nil, "Ünïcødé bücket ✓", "n-c-d-b-cket"),
        (nil, "192.168.1.1", "192-168-1-1"),
        (nil, "sthree-thing", "cairn-sthree-thing"),
        (nil, "photos-s3alias", "cairn-photos-s3alias"),
    ] as [(String?, String, String)])
    func bucketNames(prefix: String?, resourceName: String, expected: String) {
        let name = S3Driver.bucketName(prefix: prefix, resourceName: resourceName)
        #expect(name == expected)
        #expect(S3Client.isValidBucketName(name))
    }

    @Test("names too short, empty or too long still come out valid and distinct")
    func bucketNameLimits() {
        let short = S3Driver.bucketName(prefix: nil, resourceName: "a")
        let empty = S3Driver.bucketName(prefix: nil, resourceName: "$$$")
        let long = String(repeating: "very-long-name-", count: 10)
        let longOne = S3Driver.bucketName(prefix: "acme", resourceName: long + "one")
        let longTwo = S3Driver.bucketName(prefix: "acme", resourceName: long + "two")
        for name in [short, empty, longOne, longTwo] { #expect(S3Client.isValidBucketName(name), "\(name)") }
        #expect(short.hasPrefix("a-"))
        #expect(empty.hasPrefix("cairn-"))
        #expect(longOne.count <= 63 && longOne.hasPrefix("acme-very-long-name"))
        #expect(longOne != longTwo)
        #expect(S3Driver.bucketName(prefix: "acme", resourceName: long + "one") == longOne, "the same name every time")
    }

    @Test("settings: endpoint and region from the environment, clear errors for what is missing or wrong")
    func settings() throws {
        let fromEnvironment = S3Driver(environment: ["CAIRN_S3_ENDPOINT": "http://127.0.0.1:9000/", "CAIRN_S3_REGION": "eu-central-1"])
        #expect(try fromEnvironment.plan(Self.request("data", settings: .object([]))).handle == .object([
            .init("bucket", .string("data")), .init("endpoint", .string("http://127.0.0.1:9000")), .init("region", .string("eu-central-1")),
        ]))
        let bare = S3Driver(environment: [:])
        #expect(try bare.plan(Self.request("data", settings: Self.settings("http://s3.local"))).handle["region"] == .string("us-east-1"))
        #expect(throws: ProvisionError.usage("s3: no endpoint; set settings.endpoint in the resource type (http://127.0.0.1:9000) or CAIRN_S3_ENDPOINT")) {
            _ = try bare.plan(Self.request("data", settings: .object([])))
        }
        #expect(throws: ProvisionError.usage("s3: endpoint \"ftp://x\" is not an http(s) URL like http://127.0.0.1:9000")) {
            _ = try bare.plan(Self.request("data", settings: Self.settings("ftp://x")))
        }
        #expect(throws: ProvisionError.usage("s3: region \"eu:west\" must be lowercase letters, digits and - (like eu-west-1)")) {
            _ = try bare.plan(Self.request("data", settings: Self.settings("http://s3.local", region: "eu:west")))
        }
        #expect(throws: ProvisionError.usage("s3: settings.endpoint must be a string, not a number")) {
            _ = try bare.plan(Self.request("data", settings: .object([.init("endpoint", .int(9000))])))
        }
        let custom = Value.object([.init("endpoint", .string("http://127.0.0.1:1")), .init("accessKeyEnv", .string("MY_KEY")),
                                   .init("secretKeyEnv", .string("MY_SECRET"))])
        let request = Self.request("data", settings: custom)
        #expect(throws: ProvisionError.failed("s3: no access key: set MY_KEY in cairn's environment (settings.accessKeyEnv names the variable)")) {
            _ = try S3Driver(environment: Self.environment).provision(request, plan: bare.plan(request), context: JobContext(jobID: 1) { _ in })
        }
        #expect(throws: ProvisionError.usage("s3: parameter retention must be a whole number of days (0 keeps objects forever), not -1")) {
            _ = try S3Driver(environment: ["MY_KEY": "k", "MY_SECRET": "s"]).provision(
                Self.request("data", settings: custom, parameters: .object([.init("retention", .int(-1))])),
                plan: bare.plan(request), context: JobContext(jobID: 1) { _ in })
        }
    }

    @Test("a cancelled job stops before its next S3 call")
    func cancelStopsBetweenCalls() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let driver = S3Driver(environment: Self.environment)
        let request = Self.request("halted", settings: Self.settings(moto.endpoint))
        let lines = LineCollector()
        let holder = ContextHolder()
        // The job is cancelled the moment the bucket exists: tagging must not happen.
        let context = JobContext(jobID: 5) { new in
            lines.add(new)
            if new.contains("bucket halted created") { holder.cancel() }
        }
        holder.hold(context)
        #expect(throws: ProvisionError.cancelled) { _ = try driver.provision(request, plan: driver.plan(request), context: context) }
        let seen = try Self.inspect(moto.endpoint, region: "us-east-1", bucket: "halted")
        #expect(seen.buckets == ["halted"])
        #expect(seen.tags.isEmpty)
        #expect(!lines.all.contains { $0.hasPrefix("tagging") })
    }
}

// MARK: - Helpers

extension S3DriverTests {
    static func settings(_ endpoint: String, region: String? = nil, prefix: String? = nil) -> Value {
        var members = [Value.Member("endpoint", .string(endpoint))]
        if let region { members.append(.init("region", .string(region))) }
        if let prefix { members.append(.init("bucketPrefix", .string(prefix))) }
        return .object(members)
    }

    static func request(_ name: String, settings: Value, parameters: Value = .object([])) -> DriverRequest {
        DriverRequest(jobID: 42, key: "key-\(name)", resourceName: name, resourceRef: "resource:default/\(name)", typeRef: "resourcetype:default/bucket",
                      settings: settings, parameters: parameters, targetRef: "component:default/payments-api", targetName: "payments-api",
                      ownerRef: "group:default/payments-team", directory: NSTemporaryDirectory())
    }

    /// What boto3 sees: the account's buckets and, for `bucket`, its tags, versioning,
    /// location and lifecycle expirations.
    struct Inspection: Decodable {
        var buckets: [String]
        var tags: [String: String]
        var versioning: String
        var location: String
        var expirationDays: [Int]
    }

    static func inspect(_ endpoint: String, region: String, bucket: String) throws -> Inspection {
        let output = try python(inspectScript, [endpoint, region, bucket])
        return try JSONDecoder().decode(Inspection.self, from: Data(output.utf8))
    }

    static let boto3Client = """
        import boto3, json, sys
        from botocore.exceptions import ClientError
        def client(endpoint, region="us-east-1"):
            return boto3.client("s3", endpoint_url=endpoint, region_name=region,
                                aws_access_key_id="inspector", aws_secret_access_key="inspector-secret")
        """

    static let inspectScript = boto3Client + """

        endpoint, region, bucket = sys.argv[1:4]
        s3 = client(endpoint, region)
        names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        result = {"buckets": names, "tags": {}, "versioning": "", "location": "", "expirationDays": []}
        if bucket in names:
            try:
                result["tags"] = {t["Key"]: t.get("Value", "") for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
            except ClientError as error:
                if error.response["Error"]["Code"] != "NoSuchTagSet": raise
            result["versioning"] = s3.get_bucket_versioning(Bucket=bucket).get("Status", "")
            result["location"] = s3.get_bucket_location(Bucket=bucket).get("LocationConstraint") or "us-east-1"
            try:
                rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
                result["expirationDays"] = [rule["Expiration"]["Days"] for rule in rules if "Expiration" in rule]
            except ClientError as error:
                if error.response["Error"]["Code"] != "NoSuchLifecycleConfiguration": raise
        print(json.dumps(result))
        """

    static let putObjectScript = boto3Client + """

        client(sys.argv[1]).put_object(Bucket=sys.argv[2], Key="report.csv", Body=b"a,b\\n")
        """

    /// Runs `python3 -c script arguments…` and returns its standard output.
    @discardableResult
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        // Errors to a file, so neither pipe can fill while the other is read.
        let errorPath = NSTemporaryDirectory() + "cairn-s3-python-\(UUID().uuidString).err"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw FixtureError(message: "python exited \(process.terminationStatus): \(errors.suffix(800))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Lets a job's log sink cancel the job it logs for.
final class ContextHolder: Sendable {
    private let context = Mutex<JobContext?>(nil)
    func hold(_ new: JobContext) { context.withLock { $0 = new } }
    func cancel() { context.withLock { $0 }?.cancel() }
}

/// A loopback server that answers every S3 call with 200 (a bucket named `hostile-error` with
/// a 403 whose message holds a newline and an escape, `hang-bucket` never), and records each
/// request with botocore's own verdict on its SigV4 signature.
final class SigningRecorder {
    let server: FixtureServer
    let directory: String
    var endpoint: String { server.url("") }

    init() throws {
        directory = NSTemporaryDirectory() + "cairn-s3-recorder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.script.write(toFile: directory + "/recorder.py", atomically: true, encoding: .utf8)
        server = try FixtureServer(path: directory + "/recorder.py", [directory + "/requests.jsonl", S3DriverTests.secretKey], waitingFor: nil)
    }

    func client(region: String = "us-east-1") -> S3Client {
        S3Client(endpoint: endpoint, region: region, accessKey: S3DriverTests.accessKey, secretKey: S3DriverTests.secretKey)
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    struct Record: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        var bodyMD5: String
        var signatureCheck: String

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    func records() throws -> [Record] {
        let text = try String(contentsOfFile: directory + "/requests.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    static let script = #"""
        import base64, hashlib, http.server, json, sys, time
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        log_path, secret = sys.argv[1], sys.argv[2]

        def check_signature(handler, body):
            """botocore's SigV4 over the headers the client says it signed: "valid" or why not."""
            try:
                authorization = handler.headers.get("Authorization", "")
                algorithm, rest = authorization.split(" ", 1)
                fields = dict(part.strip().split("=", 1) for part in rest.split(","))
                access, _, region, service, _ = fields["Credential"].split("/")
                headers = {name: handler.headers[name] for name in fields["SignedHeaders"].split(";")}
                request = AWSRequest(method=handler.command, url="http://" + handler.headers["Host"] + handler.path, headers=headers, data=body)
                request.context["timestamp"] = handler.headers["X-Amz-Date"]
                signer = SigV4Auth(Credentials(access, secret), service, region)
                expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
                return "valid" if algorithm == "AWS4-HMAC-SHA256" and expected == fields["Signature"] else "signature mismatch"
            except Exception as error:
                return "unreadable: %r" % (error,)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                record = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                          "body": body.decode("utf-8", "replace"),
                          "bodyMD5": base64.b64encode(hashlib.md5(body).digest()).decode(),
                          "signatureCheck": check_signature(self, body)}
                with open(log_path, "a") as log:
                    log.write(json.dumps(record) + "\n")
                status, payload = 200, b""
                if self.path.startswith("/hang-bucket"):
                    time.sleep(30)
                if self.path.startswith("/hostile-error"):
                    status = 403
                    payload = b'<?xml version="1.0"?>\n<Error><Code>AccessDenied</Code><Message>&lt;no&gt; &amp; never\n\x1b[31mred</Message></Error>'
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_HEAD = do_DELETE = answer

            def log_message(self, *arguments):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
