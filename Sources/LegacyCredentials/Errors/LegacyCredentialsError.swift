/// Every error of this module speaks twice: a French sentence fit for the
/// administrator who runs an import or the person who logs in, and an English
/// line for the logs. Log lines never carry passwords, hashes or personal data.
public protocol LegacyCredentialsError: Error, Sendable {
    /// French, shown to people.
    var userMessage: String { get }
    /// English, written to logs; free of secrets and personal data.
    var logMessage: String { get }
}
