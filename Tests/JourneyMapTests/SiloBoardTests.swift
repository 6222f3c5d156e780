import Foundation
import Testing
@testable import JourneyMap

/// The silo diagram as a board: a swimlane a facilitator recognises, with the hand-offs that
/// mean one thing. The pictures themselves (no overlaps, no connector through a card, every
/// arrowhead visible, in every medium) are measured in JourneyPictureTests.
@Suite struct SiloBoardTests {
  typealias F = SiloFixtures

  /// The golden swimlane case: a customer decision, a loop, a shared step and a backstage
  /// step of an outside partner with a flow to the step it serves.
  static func swimlane() throws -> CheckedJourney {
    let url = BoardGoldenTests.directory.appendingPathComponent("swimlane.journey")
    let checked = JourneyChecker.check(Array(try Data(contentsOf: url)), file: "swimlane.journey")
    #expect(!checked.hasErrors)
    return checked
  }

  /// The boxes of every cell, by id, with the cell they are in.
  static func cells(_ board: Board) -> [String: Board.Cell] {
    var found: [String: Board.Cell] = [:]
    for (cell, boxes) in board.cells { for box in boxes { found[box.id] = cell } }
    return found
  }

  @Test func lanesRunTopToBottomCustomerTeamsExternalThenNoOwner() {
    let board = SiloBoard.board(F.rich)
    #expect(board.rows.map(\.id) == [
      "lane-customer", "lane-owner-sales", "lane-owner-ops", "lane-owner-care",
      "lane-owner-partner", "lane-no-owner",
    ])
    #expect(board.rows.allSatisfy { $0.isPrimary && $0.fill != nil })
    #expect(board.rows.filter(\.dashed).map(\.id) == ["lane-owner-partner"])
    #expect(board.rows.last?.label.first?.text.text == "No owner")
    // Without an unowned step or a customer step there is neither lane.
    #expect(!SiloBoard.board(F.readme).rows.contains { $0.id == "lane-no-owner" })
  }

  @Test func eachStepIsInItsFirstOwnersLaneAndInTheJourneyMapsColumn() throws {
    let checked = F.rich
    let silo = SiloBoard.board(checked)
    let journey = JourneyBoard.board(checked)
    let siloCells = Self.cells(silo)
    let journeyCells = Self.cells(journey)
    let lane = Dictionary(uniqueKeysWithValues: silo.rows.enumerated().map { ($1.id, $0) })
    let expected: [String: String] = [
      "ad": "lane-owner-sales", "site": "lane-owner-sales", "buy": "lane-customer",
      "order": "lane-owner-sales", "check": "lane-owner-ops", "book": "lane-no-owner",
      "visit": "lane-owner-partner", "call": "lane-owner-care", "fixed": "lane-owner-care",
      "renew": "lane-owner-sales", "gone": "lane-customer",
    ]
    for step in checked.journey.steps {
      let cell = try #require(siloCells["step-" + step.key], "\(step.key)")
      #expect(cell.row == lane[expected[step.key] ?? ""], "\(step.key)")
      // The same column as on the journey map (a backstage step: the step it serves).
      #expect(cell.column == journeyCells["step-" + step.key]?.column, "\(step.key)")
    }
    // The stage's frame spans the columns of its steps.
    for (s, stage) in checked.journey.stages.enumerated() {
      for step in stage.steps {
        let column = try #require(siloCells["step-" + step.key]).column
        #expect(silo.stages[s].columns.contains(column), "\(step.key) in \(stage.label)")
      }
    }
  }

  @Test func aSharedStepHasItsOwnersNamedAndADashedCopyInEachOtherOwnersLane() throws {
    let board = SiloBoard.board(F.rich)
    let cells = Self.cells(board)
    let card = try #require(board.cells.values.joined().first { $0.id == "step-visit" })
    #expect(card.lines.contains { $0.text.text == "shared: Installer Ltd + Network Operations" })
    let ghost = try #require(board.cells.values.joined().first { $0.id == "ghost-visit" })
    #expect(ghost.border == .dashed && ghost.classes == ["ghost", "of-visit"])
    let lane = board.rows.firstIndex { $0.id == "lane-owner-ops" }
    #expect(cells["ghost-visit"]?.row == lane)
    #expect(cells["ghost-visit"]?.column == cells["step-visit"]?.column)
  }

  @Test func connectorsCarryTheirKindAndHandOffsAreNumberedOnTheCardTheyEnter() throws {
    let checked = F.rich
    let board = SiloBoard.board(checked)
    let facts = MapFacts(checked)
    let handoffs = Set(facts.handoffEdges.map { checked.flow.edges[$0] }.filter { !$0.isLoop }
      .map { "\($0.from)>\($0.to)" })
    let drawn = Set(board.connectors.filter { $0.kind == .handoff }.map { "\($0.fromKey)>\($0.toKey)" })
    #expect(!handoffs.isEmpty && drawn == handoffs)
    // Backstage flows are drawn apart and never counted as a hand-off, even from an outside
    // partner to another team.
    let swimlane = try Self.swimlane()
    let lanes = SiloBoard.board(swimlane)
    let swimFacts = MapFacts(swimlane)
    let backstage = lanes.connectors.filter { $0.kind == .backstage }
    #expect(backstage.count == swimFacts.backstageFlows && !backstage.isEmpty)
    #expect(backstage.allSatisfy { $0.fromKey == "order" || $0.toKey == "order" })
    #expect(!swimFacts.handoffEdges.contains { e in
      let edge = swimlane.flow.edges[e]
      return edge.from == "order" || edge.to == "order"
    })
    // A loop stays a loop; the card it enters says which hand-off it is.
    #expect(board.connectors.contains { $0.kind == .loop && $0.fromKey == "renew" })
    for (key, list) in facts.handoffsInto {
      let card = try #require(board.cells.values.joined().first { $0.id == "step-" + key })
      for handoff in list {
        #expect(card.lines.contains { $0.prefix?.text == "H\(handoff.number)" }, "\(key)")
      }
    }
  }

  @Test func theWholeTableOfHandOffsIsShownWhateverItsLength() {
    let checked = F.synthetic(400)
    let board = SiloBoard.board(checked)
    let pairs = MapFacts(checked).handoffs.byPair
    #expect(pairs.count > SiloBoard.blockLines)
    let lines = board.header.filter { $0.classes.contains("handoffs") }
      .flatMap { $0.lines.dropFirst() }.map(\.text.text)
    let listed = lines.filter { $0.contains(" → ") }
    #expect(listed.count == pairs.count)
    #expect(!lines.contains { $0.contains("more") })
    // Every number appears once, in flow order within its pair.
    // Every number appears under the pairs it crosses (a hand-off behind a customer's own
    // decision can cross two).
    let numbers = lines.filter { $0.hasPrefix("H") }.flatMap { $0.components(separatedBy: ", ") }
    let count = MapFacts(checked).handoffEdges.count
    #expect(Set(numbers) == Set((1...count).map { "H\($0)" }))
  }

  @Test func theDescSaysWhatTheSummaryDraws() throws {
    let checked = try Self.swimlane()
    let board = SiloBoard.board(checked)
    let facts = MapFacts(checked)
    let titles = board.header.compactMap { $0.lines.first?.text.text }
    #expect(facts.handoffEdges.isEmpty && facts.backstageFlows == 1 && facts.unownedKeys.isEmpty)
    #expect(titles.contains("No hand-offs"))
    #expect(titles.contains("1 backstage flow"))
    #expect(titles.contains("✓ Every step has an owner"))
    #expect(board.summary.contains("with 0 hand-offs between owners; 1 backstage flow; "
      + "every step has an owner"))
    // And a map with hand-offs and a step nobody owns.
    let rich = SiloBoard.board(F.rich)
    let richFacts = MapFacts(F.rich)
    let richTitles = rich.header.compactMap { $0.lines.first?.text.text }
    #expect(richTitles.contains("\(richFacts.handoffEdges.count) hand-offs between owners"))
    #expect(richTitles.contains("⊘ \(richFacts.unownedKeys.count) step with no owner"))
    #expect(rich.summary.contains("\(richFacts.handoffEdges.count) hand-offs between owners"))
    #expect(rich.summary.contains("\(richFacts.unownedKeys.count) step with no owner"))
  }

  @Test func phasesAndStagesAreTheJourneyMapsAndStagesAreOutlinesOverTheLanes() {
    let silo = SiloBoard.board(F.rich)
    let journey = JourneyBoard.board(F.rich)
    #expect(silo.stages.map(\.id) == journey.stages.map(\.id))
    #expect(silo.stages.map(\.columns) == journey.stages.map(\.columns))
    #expect(silo.columns.map(\.id) == journey.columns.map(\.id))
    #expect(!silo.filledStages && journey.filledStages)
  }

  @Test func theSameMapGivesTheSameDOT() {
    let checked = F.synthetic(120)
    #expect(MapView.silo.dot(checked) == MapView.silo.dot(checked))
  }

  @Test func pagesDrawEveryStepOnceAndEveryLaneInOrderWithTheTableOnTheCover() throws {
    let checked = F.rich
    let pictures = MapView.silo.pictures(checked, medium: .a4)
    #expect(pictures.count >= 2)
    var keys: [String] = []
    let lanes = SiloBoard.board(checked).rows.map(\.id)
    for (index, picture) in pictures.enumerated() {
      guard case .board(let board, _, _) = picture.source else { continue }
      if index == 0 {
        // The cover holds the findings and the legend.
        #expect(board.header.contains { $0.classes.contains("handoffs") })
        #expect(board.header.contains { $0.id == "legend-silo" })
        continue
      }
      // The lanes of the page's steps, in the diagram's order (the others are left out).
      let shown = board.rows.map(\.id)
      #expect(shown == lanes.filter { shown.contains($0) })
      let used = Set(board.cells.filter { !$0.value.isEmpty }.map(\.key.row))
      #expect(used == Set(board.rows.indices), "page \(index + 1): an empty lane")
      keys += board.cells.values.joined().filter { $0.classes.first == "step" }
        .map { String($0.id.dropFirst(5)) }
    }
    #expect(keys.sorted() == checked.journey.steps.map(\.key).sorted())
  }
}

