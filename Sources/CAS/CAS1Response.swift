/// The CAS 1.0 `/validate` response (spec 2.4.2): `yes<LF>user<LF>` on
/// success, `no<LF><LF>` on failure.
public enum CAS1Response {
    /// The body for `outcome`. A user name that contains a line break or a NUL
    /// cannot be told apart from the framing, so it is answered with "no".
    public static func body(_ outcome: CASValidationOutcome) -> String {
        switch outcome {
        case .success(let success) where isSafeLine(success.user):
            "yes\n\(success.user)\n"
        case .success, .failure:
            "no\n\n"
        }
    }

    public static func render(_ outcome: CASValidationOutcome) -> CASResponse {
        .text(body(outcome))
    }

    private static func isSafeLine(_ user: String) -> Bool {
        !user.isEmpty && !user.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\0" }
    }
}
