import Foundation

/// The parts of a multipart/form-data body (RFC 7578), enough for the
/// console's file upload: names, file names, bytes. Anything malformed is
/// refused rather than guessed.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var data: Data
    }
    public let parts: [Part]

    public init?(body: Data, contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard (1...70).contains(boundary.utf8.count) else { return nil }
        let delimiter = Data(("--" + boundary).utf8), separator = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while cursor < body.endIndex {
            // "--" after a delimiter closes the body.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { return nil }
            let headerStart = cursor + 2
            guard let headerEnd = body.range(of: separator, in: headerStart..<body.endIndex),
                  let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex) else { return nil }
            let headers = String(decoding: body[headerStart..<headerEnd.lowerBound], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = Self.parameter("name", in: disposition) else { return nil }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: disposition),
                              data: body[headerEnd.upperBound..<next.lowerBound]))
            cursor = next.upperBound
        }
        self.parts = parts
    }

    static func parameter(_ key: String, in header: Substring) -> String? {
        guard let range = header.range(of: key + "=\"") else { return nil }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    public func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }
}
