import ArgumentParser
import JourneyMap

struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render maps as journey maps and silo diagrams.")

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  func run() throws {}
}
