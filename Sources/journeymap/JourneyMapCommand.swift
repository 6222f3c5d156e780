import ArgumentParser
import Foundation
import JourneyMap

@main
struct JourneyMapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journeymap",
    abstract: "Turn .journey files into journey maps and silo diagrams.",
    version: "0.1.0",
    subcommands: [Check.self, Fmt.self, Render.self, DiffCommand.self, MarkdownCommand.self, ImportCommand.self, ExportCommand.self, LayoutWorkerCommand.self],
    defaultSubcommand: nil
  )

  /// ArgumentParser's own `main`, but its messages quote what the user typed ("the value
  /// '…' is invalid"): they go through `TerminalText` too, line by line, so that an escape
  /// sequence given as an argument cannot reach the terminal raw.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        let shown = message.split(separator: "\n", omittingEmptySubsequences: false)
          .map { TerminalText.escaped(String($0)) }.joined(separator: "\n")
        (code == .success ? FileHandle.standardOutput : FileHandle.standardError)
          .write(Data((shown + (shown.hasSuffix("\n") ? "" : "\n")).utf8))
      }
      Foundation.exit(code.rawValue)
    }
  }
}
