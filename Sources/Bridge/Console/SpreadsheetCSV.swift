/// CSV that French spreadsheets open as written: a BOM so accents read as
/// UTF-8, `;` between fields, every field quoted, and a cell that a
/// spreadsheet would run as a formula (= + - @, tab, carriage return first)
/// turned into text with a leading apostrophe. Class names come from SIECLE,
/// which any school types: never trust them as cells.
enum SpreadsheetCSV {
    static let byteOrderMark = "\u{FEFF}"

    static func document(_ rows: [[String]]) -> String {
        byteOrderMark + rows.map(row).joined(separator: "\r\n") + "\r\n"
    }

    static func row(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ";")
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
