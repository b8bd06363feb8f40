/// An entry as read from the file, before validation: attribute or column
/// names (lowercased) to their values, each with the line it came from.
struct RawEntry {
    struct Value {
        let text: String
        let line: Int
    }

    let line: Int
    private(set) var fields: [String: [Value]] = [:]

    init(line: Int) {
        self.line = line
    }

    mutating func add(_ name: String, _ text: String, line: Int) {
        fields[name.lowercased(), default: []].append(Value(text: text, line: line))
    }

    func values(_ name: String) -> [Value] {
        fields[name.lowercased()] ?? []
    }
}
