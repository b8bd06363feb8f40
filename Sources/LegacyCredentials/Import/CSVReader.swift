import Foundation

/// Reads accounts from a CSV export with a header row. The separator (`;`,
/// usual in French spreadsheets, or `,`) is detected from the header; column
/// names are matched to the mapping case-insensitively. Empty cells count as absent.
public struct CSVReader: Sendable {
    public var settings: LegacyReaderSettings
    var mapping: LegacyFieldMapping { settings.mapping }
    var limits: ImportLimits { settings.limits }

    public init(mapping: LegacyFieldMapping = LegacyFieldMapping(), limits: ImportLimits = .standard,
                hashLimits: LegacyHashLimits = .standard) {
        settings = LegacyReaderSettings(mapping: mapping, limits: limits, hashLimits: hashLimits)
    }

    /// Every record, or every problem; never a partial result.
    public func read(_ data: Data) throws(ImportFailure) -> [LegacyRecord] {
        var (lines, builder) = try settings.start(data)
        var index = lines.startIndex
        while index < lines.endIndex, lines[index].text.isEmpty { index += 1 }
        guard index < lines.endIndex else {
            throw ImportFailure(problems: [ImportProblem(line: 1, .malformedLine(.missingHeader))])
        }

        let separator = CSVReader.detectSeparator(lines[index].text)
        var header: [String] = []
        let headerLine = lines[index].number
        switch readRecord(lines, &index, separator: separator) {
        case .success(let fields): header = fields.map { $0.trimmingASCIIWhitespace() }
        case .failure(let problem): throw ImportFailure(problems: [problem])
        }
        try checkHeader(header, line: headerLine)

        while index < lines.endIndex, builder.canContinue {
            if lines[index].text.isEmpty { index += 1; continue }
            let start = lines[index].number
            switch readRecord(lines, &index, separator: separator) {
            case .failure(let problem):
                builder.report(problem)
            case .success(let fields) where fields.count != header.count:
                builder.report(ImportProblem(line: start, .malformedLine(.fieldCount(expected: header.count, found: fields.count))))
            case .success(let fields):
                var entry = RawEntry(line: start)
                for (name, value) in zip(header, fields) { entry.add(name, value, line: start) }
                builder.add(entry)
            }
        }
        _ = try builder.result().get()
        return builder.records
    }

    public func read(_ text: String) throws(ImportFailure) -> [LegacyRecord] {
        try read(Data(text.utf8))
    }

    /// The more frequent of `;` and `,` in the header; `;` on a tie.
    static func detectSeparator(_ header: String) -> Unicode.Scalar {
        let semicolons = header.unicodeScalars.filter { $0 == ";" }.count
        let commas = header.unicodeScalars.filter { $0 == "," }.count
        return commas > semicolons ? "," : ";"
    }

    /// Consumes the physical lines of one record; on a problem, skips to the
    /// end of the record so the next one can still be checked.
    private func readRecord(_ lines: [SourceLine], _ index: inout Int, separator: Unicode.Scalar) -> Result<[String], ImportProblem> {
        var parser = CSVRecordParser(separator: separator)
        let start = lines[index].number
        var bytes = 0
        var tooLong: ImportProblem?
        while index < lines.endIndex {
            let line = lines[index]
            index += 1
            bytes += line.text.utf8.count + 1
            if bytes > limits.maximumLineBytes, tooLong == nil {
                // Keep consuming to the record's end so its other lines are
                // not misread as records; the file size limit bounds this.
                tooLong = ImportProblem(line: start, .limitExceeded(.lineLength(limits.maximumLineBytes)))
            }
            switch parser.feed(line.text) {
            case .complete(let fields): return tooLong.map { .failure($0) } ?? .success(fields)
            case .needsMoreLines: continue
            case .malformed(let reason):
                // Resynchronise on the next physical line.
                return .failure(tooLong ?? ImportProblem(line: line.number, .malformedLine(reason)))
            }
        }
        return .failure(tooLong ?? ImportProblem(line: start, .malformedLine(.unterminatedQuote)))
    }

    private func checkHeader(_ header: [String], line: Int) throws(ImportFailure) {
        var problems: [ImportProblem] = []
        if header.contains(where: \.isEmpty) { problems.append(ImportProblem(line: line, .malformedLine(.emptyHeader))) }
        let names = header.map { $0.lowercased() }
        var seen = Set<String>()
        for (name, original) in zip(names, header) where !name.isEmpty && !seen.insert(name).inserted {
            problems.append(ImportProblem(line: line, .repeatedField(original)))
        }
        for field in mapping.required where !names.contains(field.lowercased()) {
            problems.append(ImportProblem(line: line, .missingField(field)))
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
    }
}
