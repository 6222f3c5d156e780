extension JourneyView {
  /// The node names of one column, derived from its step's key so SVG ids stay meaningful.
  struct Names {
    /// The step's key (made unique), or `empty-STAGE` for a stage with no steps.
    var key: String
    var card: String { "step-\(key)" }
    var extras: String { "extras-\(key)" }
    var notes: String { "notes-\(key)" }
    var curve: String { "feel-\(key)" }
  }

  /// One rank of the layout: a step, or a placeholder for a stage with no steps yet.
  struct Column {
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
    var backstageKeys: Set<String> = []
    var hasBackstage: Bool { !backstageKeys.isEmpty }

    init(_ journey: Journey) {
      self.journey = journey
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
          columns.append(Column(stageIndex: stageIndex, step: nil, names: Names(key: key)))
          continue
        }
        for step in stage.steps {
          let names = Names(key: unique(step.key))
          if cardName[step.key] == nil { cardName[step.key] = names.card }
          if step.isBackstage { backstageKeys.insert(step.key) }
          columns.append(Column(stageIndex: stageIndex, step: step, names: names))
        }
      }
      groups = Self.group(journey)
    }

    func isBackstage(_ key: String) -> Bool { backstageKeys.contains(key) }

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
