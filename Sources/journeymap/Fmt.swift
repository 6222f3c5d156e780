import ArgumentParser
import Foundation
import JourneyMap

/// `journeymap fmt`: rewrites maps in the canonical layout, or lists those that differ.
struct Fmt: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write maps in the canonical layout, keeping every comment.",
    discussion: """
      A map with errors is reported as check reports it and left alone. Files rewritten \
      (with --check: files that would change) are listed on standard output. Exit status: 0 \
      when done (with --check: nothing would change), 1 when a map has errors, cannot be \
      read or written, or (with --check) would change, 64 for bad usage.
      """)

  /// The name standard input goes by, in diagnostics.
  static let stdinName = "<stdin>"

  @Argument(help: """
      Files or directories (every *.journey below); '-' reads standard input and writes \
      standard output. Default: maps/
      """)
  var paths: [String] = []

  @Flag(help: "Change nothing: list the files that are not canonical, and exit 1 if any.")
  var check = false

  func run() throws {
    // A rewrite interrupted by Ctrl-C or SIGTERM leaves no temporary file beside the map.
    Interruption.cleanUpOnSignals()
    var failed = false
    let mapPaths = paths.filter { $0 != "-" }
    if paths.contains("-") {
      failed = !formatStandardInput() || failed
    }
    if !mapPaths.isEmpty || paths.isEmpty {
      let inputs = MapFiles.resolve(mapPaths.isEmpty ? [MapFiles.defaultDirectory] : mapPaths)
      failed = !inputs.problems.isEmpty || failed
      for file in inputs.files { failed = !format(file) || failed }
    }
    if failed { throw ExitCode.failure }
  }

  /// Formats one file in place; false when it has errors, fails, or (with --check) differs.
  private func format(_ path: String) -> Bool {
    guard let bytes = MapFiles.loaded(path) else { return false }
    guard let formatted = formatted(bytes, file: path) else { return false }
    if formatted == bytes { return true }
    if check {
      print(TerminalText.escaped(path))
      return false
    }
    do {
      try AtomicFile.replace(formatted, at: path)
    } catch {
      MapFiles.report(error)
      return false
    }
    print(TerminalText.escaped(path))
    return true
  }

  /// Standard input to standard output (with --check, only the verdict).
  private func formatStandardInput() -> Bool {
    let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
    guard let formatted = formatted(bytes, file: Self.stdinName) else { return false }
    if check {
      if formatted == bytes { return true }
      print(Self.stdinName)
      return false
    }
    FileHandle.standardOutput.write(Data(formatted))
    return true
  }

  /// The canonical bytes, or nil after reporting the map's diagnostics as check does.
  private func formatted(_ bytes: [UInt8], file: String) -> [UInt8]? {
    let result = JourneyFormatter.format(bytes, file: file)
    guard let formatted = result.formatted else {
      let report = DiagnosticFormatter(file: file, source: bytes).text(result.checked.diagnostics)
      FileHandle.standardError.write(Data(report.utf8))
      return nil
    }
    return formatted
  }
}
