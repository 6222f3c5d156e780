import Foundation
import Testing

/// Issue 9, valid XML ids: no id twice in any SVG, for every example map and every medium,
/// in both views (the journey map's are also checked among its geometry faults).
@Suite(.serialized) struct SVGIdTests {
  @Test(arguments: ["poster", "screen", "a4", "column"])
  func noIdTwiceInAnySVG(_ medium: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Binary.run(["render", "maps", "--media", medium, "-o", directory.path],
                                in: ExampleOutputTests.root)
    #expect(result.status == 0, "\(result.stderr)")
    let files = result.stdout.split(separator: "\n").map(String.init)
    #expect(files.contains { $0.contains(".silo.") } && files.contains { $0.contains(".journey.") })
    for file in files {
      let svg = ParsedSVG(try String(contentsOfFile: file, encoding: .utf8))
      var seen: Set<String> = []
      let twice = svg.elements.compactMap { $0.attributes["id"] }.filter { !seen.insert($0).inserted }
      #expect(twice.isEmpty, "\(file): \(twice.prefix(5))")
    }
  }
}
