import Foundation

/// CAS 3.0 JSON validation responses (`format=JSON`, spec 2.5.2, 2.5.7, 2.6.2):
/// `{"serviceResponse":{"authenticationSuccess":{…}}}` or
/// `{"serviceResponse":{"authenticationFailure":{"code":…,"description":…}}}`.
///
/// Keys are sorted and slashes are not escaped, so output is byte-stable.
/// Every attribute is an array of values, even a single one (the spec's
/// example shows bare strings for single values; arrays keep the type of a
/// value independent of its count, as Apereo CAS does); the three CAS 3.0
/// attributes come first in the same object: `authenticationDate` as a string,
/// the two flags as booleans.
public enum ServiceResponseJSON {
    public static func render(_ outcome: CASValidationOutcome, attributes: Bool) -> String {
        let document: Document
        switch outcome {
        case .success(let success):
            document = Document(serviceResponse: Body(
                authenticationSuccess: Success(success, attributes: attributes),
                authenticationFailure: nil))
        case .failure(let failure):
            document = Document(serviceResponse: Body(
                authenticationSuccess: nil,
                authenticationFailure: Failure(code: failure.code.rawValue,
                                               description: failure.message)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, booleans, arrays and objects cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct Document: Encodable {
        let serviceResponse: Body
    }

    private struct Body: Encodable {
        let authenticationSuccess: Success?
        let authenticationFailure: Failure?
    }

    private struct Failure: Encodable {
        let code: String
        let description: String
    }

    private struct Success: Encodable {
        let user: String
        let proxyGrantingTicket: String?
        let proxies: [String]?
        let attributes: [String: [Value]]?

        init(_ success: CASAuthenticationSuccess, attributes withAttributes: Bool) {
            user = success.user
            proxyGrantingTicket = success.proxyGrantingTicketIOU?.value
            proxies = success.proxies.isEmpty ? nil : success.proxies
            guard withAttributes else {
                attributes = nil
                return
            }
            var map: [String: [Value]] = [
                "authenticationDate": [.string(success.authenticationDateText)],
                "longTermAuthenticationRequestTokenUsed":
                    [.bool(success.longTermAuthenticationRequestTokenUsed)],
                "isFromNewLogin": [.bool(success.isFromNewLogin)],
            ]
            for attribute in success.releasableAttributes {
                map[attribute.name, default: []] += attribute.values.map(Value.string)
            }
            attributes = map
        }
    }

    private enum Value: Encodable {
        case string(String)
        case bool(Bool)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .bool(let flag): try container.encode(flag)
            }
        }
    }
}
