/// Bounds on what an import file may make the server do; exports come from
/// outside and may be huge, broken or hostile.
public struct ImportLimits: Sendable, Equatable {
    public var maximumFileBytes: Int
    /// One physical line, or one CSV record spanning several lines.
    public var maximumLineBytes: Int
    public var maximumRecords: Int
    /// Past this, listing more problems helps no one.
    public var maximumProblems: Int

    public init(maximumFileBytes: Int = 64 << 20, maximumLineBytes: Int = 16 << 10,
                maximumRecords: Int = 200_000, maximumProblems: Int = 1000) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumLineBytes = maximumLineBytes
        self.maximumRecords = maximumRecords
        self.maximumProblems = maximumProblems
    }

    public static let standard = ImportLimits()
}
