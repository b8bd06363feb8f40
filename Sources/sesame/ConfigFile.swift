import ArgumentParser
import Foundation
import Yams

/// `--config sesame.yml`: every long option of `sesame serve` as a YAML key
/// (`public-url: https://…`, `trusted-proxies: [10.0.0.5/32]`, `demo: false`).
/// The file is turned into the same arguments the flags would be, placed
/// first, so `SESAME_<OPTION>` variables and then the command line win over
/// it, and the same checks apply. Secrets stay in files (`*-file` keys);
/// any value may name an environment variable as `${NAME}`. Unknown keys
/// are errors, said in French with their line.
struct ConfigFile {
    /// An option as ArgumentParser describes it.
    struct Option: Hashable {
        var name: String
        var isFlag: Bool
    }

    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "ligne \(line) : \(message)" }
    }

    struct Invalid: Error, CustomStringConvertible {
        var file: String
        var problems: [Problem]
        var description: String { "\(file) :\n" + problems.map { "  " + $0.description }.joined(separator: "\n") }
    }

    /// Values read from the file, with the line each key is on.
    var entries: [(option: Option, values: [String], line: Int)] = []

    /// The long options of a command, from ArgumentParser's own description.
    static func options(of command: any ParsableCommand.Type) -> [Option] {
        guard let dump = try? JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any],
              let info = dump["command"] as? [String: Any], let arguments = info["arguments"] as? [[String: Any]] else { return [] }
        return arguments.compactMap { argument in
            let names = argument["names"] as? [[String: Any]] ?? []
            guard let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                  !["help", "config"].contains(long) else { return nil }
            return Option(name: long, isFlag: argument["kind"] as? String == "flag")
        }
    }

    init(yaml: String, file: String, known: [Option], environment: [String: String]) throws(Invalid) {
        var problems: [Problem] = []
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw Invalid(file: file, problems: [Problem(line: Self.line(of: error), message: "ce n'est pas du YAML lisible (\(error)).")])
        }
        guard let root else { self.entries = []; return }
        guard let mapping = root.mapping else {
            throw Invalid(file: file, problems: [Problem(line: root.mark?.line ?? 1, message: "le fichier doit être une liste de clés « option: valeur ».")])
        }
        let byName = Dictionary(known.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? 0
            guard let key = keyNode.string else { problems.append(Problem(line: line, message: "une clé doit être un nom d'option.")); continue }
            guard let option = byName[key] else {
                let hint = Self.closest(to: key, in: known.map(\.name)).map { " (voulez-vous dire « \($0) » ?)" } ?? ""
                problems.append(Problem(line: line, message: "clé inconnue « \(key) »\(hint)."))
                continue
            }
            let scalars: [String]
            if let sequence = valueNode.sequence { scalars = sequence.compactMap(\.string) } else if let scalar = valueNode.string { scalars = [scalar] } else {
                problems.append(Problem(line: line, message: "« \(key) » attend une valeur ou une liste de valeurs."))
                continue
            }
            var values: [String] = []
            for raw in scalars {
                do throws(Problem) { values.append(try Self.expand(raw, line: line, environment: environment)) } catch { problems.append(error) }
            }
            if option.isFlag, values.count != 1 || Self.boolean(values[0]) == nil {
                problems.append(Problem(line: line, message: "« \(key) » vaut true ou false."))
                continue
            }
            entries.append((option, values, line))
        }
        guard problems.isEmpty else { throw Invalid(file: file, problems: problems.sorted { $0.line < $1.line }) }
    }

    /// The arguments the file stands for, limited to what `command` knows.
    func arguments(for command: [Option]) -> [String] {
        let names = Set(command.map(\.name))
        return entries.filter { names.contains($0.option.name) }.flatMap { entry -> [String] in
            if entry.option.isFlag { return Self.boolean(entry.values[0]) == true ? ["--" + entry.option.name] : [] }
            // A list becomes the comma-separated value the flag takes.
            return ["--" + entry.option.name, entry.values.joined(separator: ",")]
        }
    }

    /// `SESAME_PUBLIC_URL=…` for `--public-url`, `SESAME_DEMO=true` for `--demo`.
    static func environmentArguments(for command: [Option], environment: [String: String]) -> [String] {
        command.flatMap { option -> [String] in
            guard let value = environment["SESAME_" + option.name.uppercased().replacingOccurrences(of: "-", with: "_")] else { return [] }
            if option.isFlag { return boolean(value) == true ? ["--" + option.name] : [] }
            return ["--" + option.name, value]
        }
    }

    /// The line a key is on, to name it when a check of the values fails.
    func line(mentioning message: String) -> Int? {
        entries.first { message.contains("--" + $0.option.name) }?.line
    }

    static func expand(_ raw: String, line: Int, environment: [String: String]) throws(Problem) -> String {
        var result = "", rest = Substring(raw)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { throw Problem(line: line, message: "« ${ » sans « } ».") }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else { throw Problem(line: line, message: "la variable d'environnement \(name) n'est pas définie.") }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "oui", "1", "on": true
        case "false", "no", "non", "0", "off": false
        default: nil
        }
    }

    static func line(of error: any Error) -> Int {
        (error as? YamlError).flatMap { if case .scanner(_, _, let mark, _) = $0 { mark.line } else if case .parser(_, _, let mark, _) = $0 { mark.line } else { nil } } ?? 1
    }

    /// A key one or two letters away from a known one.
    static func closest(to key: String, in names: [String]) -> String? {
        names.map { ($0, distance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        // One row of the edit-distance table at a time.
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
