import Foundation
import SIECLE

/// An upload as the console handles it: each file written where the
/// console writes it, then the exports recognised, parsed and validated
/// together by the same call. Every refusal must be a `SIECLEError`.
public enum SIECLEUpload {
    public static func parse(_ files: [[UInt8]], extension ext: String) {
        let urls = files.enumerated().map { index, bytes in
            let url = FuzzFiles.scratch(named: "upload\(index).\(ext)")
            try! Data(bytes).write(to: url)
            return url
        }
        do {
            let result = try SIECLEParser.parseFiles(urls)
            _ = result.report
        } catch {
            Property.typed(error, as: SIECLEError.self)
            _ = (error as? SIECLEError)?.description
        }
    }
}
