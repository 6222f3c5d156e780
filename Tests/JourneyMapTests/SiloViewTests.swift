import Foundation
import Testing
@testable import JourneyMap

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Golden DOT files for the silo view, rewritten when JOURNEYMAP_UPDATE_GOLDEN=1.
enum SiloGolden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  static func check(_ actual: String, named name: String) throws {
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["JOURNEYMAP_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "\(name) differs; JOURNEYMAP_UPDATE_GOLDEN=1 rewrites it")
  }
}

/// Runs `dot -Tsvg` on `source` and returns the SVG.
func renderWithDot(_ source: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["dot", "-Tsvg"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  try process.run()
  let writer = Thread {
    input.fileHandleForWriting.write(Data(source.utf8))
    try? input.fileHandleForWriting.close()
  }
  writer.start()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self)
}

/// The SVG's `<text>` contents in document order, and each group's first polygon or path
/// top edge by id (clusters and nodes), read with XMLParser.
final class SiloSVGReader: NSObject, XMLParserDelegate {
  var texts: [String] = []
  var tops: [String: Double] = [:]
  private var inText = false
  private var current = ""
  private var group: String?

  init(_ svg: String) throws {
    super.init()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = self
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
              qualifiedName: String?, attributes: [String: String] = [:]) {
    switch name {
    case "g": group = attributes["id"]
    case "text":
      inText = true
      current = ""
    case "polygon":
      if let group, tops[group] == nil, let points = attributes["points"] {
        let ys = points.split(separator: " ").compactMap { $0.split(separator: ",").last }
          .compactMap { Double($0) }
        tops[group] = ys.min()
      }
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
              qualifiedName: String?) {
    if name == "text" {
      texts.append(current)
      inText = false
    }
  }
}

@Suite struct SiloViewTests {
  typealias F = SiloFixtures

  @Test func fixturesMatchTheirGoldenDOT() throws {
    try SiloGolden.check(SiloView.dot(F.readme), named: "readme-fixture.silo.dot")
    try SiloGolden.check(SiloView.dot(F.rich), named: "rich-fixture.silo.dot")
  }

  /// Every example map in maps/, checked with the real parser.
  static func exampleMaps() throws -> [(name: String, checked: CheckedJourney)] {
    let maps = SiloGolden.directory.deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("maps")
    let files = try FileManager.default.contentsOfDirectory(atPath: maps.path)
      .filter { $0.hasSuffix(".journey") }.sorted()
    return try files.map { file in
      let bytes = try [UInt8](Data(contentsOf: maps.appendingPathComponent(file)))
      return (String(file.dropLast(".journey".count)),
              JourneyChecker.check(bytes, file: "maps/" + file))
    }
  }

  @Test func exampleMapsMatchTheirGoldenDOT() throws {
    let maps = try SiloViewTests.exampleMaps()
    #expect(!maps.isEmpty)
    for (name, checked) in maps {
      #expect(!checked.hasErrors, "\(name) has errors")
      try SiloGolden.check(SiloView.dot(checked), named: "\(name).silo.dot")
    }
  }

  @Test func sameJourneyGivesTheSameBytes() {
    #expect(SiloView.dot(F.rich) == SiloView.dot(F.rich))
    #expect(SiloView.dot(F.synthetic(120)) == SiloView.dot(F.synthetic(120)))
  }

  @Test func aSharedStepHasADoubleBorderNamesItsOwnersAndHasACopyInTheOtherLane() {
    let dot = SiloView.dot(F.rich)
    let card = dot.split(separator: "\n").first { $0.contains("id=\"silo-step-visit\"") } ?? ""
    #expect(card.contains("peripheries=2"))
    #expect(card.contains("shared: Installer Ltd + Network<BR/>Operations"))
    #expect(dot.contains("id=\"silo-ghost-visit.ops\""))
    #expect(dot.contains("1 step with several owners"))
  }

  @Test func unownedStepsGetARedLaneAndAreListed() {
    let dot = SiloView.dot(F.rich)
    #expect(dot.contains("id=\"silo-lane-no-owner\""))
    #expect(dot.contains("⚠ No owner"))
    #expect(dot.contains("⚠ 1 step with no owner"))
    #expect(dot.contains("Books an install slot (Order)"))
    #expect(!SiloView.dot(F.readme).contains("silo-lane-no-owner"))
  }

  @Test func handoffEdgesAreNumberedDoubleVermilionLines() {
    let dot = SiloView.dot(F.readme)
    let edge = dot.split(separator: "\n").first { $0.contains("id=\"handoff-1\"") } ?? ""
    #expect(edge.contains("s1 -> s2"))
    #expect(edge.contains("color=\"#D55E00:#FFFFFF:#D55E00\""))
    #expect(edge.contains("H1"))
    #expect(dot.contains("Customer Service → Field Technicians + Regional distributor: 1 "))
  }

