/// Splits one line into tokens. Lines are independent, so a mistake never spills over.
///
/// Columns count Characters from 1, a tab being one, as editors that report columns do.
enum Lexer {
  enum Messages {
    static let unterminatedLabel = "unterminated label"
    static let unterminatedHint = "close it with '\"' on the same line"
    static func unexpectedCharacter(_ c: Character) -> String { "unexpected character '\(c)'" }
    static func invalidId(_ text: String) -> String {
      "invalid id '\(text)': an id starts with a letter or '_'"
    }
  }

  /// The tokens of `text`, the line numbered `line`, and any lexical problem found.
  static func tokens(of text: String, line: Int) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    let chars = Array(text)
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    var i = 0
    let n = chars.count

    func range(_ start: Int, _ end: Int) -> SourceRange {
      SourceRange(start: SourceLocation(line: line, column: start + 1),
                  end: SourceLocation(line: line, column: max(end, start + 1) + 1))
    }
    func add(_ kind: Token.Kind, _ value: String, _ start: Int, _ end: Int) {
      tokens.append(Token(kind: kind, text: value, range: range(start, end),
                          source: String(chars[start..<end])))
    }

    while i < n {
      let c = chars[i]
      if c.isWhitespace {
        i += 1
      } else if c == "#" {
        break
      } else if c == "\"" {
        let start = i
        var value = ""
        i += 1
        var closed = false
        while i < n {
          let d = chars[i]
          if d == "\"" {
            closed = true
            i += 1
            break
          }
          if d == "\\", i + 1 < n, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
            value.append(chars[i + 1])
            i += 2
          } else {
            value.append(d)
            i += 1
          }
        }
        if !closed {
          diagnostics.append(Diagnostic(.error, Messages.unterminatedLabel, at: range(start, n),
                                        hints: [Messages.unterminatedHint]))
        }
        add(.label, value, start, i)
      } else if c == "-", i + 1 < n, chars[i + 1] == ">" {
        add(.arrow, "->", i, i + 2)
        i += 2
      } else if c == "," {
        add(.comma, ",", i, i + 1)
        i += 1
      } else if c == ":" {
        add(.colon, ":", i, i + 1)
        i += 1
      } else if isIdStart(c) {
        let start = i
        i = endOfWord(chars, from: i + 1)
        add(.word, String(chars[start..<i]), start, i)
      } else if isDigit(c) || ((c == "-" || c == "+") && i + 1 < n && isDigit(chars[i + 1])) {
        let start = i
        i += 1
        while i < n, isDigit(chars[i]) { i += 1 }
        if i < n, isIdStart(chars[i]) || chars[i].isNumber {
          // `2nd`: a would-be id that starts with a digit.
          i = endOfWord(chars, from: i)
          let text = String(chars[start..<i])
          diagnostics.append(Diagnostic(.error, Messages.invalidId(text), at: range(start, i)))
          add(.invalid, text, start, i)
          break
        }
        add(.number, String(chars[start..<i]), start, i)
      } else {
        diagnostics.append(Diagnostic(.error, Messages.unexpectedCharacter(c),
                                      at: range(i, i + 1)))
        add(.invalid, String(c), i, i + 1)
        break
      }
    }
    return (tokens, diagnostics)
  }

  static func isIdStart(_ c: Character) -> Bool { c == "_" || c.isLetter }

  static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isWholeNumber }

  /// The end of an id that continues at `start`; a `-` just before `>` is left for the arrow.
  static func endOfWord(_ chars: [Character], from start: Int) -> Int {
    var i = start
    while i < chars.count {
      let c = chars[i]
      if c == "-" {
        if i + 1 < chars.count, chars[i + 1] == ">" { break }
      } else if !(c == "_" || c.isLetter || c.isNumber) {
        break
      }
      i += 1
    }
    return i
  }

  /// True when `text` is a valid id.
  static func isId(_ text: String) -> Bool {
    guard let first = text.first, isIdStart(first) else { return false }
    return endOfWord(Array(text), from: 1) == text.count
  }
}
