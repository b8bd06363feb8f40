import ArgumentParser
import Foundation

/// Where `--config FILE` is read: the file becomes arguments placed before
/// the environment's and the command line's, for whichever command runs.
enum ConfigLoading {
    static func expand(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var path: [String] = [], command: any ParsableCommand.Type = Sesame.self
        var rest = arguments[...]
        while let word = rest.first, let sub = command.configuration.subcommands.first(where: { $0._commandName == word }) {
            path.append(word); command = sub; rest = rest.dropFirst()
        }
        guard command != Sesame.self else { return arguments }
        var remaining: [String] = [], file: String?
        var iterator = rest.makeIterator()
        while let word = iterator.next() {
            if word == "--config" { file = iterator.next() } else if word.hasPrefix("--config=") { file = String(word.dropFirst(9)) } else { remaining.append(word) }
        }
        let known = ConfigFile.options(of: command)
        var fromFile: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Fichier de configuration illisible : \(file)") }
            do {
                fromFile = try ConfigFile(yaml: String(decoding: data, as: UTF8.self), file: file, known: ConfigFile.options(of: Serve.self),
                                          environment: environment).arguments(for: known)
            } catch { throw ValidationError(error.description) }
        }
        return path + fromFile + ConfigFile.environmentArguments(for: known, environment: environment) + remaining
    }
}

/// `sesame config check FILE`: the file read as `serve` would, every problem
/// said in French with its line, nothing started.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check a configuration file.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a configuration file as `sesame serve --config` would and say what is wrong.")
        @Argument(help: "The YAML file.") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Fichier illisible : \(file)") }
            let config: ConfigFile
            do {
                config = try ConfigFile(yaml: String(decoding: data, as: UTF8.self), file: file, known: ConfigFile.options(of: Serve.self),
                                        environment: ProcessInfo.processInfo.environment)
            } catch { throw ValidationError(error.description) }
            do {
                _ = try Serve.parse(config.arguments(for: ConfigFile.options(of: Serve.self)))
            } catch {
                let message = Serve.message(for: error)
                let line = config.line(mentioning: message).map { "ligne \($0) : " } ?? ""
                throw ValidationError("\(file) :\n  \(line)\(message)")
            }
            print("\(file) : configuration valide (\(config.entries.count) option\(config.entries.count > 1 ? "s" : "")).")
        }
    }
}
