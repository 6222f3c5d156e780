import Testing
@testable import JourneyMap

/// `JourneyFormatter`: one canonical layout, every comment kept, the model unchanged.
@Suite struct FormatterTests {
  func format(_ text: String) -> String? {
    JourneyFormatter.format(Array(text.utf8), file: "t.journey").formatted
      .map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func writesTheCanonicalLayout() {
    let messy = """


      # the title
          journey   "Help"	# trailing
      persona ama "Ama"
      \tgoal "Cold fridge"
      owner service "Customer Service" color sky
      owner dist "Regional distributor" color "#e69f00" external



      stage ask "Ask"   status observed
      # before the step
      touchpoint call "Calls \\"the\\" C:\\Notes" feel 2 channel phone owner service , dist
      pain "Waits"   opportunity "Call back"
      # inside the step
         "no answer" -> call # a loop
        "counter-offer"->gone   # out
      outcome gone "Leaves" feel -1
      # the end


      """
    #expect(format(messy) == """
      # the title
      journey "Help"  # trailing
      persona ama "Ama"
        goal "Cold fridge"
      owner service "Customer Service" color sky
      owner dist    "Regional distributor" external color "#E69F00"

      stage ask "Ask" status observed
        # before the step
        touchpoint call "Calls \\"the\\" C:\\Notes" owner service, dist channel phone feel +2
          pain "Waits" opportunity "Call back"
          # inside the step
          "no answer" -> call    # a loop
          counter-offer -> gone  # out
        outcome gone "Leaves" feel -1
        # the end

      """)
  }

  @Test func aCommentTakesTheIndentationOfTheStatementItSitsAgainst() {
    #expect(format("""
      stage a "A"
      touchpoint t "T" owner o
      pain "p"
      # closes the touchpoint

      # about stage b
      stage b "B"
      # about the step
      outcome "O"

      # at the end
      owner o "O"
      """) == """
      stage a "A"
        touchpoint t "T" owner o
          pain "p"
          # closes the touchpoint

      # about stage b
      stage b "B"
        # about the step
        outcome "O"

      # at the end
      owner o "O"

      """)
  }

  @Test func quotesLabelsWithTheFewestEscapes() {
    #expect(JourneyFormatter.quoted("C:\\Notes") == "\"C:\\Notes\"")
    #expect(JourneyFormatter.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
    #expect(JourneyFormatter.quoted("ends in \\") == "\"ends in \\\\\"")
    #expect(JourneyFormatter.quoted("two \\\\ here") == "\"two \\\\\\\\ here\"")
    #expect(JourneyFormatter.quoted("\\\"") == "\"\\\\\\\"\"")
    // Each reads back as the value it came from.
    for value in ["C:\\Notes", "say \"hi\"", "ends in \\", "two \\\\ here", "\\\"", "é ₵ 日本"] {
      let token = Lexer.tokens(of: JourneyFormatter.quoted(value), line: 1).tokens
      #expect(token.map(\.text) == [value])
    }
  }

  @Test func keepsLineEndingsAndByteOrderMark() throws {
    let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("journey   \"A\"\r\n\r\n\r\nstage s \"S\"\r\n".utf8)
    let out = try #require(JourneyFormatter.format(input, file: "t.journey").formatted)
    #expect(out == [0xEF, 0xBB, 0xBF] + Array("journey \"A\"\r\n\r\nstage s \"S\"\r\n".utf8))
  }

  @Test func leavesAMapWithErrorsAlone() {
    let result = JourneyFormatter.format(Array("stage s \"S\"\n  touchpoint t \"T\" feel 9\n".utf8),
                                         file: "t.journey")
    #expect(result.formatted == nil)
    #expect(result.checked.diagnostics.map(\.message) == ["feeling '9' is out of range: expected -2 to +2"])
  }

  @Test func syntaxLinesGiveEveryLineBackAsWritten() {
    for (name, text) in Self.examplesAndMessyVariants() {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let tree = parse(Array(text.utf8), file: name)
      #expect(tree.lines.map(\.text) == lines, "\(name)")
    }
  }

  @Test func isIdempotent() throws {
    for (name, text) in Self.examplesAndMessyVariants() {
      let once = try #require(format(text), "\(name) has errors")
      #expect(format(once) == once, "\(name)")
    }
  }

  @Test func messyVariantsFormatLikeTheExamples() throws {
    for (name, text) in Self.examplesAndMessyVariants() where name.hasSuffix(" (messy)") {
      let example = String(name.dropLast(" (messy)".count))
      let original = try #require(Self.examples().first { $0.name == example }?.text)
      #expect(format(text) == format(original), "\(name)")
    }
  }

  @Test func keepsTheModelAndTheFindings() throws {
    for (name, text) in Self.examplesAndMessyVariants() + [("fixture", Self.fixture)] {
      let formatted = try #require(format(text), "\(name) has errors")
      let before = JourneyChecker.check(Array(text.utf8), file: "m.journey")
      let after = JourneyChecker.check(Array(formatted.utf8), file: "m.journey")
      #expect(Self.dump(after.journey) == Self.dump(before.journey), "\(name)")
      #expect(after.diagnostics.map { "\($0.severity): \($0.message) \($0.hints)" }
                == before.diagnostics.map { "\($0.severity): \($0.message) \($0.hints)" })
      #expect(Self.dump(after.journey).count > 100)
    }
  }

  @Test func theExampleMapsAreCanonical() throws {
    for (name, text) in Self.examples() {
      #expect(format(text) == text, "run: journeymap fmt maps/\(name).journey")
    }
  }

  /// A map that uses every attribute, on element lines and on lines of their own.
  static let fixture = """
    journey "J" description "d1"
      description "d2"
    persona p "P" goal "g" description "pd"
    owner a "A" internal color "#00aa00"
    owner bb "B" color purple external
    phase "Ph": s1, s2
    stage s1 "S1" question "q" note "n" status assumed metric "m"
      touchpoint t1 "T1" tool "x" metric "m" status proposed backstage pain "p1" opportunity "o" feel 0 channel "kiosk" owner a
        pain "p2"
        note "n1" question "q1"
        -> d
      decision d "D?" tool "t" owner bb by system
        "a b" -> t1
        c -> s2
    stage s2 "S2"
      outcome "O" feel -2 status observed
    """

  /// Every field of a value, recursively, without source positions: two models that dump
  /// alike mean the same.
  static func dump(_ value: Any, _ indent: String = "") -> String {
    let mirror = Mirror(reflecting: value)
    if mirror.children.isEmpty || value is String { return "\(value)" }
    var out = "\(mirror.subjectType)("
    for child in mirror.children where child.label != "range" {
      out += "\n\(indent)  \(child.label ?? "-"): " + dump(child.value, indent + "  ")
    }
    return out + ")"
  }

  static func examples() -> [(name: String, text: String)] {
    GoldenFile.exampleMapTexts()
  }

  /// The example maps, and each rewritten messily through its own tokens: other spaces and
  /// tabs, no indentation or too much, runs of blank lines, spaces at line ends.
  static func examplesAndMessyVariants() -> [(name: String, text: String)] {
    var all = examples()
    for (name, text) in examples() {
      var out: [String] = []
      for line in parse(Array(text.utf8), file: name).lines {
        let n = line.number
        var messy = line
        messy.trivia.leading = line.tokens.indices.map { k in
          k == 0 ? String(repeating: n % 3 == 0 ? "\t" : " ", count: n % 5)
            : [" ", "  ", "\t", " \t "][(n + k) % 4]
        }
        if messy.trivia.comment != nil { messy.trivia.trailing = n % 2 == 0 ? "" : "      " }
        if line.tokens.isEmpty, messy.trivia.comment == nil, n % 2 == 0 { out.append("   ") }
        out.append(messy.text + (n % 7 == 0 ? "  " : ""))
      }
      all.append((name + " (messy)", out.joined(separator: "\n")))
    }
    return all
  }
}
