import Testing
@testable import JourneyMap

/// Test input with positions marked inside it: `owner ⟦servcie⟧` marks where a diagnostic
/// must point, so no test counts columns by hand.
struct Marked {
  /// The text without markers.
  let source: String
  /// The marked ranges, in order; columns counted in Characters, as the checker does.
  let ranges: [SourceRange]

  init(_ text: String) {
    var source = ""
    var ranges: [SourceRange] = []
    var line = 1
    var column = 1
    var open: JourneyMap.SourceLocation?
    for c in text {
      switch c {
      case "⟦":
        open = JourneyMap.SourceLocation(line: line, column: column)
      case "⟧":
        // An empty marker `⟦⟧` is a point: the one column where something is missing.
        if let start = open {
          ranges.append(SourceRange(start: start, end: JourneyMap.SourceLocation(
            line: line, column: max(column, start.column + 1))))
        }
        open = nil
      case "\n":
        source.append(c)
        line += 1
        column = 1
      default:
        source.append(c)
        column += 1
      }
    }
    self.source = source
    self.ranges = ranges
  }
}

/// A diagnostic as one comparable line: `3:7-3:14 error: message | hint: ...`.
func describe(_ d: Diagnostic) -> String {
  let r = d.range
  return "\(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column) "
    + "\(d.severity.rawValue): \(d.message)" + d.hints.map { " | hint: \($0)" }.joined()
}

/// What a test expects: severity, message and hints, at the next marked range.
struct Expected {
  var severity: Diagnostic.Severity
  var message: String
  var hints: [String]

  static func error(_ message: String, _ hints: String...) -> Expected {
    Expected(severity: .error, message: message, hints: hints)
  }

  static func warning(_ message: String, _ hints: String...) -> Expected {
    Expected(severity: .warning, message: message, hints: hints)
  }
}

/// Checks `text` and expects exactly `expected`, the n-th at the n-th marked range.
func expectDiagnostics(_ text: String, _ expected: [Expected],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  let marked = Marked(text)
  let checked = JourneyChecker.check(Array(marked.source.utf8), file: "t.journey")
  #expect(marked.ranges.count == expected.count, "one marker per expected diagnostic",
          sourceLocation: sourceLocation)
  let want = zip(marked.ranges, expected).map { range, e in
    describe(Diagnostic(e.severity, e.message, at: range, hints: e.hints))
  }
  #expect(checked.diagnostics.map(describe) == want, sourceLocation: sourceLocation)
}

/// The diagnostics of `bytes`, described.
func diagnostics(_ bytes: [UInt8]) -> [String] {
  JourneyChecker.check(bytes, file: "t.journey").diagnostics.map(describe)
}

/// A clean map; tests append the lines they are about.
let prelude = """
  journey "Help"
  owner service "Customer Service"
  stage ask "Ask"
    touchpoint call "Calls" owner service

  """
