import Testing
@testable import JourneyMap

/// Everything a user writes reaches Graphviz through DOTText: as written, and never as markup.
@Suite struct DOTTextTests {
  @Test func wrappingBreaksAtSpacesAndKeepsEveryOtherCharacter() {
    #expect(DOTText.wrap("Calls the hotline and waits", width: 10)
      == ["Calls the", "hotline", "and waits"])
    // Doubled, leading and trailing spaces are the user's: only a line break replaces one.
    #expect(DOTText.wrap("  two  spaces  ", width: 40) == ["  two  spaces  "])
    #expect(DOTText.wrap("a  b", width: 40).joined(separator: " ") == "a  b")
    // Text with no spaces (CJK) breaks anywhere.
    #expect(DOTText.wrap("漢字漢字漢字", width: 4) == ["漢字漢字", "漢字"])
    #expect(DOTText.wrap("", width: 5) == [""])
  }

  @Test func htmlEscapesMarkupAndGraphvizEscapes() {
    #expect(DOTText.html("A & <b>\"B\"</b> 'C'") == "A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt; &#39;C&#39;")
    // Graphviz expands \N, \G and friends even in HTML labels; doubled, they come out as typed.
    #expect(DOTText.html("C:\\Notes \\N") == "C:\\\\Notes \\\\N")
    // XML forbids these; Graphviz would reject the label.
    #expect(DOTText.html("a\u{1B}b\u{FFFF}c") == "a&#xFFFD;b&#xFFFD;c")
  }
}
