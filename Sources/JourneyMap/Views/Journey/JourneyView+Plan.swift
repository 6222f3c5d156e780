extension JourneyView {
  /// The node names of one column, derived from its step's key so SVG ids stay meaningful.
  struct Names {
    /// The step's key (made unique), or `empty-STAGE` for a stage with no steps.
    var key: String
    /// The column's node (and its SVG id).
    var node: String { "step-\(key)" }
    /// The id of the score point on the curve.
    var point: String { "feel-\(key)" }
  }

  /// One rank of the layout: a step, or a placeholder for a stage with no steps yet.
  struct Column {
    /// Position from the left, from 0.
    var index: Int
    var stageIndex: Int
    var step: Step?
    var names: Names
    /// The feeling drawn on the curve: front-stage steps only, the customer does not see
    /// backstage.
    var curveFeel: Int? {
      guard let step, !step.isBackstage, let feel = step.feel else { return nil }
      return min(max(feel, -2), 2)
    }
  }

  /// A run of stages drawn together: the stages of one phase, or a stage outside any phase.
  struct Group {
    var phase: (id: String, name: String)?
    var stages: [Int]
  }

  /// Where everything goes: the columns in file order and the stage and phase clusters.
  struct Plan {
    var journey: Journey
    var columns: [Column] = []
    var groups: [Group] = []
    var stageIDs: [String] = []
    /// Node name of each step's card, by step key (first step wins on duplicate keys).
    var cardName: [String: String] = [:]
    /// Column index by step key (first step wins on duplicate keys).
    var columnOf: [String: Int] = [:]
    /// The lane (a row above the cards) each forward edge that skips columns runs in, by
    /// edge index in the flow; dot would otherwise route some of them under the curve.
    var lanes: [Int: Int] = [:]
    var laneCount = 0
    /// The lanes an edge runs through, by column index, each with whether the edge is a loop
    /// (dashed): the column draws that piece of line itself.
    var busyLanes: [Int: [Int: Bool]] = [:]
    var backstageKeys: Set<String> = []
    /// The height every card is given, so that the cards' tops line up: the tallest card's.
    var cardHeight = 0
    /// The height of the annotation band above the line of visibility: the tallest front
    /// step's annotations, with a margin because it is an estimate.
    var annotationHeight = 0
    /// The height of every card's box (rows, badge, border), with a margin: each card is
    /// stretched to it, so the cards' tops and bottoms line up even when an estimate misses.
    var cardBoxHeight: Int { cardHeight + Cards.badgeHeight + 8 }
    /// The height below the line of visibility: the tallest backstage card with its
    /// annotations. Every column reserves it, so the stage boxes' bottoms line up.
    var backstageHeight = 0
    /// The height reserved for every stage's label and every phase's label, so the boxes of
    /// one row share their top: the tallest label's estimate.
    var stageLabelHeight = 0
    var phaseLabelHeight = 0
    var hasBackstage: Bool { !backstageKeys.isEmpty }

    /// Each step's answers: the flow edges that get a row (and a port) on its card, that is
    /// labelled branches and loops back, by step key, in branch order.
    var answers: [String: [Flow.Edge]] = [:]

    init(_ journey: Journey, flow: Flow) {
      self.journey = journey
      let backstage = Set(journey.steps.filter(\.isBackstage).map(\.key))
      for edge in flow.edges where edge.label != nil || edge.isLoop {
        // A backstage step serving an earlier one is not a loop the customer goes round.
        if edge.label == nil && backstage.contains(edge.from) { continue }
        answers[edge.from, default: []].append(edge)
      }
      var usedKeys: Set<String> = []
      // Keys are unique in a map without errors; a map with errors is still drawn safely.
      func unique(_ key: String) -> String {
        var candidate = key
        var n = 2
        while usedKeys.contains(candidate) {
          candidate = "\(key)-\(n)"
          n += 1
        }
        usedKeys.insert(candidate)
        return candidate
      }
      for (stageIndex, stage) in journey.stages.enumerated() {
        stageIDs.append("stage-" + (stage.id ?? "\(stageIndex + 1)"))
        if stage.steps.isEmpty {
          let key = unique("empty-" + (stage.id ?? "\(stageIndex + 1)"))
          columns.append(Column(index: columns.count, stageIndex: stageIndex, step: nil,
                                names: Names(key: key)))
          continue
        }
        for step in stage.steps {
          let names = Names(key: unique(step.key))
          if cardName[step.key] == nil {
            cardName[step.key] = names.node
            columnOf[step.key] = columns.count
          }
          if step.isBackstage { backstageKeys.insert(step.key) }
          cardHeight = max(cardHeight, Cards.cardRows(step, plan: self).height)
          if !step.isBackstage, let annotations = Cards.annotations(step) {
            annotationHeight = max(annotationHeight, annotations.height + 8)
          }
          columns.append(Column(index: columns.count, stageIndex: stageIndex, step: step,
                                names: names))
        }
      }
      for step in journey.steps where step.isBackstage {
        let annotations = Cards.annotations(step).map { 6 + $0.height } ?? 0
        backstageHeight = max(backstageHeight, cardBoxHeight + annotations + 4)
      }
      stageLabelHeight = journey.stages.map(Cards.stageLabelHeight).max() ?? 0
      groups = Self.group(journey)
      for group in groups {
        guard let phase = group.phase else { continue }
        phaseLabelHeight = max(phaseLabelHeight, Cards.phaseLabelHeight(phase.name))
      }
      assignLanes(flow)
    }

    func isBackstage(_ key: String) -> Bool { backstageKeys.contains(key) }

    /// Gives each front-stage edge that jumps over columns (forward, or back for a loop) a
    /// lane, greedily from the left, so that no two edges share a lane over the same column.
    private mutating func assignLanes(_ flow: Flow) {
      var spans: [(edge: Int, first: Int, last: Int, loop: Bool)] = []
      for (index, edge) in flow.edges.enumerated() {
        guard let i = columnOf[edge.from], let j = columnOf[edge.to],
          !isBackstage(edge.from), !isBackstage(edge.to)
        else { continue }
        if j > i + 1 { spans.append((index, i + 1, j - 1, false)) }
        if j < i - 1 { spans.append((index, j + 1, i - 1, true)) }
      }
      spans.sort { ($0.first, $0.last, $0.edge) < ($1.first, $1.last, $1.edge) }
      var laneEnds: [Int] = []
      for span in spans {
        let lane = laneEnds.firstIndex { $0 < span.first } ?? laneEnds.count
        if lane == laneEnds.count { laneEnds.append(span.last) } else { laneEnds[lane] = span.last }
        lanes[span.edge] = lane
        for column in span.first...span.last { busyLanes[column, default: [:]][lane] = span.loop }
      }
      laneCount = laneEnds.count
    }

    /// Stages in file order, with consecutive stages of one phase gathered in its cluster.
    /// A stage named by two phases belongs to the first; a phase whose stages are not
    /// consecutive is drawn around each run of them.
    private static func group(_ journey: Journey) -> [Group] {
      var phaseOfStage: [String: Int] = [:]
      for (p, phase) in journey.phases.enumerated() {
        for reference in phase.stages where phaseOfStage[reference.name] == nil {
          phaseOfStage[reference.name] = p
        }
      }
      var groups: [Group] = []
      var runs: [Int: Int] = [:]
      var lastPhase: Int?
      for (index, stage) in journey.stages.enumerated() {
        guard let id = stage.id, let p = phaseOfStage[id] else {
          groups.append(Group(phase: nil, stages: [index]))
          lastPhase = nil
          continue
        }
        if p == lastPhase, var last = groups.popLast() {
          last.stages.append(index)
          groups.append(last)
        } else {
          let run = runs[p, default: 0] + 1
          runs[p] = run
          let id = "phase-\(p + 1)" + (run > 1 ? "-\(run)" : "")
          groups.append(Group(phase: (id, journey.phases[p].name), stages: [index]))
        }
        lastPhase = p
      }
      return groups
    }
  }
}
