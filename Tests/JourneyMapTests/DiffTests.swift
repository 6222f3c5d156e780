import Foundation
import Testing

@testable import JourneyMap

/// `JourneyDiff`: what changed in the journey, not in the text.
@Suite struct DiffTests {
  static let base = """
    journey "Help"
    owner service "Customer Service"
    owner field "Field Technicians"
    stage ask "Ask for help"
      touchpoint "Calls the hotline" owner service channel phone feel -2
        pain "Waits on hold"
      touchpoint "Sends a photo" owner service feel -1
    stage fix "Get it fixed"
      touchpoint visit "Technician visits" owner field feel +2
      outcome "Fridge cold again" feel +2

    """

  func diff(_ old: String, _ new: String) -> JourneyDiff {
    let before = JourneyChecker.check(Array(old.utf8), file: "old.journey")
    let after = JourneyChecker.check(Array(new.utf8), file: "new.journey")
    #expect(!before.hasErrors && !after.hasErrors)
    return JourneyDiff.compare(before, after)
  }

  /// Each change as `kind subject key: field old→new; …`, for exact expectations.
  func lines(_ diff: JourneyDiff) -> [String] {
    diff.changes.map { change in
      var line = "\(change.kind.rawValue) \(change.subject.rawValue) \(change.key)"
      if let old = change.oldKey { line += " (was \(old))" }
      let fields = change.fields.map { "\($0.name) \($0.old ?? "-")→\($0.new ?? "-")" }
      return fields.isEmpty ? line : line + ": " + fields.joined(separator: "; ")
    }
  }

  @Test func aReformattedMapWithOtherCommentsIsTheSameJourney() {
    let messy = """
      # a comment that was not there
      journey   "Help"
      owner service "Customer Service"
      owner field "Field Technicians"

      stage ask "Ask for help"
      touchpoint "Calls the hotline" feel -2 channel phone owner service   # the hotline
      pain "Waits on hold"
      touchpoint "Sends a photo" owner service feel -1
      stage fix "Get it fixed"
      touchpoint visit "Technician visits" owner field
      feel 2
      outcome "Fridge cold again" feel +2
      """
    #expect(diff(Self.base, messy).isEmpty)
    let formatted = JourneyFormatter.format(Array(messy.utf8), file: "m.journey").formatted
    #expect(diff(Self.base, String(decoding: formatted ?? [], as: UTF8.self)).isEmpty)
  }

  @Test func aStepInsertedWithoutAnIdIsTheOnlyChange() {
    let new = Self.base.replacingOccurrences(
      of: "  touchpoint \"Sends a photo\"",
      with: "  touchpoint \"Reads the FAQ\" owner service channel web\n  touchpoint \"Sends a photo\"")
    // The steps after it keep their keys: nothing else changed.
    #expect(lines(diff(Self.base, new)) == ["added step ask.reads-the-faq: stage -→Ask for help"])
  }

