import Foundation
import SesameTestSupport
import Testing
import Primitives

/// Parents and pupils in headless Chromium (Tests/Browser/journeys.py, with
/// Selenium) against `sesame serve --demo`: discovery portal, login,
/// establishment choice, demo ENTs over SAML and CAS, and a parent's
/// activation by SMS code (the birth date typed as digits only), a switch of
/// establishment from "Mes services", a lost password from an ENT that ends
/// in it, a pupil on the lost-password page. Screenshots land in
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
        #expect(result["homeSaysWhere"] as? Bool == true, "Mes services says which school this session is in")
        #expect(result["switched"] as? String == college && result["switchAskedAgain"] as? Bool == false,
                "a parent switches establishment from Mes services without logging out or being asked")
        #expect(result["logoLeadsBack"] as? Bool == true, "on a service's login the logo leads back to the service")
        #expect(result["recoverySteps"] as? [String] == ["Étape 1 sur 3", "Étape 2 sur 3", "Étape 3 sur 3"])
        #expect(result["sideRoadEndsInENT"] as? String == ecole, "a lost password from the ENT ends in that ENT")
        #expect(result["pupilOfferedSMS"] as? Bool == false && result["pupilLostPasswordBrokenFrench"] as? Bool == false)
        let shots = try #require(result["screenshots"] as? [String])
        #expect(shots.count == 25)
        for path in shots { #expect(FileManager.default.fileExists(atPath: path)) }
    }
}
