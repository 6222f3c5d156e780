import Foundation
import JourneyMap
import Testing

/// `journeymap render` run as the built binary: files written, messages, exit codes.
@Suite struct RenderTests {
  /// A directory with maps/ holding two maps, as a project checkout has.
  func project(
    _ maps: [String: String] = ["help": "journey \"Help\"\n", "buy": "journey \"Buy\"\n"]
  ) throws -> URL {
    try projectDirectory(maps)
  }

  func contents(_ root: URL, _ path: String) -> String? {
    FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
      .map { String(decoding: $0, as: UTF8.self) }
  }

  func files(_ root: URL, _ directory: String) -> [String] {
    let path = root.appendingPathComponent(directory).path
    return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  @Test func withoutArgumentsEveryMapInMapsIsRenderedIntoOutput() throws {
    let root = try project()
    let result = try Binary.run(["render"], in: root)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == """
      output/buy.journey.svg
      output/buy.silo.svg
      output/help.journey.svg
      output/help.silo.svg

      """)
    let svg = ParsedSVG(contents(root, "output/help.journey.svg") ?? "")
    #expect(svg.parsed)
    let checked = JourneyChecker.check(Array("journey \"Help\"\n".utf8), file: "maps/help.journey")
    #expect(svg.topLevel.first?.text == MapView.journey.title(checked.journey))
    #expect(svg.topLevel.dropFirst().first?.text == MapView.journey.summary(checked))
  }

  @Test func renderingTwiceGivesTheSameBytes() throws {
    let root = try project()
    _ = try Binary.run(["render"], in: root)
    let first = files(root, "output").map { contents(root, "output/\($0)") }
    _ = try Binary.run(["render", "maps/help.journey", "maps/buy.journey"], in: root)
    let second = files(root, "output").map { contents(root, "output/\($0)") }
    #expect(first == second)
  }

