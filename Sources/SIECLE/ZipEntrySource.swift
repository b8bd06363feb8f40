import Foundation
import ZIPFoundation

/// Streams one zip entry to the XML reader: a thread runs ZIPFoundation's
/// `extract(consumer:)` into a `BoundedPipe`, the reader pulls from it. The
/// producer counts the bytes it inflates and stops past the size or ratio limit,
/// whatever the central directory claims.
final class ZipEntrySource: ByteSource {
    private let pipe = BoundedPipe()
    private let label: String
    private let limits: SIECLELimits
    private var closed = false
    private(set) var failure: SIECLEError?

    init(archiveURL: URL, entryPath: String, label: String, limits: SIECLELimits) {
        self.label = label
        self.limits = limits
        let pipe = self.pipe
        let archiveName = archiveURL.lastPathComponent
        let thread = Thread {
            pipe.finish(error: ZipEntrySource.extract(archiveURL: archiveURL, archiveName: archiveName,
                                                      entryPath: entryPath, limits: limits, pipe: pipe))
        }
        thread.name = "SIECLE zip extraction"
        thread.start()
    }

    private static func extract(archiveURL: URL, archiveName: String, entryPath: String,
                                limits: SIECLELimits, pipe: BoundedPipe) -> SIECLEError? {
        let archive: Archive
        do {
            archive = try Archive(url: archiveURL, accessMode: .read)
        } catch {
            return .corruptZip(file: archiveName, detail: "\(error)")
        }
        guard let entry = archive[entryPath] else {
            return .corruptZip(file: archiveName, detail: "entry \(entryPath) vanished")
        }
        if let refusal = ZipEntrySource.check(entry: entry, archiveName: archiveName, limits: limits) {
            return refusal
        }
        let compressed = max(UInt64(1), entry.compressedSize)
        var produced: UInt64 = 0
        var refusal: SIECLEError?
        do {
            // extract(consumer:) computes the CRC-32 but leaves the comparison to the caller.
            let checksum = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { data in
                produced += UInt64(data.count)
                if produced > UInt64(limits.maxFileSize) {
                    refusal = .fileTooBig(file: "\(archiveName)/\(entryPath)", limit: limits.maxFileSize)
                    throw BoundedPipe.ReaderGone()
                }
                if produced > compressed * UInt64(limits.maxZipRatio) && produced > 1 << 20 {
                    refusal = .zipRatioTooHigh(file: archiveName, entry: entryPath, limit: limits.maxZipRatio)
                    throw BoundedPipe.ReaderGone()
                }
                try pipe.write(data)
            }
            if checksum != entry.checksum {
                return .corruptZip(file: archiveName, detail: "CRC-32 mismatch in \(entryPath)")
            }
        } catch is BoundedPipe.ReaderGone {
            return refusal
        } catch {
            return refusal ?? .corruptZip(file: archiveName, detail: "\(error)")
        }
        return nil
    }

    /// Refusals known from the central directory, before inflating anything.
    /// (Entries under 1 MiB are never refused for their ratio: tiny files compress well.)
    static func check(entry: Entry, archiveName: String, limits: SIECLELimits) -> SIECLEError? {
        if entry.uncompressedSize > UInt64(limits.maxFileSize) {
            return .fileTooBig(file: "\(archiveName)/\(entry.path)", limit: limits.maxFileSize)
        }
        if entry.uncompressedSize > 1 << 20,
           entry.uncompressedSize > max(UInt64(1), entry.compressedSize) * UInt64(limits.maxZipRatio) {
            return .zipRatioTooHigh(file: archiveName, entry: entry.path, limit: limits.maxZipRatio)
        }
        return nil
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        let (n, error) = pipe.read(into: buffer, count: count)
        if n < 0 { failure = error ?? .corruptZip(file: label, detail: "extraction failed") }
        return n
    }

    func finish() throws {
        // Drain what follows the root element so the checksum gets checked.
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = scratch.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { break }
            if n < 0 { throw failure ?? SIECLEError.corruptZip(file: label, detail: "extraction failed") }
        }
        if let error = pipe.waitForWriter() { throw error }
    }

    func integrityFailure() -> SIECLEError? {
        do {
            try finish()
            return nil
        } catch let error as SIECLEError {
            return error
        } catch {
            return .corruptZip(file: label, detail: "\(error)")
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        pipe.closeReader()
        _ = pipe.waitForWriter()
    }

    deinit { close() }
}
