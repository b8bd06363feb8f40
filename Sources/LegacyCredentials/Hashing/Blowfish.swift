/// The Blowfish cipher state with the "expensive key schedule" used by bcrypt
/// (Provos & Mazières, 1999). Only what bcrypt needs: encryption of one block
/// and the salted key expansion.
struct Blowfish {
    private var p: [UInt32]
    private var s: [UInt32]

    /// State initialised from the digits of pi (see BlowfishConstants.swift).
    init() {
        p = blowfishInitialP
        s = blowfishInitialS
    }

    /// Plain Blowfish key schedule (used by the known-answer test).
    init(key: [UInt8]) {
        self.init()
        expand(key: key, salt: nil)
    }

    /// Encrypts one 64-bit block given as two big-endian halves.
    func encrypt(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        p.withUnsafeBufferPointer { p in
            s.withUnsafeBufferPointer { s in Blowfish.encrypt(left, right, p, s) }
        }
    }

    @inline(__always)
    private static func encrypt(_ left: UInt32, _ right: UInt32,
                                _ p: UnsafeBufferPointer<UInt32>, _ s: UnsafeBufferPointer<UInt32>) -> (UInt32, UInt32) {
        var l = left, r = right
        for round in stride(from: 0, to: 16, by: 2) {
            l ^= p[round]
            r ^= feistel(l, s)
            r ^= p[round + 1]
            l ^= feistel(r, s)
        }
        return (r ^ p[17], l ^ p[16])
    }

    @inline(__always)
    private static func feistel(_ x: UInt32, _ s: UnsafeBufferPointer<UInt32>) -> UInt32 {
        let a = s[Int(x >> 24)], b = s[256 + Int((x >> 16) & 0xff)]
        let c = s[512 + Int((x >> 8) & 0xff)], d = s[768 + Int(x & 0xff)]
        return ((a &+ b) ^ c) &+ d
    }

    /// Reads 32 bits from `bytes`, cycling, as the reference `stream2word`.
    @inline(__always)
    private static func nextWord(_ bytes: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(bytes[position])
            position = (position + 1) % bytes.count
        }
        return word
    }

    /// Key expansion. With a salt, this is bcrypt's ExpandKey(state, salt, key):
    /// the salt is XORed into the data being encrypted, cycling through its
    /// words; without one, the classic Blowfish schedule.
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for index in 0..<18 {
            p[index] ^= Blowfish.nextWord(key, &keyPosition)
        }
        var saltPosition = 0
        var l: UInt32 = 0, r: UInt32 = 0
        p.withUnsafeMutableBufferPointer { p in
            s.withUnsafeMutableBufferPointer { s in
                let pView = UnsafeBufferPointer(p), sView = UnsafeBufferPointer(s)
                for index in stride(from: 0, to: 18, by: 2) {
                    if let salt {
                        l ^= Blowfish.nextWord(salt, &saltPosition)
                        r ^= Blowfish.nextWord(salt, &saltPosition)
                    }
                    (l, r) = Blowfish.encrypt(l, r, pView, sView)
                    p[index] = l; p[index + 1] = r
                }
                for index in stride(from: 0, to: 1024, by: 2) {
                    if let salt {
                        l ^= Blowfish.nextWord(salt, &saltPosition)
                        r ^= Blowfish.nextWord(salt, &saltPosition)
                    }
                    (l, r) = Blowfish.encrypt(l, r, pView, sView)
                    s[index] = l; s[index + 1] = r
                }
            }
        }
    }
}
