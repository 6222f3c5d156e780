/// The front door of the library: bytes of a `.journey` file in, model and diagnostics out.
public enum JourneyChecker {
  /// Parses and checks `bytes` (the contents of `file`). Never fails: every problem,
  /// including invalid UTF-8, comes back as a diagnostic.
  public static func check(_ bytes: [UInt8], file: String) -> CheckedJourney {
    // Placeholder until the parser lands.
    let journey = Journey(file: file)
    return CheckedJourney(journey: journey, flow: Flow(journey), diagnostics: [])
  }
}
