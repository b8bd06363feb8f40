internal import CLibXML2

/// A growable byte buffer without Array's per-append checks: the writers
/// append thousands of short runs per document. Call `release()` when done.
struct ByteSink {
    private var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private var count = 0
    private var capacity = 4096

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    mutating func append(_ start: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(from: start, count: n)
        count += n
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    func release() { base.deallocate() }

    mutating func append(_ s: StaticString) {
        append(s.utf8Start, count: s.utf8CodeUnitCount)
    }

    mutating func append(_ p: UnsafePointer<UInt8>?) {
        guard let p else { return }
        append(p, count: Int(xmlStrlen(p)))
    }

    /// Appends the NUL-terminated `p`, writing `replacement(byte)` instead
    /// of each byte it maps.
    mutating func appendEscaped(_ p: UnsafePointer<UInt8>?, _ replacement: (UInt8) -> StaticString?) {
        guard var p else { return }
        var runStart = p
        while p.pointee != 0 {
            if let escaped = replacement(p.pointee) {
                append(runStart, count: p - runStart)
                append(escaped)
                runStart = p + 1
            }
            p += 1
        }
        append(runStart, count: p - runStart)
    }
}
