import Demo
import Foundation
import SesameTestSupport
import Testing

/// `--log-format json`: what a log collector reads. One JSON object a line,
/// and never a password, right or wrong, whatever happened.
@Suite struct OperatorLogTests {
    @Test func theJSONLogIsOneObjectALineAndNeverHoldsAPassword() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo", "--log-format", "json"], in: directory)
        let accounts = try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(try await Browser().get(server.baseURL + "/demo/accounts.json").body.utf8))
        let pupil = try #require(accounts.first { $0.role == "pupil" })
        let wrong = "Temoin-Faux-\(Int.random(in: 100_000...999_999))"
        #expect(try await Browser().logIn(at: server.baseURL, pupil.identifier, wrong).status == 401)
        #expect(try await Browser().logIn(at: server.baseURL, pupil.identifier, pupil.password).status == 303)
        _ = try await Browser().get(server.baseURL + "/page-qui-n-existe-pas")
        server.stop()
        #expect(server.process.terminationStatus == 0, "SIGTERM is a clean stop")
        let lines = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").filter { !$0.isEmpty }
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && object?["time"] is String, "not a JSON log line: \(line)")
            #expect(!line.contains(wrong) && !line.contains(pupil.password), "a password reached the log: \(line)")
        }
        #expect(lines.contains { $0.contains("\"listening\"") })
    }
}
