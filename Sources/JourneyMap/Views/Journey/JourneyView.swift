/// The customer's view: stages left to right, steps as cards, the experience curve below.
public enum JourneyView {
  /// The DOT text for `checked`'s journey map.
  public static func dot(_ checked: CheckedJourney) -> String {
    "digraph journey {}\n"
  }
}
