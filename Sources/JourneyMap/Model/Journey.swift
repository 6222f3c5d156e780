/// A whole `.journey` file: the customer's journey and everything around it.
///
/// The parser fills it in source order and never drops an element because another one is
/// wrong, so views can still be drawn from a map that has warnings.
public struct Journey: Sendable {
  /// The name of the file, as given by the caller; used in diagnostics.
  public var file: String
  public var title: String?
  public var descriptions: [String] = []
  public var personas: [Persona] = []
  public var owners: [Owner] = []
  public var phases: [Phase] = []
  public var stages: [Stage] = []
  /// Who validated the map and when, in file order (the last one counts; see `SignOff`).
  public var signOffs: [SignOff] = []

  public init(file: String) {
    self.file = file
  }

  /// Every step of every stage, in source order.
  public var steps: [Step] { stages.flatMap(\.steps) }

  /// The owner declared with `id`, if any.
  public func owner(_ id: String) -> Owner? { owners.first { $0.id == id } }

  /// The stage declared with `id`, if any.
  public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
}

/// Someone the journey is told for, with what they want out of it.
public struct Persona: Sendable {
  public var id: String?
  public var name: String
  public var goals: [String] = []
  public var descriptions: [String] = []
  public var range: SourceRange

  public init(id: String?, name: String, range: SourceRange) {
    self.id = id
    self.name = name
    self.range = range
  }
}

/// A functional area, team or outside actor that controls touchpoints.
public struct Owner: Sendable {
  public var id: String
  public var name: String
  /// A distributor, partner or other actor outside the organisation.
  public var isExternal = false
  public var color: OwnerColor?
  public var range: SourceRange

  public init(id: String, name: String, range: SourceRange) {
    self.id = id
    self.name = name
    self.range = range
  }
}

/// A colour for an owner: a name from the colour-blind safe palette, or a `#RRGGBB` value.
public enum OwnerColor: Hashable, Sendable {
  case named(PaletteColor)
  case hex(String)
}

/// The Okabe–Ito palette, safe for the common forms of colour blindness.
public enum PaletteColor: String, CaseIterable, Sendable {
  case orange, sky, green, yellow, blue, vermilion, purple, grey

  /// The colour as `#RRGGBB`.
  public var hex: String {
    switch self {
    case .orange: "#E69F00"
    case .sky: "#56B4E9"
    case .green: "#009E73"
    case .yellow: "#F0E442"
    case .blue: "#0072B2"
    case .vermilion: "#D55E00"
    case .purple: "#CC79A7"
    case .grey: "#999999"
    }
  }
}

/// An internal engagement phase (Marketing, Sales, Service operations) over consecutive stages.
public struct Phase: Sendable {
  public var name: String
  public var stages: [Reference]
  public var range: SourceRange

  public init(name: String, stages: [Reference], range: SourceRange) {
    self.name = name
    self.stages = stages
    self.range = range
  }
}

/// A lifecycle stage as the customer sees it, holding its steps in order.
public struct Stage: Sendable {
  public var id: String?
  public var label: String
  public var steps: [Step] = []
  /// Measures for the whole stage: `metric "Drop-off 35 %"`.
  public var metrics: [String] = []
  public var workshop = Workshop()
  public var range: SourceRange

  public init(id: String?, label: String, range: SourceRange) {
    self.id = id
    self.label = label
    self.range = range
  }
}
