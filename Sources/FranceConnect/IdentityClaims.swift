import Foundation

/// A calendar date without time zone: a birthdate is not an instant.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses strict `YYYY-MM-DD` and rejects impossible dates such as 2023-02-30.
    public init?(iso8601 text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init?(year: Int, month: Int, day: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard (1...12).contains(month), (1...31).contains(day), components.isValidDate(in: calendar) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

public enum Gender: String, Sendable, Equatable {
    case male, female
}

/// A verified FranceConnect identity. Only built by the verifiers, after every check passed.
public struct IdentityClaims: Sendable, Equatable {
    public let subject: String
    public var givenName: String?
    public var familyName: String?
    public var birthdate: CalendarDate?
    public var gender: Gender?
    /// INSEE code of the birth commune (empty or absent when born abroad).
    public var birthplace: String?
    /// INSEE code of the birth country (99100 is France).
    public var birthcountry: String?
    public var email: String?
    public var preferredUsername: String?
    public var acr: String?

    init(subject: String, from claims: TokenClaims) throws {
        self.subject = subject
        givenName = claims.given_name
        familyName = claims.family_name
        if let text = claims.birthdate {
            guard let date = CalendarDate(iso8601: text) else { throw FranceConnectError.invalidClaim("birthdate") }
            birthdate = date
        }
        if let text = claims.gender {
            guard let value = Gender(rawValue: text) else { throw FranceConnectError.invalidClaim("gender") }
            gender = value
        }
        birthplace = claims.birthplace
        birthcountry = claims.birthcountry
        email = claims.email
        preferredUsername = claims.preferred_username
        acr = claims.acr
    }

    /// Userinfo is the authoritative source for profile claims; the ID token keeps `acr`.
    public func merging(userinfo: IdentityClaims) -> IdentityClaims {
        var merged = userinfo
        merged.acr = acr
        merged.givenName = userinfo.givenName ?? givenName
        merged.familyName = userinfo.familyName ?? familyName
        merged.birthdate = userinfo.birthdate ?? birthdate
        merged.gender = userinfo.gender ?? gender
        merged.birthplace = userinfo.birthplace ?? birthplace
        merged.birthcountry = userinfo.birthcountry ?? birthcountry
        merged.email = userinfo.email ?? email
        merged.preferredUsername = userinfo.preferredUsername ?? preferredUsername
        return merged
    }
}
