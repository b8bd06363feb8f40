import Accounts
import FuzzDriver
import FuzzSupport
import Primitives

/// What people type in the forms: birth dates (any French way), mobile
/// numbers (metropolitan and overseas), names folded into identifiers. Each
/// reading must be stable: what is written back reads as the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    if let date = CalendarDate(typed: text) {
        Property.check((1...12).contains(date.month) && (1...31).contains(date.day), "impossible date \(date) from \(text.debugDescription)")
        Property.check(CalendarDate(typed: date.description) == date, "\(date) does not read back")
    }
    if let mobile = MobileNumber(text) {
        Property.check(MobileNumber(mobile.e164) == mobile, "\(mobile.e164) does not read back")
        Property.check(MobileNumber(mobile.display) == mobile, "\(mobile.display) does not read back")
        Property.check(mobile.e164.hasPrefix("+") && mobile.e164.dropFirst().allSatisfy(\.isASCIIDigit), "E.164 form \(mobile.e164)")
    }
    let folded = IdentifierFormat.fold(text)
    Property.check(folded.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }, "fold gave \(folded.debugDescription)")
    Property.check(IdentifierFormat.fold(folded) == folded, "fold is not idempotent on \(text.debugDescription)")
    let stem = IdentifierFormat.stem(firstName: text, familyName: text)
    Property.check(stem.utf8.count <= 22 && stem.contains("."), "stem \(stem)")
    _ = IdentifierFormat.normalize(text)
    return 0
}

@_cdecl("FuzzFrenchInput_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
