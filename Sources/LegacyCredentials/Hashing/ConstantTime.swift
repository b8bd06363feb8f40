/// Compares two byte strings in time that depends only on their lengths, so
/// a timing observer learns nothing about how many leading bytes matched.
func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
    let count = min(lhs.count, rhs.count)
    for index in 0..<count {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}
