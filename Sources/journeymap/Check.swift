import ArgumentParser
import Foundation
import JourneyMap

/// `journeymap check`: reads maps, prints every problem as compilers do, sets the exit code.
///
/// Map diagnostics go to stdout (text or JSON); problems with the paths themselves and the
/// closing summary go to stderr, so that `--format json` output is always a clean array.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check maps and report every problem, as compilers do.",
    discussion: """
      Exit status: 0 when clean (warnings allowed unless --strict), 1 when any map has an \
      error or a path cannot be read, 64 for bad usage.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, sarif
  }

  enum Color: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
  }

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  @Flag(help: "Fail on warnings too.")
  var strict = false

  @Option(help: """
      Output format: text (as compilers write it), json, github (GitHub Actions \
      annotations) or sarif (SARIF 2.1.0).
      """)
  var format: Format = .text

  @Option(help: """
      Colour in text output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), \
      always or never.
      """)
  var color: Color = .auto

  func run() throws {
    let inputs = MapFiles.resolve(paths.isEmpty ? [MapFiles.defaultDirectory] : paths)
    var errors = inputs.problems.count
    var warnings = 0
    var reports: [(file: String, diagnostics: [Diagnostic])] = []
    var out = ""
    let color = format == .text && Self.colors(color, environment: ProcessInfo.processInfo.environment,
                                              terminal: isatty(STDOUT_FILENO) == 1)
    var files = 0
    for file in inputs.files {
      let bytes: [UInt8]
      do {
        bytes = try MapFiles.contents(of: file)
      } catch {
        errors += 1
        MapFiles.report(error)
        continue
      }
      files += 1
      let checked = JourneyChecker.check(bytes, file: file)
      errors += checked.diagnostics.filter { $0.severity == .error }.count
      warnings += checked.diagnostics.filter { $0.severity == .warning }.count
      switch format {
      case .text:
        out += DiagnosticFormatter(file: file, source: bytes).text(checked.diagnostics,
                                                                   color: color)
      case .json, .github:
        reports.append((file, checked.diagnostics))
      case .sarif:
        let formatter = DiagnosticFormatter(file: file, source: bytes)
        reports.append((file, checked.diagnostics.map(formatter.inCodePoints)))
      }
    }
    switch format {
    case .text: break
    case .json: out = DiagnosticFormatter.json(reports)
    case .github: out = DiagnosticFormatter.github(reports)
    case .sarif:
      out = DiagnosticFormatter.sarif(
        reports, toolVersion: JourneyMapCommand.configuration.version)
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    FileHandle.standardError.write(Data((Self.summary(errors, warnings, files) + "\n").utf8))
    if errors > 0 || (strict && warnings > 0) { throw ExitCode.failure }
  }

  /// Whether text output is coloured: `always` and `never` as said; `auto` on a terminal
  /// unless NO_COLOR is set to something (no-color.org) or TERM is dumb.
  static func colors(_ choice: Color, environment: [String: String], terminal: Bool) -> Bool {
    switch choice {
    case .always: true
    case .never: false
    case .auto:
      terminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }
  }

  /// "2 errors, 1 warning in 3 files", or "no problems in 3 files".
  static func summary(_ errors: Int, _ warnings: Int, _ files: Int) -> String {
    func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    let place = "in \(count(files, "file"))"
    if errors == 0, warnings == 0 { return "no problems \(place)" }
    return "\(count(errors, "error")), \(count(warnings, "warning")) \(place)"
  }
}
