/// What a validation workshop must resolve, per stage in flow order (`journeymap report`):
/// open questions, disputed and assumed elements, proposed steps, ownership gaps, pains
/// without an opportunity, what is not measured, decisions nobody decides, the hand-offs, and
/// how much of each stage is confirmed (validated or observed).
///
/// A value built from the checked map; `AgendaFormat` writes it as Markdown, HTML or JSON.
public struct Agenda: Sendable {
  /// What an item asks the room to resolve. The raw values are the JSON's `kind`.
  public enum Kind: String, CaseIterable, Sendable {
    case question, disputed, assumed, proposed
    case noOwner = "no-owner"
    case severalOwners = "several-owners"
    case painWithoutOpportunity = "pain-without-opportunity"
    case noMeasurement = "no-measurement"
    case noDecider = "no-decider"
    case handoff

    /// The heading of the item's group, in the order they are listed.
    public var heading: String {
      switch self {
      case .question: "Open questions"
      case .disputed: "Disputed"
      case .assumed: "Assumed, not yet confirmed"
      case .proposed: "Proposed in a workshop"
      case .noOwner: "No owner"
      case .severalOwners: "Several owners"
      case .painWithoutOpportunity: "Pains without an opportunity"
      case .noMeasurement: "Not measured"
      case .noDecider: "Decisions nobody decides"
      case .handoff: "Hand-offs between owners"
      }
    }
  }

  /// One thing to resolve: about the stage itself (`step` nil) or one of its steps.
  public struct Item: Sendable, Equatable {
    public var kind: Kind
    /// The step's key (its id, or the key derived from its stage and label), nil for the stage.
    public var step: String?
    /// The step's or stage's label.
    public var subject: String
    /// What to resolve: the question, the pain, the owners…; empty when the kind says it all.
    public var text: String
    /// 1-based line of the element in the map, for the facilitator's editor.
    public var line: Int
  }

  /// Validated or observed elements against all of them.
  public struct Coverage: Sendable, Equatable {
    public var confirmed: Int
    public var total: Int
    /// The share confirmed from 0 to 1; nil when there is nothing to confirm.
    public var share: Double? { total == 0 ? nil : Double(confirmed) / Double(total) }
    /// "3 of 5 (60 %)", or "nothing to confirm".
    public var text: String {
      guard let share else { return "nothing to confirm" }
      return "\(confirmed) of \(total) (\(Int((share * 100).rounded())) %)"
    }
  }

  public struct StageAgenda: Sendable {
    /// The stage's id, or its 1-based position as digits (as steps' `stageKey`).
    public var key: String
    public var label: String
    public var items: [Item]
    /// The stage and its steps.
    public var coverage: Coverage
  }

  public var title: String
  public var file: String
  public var stages: [StageAgenda]
  /// Every stage and step of the map.
  public var coverage: Coverage
  public var signOff: SignOffState

  public init(_ checked: CheckedJourney) {
    let journey = checked.journey
    let facts = MapFacts(checked)
    title = facts.title
    file = journey.file
    signOff = SignOffState(journey)
    let unowned = Set(facts.unownedKeys)
    var all = Coverage(confirmed: 0, total: 0)
    var stages: [StageAgenda] = []
    for (index, stage) in journey.stages.enumerated() {
      var items: [Item] = []
      let line = stage.range.start.line
      func add(_ kind: Kind, _ text: String = "") {
        items.append(Item(kind: kind, step: nil, subject: stage.label, text: text, line: line))
      }
      for question in stage.workshop.questions { add(.question, question) }
      Self.addStatus(stage.workshop.status, add)
      let measured = !stage.metrics.isEmpty || stage.steps.contains { !$0.metrics.isEmpty }
      if !measured { add(.noMeasurement) }
      var coverage = Coverage(confirmed: Self.confirms(stage.workshop.status) ? 1 : 0, total: 1)
      for step in stage.steps {
        let line = step.range.start.line
        func add(_ kind: Kind, _ text: String = "") {
          items.append(Item(kind: kind, step: step.key, subject: step.label, text: text,
                            line: line))
        }
        for question in step.workshop.questions { add(.question, question) }
        Self.addStatus(step.workshop.status, add)
        if unowned.contains(step.key), step.kind == .touchpoint { add(.noOwner) }
        let owners = Self.names(step.owners, journey)
        if owners.count > 1 { add(.severalOwners, owners.joined(separator: ", ")) }
        if step.opportunities.isEmpty {
          for pain in step.pains { add(.painWithoutOpportunity, pain) }
        }
        if step.kind == .touchpoint, !step.isBackstage, step.metrics.isEmpty, measured {
          add(.noMeasurement)
        }
        if step.kind == .decision, step.decider == nil { add(.noDecider) }
        for handoff in facts.handoffsInto[step.key] ?? [] {
          add(.handoff, "H\(handoff.number) from " + handoff.from.joined(separator: ", "))
        }
        coverage.total += 1
        if Self.confirms(step.workshop.status) { coverage.confirmed += 1 }
      }
      // Grouped by kind in the order of `Kind`, each group in line order.
      let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
      items = items.enumerated().sorted { a, b in
        let (x, y) = (order[a.element.kind] ?? 0, order[b.element.kind] ?? 0)
        return x != y ? x < y : a.offset < b.offset
      }.map(\.element)
      all.confirmed += coverage.confirmed
      all.total += coverage.total
      stages.append(StageAgenda(key: stage.id ?? String(index + 1), label: stage.label,
                                items: items, coverage: coverage))
    }
    self.stages = stages
    coverage = all
  }

  /// Every item, stage after stage.
  public var items: [Item] { stages.flatMap(\.items) }

  private static func addStatus(_ status: Evidence?, _ add: (Kind, String) -> Void) {
    switch status {
    case .disputed?: add(.disputed, "")
    case .assumed?: add(.assumed, "")
    case .proposed?: add(.proposed, "")
    default: break
    }
  }

  static func confirms(_ status: Evidence?) -> Bool { status == .validated || status == .observed }

  /// The owners' names (the id when it names no owner), each once.
  private static func names(_ owners: [Reference], _ journey: Journey) -> [String] {
    var names: [String] = []
    for owner in owners {
      let name = journey.owner(owner.name)?.name ?? owner.name
      if !names.contains(name) { names.append(name) }
    }
    return names
  }
}

extension Agenda {
  /// For `FuzzEntry`: the agenda in every format, a sign-off, and every kind of capture on the
  /// first stage and step; a capture must never give the map an error.
  static func fuzz(_ bytes: [UInt8], _ checked: CheckedJourney) -> Int {
    var produced = 0
    let agenda = Agenda(checked)
    for format in AgendaFormat.allCases { produced += format.text([agenda]).utf8.count }
    produced += (try? SignOff.signed(bytes, file: "fuzz.journey", by: "F", date: "2026-12-01")
      .get().count) ?? 0
    var targets: [Capture.Target] = []
    if let step = checked.journey.steps.first { targets.append(.step(step.key)) }
    if !checked.journey.stages.isEmpty { targets.append(.stage("1")) }
    let captures: [Capture] = [.status(.validated), .add(.note, "n \" \\ x"), .add(.pain, "p"),
                               .propose("New \u{1F600}")]
    for target in targets {
      for capture in captures {
        guard case .success(let edited) = capture.apply(to: target, in: bytes, file: "f")
        else { continue }
        precondition(!JourneyChecker.check(edited, file: "f").hasErrors, "a capture broke the map")
        produced += edited.count
      }
    }
    return produced
  }
}
