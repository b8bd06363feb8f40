/// RFC 4180 field splitting for one record, fed physical lines so a quoted
/// field may span several of them. Lenient where it costs nothing: spaces
/// around a quoted field are ignored.
struct CSVRecordParser {
    enum Outcome {
        case complete([String])
        /// Inside a quoted field at end of line: feed the next line.
        case needsMoreLines
        case malformed(MalformedReason)
    }

    private enum State { case fieldStart, unquoted, quoted, quoteSeen }

    let separator: Unicode.Scalar
    private var fields: [String] = []
    private var field = String.UnicodeScalarView()
    private var state = State.fieldStart

    init(separator: Unicode.Scalar) {
        self.separator = separator
    }

    mutating func feed(_ line: String) -> Outcome {
        if state == .quoted { field.append("\n") }   // the line break belongs to the field
        for scalar in line.unicodeScalars {
            switch state {
            case .fieldStart:
                if scalar == "\"" { state = .quoted }
                else if scalar == separator { endField() }
                else { field.append(scalar); state = .unquoted }
            case .unquoted:
                if scalar == separator { endField() }
                else if scalar == "\"" {
                    // `  "x"`: only blanks so far, so this is really a quoted field.
                    guard field.allSatisfy({ $0 == " " || $0 == "\t" }) else { return .malformed(.quoteInUnquotedField) }
                    field.removeAll()
                    state = .quoted
                } else { field.append(scalar) }
            case .quoted:
                if scalar == "\"" { state = .quoteSeen } else { field.append(scalar) }
            case .quoteSeen:
                if scalar == "\"" { field.append("\""); state = .quoted }   // doubled quote
                else if scalar == separator { endField() }
                else if scalar == " " || scalar == "\t" { continue }
                else { return .malformed(.textAfterClosingQuote) }
            }
        }
        if state == .quoted { return .needsMoreLines }
        endField()
        return .complete(fields)
    }

    private mutating func endField() {
        fields.append(String(field))
        field = String.UnicodeScalarView()
        state = .fieldStart
    }
}
