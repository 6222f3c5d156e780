import Foundation
import Testing
@testable import journeymap

/// `check --format github|sarif` and `--color` as a user runs them.
@Suite struct CheckFormatCommandTests {
  let cli = CheckCommandTests()
  static let escape = "\u{1B}["

  @Test func githubAnnotationsOnStandardOutput() throws {
    let dir = try cli.directory(["maps/b.journey": CheckCommandTests.broken])
    let result = try cli.run(["check", "--format", "github"], in: dir)
    #expect(result.status == 1)
    #expect(result.stdout == """
      ::error file=maps/b.journey,line=5,col=26,endLine=5,endColumn=32,title=JM204::\
      unknown owner 'servcie'%0Ahint: did you mean 'service'?

      """)
    #expect(result.stderr == "1 error, 0 warnings in 1 file\n")
  }

  @Test func sarifOnStandardOutput() throws {
    let dir = try cli.directory(["maps/b.journey": CheckCommandTests.broken])
    let result = try cli.run(["check", "--format", "sarif"], in: dir)
    #expect(result.status == 1)
    let log = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let results = (log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]
    #expect(results?.map { $0["ruleId"] as? String } == ["JM204"])
  }

  @Test func colourOnlyWhenForcedOrOnATerminal() throws {
    let dir = try cli.directory(["maps/b.journey": CheckCommandTests.broken])
    #expect(try cli.run(["check"], in: dir).stdout.contains(Self.escape) == false)
    #expect(try cli.run(["check", "--color", "never"], in: dir).stdout.contains(Self.escape) == false)
    let forced = try cli.run(["check", "--color", "always"], in: dir).stdout
    #expect(forced.hasPrefix("\u{1B}[1mmaps/b.journey:5:26:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m"))
    // Never in the forms for tools.
    #expect(try cli.run(["check", "--color", "always", "--format", "json"], in: dir).stdout
              .contains(Self.escape) == false)
  }

  @Test func autoColourFollowsTheTerminalNoColorAndTerm() {
    #expect(Check.colors(.auto, environment: [:], terminal: true))
    #expect(!Check.colors(.auto, environment: [:], terminal: false))
    #expect(!Check.colors(.auto, environment: ["NO_COLOR": "1"], terminal: true))
    #expect(Check.colors(.auto, environment: ["NO_COLOR": ""], terminal: true))
    #expect(!Check.colors(.auto, environment: ["TERM": "dumb"], terminal: true))
    #expect(Check.colors(.always, environment: ["NO_COLOR": "1", "TERM": "dumb"], terminal: false))
    #expect(!Check.colors(.never, environment: [:], terminal: true))
  }
}
