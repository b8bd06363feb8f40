#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of a zip, as its central directory lists it.
struct ZipEntry: Equatable, Sendable {
    enum Method: Equatable, Sendable { case stored, deflated }

    var path: String
    /// False for directories and symbolic links: only regular files are read.
    var isFile: Bool
    var method: Method
    var crc32: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    /// Where the entry's compressed bytes start, past its local header.
    var dataOffset: UInt64
}

/// A zip's central directory (PKWARE APPNOTE 6.3.x §4.3), read from a file
/// descriptor with every length and offset checked against the file.
///
/// Sesame reads zips itself rather than through a library: the inflater it
/// used ignored the compressed size and spun forever on a DEFLATE stream
/// that ran past the archive (found by the SIECLEZip fuzzer). Here an entry's
/// bytes are bounded by the directory, and each entry must lie before it.
struct ZipDirectory {
    let entries: [ZipEntry]

    private static let endRecordSize = 22
    private static let centralHeaderSize = 46
    private static let localHeaderSize = 30
    private static let maxCommentLength = 0xFFFF

    /// Refuses, before reading any entry: more entries than `limits.maxZipEntries`,
    /// multi-disk archives, encrypted entries and compression methods other
    /// than stored and DEFLATE.
    init(fd: Int32, fileSize: UInt64, archiveName name: String, limits: SIECLELimits) throws {
        let file = ZipFile(fd: fd, size: fileSize, name: name)
        let end = try Self.endOfDirectory(file)
        if end.entries > UInt64(limits.maxZipEntries) {
            throw SIECLEError.tooManyZipEntries(file: name, limit: limits.maxZipEntries)
        }
        // The directory lies before its end record; a directory entry is at most
        // 46 bytes plus three 64 KiB fields, so a lying size cannot make us read much.
        let largest = end.entries * UInt64(Self.centralHeaderSize + 3 * 0xFFFF)
        guard end.offset <= end.recordOffset, end.size <= end.recordOffset - end.offset, end.size <= largest else {
            throw file.corrupt("central directory outside the archive")
        }
        let directory = try file.read(Int(end.size), at: end.offset)
        var entries: [ZipEntry] = []
        var position = 0
        for _ in 0..<end.entries {
            let (entry, next) = try Self.entry(in: directory, at: position, file: file, directoryOffset: end.offset)
            entries.append(entry)
            position = next
        }
        self.entries = entries
    }

    subscript(path: String) -> ZipEntry? { entries.first { $0.path == path } }

    private struct EndOfDirectory {
        var entries: UInt64
        var size: UInt64
        var offset: UInt64
        /// Where the end record (or the zip64 end record) starts.
        var recordOffset: UInt64
    }

    private static func endOfDirectory(_ file: ZipFile) throws -> EndOfDirectory {
        guard file.size >= UInt64(endRecordSize) else { throw file.corrupt("too short for a zip") }
        let tailLength = Int(min(file.size, UInt64(endRecordSize + maxCommentLength)))
        let tailStart = file.size - UInt64(tailLength)
        let tail = try file.read(tailLength, at: tailStart)
        // The record sits before a comment of at most 64 KiB: search backwards.
        var at = tail.count - endRecordSize
        while at >= 0 {
            if tail.u32(at) == 0x0605_4B50, at + endRecordSize + Int(tail.u16(at + 20)) <= tail.count { break }
            at -= 1
        }
        guard at >= 0 else { throw file.corrupt("no end of central directory") }
        let disk = tail.u16(at + 4), directoryDisk = tail.u16(at + 6)
        let onDisk = tail.u16(at + 8), entries = tail.u16(at + 10)
        guard disk == 0, directoryDisk == 0, onDisk == entries else { throw file.corrupt("multi-disk archive") }
        var end = EndOfDirectory(entries: UInt64(entries), size: UInt64(tail.u32(at + 12)),
                                 offset: UInt64(tail.u32(at + 16)), recordOffset: tailStart + UInt64(at))
        if entries == 0xFFFF || end.size == 0xFFFF_FFFF || end.offset == 0xFFFF_FFFF {
            end = try zip64EndOfDirectory(file, locatorEnd: end.recordOffset)
        }
        return end
    }

    /// The zip64 end record, found through the locator just before the classic one.
    private static func zip64EndOfDirectory(_ file: ZipFile, locatorEnd: UInt64) throws -> EndOfDirectory {
        guard locatorEnd >= 20 else { throw file.corrupt("zip64 locator missing") }
        let locator = try file.read(20, at: locatorEnd - 20)
        guard locator.u32(0) == 0x0706_4B50 else { throw file.corrupt("zip64 locator missing") }
        let recordOffset = locator.u64(8)
        guard recordOffset <= locatorEnd - 20, locatorEnd - 20 - recordOffset >= 56 else {
            throw file.corrupt("zip64 record outside the archive")
        }
        let record = try file.read(56, at: recordOffset)
        guard record.u32(0) == 0x0606_4B50 else { throw file.corrupt("zip64 record missing") }
        guard record.u32(16) == 0, record.u32(20) == 0, record.u64(24) == record.u64(32) else {
            throw file.corrupt("multi-disk archive")
        }
        return EndOfDirectory(entries: record.u64(32), size: record.u64(40), offset: record.u64(48),
                              recordOffset: recordOffset)
    }

