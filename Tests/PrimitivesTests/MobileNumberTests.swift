import Testing
import Primitives

@Suite struct MobileNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "612345678", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "612345678", "+33612345678"),
        ("0033 7 12 34 56 78", "712345678", "+33712345678"),
        ("06.12.34.56.78", "612345678", "+33612345678"),
    ])
    func metropolitanSpellingsShareOneKey(typed: String, key: String, e164: String) {
        #expect(MobileNumber(typed)?.key == key)
        #expect(MobileNumber(typed)?.e164 == e164)
    }

    /// A parent of Guadeloupe types the international form the school never
    /// recorded: both must find the same guardian, and the SMS must go to +590.
    @Test func overseasParentIsFoundWhicheverFormSheTypes() {
        let international = MobileNumber("+590 690 12 34 56")
        let national = MobileNumber("0690 12 34 56")
        #expect(international != nil)
        #expect(international?.key == national?.key)
        #expect(national?.e164 == "+590690123456")
        #expect(MobileNumber("+262 639 01 02 03")?.e164 == "+262639010203")
        #expect(MobileNumber("+596 696 11 22 33")?.display == "06 96 11 22 33")
    }

    @Test(arguments: ["01 23 45 67 89", "+44 7700 900123", "+590 590 12 34 56", "06 12 34 56", "06 12 34 56 78 9",
                      "06-12-34-56-7a", String(repeating: "0", count: 40)])
    func whatIsNotAFrenchMobileIsRefused(typed: String) {
        #expect(MobileNumber(typed) == nil)
    }

    @Test func masksAllButWhatThePersonRecognises() {
        #expect(MobileNumber("0612345678")?.masked == "06 ** ** ** 78")
    }
}
