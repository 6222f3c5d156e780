import Foundation
import JourneyMap
import Testing

/// Issue 9, "linear by construction": what the render process builds before a worker starts
/// is bounded, whatever the map, and a map past a bound fails with a message that names the
/// bound, says it is ours and says what to do.
@Suite struct RenderBoundsTests {
  /// Every step a decision that may loop back to the first: the shape that once gave 452 MB
  /// of DOT for a 52 KB map.
  static func loopingMap(steps: Int) -> String {
    var lines = ["journey \"Loops\"", "owner o \"O\""]
    for n in 0..<steps {
      if n % 8 == 0 { lines.append("stage st\(n / 8) \"Stage \(n / 8)\"") }
      lines.append("  decision d\(n) \"Decision \(n)?\" by customer")
      lines.append("    again -> d0")
      lines.append(n < steps - 1 ? "    on -> d\(n + 1)" : "    on -> end")
    }
    lines.append("  outcome end \"End\"")
    return lines.joined(separator: "\n") + "\n"
  }

  /// One decision with `answers` answers, each to an outcome of its own.
  static func wideMap(answers: Int) -> String {
    var lines = ["journey \"Wide\"", "stage a \"A\"", "  decision big \"Which?\" by customer"]
    for i in 0..<answers { lines.append("    answer\(i) -> t\(i)") }
    lines.append("stage b \"B\"")
    for i in 0..<answers { lines.append("  outcome t\(i) \"Target \(i)\"") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func dotBytes(_ map: String) -> Int {
    let checked = JourneyChecker.check(Array(map.utf8), file: "bound")
    return MapView.journey.dot(checked).utf8.count
  }

  @Test(arguments: [("loops", 400), ("wide", 800)])
  func theDOTGrowsLinearlyWithTheMapWhateverItsShape(_ shape: String, _ size: Int) {
    func make(_ n: Int) -> String {
      shape == "loops" ? Self.loopingMap(steps: n) : Self.wideMap(answers: n)
    }
    let (small, large) = (make(size), make(2 * size))
    let (a, b) = (Self.dotBytes(small), Self.dotBytes(large))
    // At most about 100 bytes of DOT per byte of map (issue 9); twice the map, twice the DOT.
    #expect(Double(a) / Double(small.utf8.count) < 100, "\(shape): \(a) bytes of DOT")
    #expect(Double(b) / Double(large.utf8.count) < 100, "\(shape): \(b) bytes of DOT")
    #expect(Double(b) / Double(a) < 2.3, "\(shape): \(a) then \(b) bytes of DOT")
  }

  @Test func aPictureNeverBuildsMoreDOTThanItsLimit() throws {
    let checked = JourneyChecker.check(Array(Self.loopingMap(steps: 40).utf8), file: "bound")
    let picture = try #require(MapView.journey.pictures(checked, medium: .poster).first)
    let whole = picture.dot()
    #expect(picture.dot(limit: whole.utf8.count) == whole)
    #expect(picture.dot(limit: whole.utf8.count - 1) == nil)
    #expect(picture.dot(limit: 1000) == nil)
  }

  @Test func aMapPastTheSizeRenderDrawsIsRefusedBeforeItIsRead() throws {
    // A valid map, padded with comments past the bound.
    let comment = "# " + String(repeating: "x", count: 1021) + "\n"
    let padding = String(repeating: comment, count: RenderBounds.mapBytes / comment.utf8.count + 1)
    let map = "journey \"Huge\"\n" + padding
    let root = try projectDirectory(["huge": map])
    let result = try Binary.run(["render", "--view", "journey"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == "maps/huge.journey: error: the map is \(map.utf8.count) bytes, more"
      + " than the 2 MB render draws (about 20,000 steps); split it into several maps\n")
    #expect(!FileManager.default.fileExists(
      atPath: root.appendingPathComponent("output/huge.journey.svg").path))
  }

  /// The time limit covers our own steps too: a map whose board takes longer to draw than
  /// the limit fails naming our side, before any worker starts.
  @Test func theTimeLimitCoversOurOwnLayoutAndSaysItWasOurs() throws {
    let root = try projectDirectory(["loops": Self.loopingMap(steps: 600)])
    let start = Date()
    let result = try Binary.run(["render", "--view", "journey"], in: root,
                                environment: ["JOURNEYMAP_LAYOUT_TIMEOUT": "0.01"])
    #expect(Date().timeIntervalSince(start) < 30)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("maps/loops.journey: error: drawing the map took "))
    #expect(result.stderr.hasSuffix(" s in journeymap itself, before Graphviz started, past the"
      + " time limit of 0.01 s (a smaller map, or JOURNEYMAP_LAYOUT_TIMEOUT, may help)\n"))
  }
}
