import Foundation
import Testing

@testable import JourneyMap

/// The agenda: what each stage must still resolve, in flow order, and its evidence coverage.
@Suite struct AgendaTests {
  static let map = """
    journey "Help"
    owner service "Customer Service"
    owner field "Field"
    stage ask "Ask"
      metric "Calls per day"
      question "Is this stage real?"
      touchpoint call "Calls" owner service status validated
        metric "Wait 20 min"
        pain "Waits on hold"
        question "Do callers know the number?"
      decision covered "Covered?" owner service, field status disputed
        yes -> visit
        no -> gone
    stage fix "Fix"
      touchpoint visit "Visits" owner field status proposed
        pain "Late"
        opportunity "Text an arrival time"
      touchpoint pay "Pays" status observed
      outcome gone "Leaves"

    """

  var agenda: Agenda { Agenda(JourneyChecker.check(Array(Self.map.utf8), file: "help.journey")) }

  @Test func itemsPerStageInTheOrderOfTheirKinds() {
    let items = agenda.stages.map { $0.items.map { "\($0.kind.rawValue) \($0.step ?? "-") \($0.text)" } }
    #expect(items[0] == [
      "question - Is this stage real?", "question call Do callers know the number?",
      "disputed covered ", "several-owners covered Customer Service, Field",
      "pain-without-opportunity call Waits on hold", "no-decider covered ",
    ])
    #expect(items[1] == [
      "proposed visit ", "no-owner pay ", "no-measurement - ",
      "handoff pay H1 from Field",
    ])
  }

  @Test func coverageCountsValidatedAndObserved() {
    #expect(agenda.stages.map(\.coverage.text) == ["1 of 3 (33 %)", "1 of 4 (25 %)"])
    #expect(agenda.coverage == Agenda.Coverage(confirmed: 2, total: 7))
  }

  @Test func markdownReadsAsASheet() {
    let md = AgendaFormat.md.text([agenda])
    #expect(md.hasPrefix("# Agenda: Help\n\n`help.journey` · evidence: 2 of 7 (29 %) validated or observed\n"))
    #expect(md.contains("\n## Fix\n\nEvidence: 1 of 4 (25 %) validated or observed\n\n### Proposed in a workshop\n\n- “Visits” (line 15)\n"))
  }

  @Test func htmlIsAPrintablePageWithEveryTextEscaped() {
    let text = Self.map.replacingOccurrences(of: "\"Late\"", with: "\"<script>x</script>\"")
      .replacingOccurrences(of: "opportunity \"Text an arrival time\"", with: "")
    let html = AgendaFormat.html.text([Agenda(JourneyChecker.check(Array(text.utf8), file: "h"))])
    #expect(html.contains("@page { size: A4;"))
    #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
    #expect(!html.contains("<script>"))
  }

  @Test func jsonIsVersionedWithKeysInAFixedOrder() throws {
    let json = AgendaFormat.json.text([agenda])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    let maps = try #require(object["maps"] as? [[String: Any]])
    #expect(maps[0]["title"] as? String == "Help")
    #expect(maps[0]["signOff"] is NSNull)
    let coverage = try #require(maps[0]["coverage"] as? [String: Any])
    #expect(coverage["share"] as? Double == 0.286)
    let stages = try #require(maps[0]["stages"] as? [[String: Any]])
    let first = try #require((stages[1]["items"] as? [[String: Any]])?.first)
    #expect(Set(first.keys) == ["kind", "step", "subject", "text", "line"])
    #expect(json.contains("{\"kind\": \"proposed\", \"step\": \"visit\", \"subject\": \"Visits\", \"text\": \"\", \"line\": 15}"))
  }
}
