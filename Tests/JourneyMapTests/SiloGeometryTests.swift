import Foundation
import Testing
@testable import JourneyMap

/// What a facilitator sees on the wall: lines that run through cards, labels printed over
/// cards and lines that wander below the lanes, measured on the SVG that `dot` draws.
@Suite struct SiloGeometryTests {
  /// A rectangle in SVG coordinates (y grows downwards).
  struct Box {
    var minX, minY, maxX, maxY: Double

    init(_ points: [(Double, Double)]) {
      minX = points.map(\.0).min() ?? 0
      maxX = points.map(\.0).max() ?? 0
      minY = points.map(\.1).min() ?? 0
      maxY = points.map(\.1).max() ?? 0
    }

    /// `self` shrunk by `margin` on every side, so a line that only touches a border (a
    /// line's own width, dot's rounding) does not count.
    func inset(_ margin: Double) -> Box {
      var box = self
      box.minX += margin
      box.minY += margin
      box.maxX -= margin
      box.maxY -= margin
      return box
    }

    func contains(_ p: (Double, Double)) -> Bool {
      p.0 > minX && p.0 < maxX && p.1 > minY && p.1 < maxY
    }

    func overlaps(_ other: Box) -> Bool {
      minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
  }

  /// The parts of a silo SVG the checks need.
  struct Drawing {
    /// Cards (steps and their dashed copies) by DOT node name.
    var cards: [(name: String, box: Box)] = []
    /// Each edge piece: its id, the nodes it joins, points along its curve, its label texts.
    var edges: [(id: String, ends: [String], points: [(Double, Double)], labels: [Box])] = []
    /// The top of the first lane and the bottom of the last.
    var lanes: ClosedRange<Double> = 0...0

    init(_ svg: ParsedSVG) {
      let elements = svg.elements
      var laneTops: [Double] = []
      var laneBottoms: [Double] = []
      for (g, group) in elements.enumerated() where group.name == "g" {
        var inside: [ParsedSVG.Element] = []
        for element in elements[(g + 1)...] {
          if element.depth <= group.depth { break }
          if element.depth == group.depth + 1 { inside.append(element) }
        }
        let title = inside.first { $0.name == "title" }?.text ?? ""
        switch group.attributes["class"] {
        case "cluster" where (group.attributes["id"] ?? "").hasPrefix("silo-lane-"):
          if let polygon = inside.first(where: { $0.name == "polygon" }) {
            let box = Box(Drawing.points(polygon.attributes["points"] ?? ""))
            laneTops.append(box.minY)
            laneBottoms.append(box.maxY)
          }
        case "node" where Drawing.isCard(title):
          let outline = inside.flatMap { element -> [(Double, Double)] in
            switch element.name {
            case "polygon": Drawing.points(element.attributes["points"] ?? "")
            case "path": Drawing.points(element.attributes["d"] ?? "")
            default: []
            }
          }
          cards.append((title, Box(outline)))
        case "edge":
          let ends = title.components(separatedBy: "->").map {
            String($0.split(separator: ":").first ?? "")
          }
          let curves = inside.filter { $0.name == "path" }
            .flatMap { Drawing.sampled(Drawing.points($0.attributes["d"] ?? "")) }
          let labels = inside.filter { $0.name == "text" }.map(Drawing.textBox)
          edges.append((group.attributes["id"] ?? title, ends, curves, labels))
        default:
          break
        }
      }
      if let top = laneTops.min(), let bottom = laneBottoms.max() { lanes = top...bottom }
    }

    static func isCard(_ name: String) -> Bool {
      guard let first = name.first, first == "s" || first == "g" else { return false }
      return name.dropFirst().allSatisfy { $0.isNumber || $0 == "_" } && name.count > 1
    }

    /// The numbers of an SVG `points` or path `d` attribute, read as x,y pairs.
    static func points(_ text: String) -> [(Double, Double)] {
      let numbers = text.split { !"0123456789.-e".contains($0) }.compactMap { Double($0) }
      return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
    }

    /// Points along a path of cubic Bézier segments (dot writes `M p C p p p p p p ...`).
    static func sampled(_ p: [(Double, Double)]) -> [(Double, Double)] {
      guard let start = p.first else { return [] }
      var out = [start]
      var i = 1
      while i + 2 < p.count {
        let (a, b, c, d) = (p[i - 1], p[i], p[i + 1], p[i + 2])
        for k in 1...24 {
          let t = Double(k) / 24
          let u = 1 - t
          func mix(_ f: ((Double, Double)) -> Double) -> Double {
            u * u * u * f(a) + 3 * u * u * t * f(b) + 3 * u * t * t * f(c) + t * t * t * f(d)
          }
          out.append((mix { $0.0 }, mix { $0.1 }))
        }
        i += 3
      }
      return out
    }

