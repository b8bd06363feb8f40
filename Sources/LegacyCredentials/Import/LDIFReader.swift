import Foundation

/// Reads account entries from an LDIF export (RFC 2849 content records).
/// Entries without a login and without a password attribute (e.g. `ou=`
/// containers) are skipped: they are directory structure, not accounts.
public struct LDIFReader: Sendable {
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
        var entry: RawEntry?
        var seenEntry = false

        func finish(_ entry: RawEntry?) {
            guard let entry else { return }
            let isAccount = !entry.values(mapping.login).isEmpty || !entry.values(mapping.passwordHash).isEmpty
            if isAccount { builder.add(entry) }
        }

        for logical in LDIFReader.unfold(lines, builder: &builder) {
            guard builder.canContinue else { break }
            guard let line = logical else {
                finish(entry)
                entry = nil
                continue
            }
            let attribute: (name: String, value: String)
            switch LDIFReader.parseAttribute(line.text) {
            case .success(let parsed): attribute = parsed
            case .failure(let reason):
                builder.report(ImportProblem(line: line.number, .malformedLine(reason)))
                continue
            }
            let name = attribute.name.lowercased()
            if name == "dn" {
                finish(entry)
                entry = RawEntry(line: line.number)
                seenEntry = true
            } else if var current = entry {
                if name == "changetype", attribute.value.lowercased() != "add" {
                    builder.report(ImportProblem(line: line.number, .malformedLine(.unsupportedChangeType)))
                }
                current.add(name, attribute.value, line: line.number)
                entry = current
            } else if name == "version", !seenEntry {
                if attribute.value != "1" {
                    builder.report(ImportProblem(line: line.number, .malformedLine(.unsupportedVersion)))
                }
            } else {
                builder.report(ImportProblem(line: line.number, .malformedLine(.attributeOutsideEntry)))
            }
        }
        finish(entry)
        _ = try builder.result().get()
        return builder.records
    }

    public func read(_ text: String) throws(ImportFailure) -> [LegacyRecord] {
        try read(Data(text.utf8))
    }

    /// Joins continuation lines (leading single space) onto the previous
    /// line and drops comments. Yields nil for a blank line (entry separator);
    /// a logical line keeps the number of its first physical line.
    static func unfold(_ lines: [SourceLine], builder: inout RecordBuilder) -> [SourceLine?] {
        var output: [SourceLine?] = []
        var pending: SourceLine?
        var inComment = false
        var previousBlank = true

        func flush() {
            if let line = pending { output.append(line) }
            pending = nil
        }

        for line in lines {
            if line.text.hasPrefix(" ") {
                if inComment { continue }   // a folded comment is still a comment
                guard let current = pending, !previousBlank else {
                    builder.report(ImportProblem(line: line.number, .malformedLine(.continuationWithoutLine)))
                    continue
                }
                pending = SourceLine(number: current.number, text: current.text + line.text.dropFirst())
                continue
            }
            flush()
            inComment = line.text.hasPrefix("#")
            previousBlank = line.text.isEmpty
            if line.text.isEmpty {
                output.append(nil)
            } else if !inComment {
                pending = line
            }
        }
        flush()
        return output
    }

    /// `name: value`, `name:: base64` or `name:< url` (refused).
    static func parseAttribute(_ text: String) -> Result<(name: String, value: String), MalformedReason> {
        guard let colon = text.firstIndex(of: ":") else { return .failure(.missingColon) }
        let name = text[..<colon]
        // Attribute type (letters, digits, hyphen, or a dotted OID) plus ";options".
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-.;".unicodeScalars.contains($0)) }
        guard !name.isEmpty, allowed else { return .failure(.invalidAttributeName) }
        let baseName = String(name.split(separator: ";", maxSplits: 1).first ?? name)

        var rest = text[text.index(after: colon)...]
        if rest.hasPrefix(":") {
            rest = rest.dropFirst().drop(while: { $0 == " " })
            guard let data = Data(base64Encoded: String(rest)), let value = String(data: data, encoding: .utf8) else {
                return .failure(.invalidBase64)
            }
            return .success((baseName, value))
        }
        if rest.hasPrefix("<") { return .failure(.urlValueUnsupported) }
        return .success((baseName, String(rest.drop(while: { $0 == " " }))))
    }
}
