/// A pull reader of one kind of export, record by record.
public protocol ExportStreamReader: AnyObject {
    associatedtype Event: Sendable
    init(document: SIECLEDocument, limits: SIECLELimits) throws
    func next() throws -> Event?
}

extension PupilsStreamReader: ExportStreamReader {}
extension GuardiansStreamReader: ExportStreamReader {}

/// An export as an AsyncSequence. Each `next()` parses one record on the
/// calling task (microseconds of work), so the consumer sets the pace:
/// nothing is buffered ahead, and memory stays flat while it writes batches.
public struct ExportEventSequence<Reader: ExportStreamReader>: AsyncSequence, Sendable {
    public typealias Element = Reader.Event
    public let document: SIECLEDocument
    public let limits: SIECLELimits

    public init(document: SIECLEDocument, limits: SIECLELimits) {
        self.document = document; self.limits = limits
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let document: SIECLEDocument
        let limits: SIECLELimits
        var reader: Reader?
        var done = false

        public mutating func next() async throws -> Reader.Event? {
            if done { return nil }
            do {
                if reader == nil { reader = try Reader(document: document, limits: limits) }
                guard let event = try reader?.next() else {
                    done = true
                    reader = nil
                    return nil
                }
                return event
            } catch {
                done = true
                reader = nil
                throw error
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(document: document, limits: limits)
    }
}

public typealias PupilsEventSequence = ExportEventSequence<PupilsStreamReader>
public typealias GuardiansEventSequence = ExportEventSequence<GuardiansStreamReader>
