/// One thing that happens inside a stage: a touchpoint, a decision or an outcome.
///
/// One type for all three keeps views simple; attributes that do not apply to a kind stay
/// empty (the parser rejects them).
public struct Step: Sendable {
  public enum Kind: String, Sendable, Codable {
    /// An interaction between the organisation and the customer.
    case touchpoint
    /// A handshake: a question someone answers, with a branch per answer.
    case decision
    /// Where the journey ends for the customer (they leave, they renew elsewhere).
    case outcome
  }

  public var kind: Kind
  /// The id written in the source, if any.
  public var id: String?
  /// A stable key for the step: its id, or for a step without one its stage and a slug of
  /// its label (`ask.calls-the-hotline`, see `StepKeys`), which stays the same when other
  /// steps are inserted, removed or moved. A generated key holds a dot, which no id does, and
  /// only ASCII letters, digits, `-` and `.`, so views can prefix it to make SVG ids.
  public var key: String
  /// The touchpoint's or outcome's label, or the decision's question.
  public var label: String
  /// The id of the stage the step is written in, or its 1-based position as digits.
  public var stageKey: String
  public var owners: [Reference] = []
  public var channel: Channel?
  /// How the customer feels here, from -2 (very bad) to +2 (very good).
  public var feel: Int?
  public var pains: [String] = []
  public var opportunities: [String] = []
  public var metrics: [String] = []
  public var tools: [String] = []
  /// A process the customer never sees (drawn below the line of visibility).
  public var isBackstage = false
  /// Who takes a decision; nil when the map does not say.
  public var decider: Decider?
  /// Explicit flow out of the step. Empty means "on to the next step".
  public var branches: [Branch] = []
  public var workshop = Workshop()
  public var range: SourceRange

  public init(kind: Kind, id: String?, key: String, label: String, stageKey: String,
              range: SourceRange) {
    self.kind = kind
    self.id = id
    self.key = key
    self.label = label
    self.stageKey = stageKey
    self.range = range
  }
}

/// The medium of a touchpoint.
public enum Channel: Hashable, Sendable {
  case known(KnownChannel)
  /// Free text written in quotes, e.g. `channel "vending machine"`.
  case other(String)

  /// The text shown to people.
  public var label: String {
    switch self {
    case .known(let known): known.label
    case .other(let text): text
    }
  }
}

public enum KnownChannel: String, CaseIterable, Sendable {
  case web, phone, chat, email, inPerson = "in-person", print, social, ad, app

  public var label: String {
    switch self {
    case .inPerson: "in person"
    default: rawValue
    }
  }
}

/// Who takes a decision (seed 003's "handshakes").
public enum Decider: String, CaseIterable, Sendable {
  case customer, employee, system
}

/// A labelled way out of a step: `yes -> visit`.
public struct Branch: Sendable {
  public var label: String?
  /// A step id or a stage id (a stage means its first step).
  public var target: Reference
  public var range: SourceRange

  public init(label: String?, target: Reference, range: SourceRange) {
    self.label = label
    self.target = target
    self.range = range
  }
}

/// What a validation workshop recorded about an element.
public struct Workshop: Sendable {
  public var status: Evidence?
  public var notes: [String] = []
  public var questions: [String] = []

  public init() {}
}

/// How well an element is known.
public enum Evidence: String, CaseIterable, Sendable {
  /// Written down by the map's author; nobody has confirmed it yet.
  case assumed
  /// Seen in data or in the field.
  case observed
  /// Confirmed by front-line staff or customers.
  case validated
  /// Front-line staff or customers say it is not so.
  case disputed
  /// Added during a workshop.
  case proposed
}
