import Foundation
import Testing
@testable import JourneyMap

/// Small golden cases of the board's layout: a few lines of `.journey` in
/// (Golden/board/NAME.journey), every placed box, frame, connector and curve segment out, one
/// short line each (NAME.layout). `JOURNEYMAP_UPDATE_GOLDEN=1` rewrites them; a mismatch
/// writes NAME.layout.got beside the golden file and prints the lines that differ.
@Suite struct BoardGoldenTests {
  static let directory = GoldenFile.directory.appendingPathComponent("board")

  static var cases: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".journey") }.map { String($0.dropLast(8)) }.sorted()
  }

  /// The layout as short lines: what is where, and the route of every line.
  static func dump(_ layout: BoardLayout) -> String {
    func n(_ v: Double) -> String { DOTPrinter.number(v, decimals: 1) }
    func rect(_ r: BoardLayout.Rect) -> String {
      "\(n(r.x)),\(n(r.y)) \(n(r.width))x\(n(r.height))"
    }
    var lines = ["size \(n(layout.width))x\(n(layout.height))"]
    for frame in layout.frames { lines.append("frame \(frame.id) \(rect(frame.rect))") }
    for placed in layout.boxes {
      let text = String(placed.measured.lines.flatMap(\.texts).joined(separator: " / ").prefix(60))
      lines.append("box \(placed.measured.box.id) \(rect(placed.rect)) \u{201C}\(text)\u{201D}")
    }
    for path in layout.paths + layout.segments {
      lines.append("\(path.classes.prefix(2).joined(separator: " ")) \(path.id): "
        + path.points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func thereAreCases() {
    #expect(Self.cases.count >= 4)
  }

  /// Each case on both views: the journey map in NAME.layout, the silo diagram in
  /// NAME.silo.layout.
  @Test(arguments: cases, MapView.allCases)
  func layoutMatchesItsGoldenFile(_ name: String, _ view: MapView) throws {
    let source = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".journey"))
    let checked = JourneyChecker.check(Array(source), file: name + ".journey")
    #expect(!checked.hasErrors)
    let board = view == .journey ? JourneyBoard.board(checked) : SiloBoard.board(checked)
    let file = view == .journey ? name : name + ".silo"
    // Two board rows when there are three stages or more, to show the wrap.
    let rows = board.stages.count >= 3
      ? [0..<(board.stages.count - 1), (board.stages.count - 1)..<board.stages.count]
      : [0..<board.stages.count]
    let actual = Self.dump(BoardLayout(board, rows: rows))
    let golden = Self.directory.appendingPathComponent(file + ".layout")
    let got = Self.directory.appendingPathComponent(file + ".layout.got")
    if GoldenFile.updating {
      try Data(actual.utf8).write(to: golden, options: .atomic)
      try? FileManager.default.removeItem(at: got)
      return
    }
    let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? ""
    if expected == actual {
      try? FileManager.default.removeItem(at: got)
      return
    }
    try Data(actual.utf8).write(to: got, options: .atomic)
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let removed = old.filter { !new.contains($0) }.prefix(10).map { "- " + $0 }
    let added = new.filter { !old.contains($0) }.prefix(10).map { "+ " + $0 }
    Issue.record(Comment(rawValue: "\(file).layout differs (actual in \(file).layout.got; "
      + "JOURNEYMAP_UPDATE_GOLDEN=1 accepts it):\n" + (removed + added).joined(separator: "\n")))
  }

  @Test func theLayoutReadsLikeTheMap() throws {
    let source = try Data(contentsOf: Self.directory.appendingPathComponent("answers.journey"))
    let layout = BoardLayout(JourneyBoard.board(JourneyChecker.check(Array(source), file: "a")),
                             rows: [0..<2])
    let box = { (id: String) in try #require(layout.boxes.first { $0.measured.box.id == id }) }
    let call = try box("step-call"), ok = try box("step-ok"), fix = try box("step-fix")
    // Columns in file order, cards top-aligned in their band.
    #expect(call.rect.maxX < ok.rect.x && ok.rect.maxX < fix.rect.x)
    #expect(call.rect.y == ok.rect.y && ok.rect.y == fix.rect.y)
    // The loop back leaves the decision on its right and comes down onto the call's top.
    let loop = try #require(layout.paths.first { $0.kind == .loop })
    #expect(loop.points.first?.x == ok.rect.maxX)
    #expect(loop.points.last.map { abs($0.y - call.rect.y) < 0.5 } == true)
    // Each point sits under its card's middle.
    for key in ["call", "fix"] {
      let card = try box("step-" + key), point = try box("point-" + key)
      #expect(abs((card.rect.x + card.rect.width / 2) - (point.rect.x + point.rect.width / 2)) < 1)
    }
  }
}
