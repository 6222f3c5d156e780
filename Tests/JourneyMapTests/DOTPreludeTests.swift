import Foundation
import JourneyMap
import Testing

/// A poster's DOT goes to Graphviz in two parts: the prelude (every card's label) while the
/// board is laid out, then the rest. The two parts must be the picture's DOT exactly, and the
/// prelude must carry most of it, or Graphviz has nothing to read while we lay out.
@Suite struct DOTPreludeTests {
  /// The prelude as `render` sends it, and what follows it.
  static func parts(_ checked: CheckedJourney, _ view: MapView)
    -> (prelude: [UInt8], rest: [UInt8], picture: Picture)
  {
    var early: [UInt8] = []
    var wrote = false
    let pictures = view.pictures(checked, medium: .poster, early: { prelude in
      wrote = prelude.write(limit: RenderBounds.dotBytes, to: { early += $0 })
    })
    #expect(wrote)
    #expect(pictures.count == 1)
    var rest: [UInt8] = []
    #expect(pictures[0].writeDOT(afterPrelude: true, limit: RenderBounds.dotBytes) { rest += $0 })
    return (early, rest, pictures[0])
  }

  @Test(arguments: MapView.allCases)
  func thePreludeAndTheRestAreThePostersWholeDOT(_ view: MapView) throws {
    for (name, checked) in GoldenFile.exampleMaps() {
      let (prelude, rest, picture) = Self.parts(checked, view)
      let whole = try #require(picture.dotBytes(limit: RenderBounds.dotBytes))
      #expect(prelude + rest == whole, "\(name) \(view)")
      // Written in one go (as `--format dot` does) it is the same text.
      var streamed: [UInt8] = []
      #expect(picture.writeDOT(limit: RenderBounds.dotBytes) { streamed += $0 })
      #expect(streamed == whole, "\(name) \(view)")

      // Every node the prelude labels gets its place in the rest, and no label twice.
      let early = String(decoding: prelude, as: UTF8.self)
      let late = String(decoding: rest, as: UTF8.self)
      let labelled = Self.nodes(early)
      #expect(!labelled.isEmpty)
      #expect(!early.contains("pos="), "\(name) \(view): a place before the layout")
      for node in labelled {
        #expect(late.contains("\n  \"\(node)\" [pos="), "\(name) \(view): \(node) has no place")
        #expect(!Self.lineOf(node, in: late).contains("label="),
                "\(name) \(view): \(node) labelled twice")
      }
    }
  }

  /// A long map of `steps` steps: stages of eight, three owners, a decision every ninth step.
  static func longMap(steps: Int) -> CheckedJourney {
    var lines = ["journey \"Long\"", "owner a \"Team A\"", "owner b \"Team B\"",
                 "owner c \"Team C\""]
    for step in 0..<steps {
      if step % 8 == 0 { lines.append("stage st\(step / 8) \"Stage \(step / 8)\"") }
      let owner = ["a", "b", "c"][(step / 3) % 3]
      if step % 9 == 8 && step + 1 < steps {
        lines.append("  decision s\(step) \"Decision \(step)?\" by employee owner \(owner)")
        lines.append("    yes -> s\(step + 1)")
        lines.append("    no -> s\(max(step - 3, 0))")
      } else {
        lines.append("  touchpoint s\(step) \"Step \(step) of the journey\" owner \(owner) "
          + "feel \(step % 5 - 2)")
        if step % 4 == 0 { lines.append("    pain \"Pain at step \(step)\"") }
      }
    }
    return JourneyChecker.check(Array((lines.joined(separator: "\n") + "\n").utf8), file: "long")
  }

  /// On a long map, where the time goes, most of what Graphviz reads comes before the
  /// layout is done: it reads the prelude while we lay out.
  @Test(arguments: MapView.allCases)
  func aLongMapsPreludeIsMostOfItsDOT(_ view: MapView) throws {
    let checked = Self.longMap(steps: 300)
    #expect(!checked.hasErrors)
    let (prelude, rest, _) = Self.parts(checked, view)
    let share = Double(prelude.count) / Double(prelude.count + rest.count)
    #expect(share >= 0.55, "\(view): prelude \(prelude.count) of \(prelude.count + rest.count)")
  }

  /// The quoted names of the node statements in `dot`.
  static func nodes(_ dot: String) -> [String] {
    dot.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("  \""), let end = line.dropFirst(3).firstIndex(of: "\"") else {
        return nil
      }
      return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
    }
  }

  static func lineOf(_ node: String, in dot: String) -> Substring {
    dot.split(separator: "\n").first { $0.hasPrefix("  \"\(node)\" [pos=") } ?? ""
  }
}
