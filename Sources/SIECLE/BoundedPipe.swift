import Foundation

/// A bounded, blocking byte queue between a producer thread (zip extraction)
/// and the XML reader. The producer waits while `capacity` bytes are queued,
/// so memory stays flat whatever the entry's size.
final class BoundedPipe: @unchecked Sendable {
    struct ReaderGone: Error {}

    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var head = 0
    private var offset = 0
    private var buffered = 0
    private let capacity: Int
    private var writerDone = false
    private var writerError: SIECLEError?
    private var readerGone = false

    init(capacity: Int = 1 << 20) {
        self.capacity = capacity
    }

    /// Producer side: blocks while the queue is full; throws once the reader has gone.
    func write(_ data: Data) throws {
        condition.lock()
        defer { condition.unlock() }
        while buffered >= capacity && !readerGone { condition.wait() }
        if readerGone { throw ReaderGone() }
        if data.isEmpty { return }
        chunks.append(data)
        buffered += data.count
        condition.broadcast()
    }

    /// Producer side: no more data; `error` nil means the entry ended cleanly.
    func finish(error: SIECLEError?) {
        condition.lock()
        writerDone = true
        writerError = error
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer side: blocks until bytes come; 0 at a clean end, -1 after a producer error.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> (Int, SIECLEError?) {
        condition.lock()
        defer { condition.unlock() }
        while buffered == 0 && !writerDone { condition.wait() }
        if buffered == 0 { return writerError == nil ? (0, nil) : (-1, writerError) }
        var copied = 0
        while copied < count && head < chunks.count {
            let chunk = chunks[head]
            let n = min(count - copied, chunk.count - offset)
            chunk.withUnsafeBytes { raw in
                let start = raw.baseAddress!.advanced(by: offset)
                buffer.advanced(by: copied).copyMemory(from: start, byteCount: n)
            }
            copied += n
            offset += n
            if offset == chunk.count {
                head += 1
                offset = 0
            }
        }
        if head > 64 {
            chunks.removeFirst(head)
            head = 0
        }
        buffered -= copied
        condition.broadcast()
        return (copied, nil)
    }

    /// Consumer side: stop the producer (its next write throws).
    func closeReader() {
        condition.lock()
        readerGone = true
        chunks.removeAll()
        head = 0
        offset = 0
        buffered = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the producer to end and returns its error, if any.
    func waitForWriter() -> SIECLEError? {
        condition.lock()
        defer { condition.unlock() }
        while !writerDone { condition.wait() }
        return writerError
    }
}