  /// `check` accepts every Unicode character in a label; XML forbids U+FFFE and U+FFFF, so
  /// they are drawn as U+FFFD instead of making Graphviz reject the label.
  @Test func noncharactersInALabelStillRender() throws {
    let root = try project(["odd": """
      journey "Odd \u{FFFF} title"
      owner o "Owner \u{FFFE}"
      stage s "S"
        touchpoint t "Label \u{FFFF} here" owner o

      """])
    let result = try Binary.run(["render"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let svg = contents(root, "output/odd.journey.svg") ?? ""
    #expect(ParsedSVG(svg).parsed)
    #expect(svg.contains("Label \u{FFFD} here"))
    #expect(!svg.contains("\u{FFFF}"))
  }

  @Test func aLongFileNameThatFitsAlsoFitsItsTemporaryFile() throws {
    let name = String(repeating: "n", count: 230)  // NAME.journey.svg is 246 bytes of 255
    let root = try project([name: "journey \"Long\"\n"])
    let result = try Binary.run(["render", "--view", "journey"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(files(root, "output") == ["\(name).journey.svg"])
  }

  @Test func anOutputPathThatIsAFileSaysWhy() throws {
    let root = try project()
    try Data().write(to: root.appendingPathComponent("taken"))
    let result = try Binary.run(["render", "-o", "taken"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == """
      taken: error: cannot create the output directory: 'taken' is a file, not a directory

      """)
  }

  @Test func viewFormatAndOutputDirectoryAreChosen() throws {
    let root = try project()
    let result = try Binary.run(
      ["render", "maps/help.journey", "-o", "pictures/new/", "--view", "silo", "--format", "pdf"],
      in: root)
    #expect(result.status == 0)
    #expect(result.stdout == "pictures/new/help.silo.pdf\n")
    #expect(files(root, "pictures/new") == ["help.silo.pdf"])
    #expect(contents(root, "pictures/new/help.silo.pdf")?.hasPrefix("%PDF-") == true)
    // cairo stamps the time of the render; ours is fixed, so a re-render changes nothing.
    #expect(contents(root, "pictures/new/help.silo.pdf")?
      .contains("/CreationDate (D:19700101000000Z)") == true)
  }

  @Test func dotFormatWritesTheDOTGraphvizWouldGet() throws {
    let root = try project(["help": "journey \"Help\"\n"])
    let result = try Binary.run(["render", "--format", "dot", "--view", "journey"], in: root)
    #expect(result.status == 0)
    let checked = JourneyChecker.check(Array("journey \"Help\"\n".utf8), file: "maps/help.journey")
    #expect(contents(root, "output/help.journey.dot") == MapView.journey.dot(checked))
  }

  @Test(arguments: [
    ["render", "--view", "side"],
    ["render", "--format", "gif"],
    ["render", "--frobnicate"],
  ])
  func badUsageExits64(arguments: [String]) throws {
    let result = try Binary.run(arguments, in: try project())
    #expect(result.status == 64)
    #expect(result.stdout == "")
  }

  @Test func noMapsDirectoryIsBadUsage() throws {
    let result = try Binary.run(["render"], in: try temporaryDirectory())
    #expect(result.status == 64)
    #expect(result.stderr.contains("no maps/ directory here"))
  }

  @Test func aBadTimeLimitIsBadUsage() throws {
    let result = try Binary.run(["render"], in: try project(),
                                environment: ["JOURNEYMAP_LAYOUT_TIMEOUT": "soon"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("JOURNEYMAP_LAYOUT_TIMEOUT must be a number of seconds"))
  }

  @Test func aMissingPathFailsTheRunButTheOtherMapsRender() throws {
    let root = try project()
    let result = try Binary.run(["render", "maps/nope.journey", "maps/help.journey"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == """
      maps/nope.journey: error: no such file or directory
        hint: check the path; with no path, journeymap looks in maps/

      """)
    #expect(files(root, "output") == ["help.journey.svg", "help.silo.svg"])
  }

  @Test
  func aMapWithErrorsRendersNothingAndTheOthersStillRender() throws {
    let root = try project(["bad": "frobnicate\n", "help": "journey \"Help\"\n"])
    let result = try Binary.run(["render"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("maps/bad.journey:1:1: error: "))
    #expect(files(root, "output") == ["help.journey.svg", "help.silo.svg"])
  }

  @Test func aCrashedLayoutNamesTheMapAndKeepsThePreviousFile() throws {
    let root = try project(["help": "journey \"Help\"\n"])
    let output = root.appendingPathComponent("output")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try Data("previous picture".utf8).write(to: output.appendingPathComponent("help.silo.svg"))

    let result = try Binary.run(["render"], in: root,
                                environment: ["JOURNEYMAP_WORKER_FAULT": "crash"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == """
      maps/help.journey: error: journey map: layout crashed (signal 6, SIGABRT) in Graphviz; \
      a very large map can run out of the 4 GiB a layout may use
      maps/help.journey: error: silo diagram: layout crashed (signal 6, SIGABRT) in Graphviz; \
      a very large map can run out of the 4 GiB a layout may use

      """)
    // The old file is untouched and no temporary file is left behind.
    #expect(contents(root, "output/help.silo.svg") == "previous picture")
    #expect(files(root, "output") == ["help.silo.svg"])
  }

  @Test func aHangingLayoutIsStoppedAndNamed() throws {
    let root = try project(["help": "journey \"Help\"\n"])
    let start = Date()
    let result = try Binary.run(
      ["render", "--view", "journey"], in: root,
      environment: ["JOURNEYMAP_WORKER_FAULT": "hang", "JOURNEYMAP_LAYOUT_TIMEOUT": "0.5"])
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(result.status == 1)
    #expect(result.stderr == "maps/help.journey: error: journey map: layout took longer than"
      + " 0.5 s and was stopped (a smaller map, or JOURNEYMAP_LAYOUT_TIMEOUT, may help)\n")
  }

  @Test func missingGraphvizPluginsStopTheRunWithTheFix() throws {
    let root = try project()
    let empty = try temporaryDirectory()
    let result = try Binary.run(["render"], in: root, environment: ["GVBINDIR": empty.path])
    #expect(result.status == 69)
    #expect(result.stderr == "error: Graphviz is missing the dot layout, the pango text plugin,"
      + " the svg renderer; install it with 'apt-get install graphviz-dev' and register the"
      + " plugins with 'dot -c' (as root)\n")
    #expect(files(root, "output").isEmpty)
  }

  @Test func twoMapsWithTheSameNameDoNotOverwriteEachOther() throws {
    let root = try project(["help": "journey \"Help\"\n"])
    let other = root.appendingPathComponent("more")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try Data("journey \"Other\"\n".utf8).write(to: other.appendingPathComponent("help.journey"))
    let result = try Binary.run(["render", "maps", "more"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == "more/help.journey: error: 'maps/help.journey' also renders to"
      + " output/help.*; rename one\n")
  }
}
