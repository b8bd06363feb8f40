import Foundation
import SAML

/// What an SP of a browser session knows it by, kept as the reference of
/// its session participant for single logout.
struct SAMLParticipant: Codable {
    var format: String, value: String, spNameQualifier: String?, sessionIndex: String

    init(nameID: NameID, sessionIndex: String) {
        format = nameID.format; value = nameID.value; spNameQualifier = nameID.spNameQualifier; self.sessionIndex = sessionIndex
    }

    var nameID: NameID { NameID(value: value, format: format, spNameQualifier: spNameQualifier) }
    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    static func decode(_ text: String) -> SAMLParticipant? { try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) }
}
