import Testing
@testable import JourneyMap

/// Random text through fmt and import mermaid: never a crash, and what they promise holds.
@Suite struct FuzzTests {
  /// A small deterministic generator (xorshift), so a failure can be replayed.
  struct Random {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(n))
    }
    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
  }

  static let journeyPieces = [
    "journey", "persona", "owner", "phase", "stage", "touchpoint", "decision", "outcome",
    "owner a", "owner b", "feel", "+1", "-2", "0", "channel", "web", "\"x y\"", "\"q\\\"\"",
    "\"C:\\\\\"", "status", "observed", "pain", "note", "by", "system", "backstage", "->",
    "a", "b", "s", ",", ":", "# c", "  ", "\t", "yes", "\"é 日\"", "metric", "tool", "color",
    "sky", "\"#aabbcc\"", "external", "description", "goal", "question", "opportunity",
  ]

  static let mermaidPieces = [
    "journey", "title", "section", "accTitle", "accDescr", ":", ";", "{", "}", "%%", "%%{",
    "}%%", "#", "---", "Make tea", "5", "0", "9", "x", ",", "Me", "Cat", " ", "\t", "é",
  ]

  static func text(_ pieces: [String], _ random: inout Random, lines: Int) -> String {
    (0..<lines).map { _ in
      (0..<random.next(7)).map { _ in random.pick(pieces) }.joined(separator: random.pick([" ", "", "  "]))
    }.joined(separator: "\n")
  }

  @Test func formattingRandomMapsKeepsItsPromises() {
    var random = Random(state: 0x9E37_79B9_7F4A_7C15)
    var formattedCount = 0
    for _ in 0..<3000 {
      // Start from a valid skeleton so that some random maps are free of errors.
      let body = Self.text(Self.journeyPieces, &random, lines: 1 + random.next(6))
      let text = "owner a \"A\"\nowner b \"B\"\nstage s \"S\"\n  touchpoint t \"T\" owner a\n" + body
      let result = JourneyFormatter.format(Array(text.utf8), file: "f.journey")
      guard let once = result.formatted else { continue }
      formattedCount += 1
      let twice = JourneyFormatter.format(once, file: "f.journey")
      #expect(twice.formatted == once, "not idempotent: \(text.debugDescription)")
      let after = JourneyChecker.check(once, file: "f.journey")
      #expect(FormatterTests.dump(after.journey) == FormatterTests.dump(result.checked.journey),
              "model changed: \(text.debugDescription)")
    }
    #expect(formattedCount > 100)
  }

  @Test func importingRandomMermaidNeverCrashesAndGivesACleanMap() {
    var random = Random(state: 0x2545_F491_4F6C_DD1D)
    var imported = 0
    for _ in 0..<3000 {
      let text = "journey\n" + Self.text(Self.mermaidPieces, &random, lines: 1 + random.next(6))
      let result = MermaidImport.convert(Array(text.utf8), file: "f.mmd")
      guard let journey = result.journey else {
        #expect(result.diagnostics.contains { $0.severity == .error })
        continue
      }
      imported += 1
      #expect(!JourneyChecker.check(Array(journey.utf8), file: "f.journey").hasErrors,
              "\(text.debugDescription)")
    }
    #expect(imported > 100)
  }
}
