import CLibXML2

/// The state shared with libxml2's C callbacks: the byte source, the byte
/// count against the size limit, the DOCTYPE sniffer and the first error seen.
final class InputContext {
    let source: ByteSource
    let label: String
    let maxBytes: Int
    private var total = 0
    private var sniffer = PrologSniffer()
    var failure: SIECLEError?
    var parseError: (line: Int, message: String)?

    init(source: ByteSource, label: String, maxBytes: Int) {
        self.source = source
        self.label = label
        self.maxBytes = maxBytes
    }

    func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int32 {
        if failure != nil { return -1 }
        let n = source.read(into: buffer, count: count)
        if n < 0 {
            failure = source.failure ?? .unreadable(file: label, detail: "read error")
            return -1
        }
        total += n
        if total > maxBytes {
            failure = .fileTooBig(file: label, limit: maxBytes)
            return -1
        }
        if !sniffer.done, n > 0 {
            if sniffer.feed(UnsafeRawBufferPointer(start: buffer, count: n)) == .doctype {
                failure = .doctypeRefused(file: label)
                return -1
            }
        }
        return Int32(n)
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer) -> InputContext {
        Unmanaged<InputContext>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// libxml2's pull callback: hands over the next chunk of the source.
let siecleReadCallback: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer else { return -1 }
    guard length > 0 else { return 0 }
    return InputContext.from(context).read(UnsafeMutableRawPointer(buffer), Int(length))
}

/// libxml2's error callback for the reader: keeps the first error (with its line).
let siecleErrorCallback: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let input = InputContext.from(context)
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, input.parseError == nil else { return }
    var message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
    while message.last == "\n" || message.last == " " { message.removeLast() }
    input.parseError = (Int(error.pointee.line), message)
}
