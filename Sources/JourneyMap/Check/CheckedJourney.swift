/// A map after parsing and checking: the model, its flow, and every problem found.
public struct CheckedJourney: Sendable {
  public var journey: Journey
  public var flow: Flow
  /// Every diagnostic, sorted by position (errors before warnings at the same position).
  public var diagnostics: [Diagnostic]

  public init(journey: Journey, flow: Flow, diagnostics: [Diagnostic]) {
    self.journey = journey
    self.flow = flow
    self.diagnostics = diagnostics
  }

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public var hasWarnings: Bool { diagnostics.contains { $0.severity == .warning } }
}
