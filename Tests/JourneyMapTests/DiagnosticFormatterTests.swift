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

  @Test func jsonFormWithStableKeys() throws {
    let source = "stage s \"S\"\n  touchpoint t \"T\" fel 2\n"
    let checked = JourneyChecker.check(Array(source.utf8), file: "a\"b.journey")
    let json = DiagnosticFormatter.json([("a\"b.journey", checked.diagnostics)])
    let column = "  touchpoint t \"T\" ".count + 1
    #expect(json == """
      [
        {"file": "a\\"b.journey", "line": 2, "column": \(column), "endLine": 2, \
      "endColumn": \(column + 3), \
      "severity": "error", "message": "unknown attribute 'fel'", "hints": ["did you mean 'feel'?"]}
      ]

      """)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
    #expect(parsed?.first?["message"] as? String == "unknown attribute 'fel'")
    #expect(DiagnosticFormatter.json([]) == "[]\n")
  }
}
