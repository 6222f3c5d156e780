import Testing
@testable import JourneyMap

/// `import mermaid` and `export mermaid`: Mermaid's documented journeys in, maps out, and back.
@Suite struct MermaidTests {
  /// The example of Mermaid's user journey documentation.
  static let documented = """
    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Go upstairs: 3: Me
          Do work: 1: Me, Cat
        section Go home
          Go downstairs: 5: Me
          Sit down: 5: Me

    """

  /// Front matter, a directive, accessibility title and description, comments.
  static let accessible = """
    ---
    title: "My working day"
    config:
      theme: forest
    ---
    %%{init: {"journey": {"diagramMarginX": 40}}}%%
    %% drawn for the team wiki
    journey
      accTitle: Very simple journey demo
      accDescr {
        2 main sections: work and home,
        each with just a few tasks
      }
      section Go to work
        Make tea: 5: Me  %% the best part
        Do work: 1: Me, Cat

    """

  /// Tasks as Mermaid's parser tests write them: tight colons, no actors, an empty list,
  /// keywords in any case, statements ended by ';'.
  static let terse = """
    JOURNEY
    TITLE Adding journey diagram functionality to mermaid
    accDescr: A user journey for family shopping; # and %% are text here
    Section Documentation
    A task: 5: Alice, Bob, Charlie
    B task: 3:Bob, Charlie
    C task: 5
    D task: 5: Charlie, Alice
    E task: 5:
    section Another section; P task: 5:; Q task: 4

    """

  func convert(_ text: String, file: String = "day.mmd") -> MermaidImport.Result {
    MermaidImport.convert(Array(text.utf8), file: file)
  }

  func report(_ text: String) -> String {
    DiagnosticFormatter(file: "day.mmd", source: Array(text.utf8))
      .text(convert(text).diagnostics)
  }

