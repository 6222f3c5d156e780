/// Writes a map in the one canonical layout, keeping every comment and what the map means.
///
/// Indentation follows the structure: declarations at 0, steps and the attribute lines of the
/// journey, a persona, an owner or a stage at 2, the attribute lines and branches of a step
/// at 4; a comment alone on its line takes the indentation of the statement it sits against
/// (the one below it, else the one above it). Tokens
/// are separated by one space (none before `,` and `:`), attributes written on one line are
/// put in a fixed order, labels are quoted with the fewest escapes, feelings carry their sign,
/// hex colours are upper case, and a branch label that is a word loses its quotes. The labels
/// of consecutive owner declarations line up, as do the comments at the end of consecutive
/// lines. Runs of blank lines become one; the file ends with one line ending, in the style it
/// had (LF or CRLF), and keeps its byte-order mark.
public enum JourneyFormatter {
  public struct Result: Sendable {
    /// The map as the checker sees it: a map with errors is not formatted.
    public var checked: CheckedJourney
    /// The canonical text; nil when the map has errors.
    public var formatted: [UInt8]?
  }

  /// The order of attributes on one line. Attributes on lines of their own keep their order:
  /// they are the author's reading order, with comments between them.
  static let order: [Attribute] = [
    .description, .goal, .external, .internal, .color, .by, .owner, .channel, .feel, .backstage,
    .status, .date, .hash, .pain, .opportunity, .metric, .tool, .note, .question,
  ]

  /// Spaces between the code and a comment at the end of its line.
  static let commentGap = 2

  public static func format(_ bytes: [UInt8], file: String) -> Result {
    let tree = parse(bytes, file: file)
    let checked = JourneyChecker.check(tree)
    guard !checked.hasErrors else { return Result(checked: checked, formatted: nil) }
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let hasBOM = bytes.starts(with: bom)
    let newline = usesCRLF(bytes) ? "\r\n" : "\n"
    let text = layout(tree.lines).map { $0 + newline }.joined()
    return Result(checked: checked, formatted: (hasBOM ? bom : []) + Array(text.utf8))
  }

  /// True when the first line ends in CR LF.
  static func usesCRLF(_ bytes: [UInt8]) -> Bool {
    guard let lf = bytes.firstIndex(of: 0x0A) else { return false }
    return lf > 0 && bytes[lf - 1] == 0x0D
  }

  /// A line of output before comments are placed.
  private struct Line {
    var indent = 0
    var code = ""
    var comment: String?
    /// A blank line, or a comment alone on its line.
    var isStatement = true
  }

  /// The canonical lines of a file (without line endings).
  static func layout(_ source: [SyntaxLine]) -> [String] {
    var lines: [Line] = []
    var blankBefore = false
    for line in source {
      let comment = line.trivia.comment.map(trimmingTrailingSpace)
      if line.role == .none {
        if let comment {
          if blankBefore, !lines.isEmpty { lines.append(Line(isStatement: false)) }
          blankBefore = false
          lines.append(Line(comment: comment, isStatement: false))
        } else {
          blankBefore = true
        }
        continue
      }
      if blankBefore, !lines.isEmpty { lines.append(Line(isStatement: false)) }
      blankBefore = false
      lines.append(Line(indent: indent(of: line.role), code: code(of: line), comment: comment))
    }
    alignOwnerLabels(&lines, source)
    indentComments(&lines)
    return place(lines)
  }

  static func indent(of role: SyntaxLine.Role) -> Int {
    switch role {
    case .element(.touchpoint), .element(.decision), .element(.outcome): 2
    case .element: 0
    case .attributes(under: .touchpoint), .attributes(under: .decision),
      .attributes(under: .outcome), .branch:
      4
    case .attributes(under: nil), .none, .unknown: 0
    case .attributes: 2
    }
  }

  /// The statement of `line` in canonical form.
  static func code(of line: SyntaxLine) -> String {
    let tokens = line.tokens
    let shape = line.shape
    var head = Array(tokens[0..<min(shape.head, tokens.count)])
    if line.role == .branch {
      head = tokens
    }
    var text = joined(head, role: line.role)
    let units = shape.attributes.enumerated().sorted { a, b in
      let (x, y) = (rank(a.element.attribute), rank(b.element.attribute))
      return x != y ? x < y : a.offset < b.offset
    }
    for (_, unit) in units {
      let part = joined(Array(tokens[unit.tokens]), role: .attributes(under: nil),
                        attribute: unit.attribute)
      text += text.isEmpty ? part : " " + part
    }
    return text
  }

  static func rank(_ attribute: Attribute) -> Int { order.firstIndex(of: attribute) ?? order.count }

