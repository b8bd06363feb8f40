import Foundation

/// A top-level JSON object with typed accessors that fail on wrong types instead of
/// silently coercing (a number where a string is expected is an error, not "nil").
struct JSONObject: @unchecked Sendable {
    // JSONSerialization values are immutable Foundation types; safe to share.
    let values: [String: Any]
    let endpoint: String

    init(_ body: [UInt8], endpoint: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "body is not a JSON object")
        }
        self.values = object
        self.endpoint = endpoint
    }

    func string(_ key: String) throws -> String? {
        guard let value = values[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "\(key) must be a string")
        }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let value = values[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded()
        else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "\(key) must be an integer")
        }
        return number.intValue
    }
}
