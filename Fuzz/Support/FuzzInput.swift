import Foundation

/// What a fuzzer hands a target, and the checks a target makes beside
/// crashes. A broken property stops the run with its reason, as a crash
/// would, so libFuzzer keeps the input that broke it.
public struct FuzzInput {
    public let bytes: [UInt8]

    public init(_ start: UnsafePointer<UInt8>?, _ count: Int) {
        bytes = count == 0 || start == nil ? [] : Array(UnsafeBufferPointer(start: start, count: count))
    }

    /// The bytes as text the way a web server hands them on: invalid UTF-8 replaced.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The first byte picks a mode among `count`; the rest is the payload.
    public func mode(of count: Int) -> (mode: Int, payload: [UInt8]) {
        guard let first = bytes.first else { return (0, []) }
        return (Int(first) % count, Array(bytes.dropFirst()))
    }

    /// Splits at the first NUL (or not at all).
    public static func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
        guard let cut = bytes.firstIndex(of: 0) else { return (bytes, []) }
        return (Array(bytes[..<cut]), Array(bytes[(cut + 1)...]))
    }
}

public enum Property {
    /// Stops the run when a property does not hold.
    public static func check(_ holds: @autoclosure () -> Bool, _ what: @autoclosure () -> String,
                             file: StaticString = #fileID, line: UInt = #line) {
        if !holds() { fatalError("property broken: \(what())", file: file, line: line) }
    }

    /// A refusal must be the module's own typed error, never another type
    /// leaking from a library underneath.
    public static func typed<E: Error>(_ error: any Error, as _: E.Type, file: StaticString = #fileID, line: UInt = #line) {
        if !(error is E) { fatalError("untyped refusal \(type(of: error)): \(error)", file: file, line: line) }
    }
}

/// Runs async work to its end from libFuzzer's synchronous callback.
public func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// The one instant every fixture checks times against, so that tokens,
/// tickets and messages in the seeds stay valid whatever today is.
public enum FuzzClock {
    public static let now = Date(timeIntervalSince1970: 1_772_354_400)
}
