/// Splits one line into tokens. Lines are independent, so a mistake never spills over.
///
/// Columns count Characters from 1, a tab being one, as editors that report columns do.
enum Lexer {
  enum Messages {
    static let unterminatedLabel = "unterminated label"
    static let unterminatedHint = "close it with '\"' on the same line"
    /// The character in quotes, or its code point when it has no visible shape (a zero-width
    /// space, a control character), so the message never reads "unexpected character ''".
    static func unexpectedCharacter(_ c: Character) -> String {
      let visible = c.unicodeScalars.allSatisfy {
        !$0.properties.isWhitespace && $0.properties.generalCategory != .control
          && $0.properties.generalCategory != .format
          && $0.properties.generalCategory != .unassigned
      }
      if visible { return "unexpected character '\(c)'" }
      let points = c.unicodeScalars.map { scalar -> String in
        let hex = String(scalar.value, radix: 16).uppercased()
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      }
      return "unexpected character " + points.joined(separator: " ")
    }
    static func invalidId(_ text: String) -> String {
      "invalid id '\(text)': an id starts with a letter or '_'"
    }
  }

  /// The tokens of `text`, the line numbered `line`, and any lexical problem found.
  static func tokens(of text: String, line: Int) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    let lexed = lex(text, line: line, trivia: false)
    return (lexed.tokens, lexed.diagnostics)
  }

  /// What one line holds, losslessly when `trivia` is set: the spaces before each token and
  /// after the last, and the comment, so that `SyntaxLine.text` gives the line back as written.
  static func lex(_ text: String, line: Int, trivia: Bool)
    -> (tokens: [Token], diagnostics: [Diagnostic], trivia: LineTrivia)
  {
    var text = text
    let copy = text
    return text.withUTF8 { bytes in
      var lexer = LineLexer(bytes: bytes, text: copy, line: line, keepsTrivia: trivia)
      return lexer.run()
    }
  }

  /// Lexes on UTF-8 bytes, which is several times faster than on Characters; Characters are
  /// looked at only for non-ASCII text, and columns are mapped back to Characters then.
  private struct LineLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    let line: Int
    let keepsTrivia: Bool
    /// Where the spaces before the next token start (only read when keeping trivia).
    var triviaStart = 0
    var trivia = LineTrivia()
    /// For a line with non-ASCII text: the Characters, and for each byte the index of the
    /// Character it belongs to. Empty for ASCII lines, where byte offset = column - 1.
    var chars: [Character] = []
    var charIndex: [Int] = []
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []

    init(bytes: UnsafeBufferPointer<UInt8>, text: String, line: Int, keepsTrivia: Bool) {
      self.bytes = bytes
      self.line = line
      self.keepsTrivia = keepsTrivia
      if !bytes.allSatisfy({ $0 < 0x80 }) {
        chars = Array(text)
        charIndex.reserveCapacity(bytes.count + 1)
        for (k, c) in chars.enumerated() {
          for _ in 0..<c.utf8.count { charIndex.append(k) }
        }
        charIndex.append(chars.count)
      }
    }

    func column(_ offset: Int) -> Int { charIndex.isEmpty ? offset + 1 : charIndex[offset] + 1 }

    func range(_ start: Int, _ end: Int) -> SourceRange {
      let from = column(start)
      return SourceRange(start: SourceLocation(line: line, column: from),
                         end: SourceLocation(line: line, column: max(column(end), from + 1)))
    }

    func string(_ start: Int, _ end: Int) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The Character starting at byte `i` and its length in bytes.
    func character(at i: Int) -> (Character, Int) {
      if bytes[i] < 0x80 { return (Character(Unicode.Scalar(bytes[i])), 1) }
      let c = chars[charIndex[i]]
      var start = i
      while start > 0, charIndex[start - 1] == charIndex[i] { start -= 1 }
      return (c, start + c.utf8.count - i)
    }

    mutating func add(_ kind: Token.Kind, _ value: String, _ start: Int, _ end: Int) {
      tokens.append(Token(kind: kind, text: value, range: range(start, end),
                          source: kind == .label ? string(start, end) : value))
      if keepsTrivia {
        trivia.leading.append(string(triviaStart, start))
        triviaStart = end
      }
    }

    mutating func run() -> ([Token], [Diagnostic], LineTrivia) {
      let tokens = scan()
      if keepsTrivia {
        // The comment or the text after a refused token, then the spaces before it.
        let rest = string(triviaStart, bytes.count)
        if let hash = rest.firstIndex(of: "#"), tokens.last?.kind != .invalid {
          trivia.trailing = String(rest[..<hash])
          trivia.comment = String(rest[hash...])
        } else if tokens.last?.kind == .invalid {
          trivia.rest = rest
        } else {
          trivia.trailing = rest
        }
      }
      return (tokens, diagnostics, trivia)
    }

    mutating func scan() -> [Token] {
      let n = bytes.count
      var i = 0
      while i < n {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 {
          i += 1
        } else if b == 0x23 {  // #
          break
        } else if b == 0x22 {  // "
          i = label(from: i)
        } else if b == 0x2D, i + 1 < n, bytes[i + 1] == 0x3E {  // ->
          add(.arrow, "->", i, i + 2)
          i += 2
        } else if b == 0x2C {
          add(.comma, ",", i, i + 1)
          i += 1
        } else if b == 0x3A {
          add(.colon, ":", i, i + 1)
          i += 1
        } else if isDigit(b) || ((b == 0x2D || b == 0x2B) && i + 1 < n && isDigit(bytes[i + 1])) {
          let start = i
          i += 1
          while i < n, isDigit(bytes[i]) { i += 1 }
          if i < n, isIdContinue(at: i) {
            // `2nd`: a would-be id that starts with a digit.
            i = endOfWord(from: i)
            let text = string(start, i)
            diagnostics.append(Diagnostic(.error, .invalidId, Messages.invalidId(text),
                                          at: range(start, i)))
            add(.invalid, text, start, i)
            break
          }
          add(.number, string(start, i), start, i)
        } else {
          let (c, length) = character(at: i)
          if isIdStart(c) {
            let start = i
            i = endOfWord(from: i + length)
            add(.word, string(start, i), start, i)
          } else if c.isWhitespace {
            i += length
          } else {
            diagnostics.append(Diagnostic(.error, .unexpectedCharacter, Messages.unexpectedCharacter(c),
                                          at: range(i, i + length)))
            add(.invalid, String(c), i, i + length)
            break
          }
        }
      }
      return tokens
    }

    /// A quoted label from the quote at `start`; returns the offset after it.
    mutating func label(from start: Int) -> Int {
      let n = bytes.count
      var i = start + 1
      var value: [UInt8] = []
      var escaped = false
      var closed = false
      while i < n {
        let b = bytes[i]
        if b == 0x22 {
          closed = true
          break
        }
        if b == 0x5C, i + 1 < n, bytes[i + 1] == 0x22 || bytes[i + 1] == 0x5C {
          if !escaped {
            value.append(contentsOf: bytes[(start + 1)..<i])
            escaped = true
          }
          value.append(bytes[i + 1])
          i += 2
          continue
        }
        if escaped { value.append(b) }
        i += 1
      }
      let text = escaped ? String(decoding: value, as: UTF8.self) : string(start + 1, i)
      if !closed {
        diagnostics.append(Diagnostic(.error, .unterminatedLabel, Messages.unterminatedLabel,
                                      at: range(start, n),
                                      hints: [Messages.unterminatedHint]))
      }
      let end = closed ? i + 1 : n
      add(.label, text, start, end)
      return end
    }

    /// The end of an id whose next byte is at `start`; a `-` just before `>` is left for the
    /// arrow.
    func endOfWord(from start: Int) -> Int {
      var i = start
      while i < bytes.count {
        if bytes[i] == 0x2D {
          if i + 1 < bytes.count, bytes[i + 1] == 0x3E { break }
          i += 1
        } else if isIdContinue(at: i) {
          i += character(at: i).1
        } else {
          break
        }
      }
      return i
    }

    func isIdContinue(at i: Int) -> Bool {
      let b = bytes[i]
      if b < 0x80 { return isASCIILetter(b) || isDigit(b) || b == 0x5F }
      let c = character(at: i).0
      return c.isLetter || c.isNumber
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
  }

  static func isIdStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
}

/// What a line holds besides its tokens: the spaces before each, the spaces after the last
/// one, a `#` comment, and the unread text after a character the lexer refused.
struct LineTrivia: Sendable, Equatable {
  /// The spaces and tabs before each token, one string per token.
  var leading: [String] = []
  var trailing = ""
  /// From `#` to the end of the line, as written.
  var comment: String?
  var rest = ""
}
