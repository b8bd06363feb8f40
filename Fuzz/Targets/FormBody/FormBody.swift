import FuzzDriver
import FuzzSupport
import Primitives
import WebForms

/// Form bodies and percent-decoding: a refusal is a `FormBody.Refusal`;
/// what is read encodes and reads back to itself; percent-encoding any text
/// decodes back to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    if let fields = try? FormBody.parse(input.bytes) {
        Property.check(fields.count <= FormBody.maxFields, "\(fields.count) fields past the limit")
        let again = try? FormBody.parse(Array(PercentEncoding.form(fields.sorted { $0.key < $1.key }).utf8))
        Property.check(again == fields, "fields do not survive encode then parse: \(fields)")
    }
    let text = input.text
    Property.check(PercentEncoding.decode(PercentEncoding.encode(text)) == text, "percent round trip broke \(text.debugDescription)")
    Property.check(PercentEncoding.decodeForm(PercentEncoding.form([("k", text)]))?.first?.1 == text, "form round trip broke")
    return 0
}

@_cdecl("FuzzFormBody_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
