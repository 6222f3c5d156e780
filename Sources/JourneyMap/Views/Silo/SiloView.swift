/// The organisation's view: one lane per owner, hand-offs between lanes numbered.
public enum SiloView {
  /// The DOT text for `checked`'s silo diagram.
  public static func dot(_ checked: CheckedJourney) -> String {
    "digraph silo {}\n"
  }
}
