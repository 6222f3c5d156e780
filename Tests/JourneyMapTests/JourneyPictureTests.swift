import Foundation
import Testing
@testable import JourneyMap

/// The journey map as a facilitator, a document author and a printer get it: every example
/// map in every medium, rendered by `journeymap render` through the real libgvc, measured on
/// the finished SVG: no text on other text, no connector through a card or a label, the
/// experience curve only where the flow goes, and each medium's text sizes and shape.
@Suite(.serialized) struct JourneyPictureTests {
  static let root = ExampleOutputTests.root

  /// A rectangle in SVG coordinates.
  struct Rect: CustomStringConvertible {
    var minX, minY, maxX, maxY: Double
    var width: Double { maxX - minX }
    var height: Double { maxY - minY }
    var centerX: Double { (minX + maxX) / 2 }

    init(_ points: [(Double, Double)]) {
      minX = points.map(\.0).min() ?? 0
      maxX = points.map(\.0).max() ?? 0
      minY = points.map(\.1).min() ?? 0
      maxY = points.map(\.1).max() ?? 0
    }

    func inset(_ d: Double) -> Rect {
      var r = self
      (r.minX, r.minY, r.maxX, r.maxY) = (minX + d, minY + d, maxX - d, maxY - d)
      return r
    }

    func overlaps(_ o: Rect) -> Bool {
      minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY
    }

    /// True when the straight segment from `p` to `q` passes through the inside.
    func crossed(by p: (Double, Double), _ q: (Double, Double)) -> Bool {
      var t0 = 0.0
      var t1 = 1.0
      let dx = q.0 - p.0
      let dy = q.1 - p.1
      for (pk, qk) in [(-dx, p.0 - minX), (dx, maxX - p.0), (-dy, p.1 - minY), (dy, maxY - p.1)] {
        if pk == 0 {
          if qk <= 0 { return false }
        } else {
          let r = qk / pk
          if pk < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
        }
      }
      return t0 < t1
    }

    var description: String { "(\(Int(minX)),\(Int(minY)) \(Int(width))×\(Int(height)))" }
  }

  /// What the checks read from one finished SVG.
  struct Drawing {
    struct Text {
      var text: String
      var size: Double
      var bold: Bool
      var box: Rect
      var group: String
      var classes: [String]
    }

    var width = 0.0
    var height = 0.0
    var unit = "pt"
    /// Output units per SVG unit.
    var scale = 1.0
    var ids: [String] = []
    var texts: [Text] = []
    /// Nodes: id, classes, outline.
    var boxes: [(id: String, classes: [String], box: Rect)] = []
    var frames: [(id: String, classes: [String], box: Rect)] = []
    var flows: [(id: String, classes: [String], points: [(Double, Double)])] = []
    var feels: [(from: String, to: String)] = []
    /// The drawing's own rectangle in its coordinates (Graphviz's y runs up from the bottom
    /// edge, so it is 0 at the bottom and minus the height at the top), from the graph's
    /// translation and the viewBox.
    var drawingBounds: Rect?
    /// The arrowheads of connectors: the connector's id, the fill, the outline.
    var arrows: [(id: String, fill: String, points: [(Double, Double)])] = []

