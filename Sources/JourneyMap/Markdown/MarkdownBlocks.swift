/// The ```journey fenced code blocks of a Markdown document, found as CommonMark finds fences
/// (up to three spaces, then three or more backticks or tildes; closed by at least as many of
/// the same; unclosed, it runs to the end), so that a ```journey inside a longer fence of
/// another language stays text. Everything outside the blocks is kept byte for byte.
public enum MarkdownBlocks {
  /// One ```journey block.
  public struct Block: Sendable, Equatable {
    /// The bytes of the whole block, from its opening fence to the end of its closing fence's
    /// line (or of the document).
    public var range: Range<Int>
    /// The map: the lines between the fences, as written.
    public var content: [UInt8]
    /// The document's line number of the opening fence: a line `n` of the map is line
    /// `fenceLine + n` of the document.
    public var fenceLine: Int
    /// The line ending the document uses at the opening fence ("\n" or "\r\n").
    public var lineEnding: String
  }

  /// The info string's first word that marks a map.
  public static let language = "journey"

  public static func blocks(_ document: [UInt8]) -> [Block] {
    var lines: [Range<Int>] = []  // each line with its ending
    var start = 0
    for (i, byte) in document.enumerated() where byte == UInt8(ascii: "\n") {
      lines.append(start..<(i + 1))
      start = i + 1
    }
    if start < document.count { lines.append(start..<document.count) }

    var blocks: [Block] = []
    var index = 0
    while index < lines.count {
      guard let fence = fence(document[lines[index]]) else {
        index += 1
        continue
      }
      var close = index + 1
      while close < lines.count {
        if let end = self.fence(document[lines[close]]), end.char == fence.char,
          end.count >= fence.count, end.info.isEmpty
        {
          break
        }
        close += 1
      }
      if fence.info.split(separator: " ").first.map({ $0.lowercased() }) == language {
        let contentStart = index + 1 < lines.count ? lines[index + 1].lowerBound
          : lines[index].upperBound
        let contentEnd = close < lines.count ? lines[close].lowerBound : document.count
        let end = close < lines.count ? lines[close].upperBound : document.count
        let line = document[lines[index]]
        blocks.append(Block(range: lines[index].lowerBound..<end,
                            content: Array(document[contentStart..<max(contentStart, contentEnd)]),
                            fenceLine: index + 1,
                            lineEnding: line.suffix(2).elementsEqual([13, 10]) ? "\r\n" : "\n"))
      }
      index = close + 1
    }
    return blocks
  }

  /// A fence line's character, length and info string (trimmed), or nil.
  static func fence(_ line: ArraySlice<UInt8>) -> (char: UInt8, count: Int, info: String)? {
    var text = line
    while let last = text.last, last == 10 || last == 13 { text = text.dropLast() }
    let indent = text.prefix { $0 == UInt8(ascii: " ") }.count
    guard indent <= 3 else { return nil }
    text = text.dropFirst(indent)
    guard let char = text.first, char == UInt8(ascii: "`") || char == UInt8(ascii: "~") else {
      return nil
    }
    let count = text.prefix { $0 == char }.count
    guard count >= 3 else { return nil }
    var rest = text.dropFirst(count)
    let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    rest = rest.drop(while: isSpace)
    while let last = rest.last, isSpace(last) { rest = rest.dropLast() }
    let info = String(decoding: rest, as: UTF8.self)
    // A backtick fence's info string holds no backtick (CommonMark): that is inline code.
    if char == UInt8(ascii: "`") && info.contains("`") { return nil }
    return (char, count, info)
  }

  /// `document` with each of `blocks` replaced by the text given for it.
  public static func replacing(_ document: [UInt8], _ replacements: [(Block, String)])
    -> [UInt8]
  {
    var out: [UInt8] = []
    var at = 0
    for (block, text) in replacements.sorted(by: { $0.0.range.lowerBound < $1.0.range.lowerBound }) {
      out += document[at..<block.range.lowerBound]
      out += Array(text.utf8)
      at = block.range.upperBound
    }
    out += document[at...]
    return out
  }

  /// The image that takes a block's place: `![ALT](FILE)` and the block's line ending (none
  /// when the block ended the document without one).
  public static func image(_ block: Block, alt: String, file: String, document: [UInt8])
    -> String
  {
    let ended = block.range.upperBound > 0 && document[block.range.upperBound - 1] == 10
    return "![\(escapedAlt(alt))](\(escapedLink(file)))" + (ended ? block.lineEnding : "")
  }

  /// Alt text with the characters that would end it or start markup escaped.
  static func escapedAlt(_ text: String) -> String {
    var out = ""
    for character in text where character != "\n" && character != "\r" {
      if "\\[]".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  /// A link destination in angle brackets when it holds spaces or parentheses.
  static func escapedLink(_ file: String) -> String {
    file.contains(where: { " ()<>".contains($0) })
      ? "<" + file.replacing("<", with: "%3C").replacing(">", with: "%3E") + ">" : file
  }

  /// `diagnostic` located in the document: its lines moved down to where the block is.
  public static func located(_ diagnostic: Diagnostic, in block: Block) -> Diagnostic {
    var moved = diagnostic
    moved.range.start.line += block.fenceLine
    moved.range.end.line += block.fenceLine
    return moved
  }
}
