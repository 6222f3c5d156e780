import ArgumentParser
import Foundation
import JourneyMap

/// `journeymap import`: other diagram languages in, `.journey` out.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Write a map from another diagram language.",
    subcommands: [ImportMermaid.self])
}

/// `journeymap export`: a map out in another diagram language.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write a map in another diagram language.",
    subcommands: [ExportMermaid.self])
}

/// Where a converted file goes: standard output, or a file replaced atomically.
struct ConvertedOutput: ParsableArguments {
  @Option(name: .shortAndLong, help: "Write this file (atomically) instead of standard output.")
  var output: String?

  func write(_ text: String) throws {
    guard let output else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    do {
      try AtomicFile.write(Array(text.utf8), to: output)
    } catch {
      MapFiles.report(error)
      throw ExitCode.failure
    }
  }

  /// The bytes of `path`, or exit 1 after saying why not.
  static func read(_ path: String) throws -> [UInt8] {
    do {
      return try MapFiles.contents(of: path)
    } catch {
      MapFiles.report(error)
      throw ExitCode.failure
    }
  }
}

struct ImportMermaid: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mermaid", abstract: "Write a map from a Mermaid user journey (journey).",
    discussion: """
      Sections become stages, tasks touchpoints, scores 1 to 5 feelings -2 to +2 (others are \
      clamped, with a warning), actors owners. Exit status: 0 written, 1 the file has errors \
      or cannot be read or written, 64 bad usage.
      """)

  @Argument(help: "The Mermaid file (.mmd).")
  var file: String

  @OptionGroup var output: ConvertedOutput

  func run() throws {
    let bytes = try ConvertedOutput.read(file)
    let result = MermaidImport.convert(bytes, file: file)
    let report = DiagnosticFormatter(file: file, source: bytes).text(result.diagnostics)
    FileHandle.standardError.write(Data(report.utf8))
    guard let journey = result.journey else { throw ExitCode.failure }
    try output.write(journey)
  }
}

struct ExportMermaid: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mermaid", abstract: "Write a map as a Mermaid user journey (journey).",
    discussion: """
      A map with errors is reported as check reports it and nothing is written. Exit status: \
      0 written, 1 the map has errors or cannot be read or written, 64 bad usage.
      """)

  @Argument(help: "The map (.journey).")
  var file: String

  @OptionGroup var output: ConvertedOutput

  func run() throws {
    let bytes = try ConvertedOutput.read(file)
    let checked = JourneyChecker.check(bytes, file: file)
    let report = DiagnosticFormatter(file: file, source: bytes).text(checked.diagnostics)
    FileHandle.standardError.write(Data(report.utf8))
    if checked.hasErrors { throw ExitCode.failure }
    try output.write(MermaidExport.export(checked.journey))
  }
}
