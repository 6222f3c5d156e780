import Testing
@testable import JourneyMap

/// Every syntax diagnostic: its exact wording and where it points.
@Suite struct ParserDiagnosticTests {
  @Test func unknownKeywordSuggestsTheClosestOne() {
    expectDiagnostics(prelude + "  ⟦tuchpoint⟧ x \"y\"\n", [
      .error("unknown keyword 'tuchpoint'", "did you mean 'touchpoint'?"),
    ])
  }

  @Test func lineStartingWithALabel() {
    expectDiagnostics(prelude + "  ⟦\"Calls\"⟧\n", [.error("expected a keyword, found '\"Calls\"'")])
  }

  @Test func unknownAttributeSuggestsFromTheElementsAttributes() {
    expectDiagnostics(prelude + "    ⟦ownr⟧ service\n", [
      .error("unknown keyword 'ownr'", "did you mean 'owner'?"),
    ])
    expectDiagnostics(prelude + "  touchpoint t \"T\" owner service ⟦fel⟧ -2\n", [
      .error("unknown attribute 'fel'", "did you mean 'feel'?"),
    ])
  }

  @Test func everyBadValueOnALineIsReportedInOneRun() {
    expectDiagnostics(prelude + "  touchpoint t \"T\" owner service channel ⟦fone⟧ feel ⟦5⟧\n", [
      .error("invalid value 'fone' for 'channel': expected one of: web, phone, chat, email, "
        + "in-person, print, social, ad, app, or any text in quotes", "did you mean 'phone'?"),
      .error("feeling '5' is out of range: expected -2 to +2"),
    ])
  }

  @Test func anInvisibleCharacterIsNamedByItsCodePoint() {
    expectDiagnostics(prelude + "  touchpoint t⟦\u{200B}⟧x \"T\" owner service\n", [
      .error("unexpected character U+200B"),
    ])
  }

  @Test func aVeryLongNameGetsNoSuggestionAndCostsNothing() {
    let long = String(repeating: "a", count: 2000)
    let near = String(repeating: "a", count: 1999) + "b"
    let checked = JourneyChecker.check(Array("""
      owner \(long) "O"
      stage s "S"
        touchpoint t "T" owner \(near)

      """.utf8), file: "t.journey")
    #expect(checked.diagnostics.map(\.message) == ["unknown owner '\(near)'"])
    #expect(checked.diagnostics.first?.hints == [])
  }

  @Test func somethingElseWhereAnAttributeShouldBe() {
    expectDiagnostics(prelude + "  touchpoint t \"T\" owner service ⟦\"extra\"⟧\n", [
      .error("expected an attribute, found '\"extra\"'"),
    ])
  }

  @Test func attributeThatDoesNotApply() {
    expectDiagnostics(prelude + "    ⟦goal⟧ \"Be quick\"\n", [
      .error("'goal' does not apply to a touchpoint", "'goal' applies to: persona"),
    ])
    expectDiagnostics(prelude + "phase \"Ops\": ask\n  ⟦note⟧ \"x\"\n", [
      .error("'note' does not apply to a phase",
             "'note' applies to: stage, touchpoint, decision, outcome, sign-off"),
    ])
  }

  @Test func attributeWithNoElementAbove() {
    expectDiagnostics("# a comment\n⟦pain⟧ \"Waits\"\n" + prelude, [
      .error("'pain' has no element above it", "write it below the element it describes"),
    ])
  }

  @Test func missingValuePointsJustAfterTheKeyword() {
    expectDiagnostics(prelude + "    feel⟦⟧\n", [
      .error("missing value for 'feel': expected a whole number from -2 to +2"),
    ])
    expectDiagnostics(prelude + "  decision d \"Q?\" owner service by⟦⟧\n    a -> call\n    b -> call\n", [
      .error("missing value for 'by': expected one of: customer, employee, system"),
    ])
  }

  @Test func valueOfTheWrongKind() {
    expectDiagnostics(prelude + "    pain ⟦Waits⟧\n", [
      .error("invalid value 'Waits' for 'pain': expected a label in quotes",
             "write it in quotes: \"Waits\""),
    ])
    expectDiagnostics(prelude + "    status ⟦valdated⟧\n", [
      .error("invalid value 'valdated' for 'status': expected one of: assumed, observed, "
               + "validated, disputed, proposed", "did you mean 'validated'?"),
    ])
    expectDiagnostics(prelude + "    channel ⟦fax⟧\n", [
      .error("invalid value 'fax' for 'channel': expected one of: web, phone, chat, email, "
               + "in-person, print, social, ad, app, or any text in quotes"),
    ])
    expectDiagnostics(prelude + "    feel ⟦\"bad\"⟧\n", [
      .error("invalid value '\"bad\"' for 'feel': expected a whole number from -2 to +2"),
    ])
    expectDiagnostics("owner o \"O\" color ⟦pinkk⟧\n" + prelude, [
      .error("invalid value 'pinkk' for 'color': expected one of: orange, sky, green, yellow, "
               + "blue, vermilion, purple, grey, or a quoted \"#RRGGBB\""),
    ])
  }

  @Test func invalidHexColour() {
    expectDiagnostics("owner o \"O\" color ⟦\"#12345G\"⟧\n" + prelude, [
      .error("invalid colour '#12345G': expected \"#RRGGBB\" with six hexadecimal digits"),
    ])
  }

  @Test func feelingOutOfRange() {
    expectDiagnostics(prelude + "    feel ⟦+3⟧\n", [
      .error("feeling '+3' is out of range: expected -2 to +2"),
    ])
    expectDiagnostics(prelude + "    feel ⟦99999999999999999999999⟧\n", [
      .error("feeling '99999999999999999999999' is out of range: expected -2 to +2"),
    ])
  }