    init(_ svg: String) {
      let parsed = ParsedSVG(svg)
      let elements = parsed.elements
      if let root = parsed.root {
        let w = root.attributes["width"] ?? ""
        unit = w.hasSuffix("px") ? "px" : "pt"
        width = Double(w.dropLast(2)) ?? 0
        height = Double((root.attributes["height"] ?? "").dropLast(2)) ?? 0
        let box = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap {
          Double($0)
        }
        if box.count == 4, box[2] > 0 { scale = width / box[2] }
      }
      for element in elements { if let id = element.attributes["id"] { ids.append(id) } }
      if let graph = elements.first(where: { $0.name == "g" && $0.attributes["class"] == "graph" }),
        let transform = graph.attributes["transform"],
        let translate = transform.components(separatedBy: "translate(").last
      {
        let t = translate.split { $0 == " " || $0 == ")" || $0 == "," }.compactMap { Double($0) }
        if t.count >= 2 {
          drawingBounds = Rect([(-t[0], -t[1]), (width / max(scale, 1e-9), 0)])
        }
      }
      for (g, group) in elements.enumerated() where group.name == "g" {
        let classes = (group.attributes["class"] ?? "").split(separator: " ").map(String.init)
        guard let id = group.attributes["id"], classes.first != "graph" else { continue }
        var inside: [ParsedSVG.Element] = []
        for element in elements[(g + 1)...] {
          if element.depth <= group.depth { break }
          inside.append(element)
        }
        let outline = inside.flatMap { element -> [(Double, Double)] in
          switch element.name {
          case "polygon": Self.numbers(element.attributes["points"] ?? "")
          case "path" where classes.first != "edge": Self.numbers(element.attributes["d"] ?? "")
          case "ellipse":
            [(Double(element.attributes["cx"] ?? "") ?? 0) - (Double(element.attributes["rx"] ?? "") ?? 0),
             (Double(element.attributes["cy"] ?? "") ?? 0) - (Double(element.attributes["ry"] ?? "") ?? 0),
             (Double(element.attributes["cx"] ?? "") ?? 0) + (Double(element.attributes["rx"] ?? "") ?? 0),
             (Double(element.attributes["cy"] ?? "") ?? 0) + (Double(element.attributes["ry"] ?? "") ?? 0)]
              .chunked()
          default: []
          }
        }
        switch classes.first {
        case "node":
          boxes.append((id, Array(classes.dropFirst()), Rect(outline)))
          for element in inside where element.name == "text" {
            texts.append(Self.text(element, group: id, classes: Array(classes.dropFirst())))
          }
        case "cluster":
          frames.append((id, Array(classes.dropFirst()), Rect(outline)))
        case "edge":
          let rest = Array(classes.dropFirst())
          guard let path = inside.first(where: { $0.name == "path" }) else { continue }
          let p = Self.numbers(path.attributes["d"] ?? "")
          // Our connectors are straight pieces: every third point ends one.
          let corners = stride(from: 0, to: p.count, by: 3).map { p[$0] }
          if rest.first == "flow" {
            flows.append((id, rest, corners))
            for head in inside where head.name == "polygon" {
              arrows.append((id, head.attributes["fill"] ?? "",
                             Self.numbers(head.attributes["points"] ?? "")))
            }
          }
          if rest.first == "feel" {
            let from = rest.first { $0.hasPrefix("from-") }.map { String($0.dropFirst(5)) }
            let to = rest.first { $0.hasPrefix("to-") }.map { String($0.dropFirst(3)) }
            feels.append((from ?? "", to ?? ""))
          }
        default:
          break
        }
      }
    }

    static func numbers(_ text: String) -> [(Double, Double)] {
      let n = text.split { !"0123456789.-e".contains($0) }.compactMap { Double($0) }
      return stride(from: 0, to: n.count - 1, by: 2).map { (n[$0], n[$0 + 1]) }
    }

    /// The box the text's glyphs take: measured with DejaVu's own widths, from the baseline
    /// up by the ascent and down by the descent.
    static func text(_ element: ParsedSVG.Element, group: String, classes: [String]) -> Text {
      let x = Double(element.attributes["x"] ?? "") ?? 0
      let y = Double(element.attributes["y"] ?? "") ?? 0
      let size = Double(element.attributes["font-size"] ?? "") ?? 10
      let bold = element.attributes["font-weight"] == "bold"
      let width = FontMetrics.width(element.text, size: size, bold: bold) / FontMetrics.slack
      let left: Double =
        switch element.attributes["text-anchor"] {
        case "middle": x - width / 2
        case "end": x - width
        default: x
        }
      return Text(text: element.text, size: size, bold: bold,
                  box: Rect([(left, y - size * 0.76), (left + width, y + size * 0.24)]),
                  group: group, classes: classes)
    }

