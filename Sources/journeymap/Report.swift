import ArgumentParser
import Foundation
import JourneyMap

/// `journeymap report`: the workshop's agenda, what is still open per stage, in flow order.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the workshop agenda: what each stage still has to resolve.",
    discussion: """
      Per stage, in flow order: open questions, disputed and assumed elements, proposed \
      steps, steps with no owner or several, pains without an opportunity, what is not \
      measured, decisions nobody decides, hand-offs between owners, and the share of \
      elements validated or observed. A map with errors is reported as check reports it \
      and left out. Exit status: 0 done, 1 a map has errors or cannot be read or written, \
      64 bad usage.
      """)

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  @Option(help: "md (Markdown), html (a printable A4 sheet) or json (README: the schema).")
  var format: AgendaFormat = .md

  @Option(name: [.customShort("o"), .customLong("output")],
          help: ArgumentHelp("Write the agenda to this file (atomically) instead of standard "
                               + "output.", valueName: "file"))
  var output: String?

  func run() throws {
    Interruption.cleanUpOnSignals()
    let inputs = MapFiles.resolve(paths.isEmpty ? [MapFiles.defaultDirectory] : paths)
    var failed = !inputs.problems.isEmpty
    var agendas: [Agenda] = []
    for file in inputs.files {
      guard let bytes = MapFiles.loaded(file) else {
        failed = true
        continue
      }
      let checked = JourneyChecker.check(bytes, file: file)
      if checked.hasErrors {
        let report = DiagnosticFormatter(file: file, source: bytes).text(checked.diagnostics)
        FileHandle.standardError.write(Data(report.utf8))
        failed = true
        continue
      }
      agendas.append(Agenda(checked))
    }
    let text = format.text(agendas)
    if let output {
      do {
        try AtomicFile.write(Array(text.utf8), to: output)
      } catch {
        FileHandle.standardError.write(Data("\(TerminalText.escaped(output)): error: \(error)\n".utf8))
        throw ExitCode.failure
      }
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
    if failed { throw ExitCode.failure }
  }
}

extension AgendaFormat: ExpressibleByArgument {}
