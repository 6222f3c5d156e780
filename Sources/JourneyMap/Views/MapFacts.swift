/// What the pictures say about a map in more than one place, each fact computed once: the
/// title, the phases as drawn, the hand-offs and the steps with no owner. Every view, medium,
/// `<desc>` and summary reads them from here, so no two can disagree.
public struct MapFacts: Sendable {
  /// The map's title, or its file name without `.journey` when it has no `journey` line.
  public var title: String
  /// Each run of consecutive stages of one phase, as drawn (a phase over stages that are not
  /// consecutive is drawn around each run).
  public var phaseRuns: [(id: String, name: String, stages: Range<Int>)]
  /// Every hand-off between owners, in flow order (H1 first): the flow edge's index.
  public var handoffEdges: [Int]
  /// The hand-offs themselves, with the owner pairs each crosses.
  var handoffs: Handoffs
  /// Who answers for each step, in `journey.steps` order (the silo diagram's lanes).
  var parties: [SiloParty]
  /// Flows to or from a backstage step: drawn, and counted apart from the hand-offs.
  public var backstageFlows: Int
  /// The hand-offs into each step, by step key: the number (1 for H1) and the owners the
  /// customer comes from ("No owner" for none), as both views write them.
  public var handoffsInto: [String: [(number: Int, from: [String])]] = [:]
  /// Keys of the steps no owner answers for (outcomes and customer decisions excepted).
  public var unownedKeys: [String]
  /// The lowest feeling on the customer's path and the step that has it.
  public var lowest: (feel: Int, label: String)?

  public init(_ checked: CheckedJourney) {
    let journey = checked.journey
    let steps = checked.steps
    title = Self.title(journey)
    phaseRuns = Self.runs(journey)
    let parties = SiloParty.of(journey, steps: steps)
    self.parties = parties
    let handoffs = Handoffs(parties: parties, keys: steps.map(\.key),
                            backstage: steps.map(\.isBackstage), flow: checked.flow)
    self.handoffs = handoffs
    handoffEdges = handoffs.all.map(\.edge)
    var backstage: [String: Bool] = [:]
    for step in steps where backstage[step.key] == nil {
      backstage[step.key] = step.isBackstage
    }
    backstageFlows = checked.flow.edges.filter { edge in
      guard let a = backstage[edge.from], let b = backstage[edge.to] else { return false }
      return a || b
    }.count
    for handoff in handoffs.all {
      let edge = checked.flow.edges[handoff.edge]
      var from: [String] = []
      for pair in handoff.pairs {
        let names = pair.from.isEmpty ? ["No owner"] : pair.from.map { journey.owners[$0].name }
        for name in names where !from.contains(name) { from.append(name) }
      }
      handoffsInto[edge.to, default: []].append((handoff.number, from))
    }
    unownedKeys = steps.indices.filter { parties[$0] == .owners([]) }.map { steps[$0].key }
    let felt = steps.filter { !$0.isBackstage && $0.feel != nil }
    if let step = felt.min(by: { ($0.feel ?? 0) < ($1.feel ?? 0) }), let feel = step.feel {
      lowest = (feel, step.label)
    }
  }

  static func title(_ journey: Journey) -> String {
    if let title = journey.title, !title.isEmpty { return title }
    let name = journey.file.split(separator: "/").last.map(String.init) ?? journey.file
    return name.hasSuffix(".journey") ? String(name.dropLast(".journey".count)) : name
  }

  /// Stages in file order, consecutive stages of one phase gathered; a stage named by two
  /// phases belongs to the first.
  static func runs(_ journey: Journey) -> [(id: String, name: String, stages: Range<Int>)] {
    var phaseOfStage: [String: Int] = [:]
    for (p, phase) in journey.phases.enumerated() {
      for reference in phase.stages where phaseOfStage[reference.name] == nil {
        phaseOfStage[reference.name] = p
      }
    }
    var runs: [(id: String, name: String, stages: Range<Int>)] = []
    var count: [Int: Int] = [:]
    var current: (phase: Int, start: Int)?
    func close(at end: Int) {
      guard let (p, start) = current else { return }
      let run = count[p, default: 0] + 1
      count[p] = run
      runs.append(("phase-\(p + 1)" + (run > 1 ? "-\(run)" : ""), journey.phases[p].name,
                   start..<end))
      current = nil
    }
    for (index, stage) in journey.stages.enumerated() {
      let p = stage.id.flatMap { phaseOfStage[$0] }
      if let current, current.phase == p { continue }
      close(at: index)
      if let p { current = (p, index) }
    }
    close(at: journey.stages.count)
    return runs
  }

  /// "3 steps", "1 step".
  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
