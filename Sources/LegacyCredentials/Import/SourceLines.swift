import Foundation

/// A physical line of an import file, decoded, without its line terminator.
struct SourceLine {
    let number: Int
    let text: String
}

/// Splits raw bytes into UTF-8 lines, enforcing the size limits first so an
/// oversized file is refused before any further work. Splitting on bytes
/// (LF, with a trailing CR dropped) rather than on Characters matters: Swift
/// treats "\r\n" as one Character.
enum SourceLines {
    static func split(_ data: Data, limits: ImportLimits) -> Result<[SourceLine], ImportFailure> {
        guard data.count <= limits.maximumFileBytes else {
            return .failure(ImportFailure(problems: [ImportProblem(line: 0, .limitExceeded(.fileSize(limits.maximumFileBytes)))]))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }

        var lines: [SourceLine] = []
        var problems: [ImportProblem] = []
        var number = 0
        for var raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if raw.last == 0x0D { raw = raw.dropLast() }
            guard raw.count <= limits.maximumLineBytes else {
                problems.append(ImportProblem(line: number, .limitExceeded(.lineLength(limits.maximumLineBytes))))
                continue
            }
            guard let text = String(validating: raw, as: UTF8.self) else {
                problems.append(ImportProblem(line: number, .invalidEncoding))
                continue
            }
            lines.append(SourceLine(number: number, text: text))
        }
        // A final LF ends the last line; it does not start an empty one.
        if let last = lines.last, last.number == number, last.text.isEmpty { lines.removeLast() }
        return problems.isEmpty ? .success(lines) : .failure(ImportFailure(problems: problems))
    }
}
