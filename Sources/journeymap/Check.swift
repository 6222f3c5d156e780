import ArgumentParser
import JourneyMap

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check maps and report every problem, as compilers do.")

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  func run() throws {}
}
