import Foundation
import Primitives

/// Why a string is not acceptable as a service, logout or callback URL.
public enum ServiceURLProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLong(length: Int)
    /// A control character, a space, or one of `\ < > " `` ` that RFC 3986
    /// never allows raw and browsers treat inconsistently.
    case forbiddenCharacter
    case notHTTP
    case missingHost
    case invalidHost
    case invalidPort
    /// `user@` or `user:password@` before the host ("https://good.org@evil.org/").
    case userInfo
    /// A `.` or `..` path segment, raw or percent-encoded.
    case dotSegment

    public var description: String {
        switch self {
        case .tooLong(let length): "URL is \(length) bytes long, more than \(ServiceURL.maximumLength)"
        case .forbiddenCharacter: "URL contains a control character, a space or one of \\ < > \" `"
        case .notHTTP: "URL is not http or https"
        case .missingHost: "URL has no host"
        case .invalidHost: "URL host is not a valid host name or address"
        case .invalidPort: "URL port is not a number between 1 and 65535"
        case .userInfo: "URL has user information before the host"
        case .dotSegment: "URL path contains a '.' or '..' segment"
        }
    }

    /// French text for the administrator.
    var french: String {
        switch self {
        case .tooLong: "l’URL dépasse \(ServiceURL.maximumLength) octets"
        case .forbiddenCharacter: "l’URL contient un caractère de contrôle, une espace ou l’un de \\ < > \" `"
        case .notHTTP: "l’URL doit commencer par https:// (ou http://)"
        case .missingHost: "l’URL n’a pas de nom d’hôte"
        case .invalidHost: "le nom d’hôte de l’URL n’est pas valide"
        case .invalidPort: "le port de l’URL n’est pas un nombre entre 1 et 65535"
        case .userInfo: "l’URL contient un identifiant avant le nom d’hôte (…@…)"
        case .dotSegment: "le chemin de l’URL contient un segment « . » ou « .. »"
        }
    }
}

/// An http(s) URL split just enough to compare services safely. Only the
/// scheme and the host are normalised (to lower case); the port, path, query
/// and fragment are kept byte for byte.
struct ServiceURL: Sendable, Hashable {
    static let maximumLength = 2048

    let scheme: String          // "http" or "https"
    let host: String            // lower case; IPv6 literals keep their brackets
    let port: String?           // digits only, as written
    let rest: String            // path + query + fragment, as written

    /// `scheme://host[:port]rest`, the form every match rule compares against.
    var normalised: String { "\(scheme)://\(host)\(port.map { ":" + $0 } ?? "")\(rest)" }
    var isHTTPS: Bool { scheme == "https" }
    /// The query and fragment start: everything after the path.
    var hasQueryOrFragment: Bool { rest.contains("?") || rest.contains("#") }

    /// Hosts whose plain-http traffic never leaves the machine.
    var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) && Int($0)! <= 255 }
    }

    static func parse(_ text: String) -> Result<ServiceURL, ServiceURLProblem> {
        if text.utf8.count > maximumLength { return .failure(.tooLong(length: text.utf8.count)) }
        if text.unicodeScalars.contains(where: isForbidden) { return .failure(.forbiddenCharacter) }
        guard let colon = text.firstIndex(of: ":"),
              text[colon...].hasPrefix("://") else { return .failure(.notHTTP) }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(.notHTTP) }
        let afterScheme = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let rest = String(afterScheme[authorityEnd...])
        if authority.contains("@") { return .failure(.userInfo) }
        if authority.isEmpty { return .failure(.missingHost) }

        var hostPart = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.invalidHost) }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(.invalidHost) }
                port = after.dropFirst()
            }
            let inside = hostPart.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(.invalidHost)
            }
        } else if let lastColon = authority.lastIndex(of: ":") {
            hostPart = authority[..<lastColon]
            port = authority[authority.index(after: lastColon)...]
        }
        if let port {
            guard (1...5).contains(port.count), port.allSatisfy(\.isASCIIDigit),
                  let number = Int(port), (1...65535).contains(number) else { return .failure(.invalidPort) }
        }
        if hostPart.isEmpty { return .failure(.missingHost) }
        if !hostPart.hasPrefix("["), !isValidHostName(hostPart) { return .failure(.invalidHost) }
        if hasDotSegment(rest) { return .failure(.dotSegment) }
        return .success(ServiceURL(scheme: scheme, host: hostPart.lowercased(),
                                   port: port.map(String.init), rest: rest))
    }

    private static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x20, 0x7F...0xA0: return true           // C0, space, DEL, C1, NBSP
        case 0x21..<0x7F: return s == "\\" || s == "<" || s == ">" || s == "\"" || s == "`"
        default: return s.properties.isWhitespace             // ASCII whitespace is all below 0x21
        }
    }

    /// Labels of letters (any script, for IDN hosts), digits and hyphens,
    /// separated by single dots; an optional final dot is kept as written.
    private static func isValidHostName(_ host: Substring) -> Bool {
        guard host.count <= 253 else { return false }
        var labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy(isHostCharacter)
        }
    }

    private static func isHostCharacter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return c.isLetter || c.isNumber }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    /// Whether the path (before `?` or `#`) has a `.` or `..` segment, also
    /// when spelled `%2e`. Such URLs could escape a prefix rule once the
    /// browser resolves them.
    private static let dotSpellings: Set<String> = [".", "..", "%2e", "%2e%2e", ".%2e", "%2e."]

    private static func hasDotSegment(_ rest: String) -> Bool {
        let path = rest.prefix { $0 != "?" && $0 != "#" }
        return path.split(separator: "/", omittingEmptySubsequences: false).contains { segment in
            // At most two dots, each written "." or "%2e": six bytes at most.
            guard segment.utf8.count <= 6, segment.first == "." || segment.first == "%" else { return false }
            return dotSpellings.contains(segment.lowercased())
        }
    }
}
