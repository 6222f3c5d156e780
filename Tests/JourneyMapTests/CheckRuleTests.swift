import Testing
@testable import JourneyMap

/// Every rule that needs the whole map: names, flow, stages and phases.
@Suite struct CheckRuleTests {
  @Test func emptyMapIsAWarning() {
    expectDiagnostics("⟦⟧", [.warning("the map is empty",
                                      "start with a line such as: journey \"Getting help\"")])
    expectDiagnostics("⟦⟧# only a comment\n\n", [
      .warning("the map is empty", "start with a line such as: journey \"Getting help\""),
    ])
  }

  @Test func duplicateIdsShareOneNamespaceForStepsAndStages() {
    expectDiagnostics(prelude + "  touchpoint ⟦call⟧ \"Again\" owner service\n", [
      .error("duplicate id 'call'", "first declared at line 4"),
    ])
    expectDiagnostics(prelude + "stage ⟦call⟧ \"Call\"\n  outcome o \"O\"\n", [
      .error("duplicate id 'call'", "first declared at line 4"),
    ])
    expectDiagnostics(prelude + "owner ⟦service⟧ \"Again\"\n", [
      .error("duplicate owner 'service'", "first declared at line 2"),
    ])
    expectDiagnostics("persona ama \"Ama\"\npersona ⟦ama⟧ \"Ama\"\n" + prelude, [
      .error("duplicate persona 'ama'", "first declared at line 1"),
    ])
  }

  @Test func unknownOwner() {
    expectDiagnostics(prelude + "  touchpoint t \"T\" owner ⟦servcie⟧\n", [
      .error("unknown owner 'servcie'", "did you mean 'service'?"),
    ])
    expectDiagnostics("stage s \"S\"\n  touchpoint t \"T\" owner ⟦sales⟧\n", [
      .error("unknown owner 'sales'", "declare it with a line such as: owner sales \"Team name\""),
    ])
  }

  @Test func aHintIsFoundAmongFiftyThousandOwnersAndTheFirstDeclaredWinsATie() {
    let names = (1...50_000).map { "team\($0)" } + ["service", "servlce"]
    let index = Suggestions.Names(names)
    var suggestions = Suggestions()
    func hint(_ name: String) -> String? { suggestions.hints(for: name, in: index).first }
    #expect(hint("servcie") == "did you mean 'service'?")
    #expect(hint("servixe") == "did you mean 'service'?")  // a tie with 'servlce': first declared
    #expect(hint("team12345x") == "did you mean 'team12345'?")
    #expect(hint("zzzzzzzz") == nil)
    // The same answers as the plain search where the names are few.
    for (name, among) in [("fel", ["feel", "fell"]), ("cal", ["call", "cab"]), ("x", ["y", "xx"])] {
      #expect(suggestions.hints(for: name, in: Suggestions.Names(among))
        == Suggestions.closest(to: name, in: among).map { [Suggestions.hint($0)] } ?? [])
    }
  }

  @Test func unknownBranchTarget() {
    expectDiagnostics(prelude + "    yes -> ⟦cal⟧\n", [
      .error("unknown branch target 'cal'", "did you mean 'call'?"),
    ])
    expectDiagnostics(prelude + "    yes -> ⟦elsewhere⟧\n", [
      .error("unknown branch target 'elsewhere'",
             "a branch goes to the id of a step or of a stage"),
    ])
  }

  @Test func decisionNeedsTwoBranchesAndADecider() {
    expectDiagnostics(prelude + "  decision ⟦d⟧ \"Covered?\" by employee\n    yes -> call\n", [
      .error("decision 'd' has 1 branch; it needs two or more",
             "write one per answer below it, as in: yes -> visit"),
    ])
    expectDiagnostics(prelude + "  decision ⟦d⟧ \"Covered?\"\n    yes -> call\n    no -> call\n", [
      .warning("decision 'd' does not say who decides",
               "add: by customer, by employee or by system"),
    ])
  }

  @Test func touchpointWithNoOwner() {
    expectDiagnostics(prelude + "  touchpoint ⟦\"Reads the card\"⟧\n", [
      .warning("touchpoint 'Reads the card' has no owner", "add: owner <id>"),
    ])
  }

  @Test func unreachableStepsButNotBackstageOnes() {
    expectDiagnostics(prelude + """
        outcome gone "Leaves"
        touchpoint ⟦after⟧ "Never reached" owner service
        touchpoint stock "Restock" owner service backstage

      """, [
        .warning("touchpoint 'after' cannot be reached from the start",
                 "a step after a decision or an outcome needs a branch that leads to it"),
      ])
  }

  @Test func aStepThatRunsIntoAnOutcomeOthersBranchTo() {
    expectDiagnostics(prelude + """
        decision covered "Covered?" by employee owner service
          yes -> visit
          no -> gone
        touchpoint ⟦visit⟧ "Repairs it" owner service
        outcome gone "Leaves"

      """, [
        .warning("touchpoint 'visit' runs into outcome 'gone' by line order",
                 "another step branches to 'gone'; write '-> gone' here if this one leads "
                   + "there too, or give it a branch to where it goes"),
      ])
    // Saying so with a branch is enough.
    expectDiagnostics(prelude + """
        decision covered "Covered?" by employee owner service
          yes -> visit
          no -> gone
        touchpoint visit "Repairs it" owner service
          -> gone
        outcome gone "Leaves"

      """, [])
  }

  @Test func aStageBelongsToOnePhase() {
    expectDiagnostics(prelude + """
      stage more "More"
        touchpoint m "M" owner service
      phase "P": ask, ⟦ask⟧
      phase "Q": ⟦ask⟧, more

      """, [
        .warning("stage 'ask' is listed twice in phase 'P'"),
        .warning("stage 'ask' is already in phase 'P'"),
      ])
  }

  @Test func aBranchToAStageWithNoSteps() {
    expectDiagnostics(prelude + """
        decision d "D?" by customer
          yes -> ⟦later⟧
          no -> call
      stage ⟦later⟧ "Later"

      """, [
        .warning("branch to stage 'later', which has no steps",
                 "the branch is not drawn until the stage has a step; add one, or point the "
                   + "branch at a step"),
        .warning("stage 'later' has no steps"),
      ])
  }

  @Test func stageWithNoSteps() {
    expectDiagnostics(prelude + "stage ⟦later⟧ \"Later\"\n", [.warning("stage 'later' has no steps")])
  }

  @Test func phases() {
    expectDiagnostics(prelude + "phase \"Ops\": ask, ⟦fxi⟧\nstage fix \"Fix\"\n  outcome o \"O\"\n", [
      .warning("unknown stage 'fxi'", "did you mean 'fix'?"),
    ])
    expectDiagnostics(prelude + "phase \"Ops\": ⟦call⟧\n", [
      .warning("'call' is a step, not a stage"),
    ])
    expectDiagnostics(prelude + """
      stage b "B"
        touchpoint o "O" owner service
      stage c "C"
        touchpoint e "E" owner service
      phase ⟦"Ops"⟧: ask, c

      """, [.warning("the stages of phase 'Ops' are not consecutive", "stage 'b' lies between them")])
  }
}

