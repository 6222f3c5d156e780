import Foundation
import Testing
@testable import JourneyMap

/// `journeymap export handoffs`: the hand-offs as CSV or JSON for the people who act on them,
/// numbered as on the pictures.
@Suite struct HandoffExportTests {
  static let map = """
    journey "Export"
    owner desk "Help desk, front"
    owner lab "The \\"lab\\""
    stage s "Ask"
      touchpoint one "Calls" owner desk
      touchpoint two "Sends a sample, then waits" owner lab
        back -> one
      outcome done "Done"
    """

  /// A CSV text split into records and fields (RFC 4180: quoted fields, doubled quotes).
  static func records(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" && i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 }
        else if c == "\"" { quoted = false }
        else { field.append(c) }
      } else if c == "\"" { quoted = true }
      else if c == "," { fields.append(field); field = "" }
      else if c == "\r\n" || c == "\n" { fields.append(field); records.append(fields); fields = []; field = "" }
      else { field.append(c) }
      i += 1
    }
    chars = []
    return records
  }

  @Test func csvHasOneQuotedRowPerHandOffNumberedAsOnThePictures() throws {
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("export.journey")
    try Data(Self.map.utf8).write(to: file)
    let result = try Binary.run(["export", "handoffs", file.path], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\r\n"))
    let records = Self.records(result.stdout)
    #expect(records.first == ["number", "from_owners", "to_owners", "from_step", "to_step",
                              "to_label", "stage", "loop"])
    #expect(records.dropFirst().map { $0 } == [
      ["H1", "Help desk, front", "The \"lab\"", "one", "two", "Sends a sample, then waits",
       "Ask", "false"],
      ["H2", "The \"lab\"", "Help desk, front", "two", "one", "Calls", "Ask", "true"],
    ])
    // The same numbers the silo diagram draws on the cards they enter.
    let checked = JourneyChecker.check(Array(Self.map.utf8), file: "export.journey")
    let numbers = MapFacts(checked).handoffsInto.values.joined().map { "H\($0.number)" }
    #expect(Set(numbers) == Set(records.dropFirst().map { $0[0] }))
  }

  @Test func jsonIsVersionedAndAMapWithErrorsWritesNothing() throws {
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("export.journey")
    try Data(Self.map.utf8).write(to: file)
    let out = directory.appendingPathComponent("handoffs.json")
    let result = try Binary.run(["export", "handoffs", file.path, "--format", "json",
                                 "-o", out.path], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
    #expect(object?["version"] as? Int == 1 && object?["map"] as? String == "Export")
    let rows = object?["handoffs"] as? [[String: Any]] ?? []
    #expect(rows.map { $0["number"] as? String } == ["H1", "H2"])
    #expect(rows.last?["loop"] as? Bool == true)
    // A map with an error: located report, exit 1, the earlier file left as it was.
    let before = try Data(contentsOf: out)
    try Data((Self.map + "\n  touchpoint x \"X\" owner nobody\n").utf8).write(to: file)
    let failed = try Binary.run(["export", "handoffs", file.path, "--format", "json",
                                 "-o", out.path], in: directory)
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("export.journey:9:"))
    #expect(try Data(contentsOf: out) == before)
  }
}
