import ArgumentParser
import CLinux
import Foundation

/// `cairn-bench fleet`: the loopback fleet the health benchmarks check. N listening sockets on
/// ephemeral ports, each answering any request with
///
///     HTTP/1.1 200 OK
///     Content-Type: application/health+json
///     Content-Length: 18
///     Connection: close
///
///     {"status":"pass"}
///
/// and closing the connection (keep-alive off, the same for every client). One thread, one
/// level-triggered epoll set, a canned response and no allocation per connection, so serving a
/// round costs the fleet a small fraction of what either client being measured spends on it.
///
/// Prints the ports on one line, space-separated, then "ready". Exits when its standard input
/// reaches end-of-file (its parent closed the pipe or died), on SIGTERM/SIGINT, and with its
/// parent (PR_SET_PDEATHSIG).
///
///     cairn-bench fleet --ports 1000 < some-pipe
struct FleetServer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fleet",
                                                    abstract: "Serve canned health responses on loopback ports (the health benchmarks' fleet).")

    @Option(help: "Listening ports to open.") var ports = 1_000
    @Option(help: "The address to listen on.") var host = "127.0.0.1"

    func validate() throws {
        guard ports > 0 else { throw ValidationError("--ports must be at least 1") }
        guard inet_addr(host) != INADDR_NONE else { throw ValidationError("--host must be an IPv4 address") }
    }

    func run() throws {
        // SIGKILL when the parent exits. Best effort: the end-of-file on standard input covers
        // a parent that was already gone before this call.
        _ = cairn_die_with_parent()
        // A client that hangs up before the response is written must not kill the fleet.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }

        // The listeners, plus room for the connections in flight and standard descriptors.
        try raiseFileLimit(to: ports + 1024)
        let listeners = try (0..<ports).map { _ in try Listener(host: host) }
        var loop = try FleetLoop(listeners: listeners.map(\.descriptor))

        // The sockets already listen, so connections queue in their backlogs from here on.
        let announcement = listeners.map { String($0.port) }.joined(separator: " ") + "\nready\n"
        try FileHandle.standardOutput.write(contentsOf: Data(announcement.utf8)) // unbuffered: no flush needed
        loop.serve()
    }

    private func raiseFileLimit(to needed: Int) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur != rlim_t.max, limit.rlim_cur < rlim_t(needed) else { return } // rlim_t.max: RLIM_INFINITY
        limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur >= rlim_t(needed) else {
            throw ValidationError("fleet: the open-file limit is \(limit.rlim_cur), \(needed) wanted; raise `ulimit -Hn`")
        }
    }
}

/// One nonblocking listening socket on an ephemeral loopback port.
private struct Listener {
    let descriptor: Int32
    let port: Int

