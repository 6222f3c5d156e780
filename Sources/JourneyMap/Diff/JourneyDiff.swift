/// What changed in a journey between two versions of a map: steps added, removed, moved or
/// relabelled; what each step, stage, owner, persona and phase says; the hand-offs. The text
/// is not compared, so a map reformatted by `fmt`, or with its comments edited, has no
/// changes.
///
/// Steps are matched by key (their id, or their stage and label: `StepKeys`); a step whose key
/// changed is still found when it kept its kind and label in another stage (moved), or its
/// kind and place in its stage with a new label (relabelled). Changes come in the order of
/// the new map, a removed step after the step it followed.
public struct JourneyDiff: Sendable {
  public enum Kind: String, Sendable {
    case added, removed, changed
  }

  public enum Subject: String, Sendable {
    case journey, persona, owner, phase, stage, step
    case handoff = "hand-off"
  }

  /// One thing that differs: a value (`old` → `new`), or an item of a list added (`old` nil)
  /// or removed (`new` nil).
  public struct Field: Sendable, Equatable {
    public var name: String
    public var old: String?
    public var new: String?
  }

  public struct Change: Sendable {
    public var kind: Kind
    public var subject: Subject
    /// The element's key in the new map (the old one's when removed): a step's key, a stage's
    /// or an owner's id; a hand-off's is `FROM->TO`.
    public var key: String
    /// What a reader knows it by: its label (the new one), a hand-off's owners.
    public var label: String
    public var fields: [Field] = []
    /// For a step: its key in the old map, when it changed.
    public var oldKey: String?

    /// A step that changed stage or place and nothing else that shows on its card.
    public var isMoveOnly: Bool {
      kind == .changed && !fields.isEmpty
        && fields.allSatisfy { $0.name == "stage" || $0.name == "position" }
    }
  }

  public var changes: [Change] = []
  /// Every step found in both maps: its old key → its new key (the same unless it moved or
  /// was relabelled).
  public var stepKeys: [String: String] = [:]

  public var isEmpty: Bool { changes.isEmpty }

  /// How many of `subject` are `kind`.
  public func count(_ kind: Kind, _ subject: Subject) -> Int {
    changes.filter { $0.kind == kind && $0.subject == subject }.count
  }

  /// Compares two checked maps. Both should be free of errors; what a map with errors holds
  /// is compared as it stands.
  public static func compare(_ old: CheckedJourney, _ new: CheckedJourney) -> JourneyDiff {
    var builder = DiffBuilder(old, new)
    builder.build()
    return JourneyDiff(changes: builder.changes, stepKeys: builder.newKey)
  }
}
