import Foundation
import SesameTestSupport
import Testing

/// The real binary as an operator runs it: what it leaves on disk and how
/// it treats slow clients.
@Suite struct ServiceHardeningTests {
    func permissions(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// Threat: another user of the machine reads the database (every account)
    /// or the keys (forged tokens, codes and NameIDs).
    @Test func theDataDirectoryIsTheServicesOnly() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve([], in: directory)
        defer { server.stop() }
        _ = try await Browser().get(server.baseURL + "/login")
        let data = directory.appendingPathComponent("data")
        #expect(try permissions(data.path) == 0o700)
        #expect(try permissions(data.appendingPathComponent("sesame.sqlite3").path) == 0o600)
        let keys = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("keys").path)
        #expect(Set(["csrf_key.key", "verification_key.key", "attribute_id_key.key"]).isSubset(of: Set(keys)), "\(keys)")
        for key in keys { #expect(try permissions(data.appendingPathComponent("keys/" + key).path) == 0o600, "\(key)") }
    }

    /// Threat: clients that open connections and send their request one
    /// byte at a time, or nothing, hold the server's connections forever.
    @Test func slowAndSilentClientsAreLetGo() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--header-timeout", "2", "--idle-timeout", "3"], in: directory)
        defer { server.stop() }
        // A head dribbled one byte every 200 ms never completes: closed at the head deadline.
        let dribbling = try RawConnection(port: server.port)
        let started = ContinuousClock.now
        var closed = false
        for byte in Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100) {
            guard dribbling.send([byte]) else { closed = true; break }
            if dribbling.closedByPeer(waiting: .milliseconds(200)) { closed = true; break }
        }
        #expect(closed, "the dribbling client was never cut off")
        #expect(ContinuousClock.now - started < .seconds(10))
        // A silent connection is closed once idle.
        let silent = try RawConnection(port: server.port)
        #expect(silent.closedByPeer(waiting: .seconds(8)), "an idle connection stayed open")
        // A client that sends its request at once is served as usual.
        #expect(try await Browser().get(server.baseURL + "/healthz").status == 200)
    }
}

/// A plain TCP connection to the loopback port, for clients no library would be.
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// True when the server closed the connection within `waiting`.
    func closedByPeer(waiting: Duration) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(waiting.components.seconds * 1000 + waiting.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) > 0 else { return false }
        var scratch = [UInt8](repeating: 0, count: 512)
        return recv(fd, &scratch, scratch.count, 0) <= 0
    }
}