  @Test func repeatedSingleAttribute() {
    expectDiagnostics(prelude + "    feel -1\n    ⟦feel⟧ 2\n", [
      .error("repeated attribute 'feel'", "first given at line 5"),
    ])
    expectDiagnostics("owner o \"O\" external ⟦internal⟧\n" + prelude, [
      .error("repeated attribute 'internal'", "first given at line 1"),
    ])
  }

  @Test func secondJourneyLine() {
    expectDiagnostics(prelude + "⟦journey⟧ \"Again\"\n", [
      .error("repeated 'journey' line", "first given at line 1"),
    ])
  }

  @Test func missingLabel() {
    expectDiagnostics(prelude + "  touchpoint t⟦⟧ owner service\n", [
      .error("missing label for 'touchpoint': expected a label in quotes"),
    ])
  }

  @Test func emptyLabel() {
    expectDiagnostics(prelude + "  touchpoint t ⟦\"\"⟧ owner service\n", [.error("empty label")])
    expectDiagnostics(prelude + "    pain ⟦\"  \"⟧\n", [.error("empty label")])
  }

  @Test func aLabelOfInvisibleCharactersIsAnErrorLikeAnEmptyOne() {
    let hint = "write visible text; zero-width spaces, joiners and direction marks draw nothing"
    expectDiagnostics(prelude + "  touchpoint t ⟦\"\u{200B}\u{200D}\"⟧ owner service\n", [
      .error("label shows nothing: it holds only invisible characters (U+200B, U+200D)", hint),
    ])
    expectDiagnostics(prelude + "    pain ⟦\" \u{FEFF} \u{202E}\"⟧\n", [
      .error("label shows nothing: it holds only invisible characters (U+FEFF, U+202E)", hint),
    ])
    expectDiagnostics(prelude + "  ⟦\"\u{301}\u{2028}\u{2029}\"⟧ -> ask\n", [
      .error("label shows nothing: it holds only invisible characters (U+0301, U+2028, U+2029)",
             hint),
    ])
    // Visible text with an invisible character in it is fine.
    expectDiagnostics(prelude + "    pain \"wait\u{200B}ing\"\n", [])
  }

  @Test func ownerWithoutId() {
    expectDiagnostics("owner⟦⟧ \"Billing\"\n" + prelude, [
      .error("missing id for 'owner'", "write: owner service \"Customer Service\""),
    ])
  }

  @Test func phaseSyntax() {
    expectDiagnostics(prelude + "phase \"Ops\"⟦⟧ ask\n", [
      .error("missing ':' after the phase name",
             "write: phase \"Sales Operations\": purchase, delivery"),
    ])
    expectDiagnostics(prelude + "phase \"Ops\":⟦⟧\n", [
      .error("missing stages for 'phase': expected stage ids separated by commas"),
    ])
    expectDiagnostics(prelude + "phase \"Ops\": ask,⟦⟧\n", [.error("missing id after ','")])
    expectDiagnostics(prelude + "phase \"Ops\": ask ⟦\"x\"⟧\n", [.error("unexpected '\"x\"'")])
  }

  @Test func stepOutsideAnyStage() {
    expectDiagnostics("⟦touchpoint⟧ early \"Too early\" owner service\n" + prelude, [
      .error("touchpoint outside any stage", "add a 'stage' line above it"),
    ])
  }

  @Test func branchSyntax() {
    expectDiagnostics(prelude + "    yes ->⟦⟧\n", [
      .error("missing target after '->': expected a step or stage id"),
    ])
    expectDiagnostics(prelude + "    yes -> ⟦\"call\"⟧\n", [
      .error("invalid branch target '\"call\"': expected a step or stage id"),
    ])
    expectDiagnostics(prelude + "    yes -> call ⟦now⟧\n", [.error("unexpected 'now'")])
  }

  @Test func branchUnderAnOutcome() {
    expectDiagnostics(prelude + "  outcome gone \"Leaves\"\n    ⟦again -> call⟧\n", [
      .error("an outcome cannot have branches", "an outcome ends the journey"),
    ])
  }

  @Test func branchWithNoStepAbove() {
    expectDiagnostics(prelude + "stage fix \"Fix\"\n  ⟦-> call⟧\n  touchpoint v \"V\" owner service\n", [
      .error("branch with no touchpoint or decision above it"),
    ])
  }

  @Test func lexicalErrors() {
    expectDiagnostics(prelude + "  touchpoint t ⟦\"Calls the hotline⟧\n", [
      .error("unterminated label", "close it with '\"' on the same line"),
    ])
    expectDiagnostics(prelude + "    feel -1 ⟦@⟧\n", [.error("unexpected character '@'")])
    expectDiagnostics(prelude + "  touchpoint ⟦2nd⟧ \"Second\"\n", [
      .error("invalid id '2nd': an id starts with a letter or '_'"),
    ])
  }

  @Test func recoversAtTheNextLine() {
    // Three broken lines, each reported once; the step after them is still declared.
    expectDiagnostics(prelude + """
        ⟦tuchpoint⟧ a "A"
        feel ⟦9⟧ pain "never read"
        pain ⟦"unterminated⟧
        touchpoint b "B" owner ⟦nobody⟧

      """, [
        .error("unknown keyword 'tuchpoint'", "did you mean 'touchpoint'?"),
        .error("feeling '9' is out of range: expected -2 to +2"),
        .error("unterminated label", "close it with '\"' on the same line"),
        .error("unknown owner 'nobody'"),
      ])
  }
}
