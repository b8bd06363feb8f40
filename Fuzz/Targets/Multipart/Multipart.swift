import Foundation
import FuzzDriver
import FuzzSupport
import WebForms

/// A console upload body (multipart/form-data). The first line is the
/// Content-Type header, the rest the body. Every part read lies inside the
/// body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    let cut = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
    let contentType = String(decoding: input[..<cut], as: UTF8.self)
    let body = Data(input[min(cut + 1, input.endIndex)...])
    if let form = MultipartForm(body: body, contentType: contentType) {
        let total = form.parts.reduce(0) { $0 + $1.data.count }
        Property.check(total <= body.count, "parts hold \(total) bytes of a \(body.count)-byte body")
        _ = form.value("csrf")
    }
    return 0
}

@_cdecl("FuzzMultipart_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
