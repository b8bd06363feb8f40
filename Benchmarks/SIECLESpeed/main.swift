// Parse speed and peak memory of the SIECLE module on generated exports.
//
//   SIECLESpeed                 generates both data sets with generate_fixtures.py
//   SIECLESpeed --dir DIR       uses DIR/establishment/{ElevesSansAdresses,ResponsablesAvecAdresses}.xml
//                               and DIR/academie/ElevesSansAdresses.xml (generating what is missing)
//
// Run it in release mode: swift run -c release SIECLESpeed
import Foundation
import SIECLE

func peakRSSKB() -> Int { procStatus("VmHWM") }
func procStatus(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}
/// Resets VmHWM to the current RSS, so each phase gets its own peak.
func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

func generate(into dir: URL, pupils: Int, guardians: Int) throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/SIECLETests/generate_fixtures.py").standardized
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "large", dir.path, "--pupils", "\(pupils)",
                         "--guardians", "\(guardians)", "--zip"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fatalError("generate_fixtures.py failed") }
}

func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    resetPeak()
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let padded = label + String(repeating: " ", count: max(0, 58 - label.count))
    print(padded + String(format: " %7.3f s   peak RSS %4d MiB", seconds, peakRSSKB() / 1024))
    return value
}

var root: URL
if let index = CommandLine.arguments.firstIndex(of: "--dir"), index + 1 < CommandLine.arguments.count {
    root = URL(fileURLWithPath: CommandLine.arguments[index + 1])
} else {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("siecle-speed-\(getpid())")
}
let establishment = root.appendingPathComponent("establishment")
let academie = root.appendingPathComponent("academie")
let fm = FileManager.default
if !fm.fileExists(atPath: establishment.appendingPathComponent("ElevesSansAdresses.xml").path) {
    try measure("generate 2,000 pupils + 3,500 guardians (python)") {
        try generate(into: establishment, pupils: 2000, guardians: 3500)
    }
}
if !fm.fileExists(atPath: academie.appendingPathComponent("ElevesSansAdresses.xml").path) {
    try measure("generate 100,000 pupils (python)") { try generate(into: academie, pupils: 100_000, guardians: 0) }
}
func mib(_ url: URL) -> String {
    let size = (try? fm.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return String(format: "%.1f MiB", Double(size) / 1_048_576)
}
print("files: establishment \(mib(establishment.appendingPathComponent("ElevesSansAdresses.xml"))) + "
      + "\(mib(establishment.appendingPathComponent("ResponsablesAvecAdresses.xml"))) (zip \(mib(establishment.appendingPathComponent("export.zip")))), "
      + "académie \(mib(academie.appendingPathComponent("ElevesSansAdresses.xml"))) (zip \(mib(academie.appendingPathComponent("export.zip"))))")
print("baseline RSS \(procStatus("VmRSS") / 1024) MiB")

let plainFiles = [establishment.appendingPathComponent("ElevesSansAdresses.xml"),
                  establishment.appendingPathComponent("ResponsablesAvecAdresses.xml")]
let result = try measure("establishment 2,000+3,500: parse + validate (plain XML)") {
    try SIECLEParser.parseFiles(plainFiles)
}
precondition(result.pupils?.pupils.count == 2000 && result.guardians?.persons.count == 3500)
let zipped = try measure("establishment 2,000+3,500: parse + validate (export.zip)") {
    try SIECLEParser.parseFiles([establishment.appendingPathComponent("export.zip")])
}
precondition(zipped.pupils == result.pupils && zipped.guardians == result.guardians)

let academieFile = academie.appendingPathComponent("ElevesSansAdresses.xml")
let streamed = try measure("académie 100,000: stream + validate (plain XML)") {
    var count = 0
    var validator = SIECLEValidator()
    for document in try SIECLEFile.detect(academieFile) {
        try SIECLEParser.forEachPupilsEvent(document) { event in
            if case let .pupil(pupil) = event { count += 1; validator.add(pupil) }
        }
    }
    _ = validator.report()
    return count
}
precondition(streamed == 100_000)
let streamedZip = try measure("académie 100,000: stream only (export.zip)") {
    var count = 0
    for document in try SIECLEFile.detect(academie.appendingPathComponent("export.zip")) {
        try SIECLEParser.forEachPupilsEvent(document) { event in
            if case .pupil = event { count += 1 }
        }
    }
    return count
}
precondition(streamedZip == 100_000)
let whole = try measure("académie 100,000: whole export in memory (readPupils)") {
    try SIECLEParser.readPupils(at: academieFile)
}
precondition(whole.pupils.count == 100_000 && whole.pupils.allSatisfy { $0.division != nil })

if !CommandLine.arguments.contains("--dir") { try? fm.removeItem(at: root) }
