/// The statements a line can start with.
enum ElementKind: String, CaseIterable, Sendable {
  case journey, persona, owner, phase, stage, touchpoint, decision, outcome
  /// `sign-off "Name" date "YYYY-MM-DD" hash "…"`: the map was validated (Workshop/SignOff).
  case signOff = "sign-off"

  /// The kind with its article, for messages: "a touchpoint", "an owner".
  var withArticle: String {
    switch self {
    case .owner, .outcome: "an \(rawValue)"
    default: "a \(rawValue)"
    }
  }

  /// Whether an id may follow the keyword (an owner must have one).
  var takesId: Bool { self != .journey && self != .phase && self != .signOff }
}

/// The attributes of the README's table: what value each takes and where it applies.
enum Attribute: String, CaseIterable, Sendable {
  case description, goal, external, `internal`, color, owner, channel, feel, pain, opportunity
  case metric, tool, backstage, by, status, note, question
  /// A sign-off's date and the hash of the map it signed.
  case date, hash

  enum Value {
    case none, label, ownerIds, color, channel, number, decider, evidence
  }

  var value: Value {
    switch self {
    case .external, .internal, .backstage: .none
    case .description, .goal, .pain, .opportunity, .metric, .tool, .note, .question, .date, .hash:
      .label
    case .color: .color
    case .owner: .ownerIds
    case .channel: .channel
    case .feel: .number
    case .by: .decider
    case .status: .evidence
    }
  }

  var appliesTo: [ElementKind] {
    switch self {
    case .description: [.journey, .persona]
    case .goal: [.persona]
    case .external, .internal, .color: [.owner]
    case .owner, .tool: [.touchpoint, .decision]
    case .channel, .pain, .opportunity, .backstage: [.touchpoint]
    case .feel: [.touchpoint, .outcome]
    case .by: [.decision]
    case .metric, .status, .question: [.stage, .touchpoint, .decision, .outcome]
    case .note: [.stage, .touchpoint, .decision, .outcome, .signOff]
    case .date, .hash: [.signOff]
    }
  }

  /// Attributes that may be repeated; the others may appear once per element.
  var isMany: Bool {
    switch self {
    case .description, .goal, .owner, .pain, .opportunity, .metric, .tool, .note, .question:
      true
    default: false
    }
  }

  /// Attributes that set the same thing share a slot: `external` then `internal` is a repeat.
  var slot: Attribute { self == .internal ? .external : self }

  /// What a value must look like, after "expected ".
  var expectation: String {
    switch value {
    case .none: ""
    case .label: "a label in quotes"
    case .ownerIds: "owner ids separated by commas"
    case .color:
      "one of: \(PaletteColor.allCases.map(\.rawValue).joined(separator: ", ")), "
        + "or a quoted \"#RRGGBB\""
    case .channel:
      "one of: \(KnownChannel.allCases.map(\.rawValue).joined(separator: ", ")), "
        + "or any text in quotes"
    case .number: "a whole number from -2 to +2"
    case .decider: "one of: \(Decider.allCases.map(\.rawValue).joined(separator: ", "))"
    case .evidence: "one of: \(Evidence.allCases.map(\.rawValue).joined(separator: ", "))"
    }
  }

  /// The words a value may be, for "did you mean" hints.
  var choices: [String] {
    switch value {
    case .color: PaletteColor.allCases.map(\.rawValue)
    case .channel: KnownChannel.allCases.map(\.rawValue)
    case .decider: Decider.allCases.map(\.rawValue)
    case .evidence: Evidence.allCases.map(\.rawValue)
    default: []
    }
  }
}
