/// Text widths measured without Graphviz, from DejaVu Sans's own advance widths, so the board
/// can size every box before layout and Graphviz only draws what we placed.
///
/// Characters outside the tables (CJK, emoji, scripts DejaVu lacks) are measured as wide as
/// the fallback fonts draw them: a full em for East Asian wide characters and emoji, and a
/// generous 0.7 em for anything else. Every width carries `slack`, so pango's hinting never
/// pushes text past its box.
public enum FontMetrics {
  /// Extra width on every measured run: pango rounds each glyph at small sizes.
  static let slack = 1.04

  /// The width of `text` at `size` points, in points.
  public static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
    var units = 0.0
    for scalar in text.unicodeScalars { units += advance(scalar, bold: bold) }
    return units * size * slack
  }

  /// The width the font's own advances give `text`, without the slack: where a renderer puts
  /// the end of the text (for Graphviz's text layout in `JourneyMapGraphviz`).
  public static func advanceWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
    width(text, size: size, bold: bold) / slack
  }

  /// The advance of one character in ems.
  static func advance(_ scalar: Unicode.Scalar, bold: Bool) -> Double {
    let value = scalar.value
    var offset = 0
    let table = bold ? Tables.bold : Tables.regular
    for range in ranges {
      if range.contains(value) {
        let width = table[offset + Int(value - range.lowerBound)]
        return width > 0 ? Double(width) / 2048 : fallback(value)
      }
      offset += range.count
    }
    return fallback(value)
  }

  /// Widths of characters the tables do not hold: combining and format characters take no
  /// room, East Asian wide characters and emoji a full em (plus a little for emoji).
  static func fallback(_ value: UInt32) -> Double {
    switch value {
    case 0x0300...0x036F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFE00...0xFE0F,
      0xFEFF:
      return 0
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
      0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 1.0
    case 0x1F000...0x1FAFF:
      return 1.25
    default:
      return 0.7
    }
  }

  /// The decoded tables, built once.
  private enum Tables {
    static let regular = decode(regularTable)
    static let bold = decode(boldTable)

    static func decode(_ text: String) -> [UInt16] {
      var values: [UInt16] = []
      values.reserveCapacity(text.utf8.count / 2)
      var high: UInt16?
      for byte in text.utf8 {
        let digit: UInt16
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt16(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt16(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): digit = 62
        case UInt8(ascii: "/"): digit = 63
        default: continue
        }
        if let first = high {
          values.append(first << 6 | digit)
          high = nil
        } else {
          high = digit
        }
      }
      return values
    }
  }

  /// Breaks `text` into lines no wider than `width` points at `size`: at spaces, never inside
  /// a word unless the word alone is wider than a line (then at a character; CJK text, which
  /// has no spaces, breaks between its characters).
  public static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false)
    -> [String]
  {
    // Most texts fit on one line: then the loop below would give the text itself. (Below the
    // line by a margin, so that summing word by word could not round the other way.)
    if self.width(text, size: size, bold: bold) <= width - 1e-6 { return [text] }
    let space = self.width(" ", size: size, bold: bold)
    var lines: [String] = []
    var line = ""
    var lineWidth = 0.0
    var started = false
    for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
      var word = String(piece)
      var wordWidth = self.width(word, size: size, bold: bold)
      if started && lineWidth + space + wordWidth <= width {
        line += " " + word
        lineWidth += space + wordWidth
        continue
      }
      if started {
        lines.append(line)
        (line, lineWidth, started) = ("", 0, false)
      }
      // A word wider than a line is cut where it overflows.
      while wordWidth > width, word.count > 1 {
        var head = ""
        var headWidth = 0.0
        for character in word {
          let w = self.width(String(character), size: size, bold: bold)
          if headWidth + w > width && !head.isEmpty { break }
          head.append(character)
          headWidth += w
        }
        lines.append(head)
        word = String(word.dropFirst(head.count))
        wordWidth = self.width(word, size: size, bold: bold)
      }
      (line, lineWidth, started) = (word, wordWidth, true)
    }
    if started { lines.append(line) }
    return lines.isEmpty ? [""] : lines
  }
}
