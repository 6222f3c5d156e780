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
    units(text.unicodeScalars, bold: bold) * size * slack
  }

  /// The sum of the advances of `scalars`, in ems: the table fetched once, and Latin text
  /// (the first table range) looked up directly. The same sum, in the same order, as adding
  /// `advance` of each.
  static func units<S: Sequence<Unicode.Scalar>>(_ scalars: S, bold: Bool) -> Double {
    let table = bold ? Tables.bold : Tables.regular
    let latin = ranges[0]
    var units = 0.0
    for scalar in scalars {
      let value = scalar.value
      if latin.contains(value) {
        let width = table[Int(value - latin.lowerBound)]
        units += width > 0 ? Double(width) / 2048 : fallback(value)
      } else {
        units += advance(scalar, bold: bold)
      }
    }
    return units
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
    if let lines = wrapASCII(text, width: width, size: size, bold: bold) { return lines }
    let space = self.width(" ", size: size, bold: bold)
    // A line is always one slice of the text (its words and the single spaces between them),
    // so it is kept as a range and made a string once.
    var lines: [String] = []
    var lineStart = text.startIndex
    var lineEnd = text.startIndex
    var lineWidth = 0.0
    var started = false
    var wordStart = text.startIndex
    while true {
      let wordEnd = text[wordStart...].firstIndex(of: " ") ?? text.endIndex
      var start = wordStart
      var wordWidth = units(text[start..<wordEnd].unicodeScalars, bold: bold) * size * slack
      if started && lineWidth + space + wordWidth <= width {
        lineEnd = wordEnd
        lineWidth += space + wordWidth
      } else {
        if started {
          lines.append(String(text[lineStart..<lineEnd]))
          (lineWidth, started) = (0, false)
        }
        // A word wider than a line is cut where it overflows.
        while wordWidth > width, text[start..<wordEnd].count > 1 {
          var headEnd = start
          var headWidth = 0.0
          for index in text[start..<wordEnd].indices {
            let w = self.width(String(text[index]), size: size, bold: bold)
            if headWidth + w > width && headEnd > start { break }
            headEnd = text.index(after: index)
            headWidth += w
          }
          lines.append(String(text[start..<headEnd]))
          start = headEnd
          wordWidth = self.width(String(text[start..<wordEnd]), size: size, bold: bold)
        }
        (lineStart, lineEnd, lineWidth, started) = (start, wordEnd, wordWidth, true)
      }
      guard wordEnd < text.endIndex else { break }
      wordStart = text.index(after: wordEnd)
    }
    if started { lines.append(String(text[lineStart..<lineEnd])) }
    return lines.isEmpty ? [""] : lines
  }

  /// `wrap` of ASCII text without a carriage return (CR LF is one character of two bytes),
  /// where every character is one byte: the same loop and the same sums, on the UTF-8 bytes
  /// rather than walking characters (most card labels wrap, and walking took most of the
  /// time of measuring a board). Nil for any other text.
  private static func wrapASCII(_ text: String, width: Double, size: Double, bold: Bool)
    -> [String]?
  {
    var text = text
    return text.withUTF8 { bytes -> [String]? in
      guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "\r") }) else {
        return nil
      }
      func measure(_ range: Range<Int>) -> Double {
        units(bytes[range].lazy.map { Unicode.Scalar($0) }, bold: bold) * size * slack
      }
      func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
      }
      let space = self.width(" ", size: size, bold: bold)
      var lines: [String] = []
      var lineStart = 0
      var lineEnd = 0
      var lineWidth = 0.0
      var started = false
      var wordStart = 0
      while true {
        let wordEnd = bytes[wordStart...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.count
        var start = wordStart
        var wordWidth = measure(start..<wordEnd)
        if started && lineWidth + space + wordWidth <= width {
          lineEnd = wordEnd
          lineWidth += space + wordWidth
        } else {
          if started {
            lines.append(string(lineStart..<lineEnd))
            (lineWidth, started) = (0, false)
          }
          while wordWidth > width, wordEnd - start > 1 {
            var headEnd = start
            var headWidth = 0.0
            for index in start..<wordEnd {
              let w = measure(index..<index + 1)
              if headWidth + w > width && headEnd > start { break }
              headEnd = index + 1
              headWidth += w
            }
            lines.append(string(start..<headEnd))
            start = headEnd
            wordWidth = measure(start..<wordEnd)
          }
          (lineStart, lineEnd, lineWidth, started) = (start, wordEnd, wordWidth, true)
        }
        guard wordEnd < bytes.count else { break }
        wordStart = wordEnd + 1
      }
      if started { lines.append(string(lineStart..<lineEnd)) }
      return lines.isEmpty ? [""] : lines
    }
  }
}
