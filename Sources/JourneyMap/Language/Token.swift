/// One word, label, number or sign on a line, with where it was written.
struct Token: Sendable {
  enum Kind: Sendable {
    /// A keyword or an id: letters, digits, `_` and `-`, starting with a letter or `_`.
    case word
    /// A quoted label; `text` holds its value with escapes resolved.
    case label
    /// A whole number with an optional sign; `text` holds it as written.
    case number
    case arrow, comma, colon
    /// Something the lexer already reported; the parser stops reading the line there.
    case invalid
  }

  var kind: Kind
  var text: String
  var range: SourceRange
  /// The token as written, for messages that quote it.
  var source: String

  func `is`(_ kind: Kind) -> Bool { self.kind == kind }
}