    /// A generous box around a `<text>`: about 0.55 em per character.
    static func textBox(_ text: ParsedSVG.Element) -> Box {
      let x = Double(text.attributes["x"] ?? "") ?? 0
      let y = Double(text.attributes["y"] ?? "") ?? 0
      let size = Double(text.attributes["font-size"] ?? "") ?? 10
      let width = Double(text.text.count) * size * 0.55
      let left: Double =
        switch text.attributes["text-anchor"] {
        case "middle": x - width / 2
        case "end": x - width
        default: x
        }
      return Box([(left, y - size * 0.75), (left + width, y + size * 0.2)])
    }
  }

  /// Everything wrong with the drawing of `dot`, one line per fault.
  static func faults(_ dot: String) throws -> [String] {
    faults(svg: try laidOut(dot))
  }

  static func faults(svg: String) -> [String] {
    let drawing = Drawing(ParsedSVG(svg))
    var faults: [String] = []
    for edge in drawing.edges {
      for card in drawing.cards where !edge.ends.contains(card.name) {
        let box = card.box.inset(2)
        if zip(edge.points, edge.points.dropFirst()).contains(where: { p, q in
          // Halfway points too: samples are a few points apart, a card corner is not.
          box.contains(p) || box.contains(((p.0 + q.0) / 2, (p.1 + q.1) / 2))
        }) {
          faults.append("\(edge.id) runs through card \(card.name)")
        }
        if edge.labels.contains(where: { $0.overlaps(box) }) {
          faults.append("\(edge.id)'s label is on card \(card.name)")
        }
      }
      let lanes = (drawing.lanes.lowerBound - 1)...(drawing.lanes.upperBound + 1)
      if edge.points.contains(where: { !lanes.contains($0.1) }) {
        faults.append("\(edge.id) leaves the lanes")
      }
    }
    return faults
  }

  @Test func noLineRunsThroughACardAndNoLabelSitsOnOneInAnyExampleMap() throws {
    let maps = GoldenFile.exampleMaps()
    #expect(maps.contains { $0.name == "faulty-product" })
    for (name, checked) in maps {
      let faults = try SiloGeometryTests.faults(SiloView.dot(checked))
      if name == "hospital-surgery" {
        // Known gap until the silo diagram moves onto the board (issue 8): with 14 owners
        // dot routes a hand-off through a card.
        withKnownIssue("issue 8: the 14-owner silo diagram", isIntermittent: true) {
          #expect(faults.isEmpty, "\(name): \(faults.joined(separator: "; "))")
        }
        continue
      }
      #expect(faults.isEmpty, "\(name): \(faults.joined(separator: "; "))")
    }
  }

  @Test func noLineRunsThroughACardInTheRichFixture() throws {
    let faults = try SiloGeometryTests.faults(SiloView.dot(SiloFixtures.rich))
    #expect(faults.isEmpty, "\(faults.joined(separator: "; "))")
  }

  /// The check itself finds what it is meant to: a line across a card, a label on one, a
  /// line below the lanes.
  @Test func theCheckSeesALineThroughACardALabelOnOneAndALineBelowTheLanes() {
    let svg = """
      <svg xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph">
      <g id="silo-lane-customer" class="cluster"><title>cluster_lane_0</title>
      <polygon points="0,0 300,0 300,100 0,100 0,0"/></g>
      <g id="node1" class="node"><title>s1</title>
      <path d="M100,40C100,40 160,40 160,40 160,40 160,60 160,60 160,60 100,60 100,60Z"/></g>
      <g id="long" class="edge"><title>s0&#45;&gt;s2</title>
      <path d="M10,50C60,50 200,50 290,50"/></g>
      <g id="low" class="edge"><title>s0&#45;&gt;s3</title>
      <path d="M10,50C60,150 200,150 290,50"/>
      <text text-anchor="middle" x="130" y="55" font-size="10">found</text></g>
      </g></svg>
      """
    #expect(SiloGeometryTests.faults(svg: svg) == [
      "long runs through card s1", "low's label is on card s1", "low leaves the lanes",
    ])
  }
}
