import ArgumentParser
import JourneyMap

@main
struct JourneyMapCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journeymap",
    abstract: "Turn .journey files into journey maps and silo diagrams.",
    version: "0.1.0",
    subcommands: [Check.self, Fmt.self, Render.self, ImportCommand.self, ExportCommand.self, LayoutWorkerCommand.self],
    defaultSubcommand: nil
  )
}