  @Test func lanesRunTopToBottomCustomerTeamsExternalThenNoOwner() throws {
    let reader = try SiloSVGReader(renderWithDot(SiloView.dot(F.rich)))
    let lanes = [
      "silo-lane-customer", "silo-lane-owner-sales", "silo-lane-owner-ops",
      "silo-lane-owner-care", "silo-lane-owner-partner", "silo-lane-no-owner",
    ]
    let tops = lanes.compactMap { reader.tops[$0] }
    #expect(tops.count == lanes.count)
    #expect(tops == tops.sorted())
    let stages = try #require(reader.tops["silo-stage-find"])
    #expect(stages < tops[0])
  }

  @Test func userTextAppearsExactlyAsWritten() throws {
    let tricky = [
      #"C:\Notes \N \G \E \T \H \L \\ end"#, #"Tom & Jerry's <b>"bold"</b>"#,
      "Emoji 🧊🔧 and CJK 冷蔵庫の修理", "עברית ועוד العربية",
    ]
    let checked = F.journey(
      tricky[0], owners: [F.owner("o", tricky[1]), F.owner("p", tricky[3], external: true)],
      personas: [tricky[2]],
      stages: [(tricky[3], tricky[2], [
        F.step(.touchpoint, "a", tricky[0], owners: ["o"]),
        F.step(.decision, "b", tricky[1], owners: ["p"], decider: .employee,
               to: [(tricky[0], "a"), (tricky[2], "c")]),
        F.step(.outcome, "c", tricky[3]),
      ])])
    let reader = try SiloSVGReader(renderWithDot(SiloView.dot(checked)))
    // Long labels wrap, so compare with the spaces between words taken out.
    let shown = reader.texts.joined(separator: " ").split(separator: " ").joined()
    for text in tricky {
      #expect(shown.contains(text.split(separator: " ").joined()), "\(text) is not shown as written")
    }
  }

  @Test func branchesThatDoNotLeadIntoEachOtherShareAColumnAfterTheirDecision() {
    let checked = F.journey(
      "Columns", owners: [F.owner("a", "A"), F.owner("b", "B")],
      stages: [
        ("one", "One", [
          F.step(.touchpoint, "start", "Start", owners: ["a"]),
          F.step(.decision, "d", "Which?", decider: .customer, to: [("x", "x"), ("y", "y")]),
          F.step(.outcome, "x", "Ends with A", owners: ["a"]),
          F.step(.outcome, "y", "Ends with B", owners: ["b"]),
        ]),
        ("two", "Two", [F.step(.outcome, "z", "Alone", owners: ["b"])]),
      ])
    let diagram = SiloDiagram(checked.journey, flow: checked.flow)
    #expect(diagram.column == [0, 1, 2, 2, 3])
    #expect(diagram.columns.map(\.stage) == [0, 0, 0, 1])
  }

  @Test func aLoopRunsForwardWithItsArrowAtTheStepItReturnsTo() throws {
    let maps = try SiloViewTests.exampleMaps()
    let faulty = try #require(maps.first { $0.name == "faulty-product" })
    let dot = SiloView.dot(faulty.checked)
    let loop = dot.split(separator: "\n").first { $0.contains("not sure") } ?? ""
    #expect(loop.contains("dir=back"))
    #expect(!loop.contains("constraint=false"))
  }

  @Test func phasesAreBandsOverTheirStages() throws {
    let maps = try SiloViewTests.exampleMaps()
    let phases = try #require(maps.first { $0.name == "five-phases" })
    let reader = try SiloSVGReader(renderWithDot(SiloView.dot(phases.checked)))
    #expect(reader.texts.contains("Marketing Operations"))
    #expect(reader.texts.contains("Customer Service"))
    let band = try #require(reader.tops["silo-phase-1"])
    let stage = try #require(reader.tops["silo-stage-awareness"])
    let lane = try #require(reader.tops["silo-lane-customer"])
    #expect(band < stage && stage < lane)
  }

  @Test func theLegendKeepsEachSampleApartFromItsMeaning() throws {
    let reader = try SiloSVGReader(renderWithDot(SiloView.dot(F.readme)))
    #expect(reader.texts.contains("hand-off: the customer changes owner"))
    #expect(reader.texts.contains("═══▶"))
  }

  /// Writes the fixtures' DOT into $JOURNEYMAP_SILO_DUMP, for looking at the pictures.
  @Test func dumpWhenAsked() throws {
    guard let dir = ProcessInfo.processInfo.environment["JOURNEYMAP_SILO_DUMP"] else { return }
    for (name, checked) in [
      ("readme", F.readme), ("rich", F.rich), ("gen50", F.synthetic(50)),
      ("gen200", F.synthetic(200)), ("gen1000", F.synthetic(1000)),
    ] {
      try SiloView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                      encoding: .utf8)
    }
    for (name, checked) in try SiloViewTests.exampleMaps() {
      try SiloView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                      encoding: .utf8)
    }
  }
}
