import Testing
@testable import JourneyMap

/// A well-formed map fills the model as written, and its flow follows the README's rules.
@Suite struct ParserModelTests {
  static let help = """
    # Getting help with a faulty product (seed 001)
    journey "Getting help with a faulty product"
      description "Seed 001"
    persona ama "Ama, runs a corner shop"
      goal "Keep the fridge cold"

    owner service "Customer Service" color sky
    owner field   "Field Technicians" color "#009e73"
    owner dist    "Regional distributor" external

    phase "Customer Service Operations": ask, fix

    stage notice "Notice the problem"
      touchpoint card "Reads the warranty card" owner dist channel print feel -1 status assumed

    stage ask "Ask for help"
      metric "Calls per day 40"
      touchpoint call "Calls the \\"hotline\\" at C:\\Notes" owner service channel phone feel -2
        pain "Waits 20 minutes on hold"
        opportunity "Offer a call-back"
        metric "Average wait 20 min"
        tool "Call-centre CRM"
        note "Staff: most callers try the distributor first"
        question "Do callers know the warranty number?"
        status validated
      decision covered "Under warranty?" by employee
        yes -> visit
        "not sure" -> call   # a loop
        no -> quote

    stage fix "Get it fixed"
      touchpoint quote "Receives a repair quote" owner ⟦billing-less⟧, field channel "letter"
        accepts -> visit
        -> gone
      touchpoint ⟦visit⟧ "Technician repairs the fridge" owner field, dist feel +2
      touchpoint restock "Spare parts reordered automatically" owner field backstage
        -> fix
      outcome gone "Buys a new fridge elsewhere" feel -2
    stage "Unnamed"
      touchpoint ⟦"Writes a review"⟧ owner service
    """

  static let marked = Marked(help)
  let checked = JourneyChecker.check(Array(marked.source.utf8), file: "help.journey")

  @Test func fillsTheModel() {
    let j = checked.journey
    #expect(j.file == "help.journey")
    #expect(j.title == "Getting help with a faulty product")
    #expect(j.descriptions == ["Seed 001"])
    #expect(j.personas.map(\.id) == ["ama"])
    #expect(j.personas.first?.goals == ["Keep the fridge cold"])
    #expect(j.owners.map(\.id) == ["service", "field", "dist"])
    #expect(j.owners.map(\.isExternal) == [false, false, true])
    #expect(j.owners.map(\.color) == [.named(.sky), .hex("#009E73"), nil])
    #expect(j.phases.first?.name == "Customer Service Operations")
    #expect(j.phases.first?.stages.map(\.name) == ["ask", "fix"])
    #expect(j.stages.map(\.id) == ["notice", "ask", "fix", nil])
    #expect(j.stages[1].metrics == ["Calls per day 40"])
    #expect(j.steps.map(\.key)
      == ["card", "call", "covered", "quote", "visit", "restock", "gone", "unnamed.writes-a-review"])
    #expect(j.steps.map(\.stageKey)
      == ["notice", "ask", "ask", "fix", "fix", "fix", "fix", "4"])

    let call = j.steps[1]
    #expect(call.kind == .touchpoint)
    #expect(call.label == "Calls the \"hotline\" at C:\\Notes")
    #expect(call.owners.map(\.name) == ["service"])
    #expect(call.channel == .known(.phone))
    #expect(call.feel == -2)
    #expect(call.pains == ["Waits 20 minutes on hold"])
    #expect(call.opportunities == ["Offer a call-back"])
    #expect(call.metrics == ["Average wait 20 min"])
    #expect(call.tools == ["Call-centre CRM"])
    #expect(call.workshop.notes == ["Staff: most callers try the distributor first"])
    #expect(call.workshop.questions == ["Do callers know the warranty number?"])
    #expect(call.workshop.status == .validated)

    let covered = j.steps[2]
    #expect(covered.decider == .employee)
    #expect(covered.branches.map(\.label) == ["yes", "not sure", "no"])
    #expect(covered.branches.map(\.target.name) == ["visit", "call", "quote"])
    #expect(j.steps[3].channel == .other("letter"))
    #expect(j.steps[4].owners.map(\.name) == ["field", "dist"])
    #expect(j.steps[5].isBackstage)
    #expect(j.steps[6].kind == .outcome)
  }

  /// The issue's own example map lets the repaired fridge run into "buys a new fridge
  /// elsewhere" by line order: the checker says so.
  @Test func reportsTheUnknownOwnerTheFallThroughAndTheStepAfterAnOutcome() {
    let r = Self.marked.ranges
    #expect(checked.diagnostics.map(describe) == [
      describe(Diagnostic(.error, "unknown owner 'billing-less'", at: r[0])),
      describe(Diagnostic(.warning, "touchpoint 'visit' runs into outcome 'gone' by line order",
                          at: r[1], hints: [
                            "another step branches to 'gone'; write '-> gone' here if this one "
                              + "leads there too, or give it a branch to where it goes",
                          ])),
      describe(Diagnostic(.warning, "touchpoint 'Writes a review' cannot be reached from the start",
                          at: r[2], hints: [
                            "a step after a decision or an outcome needs a branch that leads to it",
                          ])),
    ])
  }

  @Test func flowFollowsLinesAndBranches() {
    let edges = checked.flow.edges.map { e in
      "\(e.from)->\(e.to)\(e.label.map { " [\($0)]" } ?? "")\(e.isExplicit ? "" : " (next)")"
        + (e.isLoop ? " (loop)" : "")
    }
    #expect(checked.flow.start == "card")
    #expect(edges == [
      "card->call (next)",
      "call->covered (next)",
      "covered->visit [yes]",
      "covered->call [not sure] (loop)",
      "covered->quote [no]",
      "quote->visit [accepts]",
      "quote->gone",
      "visit->gone (next)",
      // A branch to a stage enters its first front-stage step; out of a backstage step it is
      // never a loop.
      "restock->quote",
    ])
    #expect(checked.flow.reachable == ["card", "call", "covered", "quote", "visit", "gone"])
  }
}

/// The lexer's view of one line.
@Suite struct LexerTests {
  func lex(_ text: String) -> [String] {
    Lexer.tokens(of: text, line: 1).tokens.map { "\($0.kind):\($0.text)@\($0.range.start.column)" }
  }

  @Test func wordsLabelsNumbersAndSigns() {
    #expect(lex("  yes->visit, \"a \\\"b\\\" \\\\ \\n\" -2 +1: # comment \"x\"") == [
      "word:yes@3", "arrow:->@6", "word:visit@8", "comma:,@13",
      "label:a \"b\" \\ \\n@15", "number:-2@31", "number:+1@34", "colon::@36",
    ])
  }

  @Test func unicodeIdsAndColumnsInCharacters() {
    #expect(lex("étape_2 \"Café 🇬🇭\" follow-up") == [
      "word:étape_2@1", "label:Café 🇬🇭@9", "word:follow-up@18",
    ])
  }

  @Test func generatedKeysNeverClashWithIdsUsersWrite() {
    let source = """
      stage s "S"
        touchpoint step-2 "Named like a generated key" owner o
          -> step-2
        touchpoint "Unnamed second step" owner o
      owner o "O"
      """
    let checked = JourneyChecker.check(Array(source.utf8), file: "k.journey")
    #expect(checked.journey.steps.map(\.key) == ["step-2", "s.unnamed-second-step"])
    #expect(checked.flow.edges.map { "\($0.from)>\($0.to)" } == ["step-2>step-2"])
    #expect(!checked.hasErrors)
  }
}
