import Testing
@testable import JourneyMap

/// `FontMetrics.wrap` keeps lines as slices of the text and skips texts that fit; it must break
/// exactly where the plain word-by-word algorithm (below, as it was first written) breaks.
@Suite struct FontMetricsTests {
  static func reference(_ text: String, width: Double, size: Double, bold: Bool) -> [String] {
    let space = FontMetrics.width(" ", size: size, bold: bold)
    var lines: [String] = []
    var line = ""
    var lineWidth = 0.0
    var started = false
    for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
      var word = String(piece)
      var wordWidth = FontMetrics.width(word, size: size, bold: bold)
      if started && lineWidth + space + wordWidth <= width {
        line += " " + word
        lineWidth += space + wordWidth
        continue
      }
      if started {
        lines.append(line)
        (line, lineWidth, started) = ("", 0, false)
      }
      while wordWidth > width, word.count > 1 {
        var head = ""
        var headWidth = 0.0
        for character in word {
          let w = FontMetrics.width(String(character), size: size, bold: bold)
          if headWidth + w > width && !head.isEmpty { break }
          head.append(character)
          headWidth += w
        }
        lines.append(head)
        word = String(word.dropFirst(head.count))
        wordWidth = FontMetrics.width(word, size: size, bold: bold)
      }
      (line, lineWidth, started) = (word, wordWidth, true)
    }
    if started { lines.append(line) }
    return lines.isEmpty ? [""] : lines
  }

  static let texts = [
    "", " ", "  ", "a", "Calls the hotline", "Calls  the hotline ", " leading space",
    "Technician repairs the fridge at the shop and tests it overnight",
    "Supercalifragilisticexpialidocious-and-then-some-more-letters",
    "日本語のテキストを折り返す長い行です", "مرحبا بالعالم هذا نص طويل", "😀 👩‍👩‍👧 ✓ ✗ −2 done",
    "Ça va très bien, merci — et vous ? Très bien.", "x\u{200B}y\u{200D}z long words here",
  ]

  @Test(arguments: [40.0, 80.0, 120.0, 158.0, 300.0])
  func wrapBreaksWhereTheWordByWordAlgorithmBreaks(_ width: Double) {
    for text in Self.texts {
      for (size, bold) in [(10.0, false), (13.0, true), (26.0, false)] {
        #expect(FontMetrics.wrap(text, width: width, size: size, bold: bold)
          == Self.reference(text, width: width, size: size, bold: bold),
          "\(text.debugDescription) at \(width) pt, \(size) pt\(bold ? " bold" : "")")
      }
    }
  }

  @Test func widthIsTheSumOfEachCharactersAdvance() {
    for text in Self.texts {
      var units = 0.0
      for scalar in text.unicodeScalars { units += FontMetrics.advance(scalar, bold: false) }
      #expect(FontMetrics.width(text, size: 10) == units * 10 * FontMetrics.slack)
    }
  }
}
