import Testing
@testable import JourneyMap

/// Steps without an id keep their key (and so their SVG id) when the map around them changes.
@Suite struct StepKeyTests {
  func keys(_ text: String) -> [String] {
    JourneyChecker.check(Array(text.utf8), file: "k.journey").journey.steps.map(\.key)
  }

  static let map = """
    stage ask "Ask for help"
      touchpoint "Calls the hotline"
      touchpoint "Sends an e-mail"
      decision covered "Under warranty?"
        yes -> fix
        no -> fix
    stage fix "Get it fixed"
      touchpoint "Technician visits"
      outcome "Fridge cold again"

    """

  @Test func keysComeFromTheStageAndTheLabel() {
    #expect(keys(Self.map) == [
      "ask.calls-the-hotline", "ask.sends-an-e-mail", "covered", "fix.technician-visits",
      "fix.fridge-cold-again",
    ])
  }

  @Test func insertingRemovingOrMovingAStepLeavesTheOtherKeys() {
    let before = Dictionary(uniqueKeysWithValues: zip(labels(Self.map), keys(Self.map)))
    let inserted = Self.map.replacingOccurrences(
      of: "  touchpoint \"Sends", with: "  touchpoint \"Chats with a bot\"\n  touchpoint \"Sends")
    let removed = Self.map.replacingOccurrences(of: "  touchpoint \"Calls the hotline\"\n", with: "")
    let moved = removed.replacingOccurrences(
      of: "  outcome", with: "  touchpoint \"Calls the hotline\"\n  outcome")
      .replacingOccurrences(of: "stage fix", with: "stage ask2 \"Ask again\"\nstage fix")
    for variant in [inserted, removed] {
      for (label, key) in zip(labels(variant), keys(variant)) where before[label] != nil {
        #expect(key == before[label], "\(label)")
      }
    }
    // Moved to another stage, it takes that stage's name; the others keep theirs.
    #expect(keys(moved) == [
      "ask.sends-an-e-mail", "covered", "fix.technician-visits", "fix.calls-the-hotline",
      "fix.fridge-cold-again",
    ])
  }

  func labels(_ text: String) -> [String] {
    JourneyChecker.check(Array(text.utf8), file: "k.journey").journey.steps.map(\.label)
  }

  @Test func duplicatesAreNumberedInFileOrderWithoutTakingAnotherStepsKey() {
    let text = """
      stage s "S"
        touchpoint "Waits"
        touchpoint "Waits"
        touchpoint "Waits 2"
        touchpoint "Waits"
      """
    #expect(keys(text) == ["s.waits", "s.waits-3", "s.waits-2", "s.waits-4"])
  }

  @Test func anyLabelGivesAnASCIIKeyAndNeverAUserId() {
    let text = """
      stage étape_1 "Étape"
        touchpoint "Ça coûte 450 GH₵ — trop cher !"
        touchpoint "日本の顧客"
        touchpoint "!!!"
        outcome "Œuvre: straße"
        touchpoint called "Called"
      """
    let found = keys(text)
    #expect(found == [
      "etape-1.ca-coute-450-gh-trop-cher", "etape-1.u65e5-u672c-u306e-u9867-u5ba2",
      "etape-1.touchpoint", "etape-1.oeuvre-strasse", "called",
    ])
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
    for key in found.dropLast() {
      #expect(key.allSatisfy(allowed.contains), "\(key)")
      #expect(key.contains("."), "a generated key holds a dot, which no id can")
    }
  }

  @Test func longLabelsAreCutAtAWord() {
    let label = String(repeating: "word ", count: 30)
    let key = keys("stage s \"S\"\n  touchpoint \"\(label)\"\n")[0]
    #expect(key == "s." + Array(repeating: "word", count: 6).joined(separator: "-"))
  }
}
