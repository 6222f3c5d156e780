import Foundation
import Testing

@testable import JourneyMap

/// Captures made in the room, as source text in and source text out: each changes only the
/// line it should, keeps every other byte, and leaves `check` as clean as it was.
@Suite struct CaptureTests {
  /// Comments, blank lines, odd indentation and a trailing comment, all to be kept.
  static let map = """
    # Getting help
    journey "Help"

    owner service "Customer Service"   # the hotline team
    owner field "Field Technicians"

    stage ask "Ask for help"
       touchpoint call "Calls the hotline" owner service feel -2   # keep me
          pain "Waits on hold"
          # a comment between attributes
          note "Staff say most callers try the shop first"
       touchpoint visit "Technician visits" owner field status assumed
    stage done "Fixed"
      outcome fixed "Fridge cold again" feel +2

    """

  func apply(_ capture: Capture, _ target: Capture.Target, to text: String = map) throws
    -> String
  {
    let result = capture.apply(to: target, in: Array(text.utf8), file: "help.journey")
    return String(decoding: try result.get(), as: UTF8.self)
  }

  /// The lines removed and added, by a plain line diff (the edit must be one of each at most).
  func diff(_ before: String, _ after: String) -> (removed: [String], added: [String]) {
    let a = before.components(separatedBy: "\n")
    let b = after.components(separatedBy: "\n")
    var prefix = 0
    while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(a.count, b.count) - prefix,
      a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    { suffix += 1 }
    return (Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
  }

  func codes(_ text: String) -> [String] {
    JourneyChecker.check(Array(text.utf8), file: "help.journey").diagnostics
      .map { $0.code?.rawValue ?? "" }
  }

  @Test func statusIsAppendedToTheElementLineBeforeItsComment() throws {
    let after = try apply(.status(.validated), .step("call"))
    let change = diff(Self.map, after)
    #expect(change.removed == ["   touchpoint call \"Calls the hotline\" owner service feel -2   # keep me"])
    #expect(change.added == ["   touchpoint call \"Calls the hotline\" owner service feel -2 status validated   # keep me"])
  }

  @Test func anExistingStatusChangesItsValueOnly() throws {
    let after = try apply(.status(.disputed), .step("visit"))
    #expect(diff(Self.map, after).added == ["   touchpoint visit \"Technician visits\" owner field status disputed"])
    #expect(diff(Self.map, after).removed.count == 1)
  }

  @Test func aStageTakesAStatusToo() throws {
    let after = try apply(.status(.observed), .stage("done"))
    #expect(diff(Self.map, after) == (["stage done \"Fixed\""], ["stage done \"Fixed\" status observed"]))
    // And by its position, as the pictures name a stage without an id.
    #expect(try apply(.status(.observed), .stage("2")) == after)
  }

  @Test func remarksGoBelowTheLastAttributeLineWithItsIndentation() throws {
    for remark in Capture.Remark.allCases {
      let after = try apply(.add(remark, "Offer a call-back"), .step("call"))
      let change = diff(Self.map, after)
      #expect(change.removed == [])
      #expect(change.added == ["      \(remark.rawValue) \"Offer a call-back\""])
      let lines = after.components(separatedBy: "\n")
      #expect(lines.firstIndex(of: change.added[0])
        == lines.firstIndex(of: "      note \"Staff say most callers try the shop first\"")! + 1)
    }
  }

  @Test func aRemarkOnAStepWithoutAttributeLinesIsIndentedBelowIt() throws {
    let after = try apply(.add(.question, "Who visits on Sundays?"), .step("visit"))
    #expect(diff(Self.map, after).added == ["     question \"Who visits on Sundays?\""])
  }

  @Test func proposeAddsATouchpointWithTheOwnersOfTheStepBefore() throws {
    let after = try apply(.propose("Sends a photo of the receipt"), .step("call"))
    #expect(diff(Self.map, after) == ([], ["   touchpoint \"Sends a photo of the receipt\" owner service status proposed"]))
    let journey = JourneyChecker.check(Array(after.utf8), file: "help.journey").journey
    #expect(journey.stages[0].steps.map(\.label) == ["Calls the hotline",
                                                      "Sends a photo of the receipt",
                                                      "Technician visits"])
  }

  @Test func everyCaptureLeavesCheckAsItWasAndEveryOtherLineAsWritten() throws {
    let before = codes(Self.map)
    let captures: [(Capture, Capture.Target)] = [
      (.status(.validated), .step("call")), (.status(.proposed), .stage("ask")),
      (.add(.note, "n"), .step("fixed")), (.add(.question, "q"), .stage("done")),
      (.add(.pain, "p"), .step("visit")), (.add(.opportunity, "o"), .step("visit")),
      (.propose("New"), .step("visit")),
    ]
    for (capture, target) in captures {
      let after = try apply(capture, target)
      #expect(codes(after) == before, "\(capture) on \(target)")
      let change = diff(Self.map, after)
      #expect(change.removed.count <= 1 && change.added.count == 1, "\(capture)")
    }
  }

  @Test func textIsOneLineOfTheLanguageWhateverIsTyped() throws {
    let typed = "<b>\"Two\" lines</b>\nsecond\\line "
    let after = try apply(.add(.note, typed), .step("visit"))
    #expect(diff(Self.map, after).added == ["     note \"<b>\\\"Two\\\" lines</b> second\\line\""])
    let notes = JourneyChecker.check(Array(after.utf8), file: "help.journey").journey
      .stages[0].steps[1].workshop.notes
    #expect(notes == ["<b>\"Two\" lines</b> second\\line"])
  }

  @Test func crlfBomAndAMissingFinalNewlineAreKept() throws {
    let text = "\u{FEFF}journey \"Help\"\r\nowner s \"S\"\r\nstage a \"A\"\r\n  touchpoint t \"T\" owner s"
    let status = try apply(.status(.observed), .stage("a"), to: text)
    #expect(status == "\u{FEFF}journey \"Help\"\r\nowner s \"S\"\r\nstage a \"A\" status observed\r\n  touchpoint t \"T\" owner s")
    let note = try apply(.add(.note, "x"), .step("t"), to: text)
    #expect(note == text + "\r\n    note \"x\"\r")
    let first = try apply(.status(.observed), .step("t"), to: "\u{FEFF}stage a \"A\"\n  touchpoint t \"T\"\n")
    #expect(first.hasPrefix("\u{FEFF}stage a"))
  }

  @Test func refusalsSayWhy() {
    func refusal(_ capture: Capture, _ target: Capture.Target, _ text: String = Self.map) -> String? {
      if case .failure(let refusal) = capture.apply(to: target, in: Array(text.utf8), file: "m") {
        return refusal.description
      }
      return nil
    }
    #expect(refusal(.status(.validated), .step("nope")) == "no step 'nope' in the map")
    #expect(refusal(.status(.validated), .stage("9")) == "no stage '9' in the map")
    #expect(refusal(.add(.pain, "x"), .stage("ask")) == "a pain cannot be added to a stage")
    #expect(refusal(.add(.note, " \n "), .step("call")) == "the text is empty")
    #expect(refusal(.propose("x"), .step("fixed"))
      == "a new step can follow only a touchpoint without branches; 'Fridge cold again' is not one")
    #expect(refusal(.status(.validated), .step("call"), "stage a \"A\" feel 9\n")
      == "the map has errors; fix them in the file first")
    #expect(refusal(.add(.note, "\u{200B}"), .step("call"))?.hasPrefix("the edit would break the map: label shows nothing") == true)
  }
}
