import Foundation
import Hummingbird

/// Reads `application/x-www-form-urlencoded` bodies with strict limits:
/// body size, field count, field length, valid UTF-8. Anything else is a
/// `PageError` the person can understand.
public enum FormReader {
    static let maxFields = 32

    public static func read(_ request: Request, limit: Int) async throws -> [String: String] {
        let body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw PageError.tooLarge
        }
        return try parse(Array(buffer.readableBytesView))
    }

    static func parse(_ bytes: [UInt8]) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { throw PageError.tooLarge }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            // The first occurrence wins: a repeated field cannot override it.
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// Percent-decoding with `+` as space, then strict UTF-8 validation.
    static func decode(_ raw: ArraySlice<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            if b == UInt8(ascii: "+") { out.append(0x20); i += 1 }
            else if b == UInt8(ascii: "%") {
                guard i + 2 < raw.endIndex, let hi = hexValue(raw[i + 1]), let lo = hexValue(raw[i + 2]) else { throw PageError.badEncoding }
                out.append(hi << 4 | lo); i += 3
            } else { out.append(b); i += 1 }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw PageError.badEncoding }
        // Control characters have no place in any field we read.
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" || $0.value == 0x7f }) {
            throw PageError.badEncoding
        }
        return text
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
