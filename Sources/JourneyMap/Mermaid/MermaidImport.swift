/// Reads a Mermaid `journey` diagram and writes it as a `.journey` map.
///
/// What Mermaid accepts: YAML front matter (`---` … `---`, of which `title:` is kept),
/// `%%{init: …}%%` directives (ignored), `%%` and `#` comments (kept as `#` comments), and
/// statements ended by a line break or `;`: `journey` first, `title …`, `accTitle: …`,
/// `accDescr: …` or `accDescr { … }`, `section …` and tasks `Task name: score: actor, actor`.
/// Keywords are case-insensitive. Sections become stages, tasks touchpoints, the score 1 to 5
/// a feeling of -2 to +2, and each actor an owner, declared once with an id made from its
/// name. Problems come back as diagnostics located in the Mermaid file.
public enum MermaidImport {
  public struct Result: Sendable {
    /// The map in canonical layout; nil when the Mermaid file has errors.
    public var journey: String?
    /// Problems in the Mermaid file (errors and warnings), in order.
    public var diagnostics: [Diagnostic]
  }

  enum Messages {
    static let missingHeader = "expected 'journey' before the first statement"
    static func otherDiagram(_ word: String) -> String {
      "'\(word)' is not a user journey diagram"
    }
    static let headerHint = "a Mermaid user journey starts with the line: journey"
    static let openFrontMatter = "front matter is not closed"
    static let openFrontMatterHint = "end it with a line holding only ---"
    static let openDirective = "directive is not closed"
    static let openDirectiveHint = "end it with }%%"
    static let openDescription = "'accDescr {' is not closed"
    static let openDescriptionHint = "close it with '}'"
    static func missingText(_ keyword: String) -> String { "missing text after '\(keyword)'" }
    static let missingScore = "missing ':' and a score after the task name"
    static func unknownKeyword(_ word: String) -> String { "unknown keyword '\(word)'" }
    static func taskHint(_ name: String) -> String { "write: \(name): 3: Me" }
    static let missingTaskName = "missing task name before ':'"
    static let sectionColon = "a section name cannot hold ':'"
    static let sectionHint = "write the section on its own line, then its tasks below it"
    static func invalidScore(_ text: String) -> String {
      "invalid score '\(text)': expected a whole number from 1 to 5"
    }
    static let scoreHint = "a score runs from 1 (very bad) to 5 (very good)"
    static func clampedScore(_ text: String, _ score: Int) -> String {
      "score '\(text)' is out of range: taken as \(score)"
    }
    static func ignoredText(_ text: String) -> String { "text after the actors is ignored: '\(text)'" }
    static let ignoredHint = "a task is written: Task name: score: actor, actor"
    static let repeatedHeader = "repeated 'journey' line"
  }

  /// The stage for tasks written before any section.
  static let implicitSection = "Tasks"

  private enum Item {
    case comment(String)
    /// A section or task, with the comment written at the end of its line.
    case section(String, comment: String?)
    case task(name: String, feel: Int, actors: [String], comment: String?)

    func with(comment: String) -> Item {
      switch self {
      case .comment: self
      case .section(let name, _): .section(name, comment: comment)
      case .task(let name, let feel, let actors, _):
        .task(name: name, feel: feel, actors: actors, comment: comment)
      }
    }
  }

  public static func convert(_ bytes: [UInt8], file: String) -> Result {
    var reader = Reader(lines: SourceLines(bytes))
    reader.read()
    var diagnostics = reader.diagnostics
    diagnostics.sort { $0.range.start < $1.range.start }
    guard !diagnostics.contains(where: { $0.severity == .error }) else {
      return Result(journey: nil, diagnostics: diagnostics)
    }
    let text = reader.journeyText(file: file)
    let formatted = JourneyFormatter.format(Array(text.utf8), file: file)
    guard let out = formatted.formatted else {
      // Our own output has an error: say so rather than write a broken map.
      return Result(journey: nil, diagnostics: formatted.checked.diagnostics)
    }
    return Result(journey: String(decoding: out, as: UTF8.self), diagnostics: diagnostics)
  }

