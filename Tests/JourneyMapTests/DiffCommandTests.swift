import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `journeymap diff` as a user runs it: two files, or revisions of a git repository.
@Suite struct DiffCommandTests {
  let cli = CheckCommandTests()
  static let map = DiffTests.base
  static let changed = DiffTests.base.replacingOccurrences(of: "feel -2", with: "feel -1")

  /// Runs git in `dir`, failing the test when it fails.
  func git(_ arguments: [String], in dir: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
      + arguments
    process.currentDirectoryURL = dir
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
  }

  func write(_ text: String, _ path: String, in dir: URL) throws {
    try Data(text.utf8).write(to: dir.appendingPathComponent(path))
  }

  @Test func twoFilesTheSameJourneyReformattedExitZero() throws {
    let reformatted = Self.map.replacingOccurrences(of: "  touchpoint", with: "touchpoint")
      + "# a new comment\n"
    let dir = try cli.directory(["old.journey": Self.map, "new.journey": reformatted])
    let result = try cli.run(["diff", "old.journey", "new.journey"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "old.journey → new.journey: the journey is the same\n")
    #expect(result.stderr == "")
  }

  @Test func twoFilesThatDifferExitOneAndListTheChanges() throws {
    let dir = try cli.directory(["old.journey": Self.map, "new.journey": Self.changed])
    let result = try cli.run(["diff", "old.journey", "new.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stdout == """
      old.journey → new.journey: 1 step changed
        ~ step ask.calls-the-hotline “Calls the hotline”
            feeling: −2 → −1

      """)
    let md = try cli.run(["diff", "old.journey", "new.journey", "--format", "md"], in: dir)
    #expect(md.status == 1)
    #expect(md.stdout.hasPrefix("### `old.journey → new.journey`\n\n1 step changed\n"))
    let json = try cli.run(["diff", "old.journey", "new.journey", "--format", "json"], in: dir)
    #expect(json.status == 1)
    #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
  }

  @Test func devNullIsAnEmptyMapAsGitDifftoolNamesANewFile() throws {
    let dir = try cli.directory(["new.journey": Self.map])
    let result = try cli.run(["diff", "/dev/null", "new.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stdout.contains("+ step visit “Technician visits” in stage “Get it fixed”"))
  }

  @Test func aMapWithErrorsIsReportedWhereItIsAndExitsTwo() throws {
    let broken = Self.map + "  touchpoint t \"T\" owner servcie\n"
    let dir = try cli.directory(["old.journey": Self.map, "new.journey": broken])
    let result = try cli.run(["diff", "old.journey", "new.journey"], in: dir)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("new.journey:11:26: error: unknown owner 'servcie'"))
    let missing = try cli.run(["diff", "old.journey", "gone.journey", "x"], in: dir)
    #expect(missing.status == 64)
  }

  @Test func revisionsAreReadThroughGit() throws {
    let dir = try cli.directory(["maps/help.journey": Self.map, "maps/other.journey": Self.map])
    try git(["init", "-q"], in: dir)
    try git(["add", "."], in: dir)
    try git(["commit", "-q", "-m", "first"], in: dir)
    // Reformatted only: git sees a change, the journey is the same.
    try write(Self.map.replacingOccurrences(of: "  touchpoint", with: "touchpoint"),
              "maps/other.journey", in: dir)
    let reformatted = try cli.run(["diff"], in: dir)
    #expect(reformatted.status == 0)
    #expect(reformatted.stdout == "HEAD:maps/other.journey → maps/other.journey: the journey is the same\n")

    try write(Self.changed, "maps/help.journey", in: dir)
    let working = try cli.run(["diff", "maps"], in: dir)
    #expect(working.status == 1)
    #expect(working.stdout.hasPrefix(
      "HEAD:maps/help.journey → maps/help.journey: 1 step changed\n"))
    try write(Self.changed.replacingOccurrences(of: "feel +2", with: "feel +1"),
              "maps/other.journey", in: dir)
    let pictures = try cli.run(["diff", "maps", "--svg", "one.svg"], in: dir)
    #expect(pictures.status == 2)
    #expect(pictures.stderr.contains("2 maps changed, and one file holds one picture"))
    let folder = try cli.run(["diff", "maps", "--svg", "pictures"], in: dir)
    #expect(folder.status == 1)
    #expect(folder.stderr == "pictures/help.diff.svg\npictures/other.diff.svg\n")
    try git(["commit", "-q", "-am", "second"], in: dir)
    #expect(try cli.run(["diff"], in: dir).status == 0)
    let nothing = try cli.run(["diff", "--format", "md"], in: dir)
    #expect(nothing.status == 0 && nothing.stdout == "No journey changed.\n")
    let between = try cli.run(["diff", "HEAD~1", "HEAD", "maps/help.journey"], in: dir)
    #expect(between.status == 1)
    #expect(between.stdout.hasPrefix(
      "HEAD~1:maps/help.journey → HEAD:maps/help.journey: 1 step changed\n"))
    let since = try cli.run(["diff", "HEAD~1"], in: dir)
    #expect(since.status == 1)

    let unknown = try cli.run(["diff", "nosuch"], in: dir)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("unknown revision 'nosuch'"))
    let three = try cli.run(["diff", "a", "b", "c"], in: dir)
    #expect(three.status == 64)
  }

  /// README's example of `journeymap diff` is what the command prints for this change.
  @Test func theReadmeExampleIsTrue() throws {
    let old = """
      journey "Help"
      owner service "Customer Service"
      owner field "Field Technicians"
      stage ask "Ask for help"
        touchpoint "Calls the hotline" owner service channel phone feel -2
      stage fix "Get it fixed"
        outcome "Fridge cold again" feel +2

      """
    let new = old.replacingOccurrences(
      of: "feel -2\n", with: "feel -1\n    opportunity \"Offer a call-back\"\n"
    ).replacingOccurrences(
      of: "  outcome", with: "  touchpoint visit \"Technician visits\" owner field feel +2\n  outcome")
    let dir = try cli.directory(["maps/help.journey": old])
    try git(["init", "-q"], in: dir)
    try git(["add", "."], in: dir)
    try git(["commit", "-q", "-m", "first"], in: dir)
    try write(new, "maps/help.journey", in: dir)
    let result = try cli.run(["diff"], in: dir)
    #expect(result.status == 1)
    let readme = try String(contentsOf: GoldenFile.root.appendingPathComponent("README.md"),
                            encoding: .utf8)
    #expect(result.stdout.hasPrefix("HEAD:maps/help.journey → maps/help.journey: 1 step added"))
    #expect(readme.contains("```\n" + result.stdout + "```\n"), "\(result.stdout)")
  }

  @Test func outsideARepositoryGitsMessageIsShown() throws {
    let dir = try cli.directory(["maps/help.journey": Self.map])
    let result = try cli.run(["diff"], in: dir)
    #expect(result.status == 2)
    #expect(result.stderr.contains("not a git repository"))
  }

  @Test func thePictureMarksWhatChangedInWordsAndShowsGhosts() throws {
    let new = Self.changed.replacingOccurrences(
      of: "  touchpoint \"Sends a photo\" owner service feel -1\n",
      with: "  touchpoint \"Reads the FAQ\" owner service channel web\n")
    let dir = try cli.directory(["old.journey": Self.map, "new.journey": new])
    let result = try cli.run(["diff", "old.journey", "new.journey", "--svg", "change.svg"],
                             in: dir)
    #expect(result.status == 1)
    #expect(result.stderr == "change.svg\n")
    #expect(result.stdout.hasPrefix("old.journey → new.journey: 1 step added"))
    let text = try String(contentsOf: dir.appendingPathComponent("change.svg"), encoding: .utf8)
    let svg = ParsedSVG(text)
    #expect(svg.parsed)
    func group(_ id: String) -> (classes: [String], texts: [String])? {
      guard let index = svg.elements.firstIndex(where: { $0.attributes["id"] == id }) else {
        return nil
      }
      let depth = svg.elements[index].depth
      let inside = svg.elements[(index + 1)...].prefix { $0.depth > depth }
      return ((svg.elements[index].attributes["class"] ?? "").split(separator: " ").map(String.init),
              inside.filter { $0.name == "text" }.map(\.text))
    }
    let added = try #require(group("step-ask.reads-the-faq"))
    #expect(added.classes.contains("added"))
    #expect(added.texts.contains("+ added"))
    let changed = try #require(group("step-ask.calls-the-hotline"))
    #expect(changed.classes.contains("changed"))
    #expect(changed.texts.contains("Δ changed: feeling"))
    let ghost = try #require(group("removed-step-ask.sends-a-photo"))
    #expect(ghost.classes.contains("ghost") && ghost.classes.contains("removed"))
    #expect(ghost.texts == ["− removed", "Sends a photo"])
    // Unchanged parts are drawn as render draws them.
    let unchanged = try #require(group("step-visit"))
    #expect(!unchanged.classes.contains("changed") && !unchanged.classes.contains("added"))
    #expect(svg.topLevel.first?.text == "Help: journey map (changes since old.journey)")
  }

  @Test func aRemovedStageIsAGhostStageInItsPlace() throws {
    let old = """
      journey "Help"
      owner o "O"
      stage a "A"
        touchpoint "First" owner o feel 1
      stage b "B"
        touchpoint "Gone" owner o feel -1
        touchpoint "Gone too" owner o
      stage c "C"
        touchpoint "Last" owner o feel 2

      """
    let new = """
      journey "Help"
      owner o "O"
      stage a "A"
        touchpoint "First" owner o feel 1
      stage c "C"
        touchpoint "Last" owner o feel 2

      """
    let dir = try cli.directory(["old.journey": old, "new.journey": new])
    let result = try cli.run(["diff", "old.journey", "new.journey", "--svg", "d.svg"], in: dir)
    #expect(result.status == 1)
    let svg = ParsedSVG(try String(contentsOf: dir.appendingPathComponent("d.svg"),
                                   encoding: .utf8))
    let ghosts = svg.elements.filter { ($0.attributes["class"] ?? "").contains("ghost") }
      .compactMap { $0.attributes["id"] }
    #expect(ghosts == ["stage-removed-2", "removed-step-b.gone", "removed-step-b.gone-too"])
    // Left to right: A's card, the ghosts, C's card.
    func x(_ id: String) -> Double? {
      guard let g = svg.elements.firstIndex(where: { $0.attributes["id"] == id }) else {
        return nil
      }
      return svg.elements[(g + 1)...].first { $0.name == "text" }
        .flatMap { $0.attributes["x"] }.flatMap(Double.init)
    }
    let xs = ["step-a.first", "removed-step-b.gone", "removed-step-b.gone-too", "step-c.last"]
      .map(x)
    #expect(xs.allSatisfy { $0 != nil })
    #expect(xs.compactMap { $0 } == xs.compactMap { $0 }.sorted())
  }
}
