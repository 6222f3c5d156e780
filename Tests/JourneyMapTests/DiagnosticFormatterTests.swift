import Foundation
import Testing
@testable import JourneyMap

/// The text and JSON forms users and tools read.
@Suite struct DiagnosticFormatterTests {
  @Test func textFormLikeACompilerKeepingTabsUnderTheLine() {
    let source = "owner service \"Customer Service\"\nstage s \"S\"\n\ttouchpoint call \"Calls\" owner servcie\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "maps/x.journey")
    let text = DiagnosticFormatter(file: "maps/x.journey", source: Array(source.utf8))
      .text(checked.diagnostics)
    let column = "\ttouchpoint call \"Calls\" owner ".count + 1
    #expect(text == """
      maps/x.journey:3:\(column): error: unknown owner 'servcie'
        \ttouchpoint call "Calls" owner servcie
        \t                              ^~~~~~~
        hint: did you mean 'service'?

      """)
  }

  @Test func colourOnlyWhenAsked() {
    let d = Diagnostic(.warning, "stage 's' has no steps", at: SourceRange(line: 1, column: 7))
    let formatter = DiagnosticFormatter(file: "x.journey", source: Array("stage s \"S\"\n".utf8))
    #expect(!formatter.text(d).contains("\u{1B}"))
    #expect(formatter.text(d, color: true).contains("\u{1B}[1;35mwarning:\u{1B}[0m"))
  }

  @Test func controlCharactersInTheExcerptAreMadeVisible() {
    let bytes = Array("stage s \"a".utf8) + [0x1B] + Array("b\" oops\n".utf8)
    let checked = JourneyChecker.check(bytes, file: "x.journey")
    let text = DiagnosticFormatter(file: "x.journey", source: bytes).text(checked.diagnostics)
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("stage s \"a\u{FFFD}b\" oops\n"))
  }

  @Test func controlCharactersInMessagesAndHintsAreMadeVisibleToo() {
    // An escape sequence written as a value reaches the message ("invalid value '…'").
    let source = "owner o \"O\"\nstage s \"S\"\n  touchpoint t \"T\" owner o feel \"\u{1B}[2J\"\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "x.journey")
    let text = DiagnosticFormatter(file: "x.journey", source: Array(source.utf8))
      .text(checked.diagnostics)
    #expect(checked.hasErrors)
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("invalid value '\"\\u{1B}[2J\"' for 'feel'"))
  }

  @Test func manyDiagnosticsOnOneLineReadAsEachWouldAlone() {
    // Lines split once for all their diagnostics: ASCII, tabs, CJK, long lines clipped.
    let owners = (1...60).map { "u\($0)" }.joined(separator: ", ")
    let source = "owner o \"O\"\nstage s \"S\"\n  touchpoint t \"T\" owner \(owners)\n"
      + "\ttouchpoint \"日本語\" owner x1, x2 feel 9\n  touchpoint v \"V\" owner y1, o, y2\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "x.journey")
    let formatter = DiagnosticFormatter(file: "x.journey", source: Array(source.utf8))
    #expect(checked.diagnostics.count > 60)
    #expect(formatter.text(checked.diagnostics)
      == checked.diagnostics.map { formatter.text($0) }.joined())
  }

  @Test func aFileNameWithANewlineOrAnEscapeStaysOnOneVisibleLine() {
    let file = "maps/a\nb\u{1B}]0;owned\u{7}\u{202E}c.journey"
    let source = Array("frobnicate\n".utf8)
    let checked = JourneyChecker.check(source, file: file)
    let text = DiagnosticFormatter(file: file, source: source).text(checked.diagnostics)
    #expect(text.hasPrefix(#"maps/a\nb\u{1B}]0;owned\u{7}\u{202E}c.journey:1:1: error: "#))
    #expect(TerminalText.escaped("tab\there\r") == #"tab\there\r"#)
    #expect(TerminalText.escaped("Ça va, 日本 😀") == "Ça va, 日本 😀")
  }

  @Test func ourOwnMessagesPrintWholeAndOnlyAPastedNameIsClipped() {
    let long = String(repeating: "x", count: 1000)
    let source = "owner o \"O\"\nstage s \"S\"\n  touchpoint t \"T\" owner \(long) channel fone\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "x.journey")
    let text = DiagnosticFormatter(file: "x.journey", source: Array(source.utf8))
      .text(checked.diagnostics)
    #expect(text.contains("error: invalid value 'fone' for 'channel': expected one of: web, "
      + "phone, chat, email, in-person, print, social, ad, app, or any text in quotes\n"))
    let unknown = text.split(separator: "\n").first { $0.contains("unknown owner") } ?? ""
    #expect(unknown.hasSuffix("..."))
    #expect(unknown.count < 400)
  }

  @Test func theCaretStandsUnderTheCulpritAfterWideCharacters() {
    let source = "owner o \"O\"\nstage s \"S\"\n  touchpoint u \"漢字漢字\" owner zz\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "x.journey")
    let text = DiagnosticFormatter(file: "x.journey", source: Array(source.utf8))
      .text(checked.diagnostics)
    // Each of the four CJK characters takes two terminal cells.
    let cells = "  touchpoint u \"".count + 8 + "\" owner ".count
    #expect(text.contains("\n  " + String(repeating: " ", count: cells) + "^~\n"))
  }

  @Test func jsonFormWithAVersionAndStableKeys() throws {
    let source = "stage s \"S\"\n  touchpoint t \"T\" fel 2\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "a\"b.journey")
    let json = DiagnosticFormatter.json([("a\"b.journey", checked.diagnostics)])
    let column = "  touchpoint t \"T\" ".count + 1
    #expect(json == """
      {
        "version": 1,
        "diagnostics": [
          {"file": "a\\"b.journey", "line": 2, "column": \(column), "endLine": 2, \
      "endColumn": \(column + 3), "severity": "error", "code": "JM122", \
      "message": "unknown attribute 'fel'", "hints": ["did you mean 'feel'?"]}
        ]
      }

      """)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let first = (parsed?["diagnostics"] as? [[String: Any]])?.first
    #expect(first?["message"] as? String == "unknown attribute 'fel'")
    #expect(DiagnosticFormatter.json([]) == "{\n  \"version\": 1,\n  \"diagnostics\": []\n}\n")
  }

  static let problems = """
    journey "H"
    owner service "S"
    stage ask "Ask"
      touchpoint call "Calls, 100%" owner servcie
    stage b "B"

    """

  @Test func githubAnnotations() {
    let checked = JourneyChecker.check(Array(Self.problems.utf8), file: "maps/a,b.journey")
    #expect(DiagnosticFormatter.github([("maps/a,b.journey", checked.diagnostics)]) == """
      ::error file=maps/a%2Cb.journey,line=4,col=39,endLine=4,endColumn=45,title=JM204::\
      unknown owner 'servcie'%0Ahint: did you mean 'service'?
      ::warning file=maps/a%2Cb.journey,line=5,col=7,endLine=5,endColumn=7,title=JM304::\
      stage 'b' has no steps

      """)
  }

  @Test func sarifLog() throws {
    let checked = JourneyChecker.check(Array(Self.problems.utf8), file: "maps/my map.journey")
    let sarif = DiagnosticFormatter.sarif([("maps/my map.journey", checked.diagnostics)],
                                          toolVersion: "0.1.0")
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
    #expect(driver?["name"] as? String == "journeymap")
    let rules = try #require(driver?["rules"] as? [[String: Any]])
    #expect(rules.count == DiagnosticCode.allCases.count)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.map { $0["ruleId"] as? String } == ["JM204", "JM304"])
    #expect(results.map { $0["level"] as? String } == ["error", "warning"])
    let first = results[0]
    #expect(rules[first["ruleIndex"] as? Int ?? -1]["id"] as? String == "JM204")
    #expect((first["message"] as? [String: Any])?["text"] as? String
              == "unknown owner 'servcie'\nhint: did you mean 'service'?")
    let location = ((first["locations"] as? [[String: Any]])?.first?["physicalLocation"]
      as? [String: Any])
    #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String
              == "maps/my%20map.journey")
    let region = location?["region"] as? [String: Int]
    #expect(region == ["startLine": 4, "startColumn": 39, "endLine": 4, "endColumn": 46])
  }

  @Test func sarifColumnsCountCodePoints() throws {
    let source = "stage s \"🇬🇭 é\" owner x\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "m.journey")
    let formatter = DiagnosticFormatter(file: "m.journey", source: Array(source.utf8))
    let d = try #require(checked.diagnostics.first { $0.message.hasPrefix("'owner'") })
    #expect(d.range.start.column == 15)  // characters: the flag is one
    #expect(formatter.inCodePoints(d).range.start.column == 16)  // code points: it is two
    #expect(formatter.inCodePoints(d).range.end.column == 21)
  }

  /// Maps with every kind of problem the checker reports.
  static let everyProblem = [
    "journey \"A\"\njourney \"B\"\nstage s \"S\" fel 1 status x\n  touchpoint t \"T\" feel 9 color \"#12\"\n",
    "stage s \"S\"\n  touchpoint \"unterminated\n  touchpoint 2nd \"x\"\n  touchpoint t \"T\" ยง\n",
    "frobnicate\n\"x\"\npain \"p\"\nowner\nphase \"P\" s\nphase \"Q\":\nphase \"R\": a,\n",
    "touchpoint o \"Outside\"\nstage s \"S\"\n  outcome x \"X\"\n    -> s\n  -> \n  yes -> \"q\"\n",
    "stage s \"\"\n  touchpoint \"T\" owner a, b -> x\n  touchpoint \"T\" feel\n  touchpoint \"T\" : x\n",
    "stage s \"S\"\n  touchpoint t \"T\" owner o\n  touchpoint t \"T\" owner p -> nowhere\n  decision d \"D\"\n    a -> t\nowner o \"O\"\nowner o \"O\"\npersona p \"P\"\npersona p \"P\"\n",
    "",
    "phase \"P\": s, u, t, x\nphase \"Q\": s, s\nstage s \"S\"\n  outcome t \"T\"\nstage u \"U\"\nstage v \"V\"\n  touchpoint a \"A\"\n    -> u\n  touchpoint b \"B\" owner o\n  outcome g \"G\"\n  decision d \"D\" owner o\n    x -> g\n    y -> g\nowner o \"O\"\n",
  ]

  @Test func everyDiagnosticOfTheCheckerHasACode() {
    var seen = Set<DiagnosticCode>()
    for map in Self.everyProblem {
      for d in JourneyChecker.check(Array(map.utf8), file: "m.journey").diagnostics {
        #expect(d.code != nil, "no code: \(d.message)")
        if let code = d.code { seen.insert(code) }
      }
    }
    let bytes: [UInt8] = Array("stage s \"S\"\n".utf8) + [0xFF, 0x0A, 0x00, 0x0A]
    for d in JourneyChecker.check(bytes, file: "m.journey").diagnostics { d.code.map { seen.insert($0) } }
    #expect(seen.count >= 35, "codes seen: \(seen.map(\.rawValue).sorted())")
  }

  @Test func theReadmeListsEveryCode() throws {
    let readme = try String(contentsOf: GoldenFile.root.appendingPathComponent("README.md"),
                            encoding: .utf8)
    for code in DiagnosticCode.allCases {
      #expect(readme.contains("| `\(code.rawValue)` |"), "README lacks \(code.rawValue)")
    }
  }
}