  /// A piece of a line: its text and the column (1-based, in Characters) where it starts.
  private struct Piece {
    var text: Substring
    var column: Int
    var line: Int

    var trimmed: Piece {
      var p = self
      while let c = p.text.first, c.isWhitespace {
        p.text = p.text.dropFirst()
        p.column += 1
      }
      while let c = p.text.last, c.isWhitespace { p.text = p.text.dropLast() }
      return p
    }

    func range(_ length: Int? = nil) -> SourceRange {
      SourceRange(line: line, column: column, length: length ?? max(text.count, 1))
    }

    /// The part after `offset` Characters.
    func dropping(_ offset: Int) -> Piece {
      Piece(text: text.dropFirst(offset), column: column + offset, line: line)
    }
  }

  private struct Reader {
    let lines: SourceLines
    var diagnostics: [Diagnostic]
    var title: String?
    var accTitle: String?
    var descriptions: [String] = []
    /// Comments before the `journey` line, written at the top of the map, and comments after
    /// it but before the first section, written under the title.
    var header: [String] = []
    var preamble: [String] = []
    var items: [Item] = []
    var sawHeader = false
    var sawSection = false

    init(lines: SourceLines) {
      self.lines = lines
      diagnostics = lines.diagnostics
    }

    mutating func error(_ message: String, _ range: SourceRange, _ hints: [String] = []) {
      diagnostics.append(Diagnostic(.error, message, at: range, hints: hints))
    }

    mutating func comment(_ text: Substring) {
      let body = String(text).trimmingBlanks
      if body.hasPrefix(MermaidExport.note) { return }
      if sawSection {
        items.append(.comment(body))
      } else if sawHeader {
        preamble.append(body)
      } else {
        header.append(body)
      }
    }

    mutating func read() {
      var n = 0
      let all = lines.lines
      if let first = all.first, first?.trimmingBlanks == "---" {
        n = 1
        var closed = false
        while n < all.count {
          let text = all[n] ?? ""
          n += 1
          if text.trimmingBlanks == "---" {
            closed = true
            break
          }
          if text.hasPrefix("title:") {
            title = unquoted(String(text.dropFirst("title:".count)).trimmingBlanks)
          }
        }
        if !closed {
          error(Messages.openFrontMatter, SourceRange(line: 1, column: 1, length: 3),
                [Messages.openFrontMatterHint])
          return
        }
      }
      var openBlock: Piece?  // where an accDescr { … } started
      var openDirective: SourceRange?
      // After a missing `journey` line the rest is some other text: one error says it.
      while n < all.count, !(diagnostics.contains { $0.severity == .error } && !sawHeader) {
        let number = n + 1
        n += 1
        guard let text = all[n - 1] else { continue }  // bad bytes: reported already
        var rest = Piece(text: Substring(text), column: 1, line: number)
        if let start = openBlock {
          if let close = rest.text.firstIndex(of: "}") {
            addDescriptionLines(rest.text[..<close])
            rest = rest.dropping(rest.text.distance(from: rest.text.startIndex, to: close) + 1)
            openBlock = nil
            _ = start
          } else {
            addDescriptionLines(rest.text)
            continue
          }
        }
        if openDirective != nil {
          if let close = rest.text.firstRange(of: "}%%") {
            rest = rest.dropping(rest.text.distance(from: rest.text.startIndex,
                                                    to: close.upperBound))
            openDirective = nil
          } else {
            continue
          }
        }
        openBlock = readLine(rest, directive: &openDirective)
      }
      if let start = openBlock {
        error(Messages.openDescription, start.range(), [Messages.openDescriptionHint])
      }
      if let start = openDirective {
        error(Messages.openDirective, start, [Messages.openDirectiveHint])
      }
      if !sawHeader, !diagnostics.contains(where: { $0.severity == .error }) {
        error(Messages.missingHeader, SourceRange(line: 1, column: 1), [Messages.headerHint])
      }
    }

