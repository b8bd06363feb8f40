import Foundation
import Primitives

/// A password hash in the PHC string format:
/// `$<scheme>[$v=<version>]$<name>=<n>,…$<salt>$<hash>`, salt and hash in
/// standard base64 without padding.
struct PHCString {
    var scheme: String
    var version: Int?
    var parameters: [(name: String, value: Int)]
    var salt: [UInt8]
    var hash: [UInt8]

    init(scheme: String, version: Int? = nil, parameters: [(String, Int)], salt: [UInt8], hash: [UInt8]) {
        self.scheme = scheme; self.version = version; self.parameters = parameters.map { (name: $0.0, value: $0.1) }
        self.salt = salt; self.hash = hash
    }

    var text: String {
        var fields = ["", scheme]
        if let version { fields.append("v=\(version)") }
        fields.append(parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        fields += [Self.b64(salt), Self.b64(hash)]
        return fields.joined(separator: "$")
    }

    func parameter(_ name: String) -> Int? { parameters.first { $0.name == name }?.value }

    /// nil for anything that is not a well-formed PHC string (a stored hash
    /// is ours, but a malformed one must never match).
    init?(parsing stored: String) {
        guard stored.utf8.count <= 256 else { return nil }
        var fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5 || fields.count == 6, fields[0].isEmpty, !fields[1].isEmpty else { return nil }
        scheme = String(fields[1])
        version = nil
        if fields.count == 6 {
            guard fields[2].hasPrefix("v="), let v = Int(fields[2].dropFirst(2)) else { return nil }
            version = v
            fields.remove(at: 2)
        }
        var found: [(name: String, value: Int)] = []
        for pair in fields[2].split(separator: ",", omittingEmptySubsequences: false) {
            let kv = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, let value = Int(kv[1]), value >= 0,
                  !found.contains(where: { $0.name == kv[0] }) else { return nil }
            found.append((String(kv[0]), value))
        }
        guard let salt = Self.unb64(fields[3]), let hash = Self.unb64(fields[4]), !salt.isEmpty, !hash.isEmpty else { return nil }
        parameters = found; self.salt = salt; self.hash = hash
    }

    static func b64(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).prefix { $0 != "=" })
    }

    static func unb64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padding = String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        return Base64.decode(text + padding)
    }
}
