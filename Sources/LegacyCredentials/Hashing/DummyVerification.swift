/// Work to spend when a login names no legacy account, so the response time
/// does not reveal which logins exist in the imported directory.
extension LegacyPasswordHash {
    /// A bcrypt cost-10 hash of 24 random bytes, generated once and discarded; the
    /// default reference when the caller has nothing better.
    public static let defaultDummy: LegacyPasswordHash = {
        // Fixed literal; parsing cannot fail, and a failure here is a programming error.
        guard let hash = try? LegacyPasswordHash(parsing: "$2b$10$BMhWssswKD8KIhsJUpnmFOXaZTZvnpIl25g.448fKnQLVaYB4q9Rq") else {
            fatalError("built-in dummy hash does not parse")
        }
        return hash
    }()

    /// Runs a full verification against `reference` (pass the most common or
    /// most expensive hash of the imported batch) and always returns false.
    /// Use it on the "unknown login" path so it costs what a real check costs.
    @discardableResult
    public static func dummyVerify(_ password: String, costOf reference: LegacyPasswordHash = .defaultDummy) -> Bool {
        _ = reference.verify(password)
        return false
    }
}
