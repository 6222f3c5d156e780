/// Writes diagnostics the way compilers do, so that editors and CI pick them up.
///
/// ```
/// maps/x.journey:12:7: error: unknown owner 'servcie'
///   touchpoint call "Calls" owner servcie
///                                 ^~~~~~~
///   hint: did you mean 'service'?
/// ```
///
/// It is pure: the caller gives the file's bytes (for the excerpt) and prints the result.
public struct DiagnosticFormatter {
  /// At most this many characters of a source line are shown; a 5 MB line is clipped to a
  /// window around the culprit.
  public static let excerptWidth = 120
  /// Characters kept before the culprit when a line is clipped.
  static let leadWidth = 40

  public let file: String
  /// `file` as printed, escaped once.
  private let shownFile: String
  private let bytes: [UInt8]
  /// Byte offset where each line starts (after a byte-order mark).
  private let lineStarts: [Int]

  public init(file: String, source: [UInt8]) {
    self.file = file
    self.shownFile = Self.printable(file)
    self.bytes = source
    var starts: [Int] = []
    let first = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    starts.append(first)
    for i in first..<source.count where source[i] == 0x0A { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The text of line `number` (1-based) as the checker saw it, or nil past the end.
  func sourceLine(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// Every diagnostic in text form, each followed by a newline. Each source line is split
  /// into characters once, however many diagnostics point into it (20,000 on one line cost
  /// one split, not 20,000).
  public func text(_ diagnostics: [Diagnostic], color: Bool = false) -> String {
    var lines = LineCache()
    var out = ""
    for diagnostic in diagnostics { out += text(diagnostic, color: color, lines: &lines) }
    return out
  }

  /// One diagnostic: the location line, the source excerpt with a marker, then its hints.
  public func text(_ diagnostic: Diagnostic, color: Bool = false) -> String {
    var lines = LineCache()
    return text(diagnostic, color: color, lines: &lines)
  }

  /// The characters of the last line excerpted, whether it is blank, and the line as shown
  /// when it fits whole.
  struct LineCache {
    var number = 0
    var chars: [Character] = []
    var blank = true
    var shownWhole: String?
  }

  private func text(_ diagnostic: Diagnostic, color: Bool, lines: inout LineCache) -> String {
    let style = Style(enabled: color)
    let start = diagnostic.range.start
    let severity = diagnostic.severity == .error
      ? style.red("error:") : style.magenta("warning:")
    // A map's text reaches the message and hints ("unknown owner '…'"): control characters
    // there could clear the terminal or retitle it, so they are escaped (`TerminalText`).
    var out = style.bold("\(shownFile):\(start.line):\(start.column):") + " "
      + severity + " " + style.bold(Self.printable(diagnostic.message)) + "\n"
    if let excerpt = excerpt(diagnostic.range, lines: &lines) {
      out += "  " + excerpt.line + "\n"
      out += "  " + style.green(excerpt.marker) + "\n"
    }
    for hint in diagnostic.hints { out += "  hint: " + Self.printable(hint) + "\n" }
    return out
  }

  /// Messages and hints longer than this are clipped: the longest of our own wordings is
  /// about 140 characters, so only a pasted 5,000-character name gets cut.
  static let messageWidth = 300

  /// `text` clipped to `messageWidth` characters, with control characters escaped.
  static func printable(_ text: String) -> String {
    guard text.utf8.count > messageWidth, text.count > messageWidth else {
      return TerminalText.escaped(text)
    }
    return TerminalText.escaped(String(text.prefix(messageWidth))) + "..."
  }

  /// The source line (clipped when long, control characters made visible) and the marker
  /// line under it; tabs are kept in the marker's indent so that both line up.
  func excerpt(_ range: SourceRange) -> (line: String, marker: String)? {
    var lines = LineCache()
    return excerpt(range, lines: &lines)
  }

  private func excerpt(_ range: SourceRange, lines: inout LineCache)
    -> (line: String, marker: String)?
  {
    if lines.number != range.start.line {
      guard let text = sourceLine(range.start.line) else { return nil }
      // ASCII needs no grapheme breaking: one byte, one character.
      let ascii = text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
      let chars = ascii ? text.utf8.map { Character(Unicode.Scalar($0)) } : Array(text)
      lines = LineCache(number: range.start.line, chars: chars,
                        blank: text.allSatisfy(\.isWhitespace))
      if chars.count <= Self.excerptWidth {
        lines.shownWhole = TerminalText.isPrintableASCII(text)
          ? text : String(chars.map { Self.isControl($0) ? "\u{FFFD}" : $0 })
      }
    }
    let chars = lines.chars
    if lines.blank, range.start.column == 1 { return nil }
    let from = min(max(range.start.column - 1, 0), chars.count)
    var to = range.end.line == range.start.line ? range.end.column - 1 : chars.count
    to = max(min(to, chars.count), from + 1)
    var windowStart = 0
    var windowEnd = chars.count
    if chars.count > Self.excerptWidth {
      windowStart = max(0, min(from - Self.leadWidth, chars.count - Self.excerptWidth))
      windowEnd = min(chars.count, windowStart + Self.excerptWidth)
    }
    let ellipsis = "..."
    var line = windowStart > 0 ? ellipsis : ""
    var marker = windowStart > 0 ? String(repeating: " ", count: ellipsis.count) : ""
    if let whole = lines.shownWhole {
      line = whole
    } else {
      for c in chars[windowStart..<windowEnd] { line.append(Self.isControl(c) ? "\u{FFFD}" : c) }
    }
    for c in chars[windowStart..<min(from, windowEnd)] {
      if c == "\t" {
        marker.append("\t")
      } else {
        marker.append(" ")
        if Self.cells(c) == 2 { marker.append(" ") }
      }
    }
    if windowEnd < chars.count { line += ellipsis }
    let culprit = chars[min(from, chars.count)..<max(min(to, windowEnd), min(from, chars.count))]
    let shown = max(culprit.reduce(0) { $0 + Self.cells($1) }, 1)
    marker += "^" + String(repeating: "~", count: shown - 1)
    return (line, marker)
  }

  /// The terminal cells `c` takes: two for wide East Asian characters and emoji, else one,
  /// so the caret stands under the culprit in a line of CJK text.
  static func cells(_ c: Character) -> Int {
    guard let scalar = c.unicodeScalars.first, scalar.value >= 0x1100 else { return 1 }
    if scalar.properties.isEmojiPresentation { return 2 }
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }

  /// A character shown as U+FFFD in an excerpt, which must keep one cell per character for
  /// the caret: what `TerminalText` escapes, but for tabs, which the marker copies.
  private static func isControl(_ c: Character) -> Bool {
    c != "\t" && c.unicodeScalars.contains(where: TerminalText.isUnsafe)
  }

  /// `text` as a JSON string literal.
  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// ANSI colours, applied only when asked (the command asks when stdout is a terminal).
  private struct Style {
    var enabled: Bool
    func wrap(_ code: String, _ text: String) -> String {
      enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("1;31", text) }
    func magenta(_ text: String) -> String { wrap("1;35", text) }
    func green(_ text: String) -> String { wrap("1;32", text) }
  }
}