    mutating func addDescriptionLines(_ text: Substring) {
      for line in text.split(whereSeparator: \.isNewline) {
        let trimmed = String(line).trimmingBlanks
        if !trimmed.isEmpty { descriptions.append(trimmed) }
      }
    }

    /// Reads the statements of one line; returns where an unclosed `accDescr {` starts.
    mutating func readLine(_ line: Piece, directive: inout SourceRange?) -> Piece? {
      var rest = line.trimmed
      while !rest.text.isEmpty {
        if rest.text.hasPrefix("%%{") {
          guard let close = rest.text.firstRange(of: "}%%") else {
            directive = rest.range(3)
            return nil
          }
          rest = rest.dropping(rest.text.distance(from: rest.text.startIndex,
                                                  to: close.upperBound)).trimmed
          continue
        }
        if rest.text.hasPrefix("%%") {
          comment(rest.text.dropFirst(2))
          return nil
        }
        if rest.text.hasPrefix("#") {
          comment(rest.text.dropFirst(1))
          return nil
        }
        // One statement: up to ';', a comment, or the end of the line.
        var end = rest.text.endIndex
        var commentStart: Substring.Index?
        var i = rest.text.startIndex
        while i < rest.text.endIndex {
          let c = rest.text[i]
          if c == ";" {
            end = i
            break
          }
          if c == "#" || (c == "%" && rest.text[i...].hasPrefix("%%")) {
            end = i
            commentStart = i
            break
          }
          i = rest.text.index(after: i)
        }
        let statement = Piece(text: rest.text[..<end], column: rest.column, line: rest.line)
        if let open = statement.text.firstRange(of: "{"),
          statement.text.lowercased().hasPrefix("accdescr"),
          statement.text[..<open.lowerBound].dropFirst("accdescr".count)
            .allSatisfy(\.isWhitespace)
        {
          // The block runs to '}', on this line or a later one; ';' and '#' mean nothing in it.
          let after = rest.dropping(rest.text.distance(from: rest.text.startIndex,
                                                       to: open.upperBound))
          guard let close = after.text.firstIndex(of: "}") else {
            addDescriptionLines(after.text)
            return statement
          }
          addDescriptionLines(after.text[..<close])
          rest = after.dropping(after.text.distance(from: after.text.startIndex, to: close) + 1)
            .trimmed
          continue
        }
        let before = items.count
        readStatement(statement.trimmed)
        if let commentStart {
          let text = rest.text[commentStart...]
          let body = text.hasPrefix("#") ? text.dropFirst(1) : text.dropFirst(2)
          if items.count > before, let last = items.popLast() {
            items.append(last.with(comment: String(body).trimmingBlanks))
          } else {
            comment(body)
          }
          return nil
        }
        if end == rest.text.endIndex { return nil }
        rest = rest.dropping(rest.text.distance(from: rest.text.startIndex, to: end) + 1).trimmed
      }
      return nil
    }

