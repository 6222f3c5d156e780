extension MermaidImport {
  /// A piece of a line: its text and the column (1-based, in Characters) where it starts.
  struct Piece {
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

  /// Reads a Mermaid journey statement by statement, gathering what the map needs and every
  /// problem, each at its line and column.
  struct Reader {
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
    /// A statement came before `journey` (reported): the rest is not read.
    var headerMissing = false
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
      while n < all.count, !headerMissing {
        let number = n + 1
        n += 1
        guard let text = all[n - 1] else { continue }  // bad bytes: reported already
        var rest = Piece(text: Substring(text), column: 1, line: number)
        if openBlock != nil {
          if let close = rest.text.firstIndex(of: "}") {
            addDescriptionLines(rest.text[..<close])
            rest = rest.dropping(rest.text.distance(from: rest.text.startIndex, to: close) + 1)
            openBlock = nil
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
        // `accTitle:` and `accDescr:` take the rest of the line, ';' and '#' included.
        let lower = rest.text.lowercased()
        if lower.hasPrefix("acctitle") || lower.hasPrefix("accdescr"),
          rest.dropping("acctitle".count).trimmed.text.first == ":"
        {
          readStatement(rest)
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
      guard !s.text.isEmpty, !headerMissing else { return }
      let lower = s.text.lowercased()
      let firstWord = String(s.text.prefix { !$0.isWhitespace && $0 != ":" })
      if !sawHeader {
        headerMissing = lower != "journey"
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
  }
}

extension String {
  /// Without spaces and tabs at either end.
  var trimmingBlanks: String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s = s.dropFirst() }
    while let c = s.last, c.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
