import Foundation
import SesameTestSupport
import Testing
import Primitives

/// Parents and pupils in headless Chromium (Tests/Browser/journeys.py, with
/// Selenium) against `sesame serve --demo`: discovery portal, login,
/// establishment choice, demo ENTs over SAML and CAS, and a parent's
/// activation by SMS code read in the demo outbox. Screenshots land in
/// .build/screenshots.
@Suite struct BrowserJourneyTests {
    static var screenshotDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots")
    }

    @Test func parentsChooseTheirEstablishmentOnceAndPupilsNeverDo() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        defer { server.stop() }
        let result = try await PythonPeer.run("Browser/journeys.py", [server.baseURL, Self.screenshotDirectory.path])
        let uais = try #require(result["uais"] as? [String: String])
        let (ecole, college, lycee) = (uais["ecole"], uais["college"], uais["lycee"])

        #expect(result["portalCarried"] as? String == college && result["portalAskedAgain"] as? Bool == false,
                "the school picked on the portal is entered without a second question")
        #expect(result["offered"] as? [String] == [college, lycee].compactMap { $0 }, "the parent is offered both schools")
        #expect(result["firstVisit"] as? String == college, "the ENT receives the chosen UAI")
        #expect(result["secondVisit"] as? String == college, "the remembered choice is used without a question")
        #expect(result["lyceePortal"] as? String == lycee, "a lycée-only service gets the lycée, never the collège")
        #expect(result["pupil"] as? String == college)
        #expect(result["pupilAskedToChoose"] as? Bool == false)
        #expect(result["offeredCAS"] as? [String] == [ecole, college].compactMap { $0 })
        #expect(result["cas"] as? String == ecole, "the CAS ENT receives the chosen UAI")
        #expect(result["casPortalCarried"] as? String == ecole, "the portal's pick reaches the CAS ENT too")
        #expect(result["portalRememberedAfterNo"] as? Bool == false, "« Non, lieu public » leaves no cookie")
        #expect(result["problems"] as? [String] == [], "accessibility problems on the pages")
        let selfService = try #require(result["selfService"] as? [String: Any])
        #expect(selfService["identifier"] as? String == selfService["expected"] as? String, "the identifier shown is the account's")
        #expect(selfService["criteriaTicked"] as? Int == 5, "the live checklist ticks every criterion")
        #expect(selfService["activated"] as? Bool == true && selfService["welcomed"] as? Bool == true)
        #expect(result["letterWorks"] as? Bool == true, "a printed letter's credentials open the activation page")
        #expect(result["letterPrintHidesConsole"] as? Bool == true, "printing shows the letters only")
        let shots = try #require(result["screenshots"] as? [String])
        #expect(shots.count == 20)
        for path in shots { #expect(FileManager.default.fileExists(atPath: path)) }
    }
}
