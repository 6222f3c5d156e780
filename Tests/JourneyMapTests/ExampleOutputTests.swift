import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

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

  @Test(arguments: expectedFiles())
  func eachCommittedSVGIsSelfContainedAndAccessible(_ name: String) throws {
    let data = try Data(contentsOf: Self.root.appendingPathComponent("output/" + name))
    let svg = String(decoding: data, as: UTF8.self)
    let reader = SVGReader()
    let parser = XMLParser(data: data)
    parser.delegate = reader
    #expect(parser.parse(), "output/\(name) is not well-formed XML")
    #expect(reader.root == "svg")
    #expect(reader.rootAttributes["viewBox"] != nil)
    #expect(reader.rootAttributes["role"] == "img")
    #expect(reader.firstChildren.prefix(2) == ["title", "desc"])
    #expect(!(reader.text["title"] ?? "").isEmpty)
    #expect(!(reader.text["desc"] ?? "").isEmpty)
    #expect(!svg.contains("<!--"), "comments (Graphviz version, timestamps) must not be kept")
    #expect(!svg.contains("<!DOCTYPE"))
    #expect(!svg.contains("http://www.w3.org/Graphics/SVG/1.1/DTD"))
    #expect(!svg.contains("<image"))
    #expect(!svg.contains("<script"))
    for reference in reader.references {
      #expect(reference.hasPrefix("#"), "external reference \(reference) in \(name)")
    }
    for family in reader.fontFamilies {
      #expect(family.hasSuffix("sans-serif"), "font-family '\(family)' lacks a generic fallback")
    }
  }
}

/// Collects what the tests above look at while XMLParser reads an SVG.
private final class SVGReader: NSObject, XMLParserDelegate {
  var root: String?
  var rootAttributes: [String: String] = [:]
  var firstChildren: [String] = []
  var text: [String: String] = [:]
  var references: [String] = []
  var fontFamilies: Set<String> = []
  private var depth = 0
  private var current: String?

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
              qualifiedName: String?, attributes: [String: String] = [:]) {
    if depth == 0 {
      root = name
      rootAttributes = attributes
    } else if depth == 1 {
      firstChildren.append(name)
    }
    depth += 1
    current = name
    for (key, value) in attributes {
      if key == "href" || key == "xlink:href" { references.append(value) }
      if key == "font-family" { fontFamilies.insert(value) }
    }
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
              qualifiedName: String?) {
    depth -= 1
    current = nil
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let current, depth == 2, current == "title" || current == "desc" {
      text[current, default: ""] += string
    }
  }
}
