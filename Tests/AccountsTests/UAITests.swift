import Testing
@testable import Accounts
import Primitives

@Suite struct UAITests {
    @Test func acceptsPublishedCodes() {
        #expect(UAI("0750655E") != nil)   // a Paris lycée
        #expect(UAI("0330021U") != nil)   // a Bordeaux lycée
    }

    @Test func checkLetterFollowsTheModulo23Rule() {
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        for digits in ["0750655", "0861001", "0000000", "9999999", "0123456"] {
            let expected = letters[Int(digits)! % 23]
            #expect(UAI.checkLetter(forDigits: digits) == expected)
            #expect(UAI(digits + String(expected))?.value == digits + String(expected))
        }
    }

    @Test(arguments: ["0750655F", "075065E", "07506550E", "A750655E", "", "0750655", "0750655I"])
    func refusesMalformedOrWrongLetter(_ text: String) {
        #expect(UAI(text) == nil)
    }

    @Test func toleratesLowerCaseAndSpaces() {
        #expect(UAI(" 0750655e ")?.value == "0750655E")
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesBothNotations() {
        #expect(CalendarDate(iso: "2012-03-14") == CalendarDate(year: 2012, month: 3, day: 14))
        #expect(CalendarDate(french: "14/03/2012") == CalendarDate(year: 2012, month: 3, day: 14))
        #expect(CalendarDate(french: "4/3/2012")?.iso == "2012-03-04")
        #expect(CalendarDate(iso: "2012-03-14")?.french == "14/03/2012")
    }

    @Test(arguments: ["2013-02-29", "2012-13-01", "2012-00-10", "12-03-14", "2012-3-14", "abcd-ef-gh", ""])
    func refusesImpossibleDates(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func knowsLeapYears() {
        #expect(CalendarDate(iso: "2012-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2100-02-29") == nil)
    }
}
