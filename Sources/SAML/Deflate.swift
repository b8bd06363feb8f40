/// Raw DEFLATE encoder (RFC 1951) for outgoing HTTP-Redirect messages:
/// LZ77 with hash chains over a 32 KiB window, coded with the fixed Huffman
/// table (block type 1). SAML messages are small and repetitive, so this
/// gets within a few percent of zlib's dynamic tables.
public enum Deflate {
    public static func deflate(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, count: 1) // BFINAL
        writer.write(1, count: 2) // BTYPE = 01, fixed Huffman
        let count = input.count
        let windowSize = 32768, hashSize = 1 << 15, maxChain = 64
        var head = [Int](repeating: -1, count: hashSize)
        var previous = [Int](repeating: -1, count: windowSize)

        func hash(_ i: Int) -> Int {
            (Int(input[i]) << 10 ^ Int(input[i + 1]) << 5 ^ Int(input[i + 2])) & (hashSize - 1)
        }
        func insert(_ i: Int) {
            guard i + 2 < count else { return }
            let h = hash(i)
            previous[i & (windowSize - 1)] = head[h]
            head[h] = i
        }

        var i = 0
        while i < count {
            var bestLength = 0, bestDistance = 0
            if i + 2 < count {
                var candidate = head[hash(i)]
                var chain = maxChain
                let maxLength = min(258, count - i)
                while candidate >= 0, i - candidate <= windowSize, chain > 0 {
                    var length = 0
                    while length < maxLength, input[candidate + length] == input[i + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = i - candidate
                        if length == maxLength { break }
                    }
                    let next = previous[candidate & (windowSize - 1)]
                    guard next < candidate else { break }
                    candidate = next
                    chain -= 1
                }
            }
            if bestLength >= 3 {
                writer.writeLength(bestLength)
                writer.writeDistance(bestDistance)
                for k in i..<(i + bestLength) { insert(k) }
                i += bestLength
            } else {
                writer.writeLiteral(Int(input[i]))
                insert(i)
                i += 1
            }
        }
        writer.writeLiteral(256)
        return writer.finish()
    }
}

struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var bitCount = 0

    /// Writes `count` bits of `value`, least-significant bit first.
    mutating func write(_ value: Int, count: Int) {
        buffer |= UInt64(value) << UInt64(bitCount)
        bitCount += count
        while bitCount >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            bitCount -= 8
        }
    }

    /// Huffman codes go most-significant bit first.
    mutating func writeCode(_ code: Int, length: Int) {
        var reversed = 0
        for b in 0..<length { reversed |= ((code >> b) & 1) << (length - 1 - b) }
        write(reversed, count: length)
    }

    /// Fixed literal/length code of RFC 1951 §3.2.6.
    mutating func writeLiteral(_ symbol: Int) {
        switch symbol {
        case 0...143: writeCode(0x30 + symbol, length: 8)
        case 144...255: writeCode(0x190 + symbol - 144, length: 9)
        case 256...279: writeCode(symbol - 256, length: 7)
        default: writeCode(0xC0 + symbol - 280, length: 8)
        }
    }

    mutating func writeLength(_ length: Int) {
        var code = 28
        while DeflateTables.lengthBase[code] > length { code -= 1 }
        writeLiteral(257 + code)
        write(length - DeflateTables.lengthBase[code], count: DeflateTables.lengthExtra[code])
    }

    mutating func writeDistance(_ distance: Int) {
        var code = 29
        while DeflateTables.distanceBase[code] > distance { code -= 1 }
        writeCode(code, length: 5)
        write(distance - DeflateTables.distanceBase[code], count: DeflateTables.distanceExtra[code])
    }

    mutating func finish() -> [UInt8] {
        if bitCount > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        buffer = 0
        bitCount = 0
        return bytes
    }
}

enum DeflateTables {
    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                               1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
}
