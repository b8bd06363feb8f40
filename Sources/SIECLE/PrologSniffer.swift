/// Watches the bytes before the root element and spots a DOCTYPE before the
/// parser is handed it, so no internal subset (and no entity declaration) is
/// ever parsed. Works on ASCII-compatible encodings (UTF-8, ISO-8859-x) and on
/// UTF-16 (either order, with or without BOM), whose ASCII characters it narrows;
/// for anything else (UCS-4, EBCDIC) it gives up, and the reader's DOCTYPE node
/// check remains (after libxml2 has read the internal subset, entity loops and
/// amplification being caught by libxml2 itself).
struct PrologSniffer {
    enum Verdict { case needMore, rootReached, doctype }

    private var prolog: [UInt8] = []
    private(set) var done = false
    private static let maxProlog = 64 * 1024

    /// Looks at the next chunk, before it goes to the parser.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Verdict {
        guard !done else { return .rootReached }
        prolog.append(contentsOf: bytes)
        let verdict = scan()
        if verdict != .needMore || prolog.count > PrologSniffer.maxProlog {
            done = true
            prolog = []
        }
        return verdict
    }

    /// The prolog as one byte per character: UTF-16 code units above 0x7F become 0x80.
    private func narrowed() -> [UInt8] {
        let b = prolog
        guard b.count >= 2 else { return b }
        var littleEndian: Bool
        var start = 0
        switch (b[0], b[1]) {
        case (0xFF, 0xFE): littleEndian = true; start = 2
        case (0xFE, 0xFF): littleEndian = false; start = 2
        case (0x3C, 0x00): littleEndian = true
        case (0x00, 0x3C): littleEndian = false
        default: return b
        }
        var result: [UInt8] = []
        result.reserveCapacity(b.count / 2)
        var i = start
        while i + 1 < b.count {
            let (low, high) = littleEndian ? (b[i], b[i + 1]) : (b[i + 1], b[i])
            result.append(high == 0 && low < 0x80 ? low : 0x80)
            i += 2
        }
        return result
    }

    private func scan() -> Verdict {
        let b = narrowed()
        let n = b.count
        var i = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        func starts(_ text: String, at index: Int) -> Bool? {
            let t = Array(text.utf8)
            if index + t.count > n { return nil }
            return Array(b[index..<index + t.count]) == t
        }
        func find(_ text: String, from index: Int) -> Int? {
            let t = Array(text.utf8)
            var j = index
            while j + t.count <= n {
                if b[j] == t[0], Array(b[j..<j + t.count]) == t { return j }
                j += 1
            }
            return nil
        }
        while true {
            while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
            guard i + 1 < n else { return .needMore }
            guard b[i] == UInt8(ascii: "<") else { return .rootReached }  // not ours to judge
            if b[i + 1] == UInt8(ascii: "?") {
                guard let end = find("?>", from: i + 2) else { return .needMore }
                i = end + 2
            } else if b[i + 1] == UInt8(ascii: "!") {
                guard let isComment = starts("<!--", at: i) else { return .needMore }
                if isComment {
                    guard let end = find("-->", from: i + 4) else { return .needMore }
                    i = end + 3
                } else {
                    guard let isDoctype = starts("<!DOCTYPE", at: i) else { return .needMore }
                    return isDoctype ? .doctype : .rootReached
                }
            } else {
                return .rootReached
            }
        }
    }
}