    init(host: String) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("fleet: socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = 0 // the kernel picks
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        // The kernel caps the backlog at net.core.somaxconn.
        guard bound == 0, listen(descriptor, 4096) == 0 else {
            throw ValidationError("fleet: cannot listen on \(host): \(String(cString: strerror(errno)))")
        }
        withUnsafeMutablePointer(to: &address) { pointer in
            _ = pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The serving loop: level-triggered epoll over the listeners, standard input and the accepted
/// connections, with each descriptor's state in a table indexed by descriptor number.
private struct FleetLoop {
    private enum Role {
        case unused
        case listener
        case input
        /// Reading the request; `progress` counts the bytes of "\r\n\r\n" matched so far.
        case reading
        /// Writing the response; `progress` counts the bytes of it already sent.
        case writing
    }

    private struct Slot {
        var role = Role.unused
        var progress = 0
        /// In the epoll set: a connection is added only when a read or write would block.
        var isWatched = false
    }

    private static let response = Array(
        "HTTP/1.1 200 OK\r\nContent-Type: application/health+json\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{\"status\":\"pass\"}\n".utf8)

    private let epoll: Int32
    private var slots: [Slot] = []
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)

    init(listeners: [Int32]) throws {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw ValidationError("fleet: epoll_create1: \(String(cString: strerror(errno)))") }
        for listener in listeners {
            reserve(listener)
            slots[Int(listener)].role = .listener
            try watch(listener, for: EPOLLIN.rawValue)
        }
        // Standard input at end-of-file means the parent is gone. A regular file or /dev/null
        // cannot be polled (EPERM), and a closed one was reused for a listener; signals and
        // PR_SET_PDEATHSIG end the fleet then.
        reserve(0)
        if slots[0].role == .unused, (try? watch(0, for: EPOLLIN.rawValue)) != nil {
            slots[0].role = .input
        }
    }

    /// Serves until standard input ends or a signal arrives; the process exits from here.
    mutating func serve() -> Never {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let count = epoll_wait(epoll, &events, Int32(events.count), -1)
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("fleet: epoll_wait: \(String(cString: strerror(errno)))")
            }
            // A descriptor appears at most once per batch, and one closed while handling the
            // batch cannot come back from accept4 before its own (already handled) event.
            for event in events[0..<Int(count)] {
                let descriptor = event.data.fd
                switch slots[Int(descriptor)].role {
                case .listener: acceptAll(descriptor)
                case .input: readInput()
                case .reading: receive(descriptor)
                case .writing: respond(descriptor)
                case .unused: break
                }
            }
        }
    }

    /// Accepts until the backlog is empty. On EMFILE/ENFILE the rest stay queued and the
    /// listener stays readable, so they are taken as connections finish and free descriptors.
    private mutating func acceptAll(_ listener: Int32) {
        while true {
            let descriptor = accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return // EAGAIN: the backlog is empty
            }
            reserve(descriptor)
            slots[Int(descriptor)] = Slot(role: .reading)
            // Read at once: on loopback the request has usually arrived by the time the
            // connection is accepted, and then it never enters the epoll set at all.
            receive(descriptor)
        }
    }

    /// Reads the request until the end of its header block, then answers. A health check is a
    /// bodiless GET, so nothing is left unread and closing sends FIN, not RST.
    private mutating func receive(_ descriptor: Int32) {
        var matched = slots[Int(descriptor)].progress
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                // "\r\n\r\n" across reads: matched counts how much of it ends the bytes so far.
                for byte in buffer[0..<count] {
                    if byte == (matched % 2 == 0 ? UInt8(ascii: "\r") : UInt8(ascii: "\n")) {
                        matched += 1
                        if matched == 4 {
                            slots[Int(descriptor)] = Slot(role: .writing, progress: 0, isWatched: slots[Int(descriptor)].isWatched)
                            respond(descriptor)
                            return
                        }
                    } else {
                        matched = byte == UInt8(ascii: "\r") ? 1 : 0
                    }
                }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == EAGAIN {
                slots[Int(descriptor)].progress = matched
                if !slots[Int(descriptor)].isWatched { tryWatch(descriptor, for: EPOLLIN.rawValue) }
                return
            }
            finish(descriptor) // end-of-file before the request was complete, or an error
            return
        }
    }

    /// Writes what is left of the response, then closes. A short write (a full send buffer,
    /// unlikely for 115 bytes) keeps the rest and waits for EPOLLOUT.
    private mutating func respond(_ descriptor: Int32) {
        var sent = slots[Int(descriptor)].progress
        while sent < Self.response.count {
            let count = Self.response.withUnsafeBytes { bytes in
                send(descriptor, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == EAGAIN {
                slots[Int(descriptor)].progress = sent
                let out = EPOLLOUT.rawValue
                if slots[Int(descriptor)].isWatched {
                    var event = epoll_event(events: out, data: epoll_data_t(fd: descriptor))
                    if epoll_ctl(epoll, EPOLL_CTL_MOD, descriptor, &event) != 0 { finish(descriptor) }
                } else {
                    tryWatch(descriptor, for: out)
                }
                return
            }
            break // the client hung up (EPIPE, ECONNRESET): nothing more to do
        }
        finish(descriptor)
    }

    /// Standard input: any data is ignored; end-of-file (or an error) ends the fleet.
    private func readInput() {
        let count = read(0, buffer.baseAddress, buffer.count)
        if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { exit(0) }
    }

    /// Closes a connection; closing also takes it out of the epoll set.
    private mutating func finish(_ descriptor: Int32) {
        slots[Int(descriptor)] = Slot()
        close(descriptor)
    }

    private func watch(_ descriptor: Int32, for events: UInt32) throws {
        var event = epoll_event(events: events, data: epoll_data_t(fd: descriptor))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw ValidationError("fleet: epoll_ctl: \(String(cString: strerror(errno)))")
        }
    }

    /// Adds a connection to the epoll set, or drops it if that fails (ENOMEM).
    private mutating func tryWatch(_ descriptor: Int32, for events: UInt32) {
        if (try? watch(descriptor, for: events)) != nil {
            slots[Int(descriptor)].isWatched = true
        } else {
            finish(descriptor)
        }
    }

    /// Grows the table to hold a descriptor (they are small integers, reused lowest first).
    private mutating func reserve(_ descriptor: Int32) {
        if Int(descriptor) >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: Int(descriptor) + 1 - slots.count + 256))
        }
    }
}

/// `cairn-bench fleet` as a child of a benchmark: this same executable, its standard input a
/// pipe this process holds, so it exits when this process does, however it ends (and through
/// PR_SET_PDEATHSIG besides); `stop()` closes the pipe and kills it outright.
final class Fleet {
    let process = Process()
    let ports: [Int]
    private let input = Pipe()

    init(ports count: Int) throws {
        // /proc/self/exe rather than argv[0], which may be a bare name found through PATH.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["fleet", "--ports", "\(count)"]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("ready\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        let ports = lines.first.map { $0.split(separator: " ").compactMap { Int($0) } } ?? []
        guard lines.last == "ready", ports.count == count else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ValidationError("the fleet did not start (\(ports.count) of \(count) ports); see its error above")
        }
        self.ports = ports
    }

    /// CPU time the fleet has used so far (all its threads, nanosecond resolution), from its
    /// process CPU clock; nil once it is gone.
    func cpuSeconds() -> Double? {
        var clock = clockid_t()
        var now = timespec()
        guard process.isRunning, clock_getcpuclockid(process.processIdentifier, &clock) == 0, clock_gettime(clock, &now) == 0 else { return nil }
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