    /// Everything a connector must not pass through: cards, notes, labels, points.
    var obstacles: [(id: String, box: Rect)] {
      boxes.filter { $0.box.width > 0 }.map { ($0.id, $0.box) }
        + texts.map { ("text \u{201C}\($0.text)\u{201D} of \($0.group)", $0.box) }
    }
  }

  /// Every problem of one picture, one line each.
  static func faults(_ d: Drawing) -> [String] {
    var faults: [String] = []
    let texts = d.texts.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    for (i, a) in texts.enumerated() {
      for b in texts[(i + 1)...] where a.box.inset(0.6).overlaps(b.box.inset(0.6)) {
        faults.append("text \u{201C}\(a.text)\u{201D} (\(a.group)) overlaps \u{201C}\(b.text)\u{201D} (\(b.group))")
      }
    }
    for flow in d.flows {
      for obstacle in d.obstacles {
        let box = obstacle.box.inset(1.5)
        if zip(flow.points, flow.points.dropFirst()).contains(where: { box.crossed(by: $0, $1) }) {
          faults.append("\(flow.id) runs through \(obstacle.id) \(obstacle.box)")
        }
      }
    }
    var seen: Set<String> = []
    for id in d.ids where !seen.insert(id).inserted { faults.append("id \(id) twice") }
    // Every arrowhead is drawn, in ink (not the paper's white), inside the picture.
    if let canvas = d.drawingBounds {
      for flow in d.flows {
        let heads = d.arrows.filter { $0.id == flow.id }
        if heads.isEmpty { faults.append("\(flow.id) has no arrowhead") }
        for head in heads {
          if ["", "none", "#ffffff", "white"].contains(head.fill.lowercased()) {
            faults.append("\(flow.id): an arrowhead filled \(head.fill)")
          }
          if head.points.contains(where: {
            $0.0 < canvas.minX - 0.5 || $0.0 > canvas.maxX + 0.5 || $0.1 < canvas.minY - 0.5
              || $0.1 > canvas.maxY + 0.5
          }) {
            faults.append("\(flow.id): an arrowhead outside the picture")
          }
        }
      }
    }
    // No two connectors drawn on top of each other for more than a short shared run (where
    // two arrive side by side at one card).
    let pieces = d.flows.map { flow in
      zip(flow.points, flow.points.dropFirst()).map { (flow.id, $0, $1) }
    }
    for (i, a) in pieces.enumerated() {
      for b in pieces[(i + 1)...] {
        for (ida, p, q) in a {
          for (idb, r, t) in b {
            let shared = Self.sharedRun((p, q), (r, t))
            if shared > 30 { faults.append("\(ida) and \(idb) share \(Int(shared)) pt") }
          }
        }
      }
    }
    return faults
  }

  /// The length two axis-parallel pieces run on top of each other (0 when they do not).
  static func sharedRun(_ a: ((Double, Double), (Double, Double)),
                        _ b: ((Double, Double), (Double, Double))) -> Double {
    let (p, q) = a
    let (r, t) = b
    if abs(p.0 - q.0) < 0.5 && abs(r.0 - t.0) < 0.5 && abs(p.0 - r.0) < 0.75 {
      return min(max(p.1, q.1), max(r.1, t.1)) - max(min(p.1, q.1), min(r.1, t.1))
    }
    if abs(p.1 - q.1) < 0.5 && abs(r.1 - t.1) < 0.5 && abs(p.1 - r.1) < 0.75 {
      return min(max(p.0, q.0), max(r.0, t.0)) - max(min(p.0, q.0), min(r.0, t.0))
    }
    return 0
  }