/// Inputs that are not well-formed text: each gets a clear diagnostic, never a crash.
@Suite struct CheckBadInputTests {
  let clean = Array(prelude.utf8)

  @Test func invalidUTF8PointsAtTheByte() {
    // Columns count Characters: "é" is two bytes but one column.
    let bytes = Array("journey \"Café ".utf8) + [0xFF] + Array("\"\n".utf8)
    #expect("journey \"Café ".count == 14)
    #expect(diagnostics(bytes) == [
      "1:15-1:16 error: invalid UTF-8 byte 0xFF | hint: save the file as UTF-8 text",
    ])
    // Latin-1 "é" (0xE9) followed by ASCII is a broken sequence: point at its first byte.
    let before = "  touchpoint t \"Caf"
    let latin1 = clean + Array(before.utf8) + [0xE9] + Array("\" owner service\n".utf8)
    let column = before.count + 1
    #expect(diagnostics(latin1) == [
      "5:\(column)-5:\(column + 1) error: invalid UTF-8 byte 0xE9 | hint: save the file as UTF-8 text",
    ])
  }

  @Test func nulByte() {
    let before = "  touchpoint t \"a"
    let bytes = clean + Array(before.utf8) + [0] + Array("b\" owner service\n".utf8)
    #expect(before.count == 17)
    #expect(diagnostics(bytes) == ["5:18-5:19 error: NUL byte in the text | hint: save the file as UTF-8 text"])
  }

  @Test func binaryDataIsSummedUpAfterTwentyLines() {
    var bytes: [UInt8] = []
    for _ in 0..<1000 { bytes += [0x00, 0xFF, 0x41, 0x0A] }
    let found = diagnostics(bytes)
    #expect(found.count == 21)
    #expect(found.first == "1:1-1:2 error: NUL byte in the text | hint: save the file as UTF-8 text")
    #expect(found.last
      == "21:1-21:2 error: 980 more lines with invalid UTF-8 or NUL bytes | hint: is this a text file?")
  }

  @Test func byteOrderMarkCRLFAndTabs() {
    let culprit = "\ttouchpoint t \"T\" owner\t"
    let text = "\u{FEFF}journey \"Help\"\r\nowner service \"S\"\r\nstage ask \"Ask\"\r\n"
      + "\ttouchpoint call \"Calls\"\towner service\r\n\(culprit)nobody\r\n"
    // The mark is not a column, a tab is one, and the CR is not part of the line.
    let column = culprit.count + 1
    #expect(diagnostics(Array(text.utf8)) == ["5:\(column)-5:\(column + 6) error: unknown owner 'nobody'"])
  }

  @Test func fiveMegabyteSingleLine() {
    let label = String(repeating: "x", count: 5_000_000)
    let bytes = clean + Array("    note \"\(label)\" oops\n".utf8)
    let found = JourneyChecker.check(bytes, file: "t.journey")
    let column = "    note \"\(label)\" ".count + 1
    #expect(found.diagnostics.map(describe)
      == ["5:\(column)-5:\(column + 4) error: unknown attribute 'oops'"])
    let text = DiagnosticFormatter(file: "t.journey", source: bytes).text(found.diagnostics)
    let excerpt = "..." + String(repeating: "x", count: 114) + "\" oops"
    let marker = String(repeating: " ", count: 3 + 116) + "^~~~"
    #expect(text == "t.journey:5:\(column): error: unknown attribute 'oops'\n  \(excerpt)\n  \(marker)\n")
  }

  @Test func hundredThousandLines() {
    var text = "journey \"Long\"\nowner o \"O\"\n"
    for i in 0..<25_000 {
      text += "stage s\(i) \"Stage \(i)\"\n  touchpoint t\(i) \"Step \(i)\"\n    owner o\n    feel -1\n"
    }
    let checked = JourneyChecker.check(Array(text.utf8), file: "t.journey")
    #expect(checked.diagnostics.isEmpty)
    #expect(checked.journey.steps.count == 25_000)
    #expect(checked.flow.reachable.count == 25_000)
  }
}