  @Test func everyAttributeOfAStepIsCompared() {
    let new = """
      journey "Help"
      owner service "Customer Service"
      owner field "Field Technicians"
      stage ask "Ask for help"
        touchpoint "Calls the hotline" owner service, field channel chat feel -1 status validated
          opportunity "Offer a call-back"
          metric "Wait 20 min"
          note "From the workshop"
          question "Who answers at night?"
          tool "CRM"
        touchpoint "Sends a photo" owner service feel -1
      stage fix "Get it fixed"
        touchpoint visit "Technician visits" owner field feel +2
        outcome "Fridge cold again" feel +2

      """
    #expect(lines(diff(Self.base, new)) == [
      "changed step ask.calls-the-hotline: owners Customer Service→Customer Service, Field "
        + "Technicians; channel phone→chat; feeling −2→−1; status -→validated; pain Waits on "
        + "hold→-; opportunity -→Offer a call-back; metric -→Wait 20 min; tool -→CRM; note "
        + "-→From the workshop; question -→Who answers at night?",
    ])
  }

  @Test func aRelabelledStepWithoutAnIdIsOneChangedStep() {
    let new = Self.base.replacingOccurrences(of: "\"Sends a photo\"",
                                             with: "\"Sends a photo of the receipt\"")
    #expect(lines(diff(Self.base, new)) == [
      "changed step ask.sends-a-photo-of-the-receipt (was ask.sends-a-photo): label Sends a "
        + "photo→Sends a photo of the receipt",
    ])
  }

  @Test func aDifferentStepInTheSamePlaceIsRemovedAndAdded() {
    let new = Self.base.replacingOccurrences(of: "\"Sends a photo\" owner service feel -1",
                                             with: "\"Reads the FAQ\" owner service channel web")
    #expect(lines(diff(Self.base, new)) == [
      "removed step ask.sends-a-photo: stage Ask for help→-",
      "added step ask.reads-the-faq: stage -→Ask for help",
      "added hand-off ask.reads-the-faq->visit",
      "removed hand-off ask.sends-a-photo->visit",
    ])
  }

  @Test func aStageWithoutAnIdRelabelledKeepsItsSteps() {
    let old = Self.base.replacingOccurrences(of: "stage fix \"Get it fixed\"", with: "stage \"Fix\"")
    let new = Self.base.replacingOccurrences(of: "stage fix \"Get it fixed\"",
                                             with: "stage \"Get it repaired\"")
    let result = diff(old, new)
    // The steps' keys follow the stage's label, and they are still the same steps.
    #expect(lines(result) == ["changed stage Get it repaired: label Fix→Get it repaired"])
    #expect(result.stepKeys["fix.fridge-cold-again"] == "get-it-repaired.fridge-cold-again")
  }

  @Test func aStepMovedToAnotherStageKeepsItsIdentity() {
    let new = Self.base.replacingOccurrences(
      of: "  touchpoint \"Sends a photo\" owner service feel -1\n", with: ""
    ).replacingOccurrences(
      of: "  touchpoint visit", with: "  touchpoint \"Sends a photo\" owner service feel -1\n  touchpoint visit")
    #expect(lines(diff(Self.base, new)) == [
      "changed step fix.sends-a-photo (was ask.sends-a-photo): stage Ask for help→Get it fixed",
    ])
  }

  @Test func aStepMovedInsideItsStageSaysWhereItWasAndIs() {
    let new = Self.base.replacingOccurrences(
      of: "  touchpoint visit \"Technician visits\" owner field feel +2\n  outcome \"Fridge cold again\" feel +2\n",
      with: "  outcome \"Fridge cold again\" feel +2\n  touchpoint visit \"Technician visits\" owner field feel +2\n")
    let changes = lines(diff(Self.base, new))
    #expect(changes.contains(
      "changed step fix.fridge-cold-again: position after “Technician visits”→first in its stage")
      || changes.contains(
        "changed step visit: position first in its stage→after “Fridge cold again”"))
    #expect(changes.filter { $0.contains("position") }.count == 1)
  }

  @Test func removedStepsStagesOwnersAndHandoffs() {
    let new = """
      journey "Help"
      owner service "Customer Service"
      stage ask "Ask for help"
        touchpoint "Calls the hotline" owner service channel phone feel -2
          pain "Waits on hold"
        touchpoint "Sends a photo" owner service feel -1

      """
    #expect(lines(diff(Self.base, new)) == [
      "removed owner field",
      "removed stage fix",
      "removed step visit: stage Get it fixed→-",
      "removed step fix.fridge-cold-again: stage Get it fixed→-",
      "removed hand-off ask.sends-a-photo->visit",
    ])
  }

  @Test func handoffsAreAddedWhenAStepChangesOwner() {
    let new = Self.base.replacingOccurrences(of: "\"Sends a photo\" owner service",
                                             with: "\"Sends a photo\" owner field")
    #expect(lines(diff(Self.base, new)) == [
      "changed step ask.sends-a-photo: owners Customer Service→Field Technicians",
      "added hand-off ask.calls-the-hotline->ask.sends-a-photo",
      "removed hand-off ask.sends-a-photo->visit",
    ])
  }

  @Test func theTextReportReadsAsAListOfChanges() {
    let new = Self.base.replacingOccurrences(of: "feel -2", with: "feel -1")
      .replacingOccurrences(of: "    pain \"Waits on hold\"\n", with: "")
    let entry = DiffReport.Entry(old: "HEAD:maps/help.journey", new: "maps/help.journey",
                                 diff: diff(Self.base, new))
    #expect(DiffReport.text([entry]) == """
      HEAD:maps/help.journey → maps/help.journey: 1 step changed
        ~ step ask.calls-the-hotline “Calls the hotline”
            feeling: −2 → −1
            - pain “Waits on hold”

      """)
    #expect(DiffReport.markdown([entry]) == """
      ### `HEAD:maps/help.journey → maps/help.journey`

      1 step changed

      - **changed** step ask.calls-the-hotline “Calls the hotline”
        - feeling: −2 → −1
        - removed pain “Waits on hold”

      """)
    let same = DiffReport.Entry(old: "a", new: "b", diff: JourneyDiff())
    #expect(DiffReport.text([same]) == "a → b: the journey is the same\n")
  }

  @Test func markdownEscapesTheUsersText() {
    let new = Self.base.replacingOccurrences(of: "\"Waits on hold\"",
                                             with: "\"<b>*bold*</b> [link](x)\"")
    let text = DiffReport.markdown([DiffReport.Entry(old: "a", new: "a",
                                                     diff: diff(Self.base, new))])
    #expect(text.contains("added pain “\\<b\\>\\*bold\\*\\</b\\> \\[link\\](x)”"))
  }

  @Test func theJSONReportParsesAndNamesEachField() throws {
    let new = Self.base.replacingOccurrences(of: "feel -2", with: "feel -1")
    let json = DiffReport.json([DiffReport.Entry(old: "a", new: "b", diff: diff(Self.base, new))])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    let maps = try #require(object["maps"] as? [[String: Any]])
    #expect(maps.first?["same"] as? Bool == false)
    let change = try #require((maps.first?["changes"] as? [[String: Any]])?.first)
    #expect(change["change"] as? String == "changed")
    #expect(change["key"] as? String == "ask.calls-the-hotline")
    let field = try #require((change["fields"] as? [[String: Any]])?.first)
    #expect(field["name"] as? String == "feeling")
    #expect(field["old"] as? String == "−2")
    #expect(field["new"] as? String == "−1")
  }
}