  /// The pairs of felt front-stage steps the customer goes between, directly or through
  /// decisions, loops left out: what the curve must draw, worked out from the flow alone.
  static func expectedCurve(_ checked: CheckedJourney) -> Set<String> {
    let steps = checked.journey.steps
    let felt = Set(steps.filter { !$0.isBackstage && $0.feel != nil }.map(\.key))
    let decisions = Set(steps.filter { $0.kind == .decision && !$0.isBackstage }.map(\.key))
    var next: [String: [String]] = [:]
    for edge in checked.flow.edges where !edge.isLoop { next[edge.from, default: []].append(edge.to) }
    var pairs: Set<String> = []
    for from in felt {
      var seen: Set<String> = [from]
      var queue = next[from] ?? []
      while let key = queue.popLast() {
        guard seen.insert(key).inserted else { continue }
        if felt.contains(key) { pairs.insert("\(from)>\(key)") }
        else if decisions.contains(key) { queue += next[key] ?? [] }
      }
    }
    return pairs
  }

  static let mapNames = GoldenFile.exampleMaps().map(\.name)

  /// Renders every example map's `view` in `medium` with the real binary; the files.
  static func render(_ medium: String, view: String = "journey", extra: [String] = []) throws
    -> [String: [String]]
  {
    let directory = try temporaryDirectory()
    let result = try Binary.run(["render", "maps", "--view", view, "--media", medium,
                                 "-o", directory.path] + extra, in: root)
    #expect(result.status == 0, "\(result.stderr)")
    var files: [String: [String]] = [:]
    for file in result.stdout.split(separator: "\n").map(String.init) {
      let name = String(file.split(separator: "/").last?.prefix { $0 != "." } ?? "")
      files[name, default: []].append(file)
    }
    return files
  }

  static func drawing(_ file: String) throws -> Drawing {
    Drawing(try String(contentsOfFile: file, encoding: .utf8))
  }

  // MARK: Every medium

  static let views = ["journey", "silo"]

  @Test(arguments: ["journey", "silo"], ["poster", "screen", "a4", "a3", "letter", "column"])
  func noOverlapsNoConnectorThroughACardAndUniqueIds(_ view: String, _ medium: String) throws {
    let files = try Self.render(medium, view: view)
    #expect(Set(files.keys) == Set(Self.mapNames))
    for (_, list) in files.sorted(by: { $0.key < $1.key }) {
      for file in list {
        let faults = Self.faults(try Self.drawing(file))
        #expect(faults.isEmpty, Comment(rawValue: "\(file):\n" + faults.prefix(12).joined(separator: "\n")))
      }
    }
  }

  /// The SVG is drawn without Pango (Graphviz measures text with `FontMetrics`), so this
  /// checks what Pango used to guarantee: every text, left-aligned, centred or right-aligned,
  /// lies inside the card, point or finding it belongs to, and a centred score sits in the
  /// middle of its point.
  @Test(arguments: ["poster", "screen", "a4", "column"])
  func everyTextSitsInsideItsBox(_ medium: String) throws {
    for (_, list) in try (Self.render(medium, view: "journey").sorted { $0.key < $1.key }
      + Self.render(medium, view: "silo").sorted { $0.key < $1.key }) {
      for file in list {
        let d = try Self.drawing(file)
        var faults: [String] = []
        // Cards, points and findings draw their whole outline (a border or a fill); other
        // boxes draw only parts of themselves, so their outline says nothing.
        for box in d.boxes where box.box.width > 0
          && ["step", "point", "annotation"].contains(box.classes.first ?? "")
        {
          for text in d.texts where text.group == box.id
            && !text.text.trimmingCharacters(in: .whitespaces).isEmpty
          {
            let outer = box.box.inset(-0.5)
            let t = text.box
            if t.minX < outer.minX || t.maxX > outer.maxX || t.minY < outer.minY
              || t.maxY > outer.maxY
            {
              faults.append("\u{201C}\(text.text)\u{201D} \(t) outside \(box.id) \(box.box)")
            }
            if box.classes.contains("point"), abs(t.centerX - box.box.centerX) > 1 {
              faults.append("\u{201C}\(text.text)\u{201D} off the middle of \(box.id)")
            }
          }
        }
        #expect(faults.isEmpty, Comment(rawValue: "\(file):\n" + faults.prefix(12).joined(separator: "\n")))
      }
    }
  }

