import Primitives

/// `application/x-www-form-urlencoded` bodies read strictly: a bounded number
/// of fields, valid percent escapes, valid UTF-8, no control characters.
/// The first occurrence of a field wins, so a repeated one cannot override it.
public enum FormBody {
    public static let maxFields = 32

    public enum Refusal: Error, Sendable, Equatable {
        case tooManyFields
        case badEncoding
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(Refusal) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in Array(bytes).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { throw .tooManyFields }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// One name or value: `+` is a space; tabs and line ends are the only
    /// control characters a field may hold.
    public static func decode(_ raw: some Collection<UInt8>) throws(Refusal) -> String {
        guard let text = PercentEncoding.decode(bytes: raw) else { throw .badEncoding }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" || $0.value == 0x7f }) {
            throw .badEncoding
        }
        return text
    }
}
