/// A problem found in a map: a value, never thrown, sorted by position when reported.
public struct Diagnostic: Hashable, Sendable {
  public enum Severity: String, Sendable, Codable {
    case error, warning
  }

  public var severity: Severity
  /// What kind of problem it is, stable across versions (nil for problems outside a map,
  /// such as those of an imported Mermaid file).
  public var code: DiagnosticCode?
  public var message: String
  public var range: SourceRange
  /// Lines printed after the source excerpt, e.g. "did you mean 'service'?".
  public var hints: [String]

  public init(_ severity: Severity, _ message: String, at range: SourceRange,
              hints: [String] = []) {
    self.severity = severity
    self.message = message
    self.range = range
    self.hints = hints
  }

  public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String,
              at range: SourceRange, hints: [String] = []) {
    self.init(severity, message, at: range, hints: hints)
    self.code = code
  }
}
