import Testing
@testable import LegacyCredentials

@Suite struct BirthDateTests {
    @Test(arguments: ["20100203", "2010-02-03", "03/02/2010"])
    func acceptedFormats(text: String) {
        #expect(LegacyBirthDate(parsing: text) == LegacyBirthDate(year: 2010, month: 2, day: 3))
    }

    @Test(arguments: ["2010-2-3", "02/03/10", "29/02/2011", "20101301", "1899-12-31", "2010/02/03", "2010-02-3x", "", "３1/01/2000"])
    func refusedValues(text: String) {
        #expect(LegacyBirthDate(parsing: text) == nil)
    }

    @Test func leapDays() {
        #expect(LegacyBirthDate(parsing: "29/02/2000") != nil)
        #expect(LegacyBirthDate(parsing: "29/02/1900") == nil)
    }
}
