import Foundation
import Testing
@testable import JourneyMap

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The journey map's DOT: golden files, stability, ids, the curve and the user's text.
@Suite struct JourneyViewTests {
  @Test func exampleMapsMatchTheirGoldenFiles() throws {
    let maps = GoldenFile.exampleMaps()
    #expect(maps.count >= 6)
    for map in maps {
      #expect(!map.checked.hasErrors, "\(map.name) has errors")
      let dot = JourneyView.dot(map.checked)
      if let problem = try GoldenFile.mismatch(dot, name: "\(map.name).journey.dot") {
        Issue.record("\(problem)")
      }
    }
  }

  @Test func sameMapTwiceGivesTheSameBytes() {
    for checked in [JourneyViewFixtures.full, JourneyViewFixtures.synthetic(steps: 60)] {
      #expect(JourneyView.dot(checked) == JourneyView.dot(checked))
    }
    for map in GoldenFile.exampleMaps() {
      let again = JourneyChecker.check(
        Array((try? Data(contentsOf: GoldenFile.root.appendingPathComponent(
          "maps/\(map.name).journey"))) ?? Data()), file: "maps/\(map.name).journey")
      #expect(JourneyView.dot(map.checked) == JourneyView.dot(again), "\(map.name)")
    }
  }

  @Test func everyStepIsANodeNamedAfterItsKey() {
    var checked = GoldenFile.exampleMaps().map(\.checked)
    checked.append(JourneyViewFixtures.full)
    for map in checked {
      let dot = JourneyView.dot(map)
      for step in map.journey.steps {
        #expect(dot.contains("\"step-\(step.key)\" [id=\"step-\(step.key)\""),
                "\(map.journey.file): \(step.key)")
      }
    }
  }

  @Test func everyScoredStepIsAPointOnTheCurveAtItsLevel() throws {
    let checked = JourneyViewFixtures.full
    let svg = try Self.svg(JourneyView.dot(checked))
    let baseline = try #require(svg.boxes["baseline-call"]).minY
    for step in checked.journey.steps {
      // The point is the score-sized shape in the step's column filled with the feel colour
      // (Graphviz writes no ids for table cells).
      let points = svg.shapes.filter { shape in
        shape.group == "step-\(step.key)" && (20...28).contains(shape.maxY - shape.minY)
          && [-2, -1, 0, 1, 2].map { Style.feelColors($0).fill }.contains(shape.fill)
      }
      guard let feel = step.feel, !step.isBackstage else {
        #expect(points.isEmpty, "\(step.key) has no point")
        continue
      }
      #expect(points.count == 1, "\(step.key) has one point")
      let point = try #require(points.first)
      #expect(point.fill == Style.feelColors(feel).fill)
      let centre = (point.minY + point.maxY) / 2
      // SVG y grows downwards: a good feeling sits above the baseline.
      #expect(abs((baseline - centre) - Double(feel * JourneyView.Curve.row)) <= 1.5,
              "\(step.key) feels \(feel)")
    }
    for feel in [-2, -1, 1, 2] { #expect(svg.texts.contains(Style.feelText(feel))) }
  }

  @Test func stageBoxesOfARowShareTheirTopAndBottom() throws {
    for map in GoldenFile.exampleMaps() {
      let svg = try Self.svg(JourneyView.dot(map.checked))
      for prefix in ["stage-", "phase-"] {
        let boxes = svg.boxes.filter { $0.key.hasPrefix(prefix) }.map(\.value)
        if prefix == "stage-" { #expect(boxes.count >= 3, "\(map.name) has stage boxes") }
        let tops = Set(boxes.map(\.minY)), bottoms = Set(boxes.map(\.maxY))
        #expect(tops.count <= 1, "\(map.name): \(prefix) tops \(tops.sorted())")
        #expect(bottoms.count <= 1, "\(map.name): \(prefix) bottoms \(bottoms.sorted())")
      }
    }
  }

  @Test func aSpaceAfterABoldWordOrAChipIsKeptInsideIt() throws {
    // SVG viewers drop a space at the start of a <text>, where it would otherwise go.
    let map = try #require(GoldenFile.exampleMaps().first { $0.name == "faulty-product" })
    let svg = try Self.svg(JourneyView.dot(map.checked))
    #expect(svg.texts.contains("Goal:\u{a0}"))
    #expect(svg.texts.contains("■\u{a0}"))
    #expect(!svg.texts.contains { $0.hasPrefix(" ") && $0.count > 1 })
  }

  @Test func theCurvePassesEveryColumnBetweenItsFirstAndLastPoint() {
    let dot = JourneyView.dot(JourneyViewFixtures.full)
    // covered (a decision) and restock (backstage) have no score: the curve goes through them.
    for segment in ["curve-card-call", "curve-call-covered", "curve-covered-quote",
                    "curve-visit-restock", "curve-restock-survey", "curve-survey-gone"] {
      #expect(dot.contains("id=\"\(segment)\""), "\(segment)")
    }
    #expect(!dot.contains("id=\"curve-gone-"))
  }

  @Test func userTextReachesTheSVGExactlyAsWritten() throws {
    let texts = ["A & B <c> \"q\" 'a'", #"C:\Notes \N \G \\"#, "😀 漢字 שלום عربي",
                 "</TD></TABLE>", "&amp; &#60;"]
    var b = JourneyViewFixtures.Builder(title: texts[0])
    b.persona("p", texts[1], goals: [texts[2]])
    b.owner("o", texts[3])
    b.stage("s", texts[4]) { $0.workshop.notes = [texts[0]] }
    for (n, text) in texts.enumerated() {
      b.step(.touchpoint, "t\(n)", text) {
        $0.owners = [JourneyViewFixtures.ref("o")]
        $0.pains = [text]
        $0.opportunities = [text]
        $0.metrics = [text]
        $0.workshop.notes = [text]
        $0.workshop.questions = [text]
        $0.channel = .other(text)
        $0.feel = n % 5 - 2
      }
    }
    b.step(.decision, "d", texts[1]) {
      $0.branches = [JourneyViewFixtures.branch(texts[2], "t0"),
                     JourneyViewFixtures.branch(texts[0], "t1")]
    }
    let svg = try Self.svg(JourneyView.dot(b.checked))
    for text in texts {
      #expect(svg.texts.contains { $0.contains(text) }, "\(text) in \(svg.texts)")
    }
    #expect(svg.texts.contains("↺ " + texts[0]))
  }

  // MARK: - Rendering with Graphviz's dot

  /// What a test reads back from an SVG: every text node, and the bounding box of the shapes
  /// drawn in each group with an id.
  struct SVG {
    var texts: [String] = []
    var boxes: [String: (minY: Double, maxY: Double)] = [:]
    var shapes: [(group: String, fill: String, minY: Double, maxY: Double)] = []
  }

  static func svg(_ dot: String) throws -> SVG {
    let data = Data(try laidOut(dot).utf8)
    let reader = SVGReader()
    let parser = XMLParser(data: data)
    parser.delegate = reader
    #expect(parser.parse(), "the SVG parses as XML")
    return reader.svg
  }

  /// Collects text nodes and, per group id, the y range of its paths and polygons.
  final class SVGReader: NSObject, XMLParserDelegate {
    var svg = SVG()
    private var groups: [String?] = []
    private var text: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
      switch name {
      case "g": groups.append(attributes["id"])
      case "text": text = ""
      case "path", "polygon":
        guard let id = groups.last(where: { $0 != nil }) ?? nil else { return }
        let numbers = (attributes["d"] ?? attributes["points"] ?? "")
          .split(whereSeparator: { !"-.0123456789".contains($0) }).compactMap { Double($0) }
        let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
        guard let low = ys.min(), let high = ys.max() else { return }
        let old = svg.boxes[id]
        svg.boxes[id] = (min(old?.minY ?? low, low), max(old?.maxY ?? high, high))
        svg.shapes.append((id, (attributes["fill"] ?? "").uppercased(), low, high))
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      text? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
                qualifiedName: String?) {
      switch name {
      case "g": _ = groups.popLast()
      case "text":
        if let text { svg.texts.append(text) }
        text = nil
      default: break
      }
    }
  }
}
