/// A pupils export as an AsyncSequence. Each `next()` parses one record on the
/// calling task (microseconds of work), so the consumer sets the pace: nothing
/// is buffered ahead, and memory stays flat while it writes batches.
public struct PupilsEventSequence: AsyncSequence, Sendable {
    public typealias Element = PupilsEvent
    public let document: SIECLEDocument
    public let limits: SIECLELimits

    public struct AsyncIterator: AsyncIteratorProtocol {
        let document: SIECLEDocument
        let limits: SIECLELimits
        var reader: PupilsStreamReader?
        var done = false

        public mutating func next() async throws -> PupilsEvent? {
            if done { return nil }
            do {
                if reader == nil { reader = try PupilsStreamReader(document: document, limits: limits) }
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

/// A guardians export as an AsyncSequence, pulled on demand like `PupilsEventSequence`.
public struct GuardiansEventSequence: AsyncSequence, Sendable {
    public typealias Element = GuardiansEvent
    public let document: SIECLEDocument
    public let limits: SIECLELimits

    public struct AsyncIterator: AsyncIteratorProtocol {
        let document: SIECLEDocument
        let limits: SIECLELimits
        var reader: GuardiansStreamReader?
        var done = false

        public mutating func next() async throws -> GuardiansEvent? {
            if done { return nil }
            do {
                if reader == nil { reader = try GuardiansStreamReader(document: document, limits: limits) }
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
