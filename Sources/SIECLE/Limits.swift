/// Bounds applied to every file read. The defaults suit a whole académie.
public struct SIECLELimits: Sendable, Hashable {
    /// Largest XML document accepted, counted on the uncompressed bytes.
    public var maxFileSize: Int
    /// Largest uncompressed/compressed ratio accepted for a zip entry.
    public var maxZipRatio: Int
    /// Deepest element nesting accepted (SIECLE exports need 6).
    public var maxDepth: Int

    public init(maxFileSize: Int = 200 * 1024 * 1024, maxZipRatio: Int = 100, maxDepth: Int = 16) {
        self.maxFileSize = maxFileSize
        self.maxZipRatio = maxZipRatio
        self.maxDepth = maxDepth
    }

    public static let `default` = SIECLELimits()
}