    private static func entry(in directory: [UInt8], at start: Int, file: ZipFile,
                              directoryOffset: UInt64) throws -> (ZipEntry, next: Int) {
        guard start + centralHeaderSize <= directory.count, directory.u32(start) == 0x0201_4B50 else {
            throw file.corrupt("bad central directory entry")
        }
        let flags = directory.u16(start + 8)
        let nameLength = Int(directory.u16(start + 28))
        let extraLength = Int(directory.u16(start + 30))
        let commentLength = Int(directory.u16(start + 32))
        let nameStart = start + centralHeaderSize
        let next = nameStart + nameLength + extraLength + commentLength
        guard next <= directory.count else { throw file.corrupt("bad central directory entry") }
        let name = ZipName.decode(directory[nameStart..<nameStart + nameLength], utf8Flag: flags & 0x0800 != 0)

        var compressed = UInt64(directory.u32(start + 20))
        var uncompressed = UInt64(directory.u32(start + 24))
        var localOffset = UInt64(directory.u32(start + 42))
        try readZip64Sizes(directory[nameStart + nameLength..<nameStart + nameLength + extraLength],
                           uncompressed: &uncompressed, compressed: &compressed, localOffset: &localOffset, file: file)

        if flags & 0x0001 != 0 { throw SIECLEError.encryptedZip(file: file.name, entry: name) }
        let method: ZipEntry.Method
        switch directory.u16(start + 10) {
        case 0: method = .stored
        case 8: method = .deflated
        case let other: throw SIECLEError.unsupportedZip(file: file.name, entry: name, method: Int(other))
        }
        if method == .stored, compressed != uncompressed { throw file.corrupt("stored entry \(name) changes size") }

        // The local header repeats the name and has its own extra field: only its lengths matter.
        guard localOffset <= directoryOffset, directoryOffset - localOffset >= UInt64(localHeaderSize) else {
            throw file.corrupt("entry \(name) outside the archive")
        }
        let local = try file.read(localHeaderSize, at: localOffset)
        guard local.u32(0) == 0x0403_4B50 else { throw file.corrupt("bad local header for \(name)") }
        let dataOffset = localOffset + UInt64(localHeaderSize) + UInt64(local.u16(26)) + UInt64(local.u16(28))
        guard dataOffset <= directoryOffset, compressed <= directoryOffset - dataOffset else {
            throw file.corrupt("entry \(name) runs into the central directory")
        }
        let mode = directory.u32(start + 38) >> 16
        let madeOnUnix = directory[start + 5] == 3
        let isFile = !name.hasSuffix("/") && !(madeOnUnix && mode & 0o170000 != 0 && mode & 0o170000 != 0o100000)
        return (ZipEntry(path: name, isFile: isFile, method: method, crc32: directory.u32(start + 16),
                         compressedSize: compressed, uncompressedSize: uncompressed, dataOffset: dataOffset), next)
    }

    /// The zip64 extra field (id 1) holds, in this order, the 64-bit values of
    /// the fields whose 32-bit slot is 0xFFFFFFFF.
    private static func readZip64Sizes(_ extra: ArraySlice<UInt8>, uncompressed: inout UInt64,
                                       compressed: inout UInt64, localOffset: inout UInt64, file: ZipFile) throws {
        guard uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF else { return }
        let bytes = Array(extra)
        var at = 0
        while at + 4 <= bytes.count {
            let id = bytes.u16(at), length = Int(bytes.u16(at + 2))
            guard at + 4 + length <= bytes.count else { break }
            if id == 0x0001 {
                var field = at + 4
                let fieldEnd = at + 4 + length
                func take(_ value: inout UInt64) throws {
                    guard value == 0xFFFF_FFFF else { return }
                    guard field + 8 <= fieldEnd else { throw file.corrupt("short zip64 field") }
                    value = bytes.u64(field)
                    field += 8
                }
                try take(&uncompressed)
                try take(&compressed)
                try take(&localOffset)
                return
            }
            at += 4 + length
        }
        throw file.corrupt("zip64 field missing")
    }
}

/// The archive's descriptor with its size and name, for exact reads and messages.
struct ZipFile {
    let fd: Int32
    let size: UInt64
    let name: String

    func corrupt(_ detail: String) -> SIECLEError { .corruptZip(file: name, detail: detail) }

    /// Exactly `count` bytes at `offset`, or a corrupt-zip refusal.
    func read(_ count: Int, at offset: UInt64) throws -> [UInt8] {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else { throw corrupt("truncated") }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { Self.readFully(fd, $0, at: offset) }
        guard got == count else { throw corrupt("truncated") }
        return bytes
    }

    /// Fills as much of `buffer` as the file holds at `offset`; -1 on an I/O error.
    static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}

/// Entry names: UTF-8 when flagged or when they decode as UTF-8, else the
/// DOS code page 437 that Windows' own zip writer uses for é, è, à, ç.
enum ZipName {
    private static let cp437High = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}")

    static func decode(_ bytes: ArraySlice<UInt8>, utf8Flag: Bool) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        if utf8Flag { return String(decoding: bytes, as: UTF8.self) }
        return String(bytes.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : cp437High[Int($0) - 0x80] })
    }
}

private extension Array where Element == UInt8 {
    func u16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
}
