import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import Primitives

/// Double-submit token bound by HMAC: the browser holds a random cookie,
/// each form carries HMAC(key, cookie). A foreign site can neither read the
/// cookie nor compute the field. The key lives in the database, so every
/// process of one deployment accepts the others' forms.
struct CSRF: Sendable {
    static let cookieName = "sesame_csrf"
    static let fieldName = "csrf"
    let key: [UInt8]
    let secureCookies: Bool

    /// The cookie value to use for this request, and whether it must be set.
    func cookieToken(for request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[Self.cookieName]?.value, Self.isWellFormed(existing) {
            return (existing, false)
        }
        return (SecureRandom.token(bytes: 32), true)
    }

    func fieldValue(for cookieToken: String) -> String {
        Base64.base64URL(Digest.hmacSHA256(key: key, message: Array(cookieToken.utf8)))
    }

    func isValid(request: Request, field: String?) -> Bool {
        guard let cookie = request.cookies[Self.cookieName]?.value, Self.isWellFormed(cookie),
              let field, field.utf8.count <= 64 else { return false }
        return ConstantTime.equal(Array(fieldValue(for: cookie).utf8), Array(field.utf8))
    }

    func cookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookieName, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    static func isWellFormed(_ token: String) -> Bool {
        (40...64).contains(token.utf8.count) && token.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f
        }
    }

    /// The posted form, once its token is checked; a refusal is audited.
    func checkedForm(_ request: Request, context: SesameContext, audit: any AuditTrail, limit: Int = 16 * 1024) async throws -> [String: String] {
        let form = try await FormReader.read(request, limit: limit)
        guard isValid(request: request, field: form[Self.fieldName]) else {
            try await audit.record(AuditEvent(kind: .csrfRejected, ip: context.clientAddress, detail: request.uri.path))
            throw PageError.expiredForm
        }
        return form
    }

    /// A page with forms: the CSRF field is added and its cookie set if new.
    func render(_ pages: Pages, _ template: String, title: String, _ values: [String: Any], request: Request,
                status: HTTPResponse.Status = .ok) -> Response {
        let (field, cookie) = formValues(for: request)
        var all = values
        all["csrf"] = field
        var response = pages.render(template, title: title, all, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// Template values for a page with forms, and the cookie to set if new.
    func formValues(for request: Request) -> (field: String, cookie: Cookie?) {
        let (token, isNew) = cookieToken(for: request)
        return (fieldValue(for: token), isNew ? cookie(token) : nil)
    }
}