    mutating func readStatement(_ s: Piece) {
      guard !s.text.isEmpty else { return }
      let lower = s.text.lowercased()
      let firstWord = String(s.text.prefix { !$0.isWhitespace && $0 != ":" })
      if !sawHeader {
        if lower == "journey" {
          sawHeader = true
        } else if Self.diagramTypes.contains(firstWord.lowercased()) {
          error(Messages.otherDiagram(firstWord), s.range(firstWord.count), [Messages.headerHint])
        } else {
          let hints = Suggestions.closest(to: firstWord, in: ["journey"]).map {
            [Suggestions.hint($0)]
          } ?? [Messages.headerHint]
          error(Messages.missingHeader, s.range(max(firstWord.count, 1)), hints)
        }
        return
      }
      if lower == "journey" {
        error(Messages.repeatedHeader, s.range())
        return
      }
      if let value = keywordValue(s, "title", separator: nil) {
        guard let value else { return }
        title = String(value.text)
      } else if let value = keywordValue(s, "acctitle", separator: ":") {
        guard let value else { return }
        accTitle = String(value.text)
      } else if let value = keywordValue(s, "accdescr", separator: ":") {
        guard let value else { return }
        descriptions.append(String(value.text))
      } else if let value = keywordValue(s, "section", separator: nil) {
        guard let value else { return }
        if let colon = value.text.firstIndex(of: ":") {
          let offset = value.text.distance(from: value.text.startIndex, to: colon)
          error(Messages.sectionColon, value.dropping(offset).range(1), [Messages.sectionHint])
          return
        }
        sawSection = true
        items.append(.section(String(value.text), comment: nil))
      } else {
        readTask(s)
      }
    }

    /// For `keyword value` (or `keyword: value`): nil when `s` is not that statement,
    /// .some(nil) after reporting a missing value.
    mutating func keywordValue(_ s: Piece, _ keyword: String, separator: Character?)
      -> Piece??
    {
      guard s.text.lowercased().hasPrefix(keyword) else { return nil }
      var after = s.dropping(keyword.count)
      if let separator {
        let spaced = after.trimmed
        guard spaced.text.first == separator else { return nil }
        after = spaced.dropping(1)
      } else {
        if after.text.isEmpty {
          error(Messages.missingText(String(s.text)), SourceRange(line: s.line,
                                                                    column: s.column + s.text.count))
          return .some(nil)
        }
        guard after.text.first?.isWhitespace == true else { return nil }
      }
      let value = after.trimmed
      if value.text.isEmpty {
        error(Messages.missingText(String(s.text.prefix(keyword.count))),
              SourceRange(line: s.line, column: s.column + s.text.count))
        return .some(nil)
      }
      return .some(value)
    }

    mutating func readTask(_ s: Piece) {
      guard let colon = s.text.firstIndex(of: ":") else {
        // `sectoin Go home` reads as a task without a score; say what was probably meant.
        let firstWord = String(s.text.prefix { !$0.isWhitespace })
        if firstWord.count < s.text.count,
          let keyword = Suggestions.closest(to: firstWord, in: ["section", "title"])
        {
          error(Messages.unknownKeyword(firstWord), s.range(firstWord.count),
                [Suggestions.hint(keyword)])
          return
        }
        error(Messages.missingScore, SourceRange(line: s.line, column: s.column + s.text.count),
              [Messages.taskHint(String(s.text))])
        return
      }
      let name = Piece(text: s.text[..<colon], column: s.column, line: s.line).trimmed
      guard !name.text.isEmpty else {
        error(Messages.missingTaskName, s.range(1))
        return
      }
      var fields: [Piece] = []
      var field = s.dropping(s.text.distance(from: s.text.startIndex, to: colon) + 1)
      while let next = field.text.firstIndex(of: ":"), fields.count < 2 {
        let length = field.text.distance(from: field.text.startIndex, to: next)
        fields.append(Piece(text: field.text[..<next], column: field.column, line: s.line))
        field = field.dropping(length + 1)
      }
      fields.append(field)
      let scorePiece = fields[0].trimmed
      let scoreText = String(scorePiece.text)
      guard let score = Int(scoreText.hasPrefix("+") ? String(scoreText.dropFirst()) : scoreText)
      else {
        if scoreText.isEmpty {
          error(Messages.invalidScore(scoreText), SourceRange(line: s.line, column: fields[0].column),
                [Messages.scoreHint])
        } else {
          error(Messages.invalidScore(scoreText), scorePiece.range(), [Messages.scoreHint])
        }
        return
      }
      let clamped = min(max(score, 1), 5)
      if clamped != score {
        diagnostics.append(Diagnostic(.warning, Messages.clampedScore(scoreText, clamped),
                                      at: scorePiece.range(), hints: [Messages.scoreHint]))
      }
      var actors: [String] = []
      if fields.count > 1 {
        actors = fields[1].text.split(separator: ",").map { String($0).trimmingBlanks }
          .filter { !$0.isEmpty }
      }
      if fields.count > 2 {
        let extra = fields[2].trimmed
        if !extra.text.isEmpty {
          diagnostics.append(Diagnostic(.warning, Messages.ignoredText(String(extra.text)),
                                        at: extra.range(), hints: [Messages.ignoredHint]))
        }
      }
      items.append(.task(name: String(name.text), feel: clamped - 3, actors: actors, comment: nil))
    }

