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
    commandName: "export",
    abstract: "Write a map in another diagram language, or its hand-offs as a table.",
    subcommands: [ExportMermaid.self, ExportHandoffs.self])
}

/// Where a converted file goes: standard output, or a file replaced atomically.
struct ConvertedOutput: ParsableArguments {
  @Option(name: .shortAndLong, help: "Write this file (atomically) instead of standard output.")
  var output: String?

  /// Reads `file`, converts it, reports the diagnostics on standard error as `check` does,
  /// and writes the result; exit 1 when there is none.
  func convert(_ file: String, _ conversion: ([UInt8]) -> (text: String?, diagnostics: [Diagnostic]))
    throws
  {
    guard let bytes = MapFiles.loaded(file) else { throw ExitCode.failure }
    let result = conversion(bytes)
    let report = DiagnosticFormatter(file: file, source: bytes).text(result.diagnostics)
    FileHandle.standardError.write(Data(report.utf8))
    guard let text = result.text else { throw ExitCode.failure }
    try write(text)
  }

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
    try output.convert(file) { bytes in
      let result = MermaidImport.convert(bytes, file: file)
      return (result.journey, result.diagnostics)
    }
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
    try output.convert(file) { bytes in
      let checked = JourneyChecker.check(bytes, file: file)
      return (checked.hasErrors ? nil : MermaidExport.export(checked.journey), checked.diagnostics)
    }
  }
}

/// `journeymap export handoffs`: the hand-offs between owners as a table, numbered as on both
/// pictures, for the people who turn them into actions.
struct ExportHandoffs: ParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

  static let configuration = CommandConfiguration(
    commandName: "handoffs",
    abstract: "Write the hand-offs between owners as CSV or JSON.",
    discussion: """
      One row per hand-off and owner pair: number (H1, H2, ... as on the pictures), \
      from_owners, to_owners, from_step, to_step (step keys), to_label, stage, loop. A map \
      with errors is reported as check reports it and nothing is written. Exit status: 0 \
      written, 1 the map has errors or cannot be read or written, 64 bad usage.
      """)

  @Argument(help: "The map (.journey).")
  var file: String

  @Option(help: "csv (RFC 4180, a header line) or json (version 1).")
  var format: Format = .csv

  @OptionGroup var output: ConvertedOutput

  func run() throws {
    try output.convert(file) { bytes in
      let checked = JourneyChecker.check(bytes, file: file)
      guard !checked.hasErrors else { return (nil, checked.diagnostics) }
      let text = format == .csv ? HandoffTable.csv(checked) : HandoffTable.json(checked)
      return (text, checked.diagnostics)
    }
  }
}
