import Foundation
import Testing
@testable import Accounts

/// Birth dates as parents type them (the seeds' pilot lost activations on
/// "09082016" typed on a numeric keypad).
@Suite struct TypedDateTests {
    static let august9 = CalendarDate(year: 2016, month: 8, day: 9)!

    @Test(arguments: ["09/08/2016", "9/8/2016", "09-08-2016", "09.08.2016", "09 08 2016", " 09082016 ", "090816", "9 août 2016",
                      "9 aout 2016", "09 Août 2016", "9 août 16", "2016-08-09", "9/08/16", "9 AOÛT 2016"])
    func everyCommonWayOfTypingADateIsRead(_ typed: String) {
        #expect(CalendarDate(typed: typed) == Self.august9)
    }

    @Test func theFirstOfTheMonthAndShortMonthNames() {
        #expect(CalendarDate(typed: "1er mars 2015") == CalendarDate(year: 2015, month: 3, day: 1))
        #expect(CalendarDate(typed: "3 févr. 2014") == CalendarDate(year: 2014, month: 2, day: 3))
        #expect(CalendarDate(typed: "3 sept 2014") == CalendarDate(year: 2014, month: 9, day: 3))
        #expect(CalendarDate(typed: "3 déc 2014") == CalendarDate(year: 2014, month: 12, day: 3))
    }

    /// Unreadable, so "illisible" and no try spent; never a guess at what was meant.
    @Test(arguments: ["", "demain", "31/02/2016", "9/8", "2016", "9 ju 2016", "1234567", "09/08/20166", "9//8/2016x", "32/01/2016",
                      "09/13/2016", String(repeating: "1", count: 80)])
    func whatCannotBeReadIsNil(_ typed: String) {
        #expect(CalendarDate(typed: typed) == nil)
    }
}