    func unquoted(_ text: String) -> String {
      for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
        return String(text.dropFirst().dropLast())
      }
      return text
    }

    static let diagramTypes: Set<String> = [
      "flowchart", "graph", "sequencediagram", "classdiagram", "statediagram",
      "statediagram-v2", "erdiagram", "gantt", "pie", "gitgraph", "mindmap", "timeline",
      "quadrantchart", "requirementdiagram", "c4context", "sankey-beta", "xychart-beta",
      "block-beta", "kanban", "architecture-beta", "packet-beta", "radar-beta",
    ]

    /// The map as `.journey` text (not yet in canonical layout).
    func journeyText(file: String) -> String {
      var out: [String] = header.map { "# " + $0 }
      var shownTitle = title ?? accTitle
      var descriptions = descriptions
      if title != nil, let accTitle, accTitle != title { descriptions.insert(accTitle, at: 0) }
      if shownTitle == nil, !descriptions.isEmpty { shownTitle = Self.baseName(file) }
      if let shownTitle {
        out.append("journey " + JourneyFormatter.quoted(shownTitle))
        for d in descriptions { out.append("  description " + JourneyFormatter.quoted(d)) }
      }
      out += preamble.map { "# " + $0 }
      var ids: [String: String] = [:]  // actor name → owner id
      var used = Set<String>()
      var owners: [String] = []
      for case .task(_, _, let actors, _) in items {
        for actor in actors where ids[actor] == nil {
          var base = StepKeys.slug(actor, empty: "actor")
          if !(base.first.map(Lexer.isIdStart) ?? false) { base = "_" + base }
          let id = StepKeys.numbered(base) { used.contains($0) }
          used.insert(id)
          ids[actor] = id
          owners.append("owner \(id) " + JourneyFormatter.quoted(actor))
        }
      }
      if !owners.isEmpty { out += [""] + owners }
      var inStage = false
      for item in items {
        switch item {
        case .comment(let text):
          out.append("# " + text)
        case .section(let name, let comment):
          out += ["", "stage " + JourneyFormatter.quoted(name) + trailing(comment)]
          inStage = true
        case .task(let name, let feel, let actors, let comment):
          if !inStage {
            out += ["", "stage " + JourneyFormatter.quoted(MermaidImport.implicitSection)]
            inStage = true
          }
          var line = "  touchpoint " + JourneyFormatter.quoted(name)
          if !actors.isEmpty { line += " owner " + actors.compactMap { ids[$0] }.joined(separator: ", ") }
          out.append(line + " feel \(feel)" + trailing(comment))
        }
      }
      return out.joined(separator: "\n") + "\n"
    }

    func trailing(_ comment: String?) -> String { comment.map { "  # " + $0 } ?? "" }

    /// `dir/My day.mmd` → `My day`.
    static func baseName(_ file: String) -> String {
      let name = file.split(separator: "/").last.map(String.init) ?? file
      guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
      return String(name[..<dot])
    }
  }
}

extension String {
  /// Without spaces and tabs at either end.
  fileprivate var trimmingBlanks: String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s = s.dropFirst() }
    while let c = s.last, c.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
