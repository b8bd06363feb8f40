/// Bounds applied to every file read. The defaults suit a whole académie.
public struct SIECLELimits: Sendable, Hashable {
    /// Largest XML document accepted, counted on the uncompressed bytes.
    public var maxFileSize: Int
    /// Largest uncompressed/compressed ratio accepted for a zip entry.
    public var maxZipRatio: Int
    /// Deepest element nesting accepted (SIECLE exports need 6).
    public var maxDepth: Int
    /// Most entries a zip may list: SIECLE's archives hold one or two, and
    /// each entry costs a look, so thousands would cost minutes.
    public var maxZipEntries: Int

    public init(maxFileSize: Int = 200 * 1024 * 1024, maxZipRatio: Int = 100, maxDepth: Int = 16, maxZipEntries: Int = 8) {
        self.maxFileSize = maxFileSize
        self.maxZipRatio = maxZipRatio
        self.maxDepth = maxDepth
        self.maxZipEntries = maxZipEntries
    }

    public static let `default` = SIECLELimits()
}
