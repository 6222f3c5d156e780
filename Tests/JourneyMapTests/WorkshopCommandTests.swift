import Foundation
import Testing

/// `journeymap report` and `journeymap sign-off` as a facilitator runs them.
@Suite struct WorkshopCommandTests {
  let cli = CheckCommandTests()

  static let map = """
    journey "Help"
    owner service "Customer Service"
    stage ask "Ask"  # the first stage
      touchpoint call "Calls" owner service
        question "Who answers at night?"

    """

  func contents(_ dir: URL, _ path: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func reportPrintsTheAgendaInEachFormat() throws {
    let dir = try cli.directory(["maps/help.journey": Self.map])
    let md = try cli.run(["report"], in: dir)
    #expect(md.status == 0)
    #expect(md.stdout.contains("## Ask\n\nEvidence: 0 of 2 (0 %) validated or observed\n\n"
      + "### Open questions\n\n- “Calls”: Who answers at night? (line 4)\n"))
    let json = try cli.run(["report", "--format", "json", "maps/help.journey"], in: dir)
    #expect(json.stdout.hasPrefix("{\n  \"version\": 1,\n  \"maps\": [\n"))
    let html = try cli.run(["report", "--format", "html", "-o", "agenda.html"], in: dir)
    #expect(html.status == 0 && html.stdout.isEmpty)
    #expect(try contents(dir, "agenda.html").hasPrefix("<!DOCTYPE html>"))
  }

  @Test func reportSkipsAMapWithErrorsAndSaysWhereAsCheckDoes() throws {
    let dir = try cli.directory(["maps/bad.journey": "stage a \"A\"\n  touchpoint t \"T\" feel 5\n",
                                 "maps/help.journey": Self.map])
    let result = try cli.run(["report"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("maps/bad.journey:2:25: error: feeling '5' is out of range"))
    #expect(result.stdout.contains("# Agenda: Help"))
    #expect(!result.stdout.contains("bad.journey"))
  }

  @Test func signOffAddsOneLineAndCheckWarnsOnceTheMapChanges() throws {
    let dir = try cli.directory(["maps/help.journey": Self.map])
    let signed = try cli.run(["sign-off", "maps/help.journey", "--by", "Ama Mensah",
                              "--date", "2026-11-30", "--note", "with the night shift"], in: dir)
    #expect(signed.status == 0)
    #expect(signed.stdout.hasPrefix("Validated on 2026-11-30 with Ama Mensah, map "))
    let text = try contents(dir, "maps/help.journey")
    #expect(text.hasPrefix(Self.map))
    let line = String(text.dropFirst(Self.map.count))
    #expect(line.hasPrefix("sign-off \"Ama Mensah\" date \"2026-11-30\" hash \""))
    #expect(line.hasSuffix("\" note \"with the night shift\"\n"))
    #expect(try cli.run(["check", "--strict"], in: dir).status == 0)
    // fmt leaves it valid; a change of content does not.
    _ = try cli.run(["fmt"], in: dir)
    #expect(try cli.run(["check", "--strict"], in: dir).status == 0)
    try text.replacingOccurrences(of: "\"Calls\"", with: "\"Calls the hotline\"")
      .write(to: dir.appendingPathComponent("maps/help.journey"), atomically: true, encoding: .utf8)
    let check = try cli.run(["check", "--strict"], in: dir)
    #expect(check.status == 1)
    #expect(check.stdout.contains(
      "warning: the map changed since its sign-off by 'Ama Mensah' on 2026-11-30"))
  }

  @Test func signOffRefusesBadInputAndWritesNothing() throws {
    let dir = try cli.directory(["maps/help.journey": Self.map,
                                 "maps/bad.journey": "stage a \"A\" feel 1\n"])
    let date = try cli.run(["sign-off", "maps/help.journey", "--by", "A", "--date", "30.11.2026"],
                           in: dir)
    #expect(date.status == 1)
    #expect(date.stderr == "maps/help.journey: error: invalid date '30.11.2026': expected YYYY-MM-DD\n")
    let bad = try cli.run(["sign-off", "maps/bad.journey", "--by", "A"], in: dir)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("maps/bad.journey:1:13: error: 'feel' does not apply to a stage"))
    #expect(bad.stderr.hasSuffix("maps/bad.journey: error: the map has errors; fix them before "
      + "signing it off\n"))
    let empty = try cli.run(["sign-off", "maps/help.journey", "--by", " "], in: dir)
    #expect(empty.status == 64)
    #expect(try contents(dir, "maps/help.journey") == Self.map)
    #expect(try contents(dir, "maps/bad.journey") == "stage a \"A\" feel 1\n")
  }
}
