/// A map after parsing and checking: the model, its flow, and every problem found.
public struct CheckedJourney: Sendable {
  public let journey: Journey
  /// `journey.steps`, made once: that property makes a new array of every step each time.
  public let steps: [Step]
  public var flow: Flow
  /// Every diagnostic, sorted by position (errors before warnings at the same position).
  public var diagnostics: [Diagnostic]

  public init(journey: Journey, flow: Flow, diagnostics: [Diagnostic]) {
    self.journey = journey
    steps = journey.steps
    self.flow = flow
    self.diagnostics = diagnostics
  }

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public var hasWarnings: Bool { diagnostics.contains { $0.severity == .warning } }
}