  @Test func theDocumentedExampleBecomesAMap() {
    #expect(convert(Self.documented).journey == """
      journey "My working day"

      owner me  "Me"
      owner cat "Cat"

      stage "Go to work"
        touchpoint "Make tea" owner me feel +2
        touchpoint "Go upstairs" owner me feel 0
        touchpoint "Do work" owner me, cat feel -2

      stage "Go home"
        touchpoint "Go downstairs" owner me feel +2
        touchpoint "Sit down" owner me feel +2

      """)
    #expect(convert(Self.documented).diagnostics.isEmpty)
  }

  @Test func frontMatterDescriptionsAndCommentsAreKept() {
    #expect(convert(Self.accessible).journey == """
      # drawn for the team wiki
      journey "My working day"
        description "Very simple journey demo"
        description "2 main sections: work and home,"
        description "each with just a few tasks"

      owner me  "Me"
      owner cat "Cat"

      stage "Go to work"
        touchpoint "Make tea" owner me feel +2  # the best part
        touchpoint "Do work" owner me, cat feel -2

      """)
  }

  @Test func tersePartsOfTheGrammar() {
    #expect(convert(Self.terse).journey == """
      journey "Adding journey diagram functionality to mermaid"
        description "A user journey for family shopping; # and %% are text here"

      owner alice   "Alice"
      owner bob     "Bob"
      owner charlie "Charlie"

      stage "Documentation"
        touchpoint "A task" owner alice, bob, charlie feel +2
        touchpoint "B task" owner bob, charlie feel 0
        touchpoint "C task" feel +2
        touchpoint "D task" owner charlie, alice feel +2
        touchpoint "E task" feel +2

      stage "Another section"
        touchpoint "P task" feel +2
        touchpoint "Q task" feel +1

      """)
  }

  @Test func everyImportPassesTheCheck() throws {
    for text in [Self.documented, Self.accessible, Self.terse, "journey\nTask first: 2: Me, me, ME, 3rd party\n"] {
      let journey = try #require(convert(text).journey)
      let checked = JourneyChecker.check(Array(journey.utf8), file: "day.journey")
      #expect(!checked.hasErrors, "\(checked.diagnostics.map(\.message))")
    }
    // Ids from names: one per spelling, never starting with a digit.
    #expect(convert("journey\nTask first: 2: Me, me, ME, 3rd party\n").journey == """
      owner me         "Me"
      owner me-2       "me"
      owner me-3       "ME"
      owner _3rd-party "3rd party"

      stage "Tasks"
        touchpoint "Task first" owner me, me-2, me-3, _3rd-party feel -1

      """)
  }

  @Test func scoresOutsideOneToFiveAreClampedWithAWarning() {
    let text = "journey\nsection S\n  Sit down: 7: Me\n  Fall: 0: Me\n"
    #expect(report(text) == """
      day.mmd:3:13: warning: score '7' is out of range: taken as 5
          Sit down: 7: Me
                    ^
        hint: a score runs from 1 (very bad) to 5 (very good)
      day.mmd:4:9: warning: score '0' is out of range: taken as 1
          Fall: 0: Me
                ^
        hint: a score runs from 1 (very bad) to 5 (very good)

      """)
    #expect(convert(text).journey?.contains("touchpoint \"Fall\" owner me feel -2") == true)
  }

  @Test func badInputGetsALocatedErrorAndNoMap() {
    let cases: [(String, String)] = [
      ("flowchart TD; A --> B\n  C --> D\n", """
        day.mmd:1:1: error: 'flowchart' is not a user journey diagram
          flowchart TD; A --> B
          ^~~~~~~~~
          hint: a Mermaid user journey starts with the line: journey

        """),
      ("jouney\n", """
        day.mmd:1:1: error: expected 'journey' before the first statement
          jouney
          ^~~~~~
          hint: did you mean 'journey'?

        """),
      ("journey\nsectoin Go home\n", """
        day.mmd:2:1: error: unknown keyword 'sectoin'
          sectoin Go home
          ^~~~~~~
          hint: did you mean 'section'?

        """),
      ("journey\n  Make tea\n", """
        day.mmd:2:11: error: missing ':' and a score after the task name
            Make tea
                    ^
          hint: write: Make tea: 3: Me

        """),
      ("journey\n  Make tea: lots: Me\n", """
        day.mmd:2:13: error: invalid score 'lots': expected a whole number from 1 to 5
            Make tea: lots: Me
                      ^~~~
          hint: a score runs from 1 (very bad) to 5 (very good)

        """),
      ("---\ntitle: x\njourney\n", """
        day.mmd:1:1: error: front matter is not closed
          ---
          ^~~
          hint: end it with a line holding only ---

        """),
      ("journey\naccDescr {\n  never closed\n", """
        day.mmd:2:1: error: 'accDescr {' is not closed
          accDescr {
          ^~~~~~~~~~
          hint: close it with '}'

        """),
    ]
    for (input, expected) in cases {
      #expect(convert(input).journey == nil)
      #expect(report(input) == expected)
    }
  }

  @Test func exportWritesTitleSectionsTasksAndWhatItDropped() {
    let map = """
      journey "Help: now"
        description "One line"
      persona ama "Ama"
      owner service "Customer Service" color sky
      owner dist    "Distributor, Kumasi" external
      stage ask "Ask for help"
        touchpoint call "Calls the hotline; waits" owner service, dist channel phone feel -2
          pain "Waits"
        touchpoint "Reads the card"
        touchpoint "Title search" owner service feel 0
        touchpoint "Journeyman visits" owner service feel 0
        touchpoint reg "Registers the sale" owner dist backstage
          -> call
        decision covered "Covered?" by employee owner service
          yes -> fixed
          no -> fixed
      stage fix "Fix #1"
        outcome fixed "Fixed" feel +2
      """
    let checked = JourneyChecker.check(Array(map.utf8), file: "m.journey")
    #expect(MermaidExport.export(checked.journey) == """
      journey
        title Help: now
        %% exported by journeymap; Mermaid has no place for 1 persona, 1 decision, 1 outcome, \
      3 branches, 1 backstage touchpoint, 1 channel, 1 pain, 1 owner colour, 1 external mark; \
      1 touchpoint without a feeling scored 3
        accDescr: One line
        section Ask for help
          Calls the hotline, waits: 1: Customer Service, Distributor Kumasi
          Reads the card: 3
          · Title search: 3: Customer Service
          · Journeyman visits: 3: Customer Service
        section Fix no.1

      """)
  }

  @Test func importExportImportIsStable() throws {
    var sources = [Self.documented, Self.accessible, Self.terse]
    // And from the other side: every example map, exported first.
    for (_, checked) in GoldenFile.exampleMaps() {
      sources.append(MermaidExport.export(checked.journey))
    }
    for source in sources {
      let first = try #require(convert(source).journey)
      let exported = MermaidExport.export(
        JourneyChecker.check(Array(first.utf8), file: "day.journey").journey)
      let second = try #require(convert(exported).journey)
      let again = MermaidExport.export(
        JourneyChecker.check(Array(second.utf8), file: "day.journey").journey)
      let third = try #require(convert(again).journey)
      #expect(second == third)
      #expect(exported == again)
    }
  }
}
