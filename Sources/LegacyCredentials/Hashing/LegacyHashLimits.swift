/// Ceilings on what an imported hash may ask of the server. The work of one
/// verification is chosen by whoever wrote the export, so a hostile or broken
/// file could otherwise turn every login into a denial of service.
public struct LegacyHashLimits: Sendable, Equatable {
    /// bcrypt cost is log2 of the iteration count; 16 is about 65k rounds.
    public var maximumBcryptCost: Int
    /// SHA-crypt rounds (the specification allows up to 999,999,999).
    public var maximumSHACryptRounds: Int
    /// Longer stored strings are refused before any decoding.
    public var maximumHashLength: Int

    public init(maximumBcryptCost: Int = 16, maximumSHACryptRounds: Int = 1_000_000, maximumHashLength: Int = 512) {
        self.maximumBcryptCost = maximumBcryptCost
        self.maximumSHACryptRounds = maximumSHACryptRounds
        self.maximumHashLength = maximumHashLength
    }

    public static let standard = LegacyHashLimits()
}
