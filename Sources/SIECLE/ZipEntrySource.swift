import Foundation
import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams one zip entry to the XML reader, inflating on the reader's own
/// thread straight into its buffer. The compressed bytes read never go past
/// the size the central directory gives, and the inflated bytes are counted
/// against the size and ratio limits, whatever the directory claims. The
/// CRC-32 and the size are checked when the stream ends: a mismatch is a
/// read error, so nothing of a damaged entry is ever taken as complete.
final class ZipEntrySource: ByteSource {
    private let label: String
    private let archiveName: String
    private let limits: SIECLELimits
    private var fd: Int32 = -1
    private var entry: ZipEntry
    private var stream = z_stream()
    private var streamOpen = false
    private var input = [UInt8](repeating: 0, count: 64 * 1024)
    private var inputLength = 0
    private var consumed: UInt64 = 0
    private var produced: UInt64 = 0
    private var checksum: UInt = 0
    private var ended = false
    private(set) var failure: SIECLEError?

    init(archiveURL: URL, entryPath: String, label: String, limits: SIECLELimits) throws {
        self.label = label
        self.limits = limits
        archiveName = archiveURL.lastPathComponent
        let (fd, directory) = try ZipEntrySource.open(archiveURL, limits: limits)
        self.fd = fd
        guard let entry = directory[entryPath] else {
            Glibc.close(fd)
            throw SIECLEError.corruptZip(file: archiveName, detail: "entry \(entryPath) vanished")
        }
        self.entry = entry
        if let refusal = ZipEntrySource.check(entry: entry, archiveName: archiveName, limits: limits) {
            close()
            throw refusal
        }
        if entry.method == .deflated {
            // A negative window size: raw DEFLATE, as zip stores it (no zlib header).
            guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                close()
                throw SIECLEError.corruptZip(file: archiveName, detail: "inflater unavailable")
            }
            streamOpen = true
        }
    }

    /// The archive opened and its directory read; the caller owns the descriptor.
    static func open(_ url: URL, limits: SIECLELimits) throws -> (Int32, ZipDirectory) {
        let name = url.lastPathComponent
        let fd = Glibc.open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SIECLEError.unreadable(file: name, detail: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw SIECLEError.unreadable(file: name, detail: "not a regular file")
        }
        do {
            return (fd, try ZipDirectory(fd: fd, fileSize: UInt64(info.st_size), archiveName: name, limits: limits))
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Refusals known from the central directory, before inflating anything.
    /// (Entries under 1 MiB are never refused for their ratio: tiny files compress well.)
    static func check(entry: ZipEntry, archiveName: String, limits: SIECLELimits) -> SIECLEError? {
        if entry.uncompressedSize > UInt64(limits.maxFileSize) {
            return .fileTooBig(file: "\(archiveName)/\(entry.path)", limit: limits.maxFileSize)
        }
        if ratioTooHigh(produced: entry.uncompressedSize, compressed: entry.compressedSize, limits: limits) {
            return .zipRatioTooHigh(file: archiveName, entry: entry.path, limit: limits.maxZipRatio)
        }
        return nil
    }

    private static func ratioTooHigh(produced: UInt64, compressed: UInt64, limits: SIECLELimits) -> Bool {
        produced > 1 << 20 && produced > max(1, compressed) * UInt64(limits.maxZipRatio)
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        if failure != nil { return -1 }
        if ended || count == 0 { return 0 }
        let n: Int
        do {
            n = entry.method == .stored ? try readStored(into: buffer, count: count)
                                        : try inflate(into: buffer, count: count)
            try account(UnsafeRawBufferPointer(start: buffer, count: n))
        } catch let error as SIECLEError {
            failure = error
            return -1
        } catch {
            failure = .corruptZip(file: archiveName, detail: "\(error)")
            return -1
        }
        return n
    }

    private func readStored(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let wanted = Int(min(UInt64(count), entry.compressedSize - consumed))
        let n = ZipFile.readFully(fd, UnsafeMutableRawBufferPointer(start: buffer, count: wanted),
                                  at: entry.dataOffset + consumed)
        guard n == wanted else { throw corrupt("truncated") }
        consumed += UInt64(n)
        if consumed == entry.compressedSize { ended = true }
        return n
    }

    /// Inflates until some output is ready, the stream ends, or the entry's
    /// compressed bytes are exhausted (a truncated stream: refused).
    private func inflate(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        stream.next_out = buffer.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(count, Int(UInt32.max)))
        let capacity = stream.avail_out
        while stream.avail_out == capacity {
            if stream.avail_in == 0 {
                guard consumed < entry.compressedSize else { throw corrupt("DEFLATE stream runs past the entry") }
                let wanted = Int(min(UInt64(input.count), entry.compressedSize - consumed))
                let n = input.withUnsafeMutableBytes {
                    ZipFile.readFully(fd, UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted]), at: entry.dataOffset + consumed)
                }
                guard n == wanted else { throw corrupt("truncated") }
                consumed += UInt64(n)
                inputLength = n
                stream.avail_in = UInt32(n)
            }
            let status = input.withUnsafeMutableBytes { raw -> Int32 in
                // next_in is re-pointed at each call: the array's storage is only valid inside this closure.
                stream.next_in = raw.baseAddress!.assumingMemoryBound(to: Bytef.self) + (inputLength - Int(stream.avail_in))
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            switch status {
            case Z_STREAM_END:
                ended = true
                return Int(capacity - stream.avail_out)
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                throw corrupt("bad DEFLATE data (\(status))")
            }
        }
        return Int(capacity - stream.avail_out)
    }

    private func account(_ bytes: UnsafeRawBufferPointer) throws {
        produced += UInt64(bytes.count)
        if produced > UInt64(limits.maxFileSize) {
            throw SIECLEError.fileTooBig(file: "\(archiveName)/\(entry.path)", limit: limits.maxFileSize)
        }
        if ZipEntrySource.ratioTooHigh(produced: produced, compressed: entry.compressedSize, limits: limits) {
            throw SIECLEError.zipRatioTooHigh(file: archiveName, entry: entry.path, limit: limits.maxZipRatio)
        }
        if let base = bytes.baseAddress, bytes.count > 0 {
            checksum = crc32(checksum, base.assumingMemoryBound(to: Bytef.self), UInt32(bytes.count))
        }
        if ended {
            guard produced == entry.uncompressedSize else { throw corrupt("size mismatch in \(entry.path)") }
            guard UInt32(checksum) == entry.crc32 else { throw corrupt("CRC-32 mismatch in \(entry.path)") }
        }
    }

    private func corrupt(_ detail: String) -> SIECLEError { .corruptZip(file: archiveName, detail: detail) }

    func finish() throws {
        // Inflate what follows the root element so the checksum gets checked.
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = scratch.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { return }
            if n < 0 { throw failure ?? corrupt("extraction failed") }
        }
    }

    func integrityFailure() -> SIECLEError? {
        do {
            try finish()
            return nil
        } catch let error as SIECLEError {
            return error
        } catch {
            return corrupt("\(error)")
        }
    }

    func close() {
        if streamOpen {
            inflateEnd(&stream)
            streamOpen = false
        }
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    deinit { close() }
}
