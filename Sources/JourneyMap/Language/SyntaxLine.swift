/// One line of a `.journey` file as written: its tokens with the spaces before each, its
/// comment, and what the parser read it as. Nothing is lost, so `text` is the line again.
struct SyntaxLine: Sendable {
  /// What a statement line is.
  enum Role: Sendable, Equatable {
    /// No statement: blank, or a comment alone.
    case none
    case element(ElementKind)
    /// Attributes on a line of their own, belonging to the element of this kind above.
    case attributes(under: ElementKind?)
    case branch
    /// A line the parser could not read (already reported).
    case unknown
  }

  /// One attribute and its value: tokens `tokens` of the line.
  struct Unit: Sendable, Equatable {
    var attribute: Attribute
    var tokens: Range<Int>
  }

  /// How the parser split the line.
  struct Shape: Sendable, Equatable {
    var role = Role.unknown
    /// Tokens before the attributes: keyword, id, label (and a phase's stages); 0 for an
    /// attribute line.
    var head = 0
    var attributes: [Unit] = []
  }

  /// 1-based.
  var number: Int
  var tokens: [Token]
  var trivia = LineTrivia()
  var shape = Shape()
  /// False when the line's bytes are not UTF-8 (reported; its text is not known).
  var decoded = true

  /// The line exactly as written (for a decoded line).
  var text: String {
    var out = ""
    for (k, token) in tokens.enumerated() {
      out += (k < trivia.leading.count ? trivia.leading[k] : "") + token.source
    }
    return out + trivia.trailing + (trivia.comment ?? "") + trivia.rest
  }

  var role: Role { tokens.isEmpty ? .none : shape.role }
}

/// A parsed file: the model, every problem found while reading it, and its lines as written.
public struct SyntaxTree: Sendable {
  public var journey: Journey
  /// Problems found while decoding and parsing (the checker adds the rest).
  public var diagnostics: [Diagnostic]
  var lines: [SyntaxLine]
  var parsed: Parser.Result
  var source: SourceLines
}

/// Reads a `.journey` file without checking names or flow: the lossless view that the
/// formatter (and any tool that edits a map) starts from. `JourneyChecker.check` adds the rules.
public func parse(_ bytes: [UInt8], file: String) -> SyntaxTree {
  let source = SourceLines(bytes)
  let parsed = Parser.parse(source, file: file, trivia: true)
  return SyntaxTree(journey: parsed.journey, diagnostics: source.diagnostics + parsed.diagnostics,
                    lines: parsed.lines, parsed: parsed, source: source)
}
