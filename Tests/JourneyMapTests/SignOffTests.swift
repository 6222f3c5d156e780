import Foundation
import Testing

@testable import JourneyMap

/// Sign-offs: the content hash ignores layout, comments and sign-off lines, and nothing else.
@Suite struct SignOffTests {
  static let map = """
    journey "Help"
    owner service "Customer Service"
    stage ask "Ask"
      touchpoint call "Calls the hotline" owner service feel -2
        pain "Waits on hold"

    """

  func hash(_ text: String) -> String {
    ContentHash.of(JourneyChecker.check(Array(text.utf8), file: "m.journey").journey)
  }

  @Test func sha256MatchesTheStandardVectors() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8))
      == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let long = Array(String(repeating: "a", count: 1000).utf8)
    #expect(SHA256.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  @Test func layoutCommentsAndFmtKeepTheHash() throws {
    let messy = """
      # a comment
      journey   "Help"
      owner service "Customer Service"   # team

      stage ask "Ask"
      touchpoint call "Calls the hotline" feel -2 owner service
          pain "Waits on hold"
      """
    #expect(hash(messy) == hash(Self.map))
    let formatted = try #require(JourneyFormatter.format(Array(messy.utf8), file: "m").formatted)
    #expect(hash(String(decoding: formatted, as: UTF8.self)) == hash(Self.map))
    // An attribute on a line of its own says the same.
    #expect(hash(Self.map.replacingOccurrences(of: " feel -2", with: "\n    feel -2")) == hash(Self.map))
  }

  @Test func anyChangeOfContentChangesTheHash() {
    for (old, new) in [("Calls the hotline", "Calls the help line"), ("feel -2", "feel -1"),
                       ("pain \"Waits on hold\"", "opportunity \"Waits on hold\""),
                       ("feel -2", "feel -2 status validated")] {
      #expect(hash(Self.map.replacingOccurrences(of: old, with: new)) != hash(Self.map), "\(new)")
    }
  }

  @Test func signingAddsOneLineThatCheckAcceptsAndTheViewsShow() throws {
    let signed = try SignOff.signed(Array(Self.map.utf8), file: "m.journey", by: "Ama \"A\" Mensah",
                                    date: "2026-11-30", note: "Accra desk").get()
    let text = String(decoding: signed, as: UTF8.self)
    let h = hash(Self.map)
    #expect(text == Self.map + "sign-off \"Ama \\\"A\\\" Mensah\" date \"2026-11-30\" hash \"\(h)\" note \"Accra desk\"\n")
    let checked = JourneyChecker.check(signed, file: "m.journey")
    #expect(checked.diagnostics.isEmpty)
    #expect(hash(text) == h)
    #expect(SignOffState(checked.journey).sentence
      == "Validated on 2026-11-30 with Ama \"A\" Mensah, map \(h.prefix(8))")
    let dot = MapView.journey.dot(checked)
    #expect(dot.contains("Validated on 2026-11-30 with Ama"))
    #expect(MapView.silo.dot(checked).contains("Validated on 2026-11-30 with Ama"))
    #expect(Agenda(checked).signOff == .valid(by: "Ama \"A\" Mensah", date: "2026-11-30", hash: h))
  }

  @Test func aChangeAfterSigningIsAWarningUntilSignedAgain() throws {
    let signed = String(decoding: try SignOff.signed(Array(Self.map.utf8), file: "m.journey",
                                                     by: "Ama", date: "2026-11-30").get(),
                        as: UTF8.self)
    let changed = signed.replacingOccurrences(of: "feel -2", with: "feel -1")
    let checked = JourneyChecker.check(Array(changed.utf8), file: "m.journey")
    #expect(checked.diagnostics.map(\.message)
      == ["the map changed since its sign-off by 'Ama' on 2026-11-30"])
    #expect(checked.diagnostics.map(\.code) == [.changedSinceSignOff])
    #expect(SignOffState(checked.journey).sentence?.hasSuffix("changed since sign-off") == true)
    #expect(MapView.journey.dot(checked).contains("changed since sign-off"))
    let again = try SignOff.signed(Array(changed.utf8), file: "m.journey", by: "Kofi",
                                   date: "2026-12-01").get()
    #expect(JourneyChecker.check(again, file: "m.journey").diagnostics.isEmpty)
  }

  @Test func badSignOffLinesAreErrorsWithHints() {
    let text = Self.map + "sign-off \"Ama\" date \"2026-02-30\" hash \"123\"\n"
    let checked = JourneyChecker.check(Array(text.utf8), file: "m.journey")
    #expect(checked.diagnostics.map(\.message) == [
      "invalid date '2026-02-30': expected YYYY-MM-DD",
      "sign-off by 'Ama' has no valid hash: expected 16 hexadecimal digits",
    ])
    #expect(checked.diagnostics.map(\.range.start.line) == [6, 6])
    #expect(checked.diagnostics[1].hints == ["let the tool write it: journeymap sign-off FILE --by \"NAME\""])
    let refused = SignOff.signed(Array(Self.map.utf8), file: "m", by: "A", date: "30/11/2026")
    #expect(throws: Capture.Refusal.self) { try refused.get() }
  }

  @Test func theGrammarColoursASignOffLineAndLeavesDateAnIdElsewhere() throws {
    let rules = try TextMateGrammarTests.grammar()
    let line = "sign-off \"Ama\" date \"2026-11-30\" hash \"f39b458618cb93e3\" note \"x\"  # ok"
    let words = TextMateGrammarTests.scopes(line, rules).map {
      ((line as NSString).substring(with: $0.range), $0.name)
    }.filter { $0.1.hasPrefix("keyword") || $0.1.hasPrefix("comment") }
    #expect(words.map(\.0) == ["sign-off", "date", "hash", "note", "# ok"])
    #expect(words.map(\.1) == ["keyword.control.element.journey"]
      + Array(repeating: "keyword.other.attribute.journey", count: 3) + ["comment.line.number-sign.journey"])
    let branch = "    \"not fit\" -> date"
    let target = TextMateGrammarTests.scopes(branch, rules).last
    #expect(target?.name == "variable.other.id.journey")
  }
}