extension SiloBoardTests {
  /// Two steps of one owner in one column (a backstage step under the step it serves) are
  /// stacked in one cell: an arrow from elsewhere into the lower one comes in from the left,
  /// never down through the card above it.
  @Test func anArrowIntoAStackedCardNeverCrossesTheCardAboveIt() throws {
    let source = """
      journey "Stacked"
      owner desk "Help desk"
      stage a "A"
        touchpoint one "Calls" owner desk
          -> file
          -> two
        touchpoint two "Writes" owner desk
      stage b "B"
        touchpoint three "Answers" owner desk
        touchpoint file "Files the call" owner desk backstage
        outcome done "Done"
      """
    let checked = JourneyChecker.check(Array(source.utf8), file: "stacked.journey")
    #expect(!checked.hasErrors, "\(checked.diagnostics)")
    let board = SiloBoard.board(checked)
    let cells = Self.cells(board)
    #expect(cells["step-file"] == cells["step-three"], "stacked in one cell")
    let layout = BoardLayout(board, rows: [0..<board.stages.count])
    let above = try #require(layout.boxes.first { $0.measured.box.id == "step-three" }).rect
    let path = try #require(layout.paths.first { $0.id == "flow-one-file" })
    for (p, q) in zip(path.points, path.points.dropFirst()) {
      let crosses = max(p.x, q.x) > above.x + 1 && min(p.x, q.x) < above.maxX - 1
        && max(p.y, q.y) > above.y + 1 && min(p.y, q.y) < above.maxY - 1
      #expect(!crosses, "\(p) → \(q) crosses the card above \(above)")
    }
    let target = try #require(layout.boxes.first { $0.measured.box.id == "step-file" }).rect
    #expect(path.points.last.map { abs($0.x - target.x) < 0.5 } == true, "enters on the left")
  }
}