  /// Tokens joined by one space, none before `,` and `:`, each written canonically.
  static func joined(_ tokens: [Token], role: SyntaxLine.Role, attribute: Attribute? = nil)
    -> String
  {
    var out = ""
    for (i, token) in tokens.enumerated() {
      var piece: String
      switch token.kind {
      case .label:
        if role == .branch, i == 0, isWord(token.text) {
          piece = token.text
        } else {
          piece = quoted(attribute == .color ? token.text.uppercased() : token.text)
        }
      case .number:
        piece = Int(token.text).map { $0 > 0 ? "+\($0)" : String($0) } ?? token.text
      default:
        piece = token.source
      }
      if i > 0, !(token.is(.comma) || token.is(.colon)) { piece = " " + piece }
      out += piece
    }
    return out
  }

  /// `text` as a label: `"` escaped; a lone backslash before other text kept as written
  /// (`"C:\Notes"`), any other run of backslashes doubled, so that it reads back the same.
  static func quoted(_ text: String) -> String {
    var out = "\""
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      if chars[i] == "\"" {
        out += "\\\""
        i += 1
      } else if chars[i] == "\\" {
        var end = i
        while end < chars.count, chars[end] == "\\" { end += 1 }
        let lone = end - i == 1 && end < chars.count && chars[end] != "\""
        out += String(repeating: "\\", count: lone ? 1 : 2 * (end - i))
        i = end
      } else {
        out.append(chars[i])
        i += 1
      }
    }
    return out + "\""
  }

  /// Whether `text` reads back as one word (so a branch label needs no quotes).
  static func isWord(_ text: String) -> Bool {
    let tokens = Lexer.tokens(of: text, line: 1).tokens
    return tokens.count == 1 && tokens[0].is(.word) && tokens[0].text == text
  }

  /// Consecutive owner declarations: ids padded so that the labels start in one column.
  private static func alignOwnerLabels(_ lines: inout [Line], _ source: [SyntaxLine]) {
    var i = 0
    while i < lines.count {
      guard isOwnerDeclaration(lines[i]) else {
        i += 1
        continue
      }
      var end = i
      while end < lines.count, isOwnerDeclaration(lines[end]) { end += 1 }
      let ids = (i..<end).map { ownerId(lines[$0].code) }
      let width = ids.map(\.count).max() ?? 0
      for (k, id) in zip(i..<end, ids) {
        let rest = lines[k].code.dropFirst("owner ".count + id.count)
        lines[k].code = "owner " + id + String(repeating: " ", count: width - id.count) + rest
      }
      i = end
    }
  }

  private static func isOwnerDeclaration(_ line: Line) -> Bool {
    line.isStatement && line.indent == 0 && line.code.hasPrefix("owner ")
  }

  private static func ownerId(_ code: String) -> Substring {
    code.dropFirst("owner ".count).prefix { $0 != " " }
  }

  /// A comment alone on its line takes the indentation of the statement it sits against:
  /// the one right below it, else the one right above it (a comment that closes a block),
  /// else the next one.
  private static func indentComments(_ lines: inout [Line]) {
    func isComment(_ i: Int) -> Bool { !lines[i].isStatement && lines[i].comment != nil }
    var i = 0
    while i < lines.count {
      guard isComment(i) else {
        i += 1
        continue
      }
      var end = i
      while end < lines.count, isComment(end) { end += 1 }
      let below = end < lines.count && lines[end].isStatement ? lines[end].indent : nil
      let above = i > 0 && lines[i - 1].isStatement ? lines[i - 1].indent : nil
      let next = lines[end...].first(where: \.isStatement)?.indent
      let indent = below ?? above ?? next ?? lines[..<i].last(where: \.isStatement)?.indent ?? 0
      for k in i..<end { lines[k].indent = indent }
      i = end
    }
  }

  /// The lines as text, comments at the end of consecutive lines aligned in one column.
  private static func place(_ lines: [Line]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < lines.count {
      let line = lines[i]
      let pad = String(repeating: " ", count: line.indent)
      guard line.isStatement else {
        out.append(line.comment.map { pad + $0 } ?? "")
        i += 1
        continue
      }
      guard line.comment != nil else {
        out.append(pad + line.code)
        i += 1
        continue
      }
      var end = i
      while end < lines.count, lines[end].isStatement, lines[end].comment != nil { end += 1 }
      let column = (i..<end).map { lines[$0].indent + lines[$0].code.count }.max() ?? 0
      for k in i..<end {
        let width = lines[k].indent + lines[k].code.count
        out.append(String(repeating: " ", count: lines[k].indent) + lines[k].code
                   + String(repeating: " ", count: column - width + commentGap)
                   + (lines[k].comment ?? ""))
      }
      i = end
    }
    return out
  }

  private static func trimmingTrailingSpace(_ text: String) -> String {
    var text = Substring(text)
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}
