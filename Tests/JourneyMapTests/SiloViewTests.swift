import Foundation
import Testing
@testable import JourneyMap

#if canImport(FoundationXML)
import FoundationXML
#endif

extension ParsedSVG {
  /// The top edge of the first polygon inside the group with id `id` (a cluster or node).
  func top(of id: String) -> Double? {
    guard let g = elements.firstIndex(where: { $0.name == "g" && $0.attributes["id"] == id })
    else { return nil }
    let depth = elements[g].depth
    for element in elements[(g + 1)...] {
      if element.depth <= depth { return nil }
      if element.name == "polygon", let points = element.attributes["points"] {
        return points.split(separator: " ").compactMap { $0.split(separator: ",").last }
          .compactMap { Double($0) }.min()
      }
    }
    return nil
  }
}

@Suite struct SiloViewTests {
  typealias F = SiloFixtures

  @Test func fixturesMatchTheirGoldenDOT() throws {
    #expect(try GoldenFile.mismatch(SiloView.dot(F.readme), name: "readme-fixture.silo.dot") == nil)
    #expect(try GoldenFile.mismatch(SiloView.dot(F.rich), name: "rich-fixture.silo.dot") == nil)
  }

  @Test func exampleMapsMatchTheirGoldenDOT() throws {
    let maps = GoldenFile.exampleMaps()
    #expect(!maps.isEmpty)
    for (name, checked) in maps {
      #expect(!checked.hasErrors, "\(name) has errors")
      let mismatch = try GoldenFile.mismatch(SiloView.dot(checked), name: "\(name).silo.dot")
      #expect(mismatch == nil, "\(mismatch ?? "")")
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
    let reader = ParsedSVG(try laidOut(SiloView.dot(F.rich)))
    let lanes = [
      "silo-lane-customer", "silo-lane-owner-sales", "silo-lane-owner-ops",
      "silo-lane-owner-care", "silo-lane-owner-partner", "silo-lane-no-owner",
    ]
    let tops = lanes.compactMap { reader.top(of: $0) }
    #expect(tops.count == lanes.count)
    #expect(tops == tops.sorted())
    let stages = try #require(reader.top(of: "silo-stage-find"))
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
    let reader = ParsedSVG(try laidOut(SiloView.dot(checked)))
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

  @Test func aLoopRunsForwardThroughWaypointsWithItsArrowAtTheStepItReturnsTo() throws {
    let faulty = try #require(GoldenFile.exampleMaps().first { $0.name == "faulty-product" })
    let lines = SiloView.dot(faulty.checked).split(separator: "\n")
    let pieces = lines.filter { $0.contains("id=\"silo-edge-covered.call") }
    // "Under warranty?" goes back two columns to "Calls the hotline": three pieces.
    #expect(pieces.count == 3)
    let labelled = try #require(pieces.first { $0.contains("id=\"silo-edge-covered.call\"") })
    #expect(labelled.contains("not sure"))
    #expect(labelled.contains("-> s7 "))
    let arrow = try #require(pieces.first { $0.contains("dir=back") })
    #expect(arrow.hasPrefix("  s3 -> "))
    #expect(pieces.filter { $0.contains("dir=none") }.count == 2)
    #expect(!pieces.contains { $0.contains("constraint=false") })
  }

  @Test func phasesAreBandsOverTheirStages() throws {
    let maps = GoldenFile.exampleMaps()
    let phases = try #require(maps.first { $0.name == "five-phases" })
    let reader = ParsedSVG(try laidOut(SiloView.dot(phases.checked)))
    #expect(reader.texts.contains("Marketing Operations"))
    #expect(reader.texts.contains("Customer Service"))
    let band = try #require(reader.top(of: "silo-phase-1"))
    let stage = try #require(reader.top(of: "silo-stage-awareness"))
    let lane = try #require(reader.top(of: "silo-lane-customer"))
    #expect(band < stage && stage < lane)
  }

  @Test func theLegendKeepsEachSampleApartFromItsMeaning() throws {
    let reader = ParsedSVG(try laidOut(SiloView.dot(F.readme)))
    #expect(reader.texts.contains("hand-off: the customer changes owner"))
    #expect(reader.texts.contains("═══▶"))
  }

  /// Writes the fixtures' DOT into $JOURNEYMAP_SILO_DUMP, for looking at the pictures: a tool,
  /// not a check, so it is skipped (and reported so) unless the variable is set.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["JOURNEYMAP_SILO_DUMP"] != nil))
  func dumpWhenAsked() throws {
    let dir = try #require(ProcessInfo.processInfo.environment["JOURNEYMAP_SILO_DUMP"])
    for (name, checked) in [
      ("readme", F.readme), ("rich", F.rich), ("gen50", F.synthetic(50)),
      ("gen200", F.synthetic(200)), ("gen1000", F.synthetic(1000)),
    ] {
      try SiloView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                      encoding: .utf8)
    }
    for (name, checked) in GoldenFile.exampleMaps() {
      try SiloView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                      encoding: .utf8)
    }
  }
}
