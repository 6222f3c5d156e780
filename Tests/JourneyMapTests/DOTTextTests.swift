import Testing
@testable import JourneyMap

/// Everything a user writes reaches Graphviz through DOTText: as written, and never as markup.
@Suite struct DOTTextTests {
  @Test func htmlEscapesMarkupAndGraphvizEscapes() {
    #expect(DOTText.html("A & <b>\"B\"</b> 'C'") == "A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt; &#39;C&#39;")
    // Graphviz expands \N, \G and friends even in HTML labels; doubled, they come out as typed.
    #expect(DOTText.html("C:\\Notes \\N") == "C:\\\\Notes \\\\N")
    // XML forbids these; Graphviz would reject the label.
    #expect(DOTText.html("a\u{1B}b\u{FFFF}c") == "a&#xFFFD;b&#xFFFD;c")
  }
}
