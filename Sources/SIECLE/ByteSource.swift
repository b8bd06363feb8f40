#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the XML reader pulls its bytes from, a chunk at a time.
protocol ByteSource: AnyObject {
    /// Fills up to `count` bytes; returns how many (0 at the end), or -1 with `failure` set.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int
    /// Why the last read returned -1.
    var failure: SIECLEError? { get }
    /// Called once the document has been read to its end: a zip source drains
    /// what is left and reports a bad checksum here.
    func finish() throws
    /// After a parse error: the source's own failure that explains it, if any
    /// (a zip entry whose data is corrupt inflates to garbage before its checksum fails).
    func integrityFailure() -> SIECLEError?
    /// Releases the file or stops the extraction; safe to call twice.
    func close()
}

/// A plain file read with read(2): nothing but the reader's buffer is in memory.
final class FileByteSource: ByteSource {
    private var fd: Int32
    private let label: String
    private(set) var failure: SIECLEError?

    init(path: String, label: String, limits: SIECLELimits) throws {
        self.label = label
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SIECLEError.unreadable(file: label, detail: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                Glibc.close(fd)
                fd = -1
                throw SIECLEError.unreadable(file: label, detail: "is a directory")
            }
            if Int(info.st_size) > limits.maxFileSize {
                Glibc.close(fd)
                fd = -1
                throw SIECLEError.fileTooBig(file: label, limit: limits.maxFileSize)
            }
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        guard fd >= 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            failure = .unreadable(file: label, detail: String(cString: strerror(errno)))
            return -1
        }
    }

    func finish() throws {}

    func integrityFailure() -> SIECLEError? { nil }

    func close() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    deinit { close() }
}

/// Reads the first bytes of a file (to tell a zip from an XML document).
func readMagic(path: String, count: Int) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return [] }
    defer { Glibc.close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, count) }
    return n > 0 ? Array(bytes[0..<n]) : []
}
