/// Raw DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
/// blocks, no zlib or gzip wrapper (SAML bindings §3.4.4.1 uses raw DEFLATE).
/// The output is capped, so a small "deflate bomb" is refused before it grows.
public enum Inflate {
    /// Default cap on the inflated size: 256 KiB.
    public static let defaultOutputLimit = 256 * 1024

    public static func inflate(_ input: [UInt8], outputLimit: Int = defaultOutputLimit) throws(InflateError) -> [UInt8] {
        var state = InflateState(input: input, limit: outputLimit)
        var last = false
        repeat {
            last = try state.bits(1) == 1
            switch try state.bits(2) {
            case 0: try state.stored()
            case 1: try state.codes(HuffmanTable.fixedLength, HuffmanTable.fixedDistance)
            case 2: let (l, d) = try state.dynamicTables(); try state.codes(l, d)
            default: throw .invalidBlockType
            }
        } while !last
        return state.output
    }
}

/// Why a DEFLATE stream was refused.
public enum InflateError: Error, Equatable, Sendable {
    case truncated
    case invalidBlockType
    case invalidStoredLength
    case invalidCodeLengths
    case invalidSymbol
    case distanceTooFar
    case outputLimitExceeded(limit: Int)
}

/// Canonical Huffman code as counts per length and symbols sorted by code
/// (the representation used by zlib's puff.c).
struct HuffmanTable: Sendable {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]

    /// Returns nil for an over-subscribed set of lengths; incomplete codes
    /// are allowed (RFC 1951 permits a single distance code).
    init?(lengths: ArraySlice<Int>) {
        symbols = [Int](repeating: 0, count: lengths.count)
        for l in lengths { counts[l] += 1 }
        var left = 1
        for len in 1..<16 {
            left <<= 1
            left -= counts[len]
            if left < 0 { return nil }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
        for (symbol, l) in lengths.enumerated() where l != 0 {
            symbols[offsets[l]] = symbol
            offsets[l] += 1
        }
    }

    static let fixedLength: HuffmanTable = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return HuffmanTable(lengths: lengths[...])!
    }()

    static let fixedDistance = HuffmanTable(lengths: [Int](repeating: 5, count: 30)[...])!
}



private let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

struct InflateState {
    let input: [UInt8]
    let limit: Int
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(input: [UInt8], limit: Int) {
        self.input = input
        self.limit = limit
        output.reserveCapacity(min(limit, max(1024, input.count * 4)))
    }

    mutating func bits(_ need: Int) throws(InflateError) -> Int {
        var value = bitBuffer
        while bitCount < need {
            guard position < input.count else { throw .truncated }
            value |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        bitBuffer = value >> need
        bitCount -= need
        return value & ((1 << need) - 1)
    }

    mutating func append(_ byte: UInt8) throws(InflateError) {
        guard output.count < limit else { throw .outputLimitExceeded(limit: limit) }
        output.append(byte)
    }

    mutating func stored() throws(InflateError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw .truncated }
        let len = Int(input[position]) | Int(input[position + 1]) << 8
        let nlen = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard len == (~nlen & 0xFFFF) else { throw .invalidStoredLength }
        position += 4
        guard position + len <= input.count else { throw .truncated }
        guard output.count + len <= limit else { throw .outputLimitExceeded(limit: limit) }
        output.append(contentsOf: input[position..<position + len])
        position += len
    }

    /// Decodes one symbol, reading the code bit by bit (codes are stored
    /// most-significant bit first, unlike the other fields).
    mutating func decode(_ table: HuffmanTable) throws(InflateError) -> Int {
        var code = 0, first = 0, index = 0
        for len in 1..<16 {
            code |= try bits(1)
            let count = table.counts[len]
            if code - count < first { return table.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw .invalidSymbol
    }

    mutating func codes(_ lengthTable: HuffmanTable, _ distanceTable: HuffmanTable) throws(InflateError) {
        while true {
            var symbol = try decode(lengthTable)
            if symbol < 256 {
                try append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                symbol -= 257
                guard symbol < 29 else { throw .invalidSymbol }
                let length = try DeflateTables.lengthBase[symbol] + bits(DeflateTables.lengthExtra[symbol])
                let dsym = try decode(distanceTable)
                guard dsym < 30 else { throw .invalidSymbol }
                let distance = try DeflateTables.distanceBase[dsym] + bits(DeflateTables.distanceExtra[dsym])
                guard distance <= output.count else { throw .distanceTooFar }
                guard output.count + length <= limit else { throw .outputLimitExceeded(limit: limit) }
                var from = output.count - distance
                for _ in 0..<length {
                    output.append(output[from])
                    from += 1
                }
            }
        }
    }

    mutating func dynamicTables() throws(InflateError) -> (HuffmanTable, HuffmanTable) {
        let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw .invalidCodeLengths }
        var lengths = [Int](repeating: 0, count: 320)
        for i in 0..<ncode { lengths[codeLengthOrder[i]] = try bits(3) }
        guard let codeTable = HuffmanTable(lengths: lengths[0..<19]) else { throw .invalidCodeLengths }
        var index = 0
        while index < nlen + ndist {
            let symbol = try decode(codeTable)
            if symbol < 16 {
                lengths[index] = symbol
                index += 1
                continue
            }
            var value = 0, repeatCount: Int
            switch symbol {
            case 16:
                guard index > 0 else { throw .invalidCodeLengths }
                value = lengths[index - 1]
                repeatCount = try 3 + bits(2)
            case 17: repeatCount = try 3 + bits(3)
            default: repeatCount = try 11 + bits(7)
            }
            guard index + repeatCount <= nlen + ndist else { throw .invalidCodeLengths }
            for _ in 0..<repeatCount { lengths[index] = value; index += 1 }
        }
        guard lengths[256] != 0,
              let lengthTable = HuffmanTable(lengths: lengths[0..<nlen]),
              let distanceTable = HuffmanTable(lengths: lengths[nlen..<(nlen + ndist)]) else {
            throw .invalidCodeLengths
        }
        return (lengthTable, distanceTable)
    }
}