  @Test(arguments: ["journey", "silo"])
  func thePosterIsOnePictureAtMostThreeTimesAsWideAsTall(_ view: String) throws {
    for (name, list) in try Self.render("poster", view: view) {
      #expect(list.count == 1)
      let d = try Self.drawing(list[0])
      #expect(d.width <= 3.0 * d.height + 1, "\(name): \(d.width) × \(d.height)")
    }
  }

  @Test(arguments: ["journey", "silo"])
  func aDocumentColumnIsItsWidthWithTextOfSixAndAHalfPointsAndLabelsOfEight(_ view: String)
    throws
  {
    for width in ["480", "360"] {
      for (name, list) in try Self.render("column", view: view, extra: ["--width", width]) {
        #expect(list.count == 1)
        let d = try Self.drawing(list[0])
        #expect(abs(d.width - (Double(width) ?? 0)) < 0.5, "\(name): \(d.width)")
        let smallest = (d.texts.map(\.size).min() ?? 0) * d.scale
        #expect(smallest >= 6.49, "\(name) at \(width) pt: smallest text \(smallest) pt")
        let labels = d.texts.filter { $0.classes.contains("step") && $0.bold && $0.size >= 13 }
        #expect(!labels.isEmpty)
        #expect((labels.map(\.size).min() ?? 0) * d.scale >= 7.99, "\(name): labels")
      }
    }
  }

  @Test(arguments: ["journey", "silo"], [("a4", 842.0, 595.0), ("a3", 1191.0, 842.0),
                                          ("letter", 792.0, 612.0)])
  func paperPagesAreTheSheetWithEightPointTextAndHalfFull(_ view: String,
                                                          _ sheet: (String, Double, Double))
    throws
  {
    let (medium, width, height) = sheet
    for (name, list) in try Self.render(medium, view: view) {
      #expect(list.count >= 2, "\(name): a cover and pages")
      for (index, file) in list.enumerated() {
        #expect(file.hasSuffix(".page-\(index + 1).svg"))
        let d = try Self.drawing(file)
        // Landscape; a silo diagram of many lanes may take portrait sheets.
        let landscape = d.width == width && d.height == height
        let portrait = d.width == height && d.height == width
        #expect(landscape || (view == "silo" && portrait), "\(file): \(d.width) × \(d.height)")
        let smallest = (d.texts.map(\.size).min() ?? 0) * d.scale
        #expect(smallest >= 7.99, "\(file): smallest text \(smallest) pt")
        guard index > 0 else { continue }
        let drawn = Rect(d.frames.filter { $0.id != "canvas" }.flatMap {
          [($0.box.minX, $0.box.minY), ($0.box.maxX, $0.box.maxY)]
        } + d.boxes.filter { $0.box.width > 0 }.flatMap {
          [($0.box.minX, $0.box.minY), ($0.box.maxX, $0.box.maxY)]
        } + d.texts.filter { !$0.group.hasSuffix("-headline") }.flatMap {
          // The page's headline runs across any page: it does not count as filling it.
          [($0.box.minX, $0.box.minY), ($0.box.maxX, $0.box.maxY)]
        })
        let fill = drawn.width * drawn.height * d.scale * d.scale / (d.width * d.height)
        #expect(fill >= 0.5, "\(file): \(Int(fill * 100)) % of the page")
      }
    }
  }

