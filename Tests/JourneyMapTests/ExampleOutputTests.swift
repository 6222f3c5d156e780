import Foundation
import JourneyMap
import JourneyMapGraphviz
import Testing

/// output/ holds the rendered views of every map in maps/, as committed; these tests render
/// them afresh with the built binary and read the SVGs as a document author's tools would.
@Suite(.serialized) struct ExampleOutputTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static var mapNames: [String] {
    let maps = (try? FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("maps").path)) ?? []
    return maps.filter { $0.hasSuffix(".journey") }.map { String($0.dropLast(8)) }.sorted()
  }

  static func expectedFiles() -> [String] {
    mapNames.flatMap { ["\($0).journey.svg", "\($0).silo.svg"] }
  }

  @Test func thereAreAtLeastSixExampleMaps() {
    #expect(Self.mapNames.count >= 6)
  }

  @Test func theExampleMapsAndTheReadmesFirstMapCheckCleanUnderStrict() throws {
    let result = try Binary.run(["check", "--strict", "maps"], in: Self.root)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.isEmpty)

    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"),
                            encoding: .utf8)
    let section = try #require(readme.range(of: "## A first map\n\n```\n"))
    let end = try #require(readme.range(of: "```", range: section.upperBound..<readme.endIndex))
    let map = String(readme[section.upperBound..<end.lowerBound])
    let checked = JourneyChecker.check(Array(map.utf8), file: "README.md")
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
    #expect(checked.journey.steps.count >= 5)
  }

  @Test func outputHoldsExactlyTheViewsOfTheMaps() throws {
    let committed = try FileManager.default.contentsOfDirectory(
      atPath: Self.root.appendingPathComponent("output").path
    ).filter { $0.hasSuffix(".svg") }.sorted()
    #expect(committed == Self.expectedFiles().sorted(),
            "output/ is stale: run `make maps` and commit output/")
  }

  @Test func committedOutputIsWhatRenderingTheMapsGivesToday() throws {
    let fresh = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: fresh) }
    let result = try Binary.run(["render", "maps", "-o", fresh.path], in: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    for name in Self.expectedFiles() {
      let rendered = try Data(contentsOf: fresh.appendingPathComponent(name))
      let committed = try? Data(contentsOf: Self.root.appendingPathComponent("output/" + name))
      #expect(committed == rendered, "output/\(name) is stale: run `make maps` and commit it")
    }
  }

  /// cgraph orders clusters by the address of their names unless told otherwise, so a worker
  /// once gave one of two SVGs at random; Graphviz's own `dot` never does. Both views are
  /// drawn without Pango (their text measured with `FontMetrics`), so each is `dot -Tsvg`'s
  /// drawing with every text where Pango put it,
  /// within 3 points across (Pango rounds each width up to a point, plus hinting) and 1.5 down,
  /// and the same every time.
  @Test(arguments: mapNames)
  func everyLayoutIsTheOneDotGivesEveryTime(_ name: String) throws {
    let path = "maps/\(name).journey"
    let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent(path)))
    let checked = JourneyChecker.check(bytes, file: path)
    let worker = LayoutWorker(executable: Binary.url)
    for (view, dot) in [(MapView.journey, MapView.journey.dot(checked)),
                        (.silo, MapView.silo.dot(checked))] {
      let expected = try runDot(["-Tsvg"], input: dot)
      let first = try worker.render(dot, as: .svg)
      for _ in 0..<2 {
        #expect(try worker.render(dot, as: .svg).bytes == first.bytes,
                "\(name): the worker's \(view.name) differs from one run to the next")
      }
      let (ours, pango) = (Self.texts(Data(first.bytes)), Self.texts(expected))
      #expect(ours.rest == pango.rest, "\(name): the \(view.name) differs from dot's beyond text")
      #expect(ours.positions.count == pango.positions.count)
      for (a, b) in zip(ours.positions, pango.positions) {
        #expect(abs(a.x - b.x) <= 3 && abs(a.y - b.y) <= 1.5,
                "\(name): text \(a.text) at \(a.x),\(a.y); Pango puts it at \(b.x),\(b.y)")
      }
    }
  }

  /// The SVG without the positions of its texts, and those positions.
  static func texts(_ svg: Data) -> (rest: String, positions: [(text: String, x: Double, y: Double)]) {
    var rest = ""
    var positions: [(String, Double, Double)] = []
    for line in String(decoding: svg, as: UTF8.self).split(separator: "\n") {
      guard line.hasPrefix("<text "), let x = line.range(of: " x=\""), let y = line.range(of: " y=\"")
      else {
        rest += line + "\n"
        continue
      }
      func number(after r: Range<Substring.Index>) -> Double {
        Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
      }
      let text = line.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
      positions.append((String(text), number(after: x), number(after: y)))
      rest += line[..<x.lowerBound] + String(line[y.upperBound...].drop { $0 != "\"" }.dropFirst())
        + "\n"
    }
    return (rest, positions)
  }

  @Test(arguments: expectedFiles())
  func eachCommittedSVGIsSelfContainedAndAccessible(_ name: String) throws {
    let data = try Data(contentsOf: Self.root.appendingPathComponent("output/" + name))
    let text = String(decoding: data, as: UTF8.self)
    let svg = ParsedSVG(text)
    #expect(svg.parsed, "output/\(name) is not well-formed XML")
    let root = try #require(svg.root)
    #expect(root.name == "svg")
    #expect(root.attributes["viewBox"] != nil)
    #expect(root.attributes["role"] == "img")
    #expect(svg.topLevel.prefix(2).map(\.name) == ["title", "desc"])
    #expect(svg.topLevel.prefix(2).allSatisfy { !$0.text.isEmpty })
    #expect(svg.comments.isEmpty, "comments (Graphviz version, timestamps) must not be kept")
    #expect(!text.contains("<!DOCTYPE"))
    for element in svg.elements {
      #expect(element.name != "image" && element.name != "script")
      for key in ["href", "xlink:href"] {
        if let reference = element.attributes[key] {
          #expect(reference.hasPrefix("#"), "external reference \(reference) in \(name)")
        }
      }
      if let family = element.attributes["font-family"] {
        #expect(family.hasSuffix("sans-serif"), "font-family '\(family)' lacks a fallback")
      }
    }
  }
}
