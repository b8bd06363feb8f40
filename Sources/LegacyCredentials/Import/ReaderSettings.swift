import Foundation

/// What every reader of a legacy export is set with: which attributes or
/// columns hold what, the size limits, the limits on password hashes.
public struct LegacyReaderSettings: Sendable {
    public var mapping: LegacyFieldMapping
    public var limits: ImportLimits
    public var hashLimits: LegacyHashLimits

    public init(mapping: LegacyFieldMapping = LegacyFieldMapping(), limits: ImportLimits = .standard,
                hashLimits: LegacyHashLimits = .standard) {
        self.mapping = mapping; self.limits = limits; self.hashLimits = hashLimits
    }

    /// The file's lines within the limits, and a builder for its records.
    func start(_ data: Data) throws(ImportFailure) -> ([SourceLine], RecordBuilder) {
        (try SourceLines.split(data, limits: limits).get(), RecordBuilder(mapping: mapping, limits: limits, hashLimits: hashLimits))
    }
}