  /// Slides as PNG are the projector's pixels exactly, and pages as PDF exactly the sheet:
  /// Graphviz rounds margins to whole points, which made one slide in five a pixel too
  /// narrow or too wide until the graph's box became the canvas itself.
  @Test(arguments: ["journey", "silo"])
  func slidesAsPNGAreExactlyFullHD(_ view: String) throws {
    var count = 0
    for (name, list) in try Self.render("screen", view: view, extra: ["--format", "png"]) {
      for file in list {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        try #require(bytes.count > 24 && bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file)")
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1920 && height == 1080, "\(name): \(file) is \(width)×\(height)")
        count += 1
      }
    }
    #expect(count > 2 * Self.mapNames.count, "every map gives several slides")
  }

  /// A page's markers name the steps at the other end of a connector by the numbers on
  /// their cards and the page each is on ("← from 2, 3 on page 2; 8 on page 4"), and that
  /// page holds that step's card.
  @Test(arguments: ["journey", "silo"])
  func pageMarkersNameThePageThatHoldsEachStep(_ view: String) throws {
    var checked = 0
    for (name, list) in try Self.render("a4", view: view) {
      var holds: [Int: Set<String>] = [:]  // page → the numbers of the cards on it
      var markers: [(file: String, text: String)] = []
      for file in list {
        let part = file.split(separator: ".").dropLast().last ?? ""
        guard part.hasPrefix("page-"), let page = Int(part.dropFirst(5)) else { continue }
        let d = try Self.drawing(file)
        for text in d.texts where text.classes.contains("step") {
          if let number = text.text.split(separator: " ").first, number.allSatisfy(\.isNumber),
            text.text.dropFirst(number.count).hasPrefix(" · ")
          {
            holds[page, default: []].insert(String(number))
          }
        }
        var byGroup: [String: [String]] = [:]
        var order: [String] = []
        for text in d.texts where text.classes.contains("marker") {
          if byGroup[text.group] == nil { order.append(text.group) }
          byGroup[text.group, default: []].append(text.text)
        }
        markers += order.map { (file, byGroup[$0, default: []].joined(separator: " ")) }
      }
      for (file, text) in markers {
        // "← from 2, 3 on page 2; 8 on page 4": the arrow and the word, then the groups.
        var body = Substring(text.trimmingCharacters(in: CharacterSet(charactersIn: "←→ ")))
        for word in ["from ", "to "] where body.hasPrefix(word) { body = body.dropFirst(word.count) }
        for group in String(body).components(separatedBy: "; ") {
          let halves = group.components(separatedBy: " on page ")
          #expect(halves.count == 2, "\(file): marker \"\(text)\" names no page")
          guard halves.count == 2, let page = Int(halves[1]) else { continue }
          for number in halves[0].components(separatedBy: ", ") {
            #expect(holds[page]?.contains(number) == true,
                    "\(name): \(file) says step \(number) is on page \(page)")
            checked += 1
          }
        }
      }
    }
    #expect(checked > 20, "the example maps' pages have markers to check")
  }

  @Test(arguments: ["journey", "silo"])
  func slidesAreFullHDWithLabelsOfTwentyFourAndStageNamesOfThirtyTwoPixels(_ view: String)
    throws
  {
    for (name, list) in try Self.render("screen", view: view) {
      #expect(list.count >= 2, "\(name): an overview and stage slides")
      for (index, file) in list.enumerated() {
        let d = try Self.drawing(file)
        #expect(d.unit == "px" && d.width == 1920 && d.height == 1080, "\(file)")
        guard index > 0 else { continue }
        // Every text on a slide after the overview reads from the back of a room.
        let smallest = (d.texts.map(\.size).min() ?? 0) * d.scale
        let labels = d.texts.filter { $0.classes.contains("step") && $0.bold && $0.size >= 13 }
        let stages = d.texts.filter { $0.classes.contains("stage-label") && $0.size >= 18 }
        if labels.isEmpty {
          // A slide of the details of the stages shown before it.
          #expect(d.boxes.contains { $0.classes.contains("detail") }, "\(file)")
          #expect(smallest >= 14.99, "\(file): smallest text \(smallest) px")
          continue
        }
        #expect(!stages.isEmpty, "\(file)")
        #expect(smallest >= 14.99, "\(file): smallest text \(smallest) px")
        #expect((labels.map(\.size).min() ?? 0) * d.scale >= 23.99, "\(file): labels")
        #expect((stages.map(\.size).min() ?? 0) * d.scale >= 31.99, "\(file): stage names")
      }
    }
  }

  /// The H numbers written in a picture: texts that are exactly "H" and digits.
  static func handoffNumbers(_ file: String) throws -> [String] {
    let svg = try String(contentsOfFile: file, encoding: .utf8)
    return ParsedSVG(svg).texts.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      $0.count > 1 && $0.hasPrefix("H") && $0.dropFirst().allSatisfy(\.isNumber)
    }
  }

  @Test func theJourneyMapShowsTheSiloDiagramsHandOffNumbersOncePerHandOff() throws {
    let directory = try temporaryDirectory()
    let result = try Binary.run(["render", "maps", "-o", directory.path], in: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    for map in GoldenFile.exampleMaps() {
      let journey = try Self.drawing(directory.appendingPathComponent(
        "\(map.name).journey.svg").path).texts.filter { $0.group.hasPrefix("step-") }
        .map(\.text).filter {
          $0.count > 1 && $0.hasPrefix("H") && $0.dropFirst().allSatisfy(\.isNumber)
        }
      let silo = Set(try Self.handoffNumbers(directory.appendingPathComponent(
        "\(map.name).silo.svg").path))
      let count = MapFacts(map.checked).handoffEdges.count
      // The silo diagram's legend shows a sample "H1" too.
      #expect(Set(journey).union(count > 0 ? ["H1"] : []) == silo.union(count > 0 ? ["H1"] : []),
              "\(map.name): \(journey.sorted()) against \(silo.sorted())")
      #expect(journey.count == count && Set(journey).count == count, "\(map.name)")
    }
  }

  // MARK: What the picture says

  @Test func theCurveJoinsOnlyStepsTheCustomerGoesBetween() throws {
    let files = try Self.render("poster")
    for map in GoldenFile.exampleMaps() {
      let d = try Self.drawing(try #require(files[map.name]?.first))
      let drawn = Set(d.feels.map { "\($0.from)>\($0.to)" })
      #expect(drawn == Self.expectedCurve(map.checked), "\(map.name)")
    }
    // Alternatives fork, never join: faulty-product's two outcomes are not one after another.
    let faulty = try Self.drawing(try #require(files["faulty-product"]?.first))
    #expect(!faulty.feels.contains { $0.from == "fixed" || $0.from == "gone" })
    #expect(!faulty.feels.contains { ($0.from, $0.to) == ("fixed", "gone") })
  }

  @Test func eachPointIsCentredUnderItsCardAndEveryStepHasItsIdAndClasses() throws {
    let files = try Self.render("poster")
    for map in GoldenFile.exampleMaps() {
      let d = try Self.drawing(try #require(files[map.name]?.first))
      for step in map.checked.journey.steps {
        let card = try #require(d.boxes.first { $0.id == "step-\(step.key)" }, "\(step.key)")
        #expect(card.classes.prefix(2) == ["step", step.kind.rawValue])
        if let status = step.workshop.status { #expect(card.classes.contains(status.rawValue)) }
        guard let point = d.boxes.first(where: { $0.id == "point-\(step.key)" }) else {
          #expect(step.feel == nil || step.isBackstage, "\(map.name): \(step.key) has a point")
          continue
        }
        #expect(abs(point.box.centerX - card.box.centerX) < 1, "\(map.name): \(step.key)")
      }
      for flow in d.flows {
        let kind = flow.classes.dropFirst().first ?? ""
        #expect(Board.Connector.Kind(rawValue: kind) != nil, "\(flow.id): \(flow.classes)")
        #expect(flow.classes.contains { $0.hasPrefix("from-") }
          && flow.classes.contains { $0.hasPrefix("to-") })
      }
    }
  }

  @Test func theAnswersOfADecisionNeverCrossEachOther() throws {
    let files = try Self.render("poster")
    for (name, list) in files {
      let d = try Self.drawing(list[0])
      let bySource = Dictionary(grouping: d.flows) {
        $0.classes.first { $0.hasPrefix("from-") } ?? ""
      }
      for (source, flows) in bySource where flows.count > 1 {
        for (i, a) in flows.enumerated() {
          for b in flows[(i + 1)...] {
            let crossing = zip(a.points, a.points.dropFirst()).contains { p, q in
              zip(b.points, b.points.dropFirst()).contains { r, s in
                Self.properlyCross(p, q, r, s)
              }
            }
            #expect(!crossing, "\(name): \(a.id) crosses \(b.id) (both from \(source))")
          }
        }
      }
    }
  }

  static func properlyCross(_ p: (Double, Double), _ q: (Double, Double),
                            _ r: (Double, Double), _ s: (Double, Double)) -> Bool {
    func orient(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) -> Double {
      (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    }
    let d1 = orient(r, s, p), d2 = orient(r, s, q), d3 = orient(p, q, r), d4 = orient(p, q, s)
    return ((d1 > 0.5 && d2 < -0.5) || (d1 < -0.5 && d2 > 0.5))
      && ((d3 > 0.5 && d4 < -0.5) || (d3 < -0.5 && d4 > 0.5))
  }

  @Test func aBackstageStepSitsUnderTheStepItServesNotInAColumnOfItsOwn() throws {
    let files = try Self.render("poster")
    let d = try Self.drawing(try #require(files["faulty-product"]?.first))
    let register = try #require(d.boxes.first { $0.id == "step-register" })
    let lookup = try #require(d.boxes.first { $0.id == "step-lookup" })
    #expect(abs(register.box.centerX - lookup.box.centerX) < 1)
    #expect(register.box.minY > lookup.box.maxY)
    // No card of the front stage stands above the backstage card: the column is lookup's.
    let above = d.boxes.filter { $0.classes.first == "step" && !$0.classes.contains("backstage")
      && abs($0.box.centerX - register.box.centerX) < 1 }
    #expect(above.map(\.id) == ["step-lookup"])
  }

  @Test func noGraphvizTitlesReachTheReaderAndTheDescSaysWhatIsDrawn() throws {
    let files = try Self.render("poster")
    for map in GoldenFile.exampleMaps() {
      let text = try String(contentsOfFile: try #require(files[map.name]?.first), encoding: .utf8)
      #expect(text.components(separatedBy: "<title").count == 2, "\(map.name): one title")
      let d = Drawing(text)
      let steps = d.boxes.filter { $0.classes.first == "step" }.count
      let stages = d.frames.filter { $0.classes.first == "stage" }.count
      let desc = ParsedSVG(text).elements.first { $0.name == "desc" }?.text ?? ""
      #expect(desc.contains("\(steps) step"), "\(map.name): \(desc)")
      #expect(desc.contains("in \(stages) stage"), "\(map.name): \(desc)")
      let lowest = d.boxes.filter { $0.classes.first == "point" }.compactMap { box in
        box.classes.first { $0.hasPrefix("feel") }.flatMap { Int($0.dropFirst(4)) }
      }.min()
      if let lowest {
        #expect(desc.contains("(\(Style.feelText(lowest)))"), "\(map.name): \(desc)")
      }
    }
  }

  @Test(arguments: ["journey", "silo"])
  func theSameMapGivesTheSameBytesInEveryMedium(_ view: String) throws {
    for medium in ["poster", "screen", "a4", "column"] {
      let first = try Self.render(medium, view: view)
      let second = try Self.render(medium, view: view)
      for (name, files) in first {
        let a = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let b = try (second[name] ?? []).map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(a == b, "\(name) in \(medium)")
      }
    }
  }
}

extension Array where Element == Double {
  /// Pairs of numbers as points.
  func chunked() -> [(Double, Double)] {
    stride(from: 0, to: count - 1, by: 2).map { (self[$0], self[$0 + 1]) }
  }
}
