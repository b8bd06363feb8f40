import Foundation

extension String {
    /// NFD of the string (Foundation), only computed when it holds non-ASCII text.
    var decomposedStringWithCanonicalMappingCompat: String {
        utf8.allSatisfy({ $0 < 0x80 }) ? self : decomposedStringWithCanonicalMapping
    }
}
