/// The front door of the library: bytes of a `.journey` file in, model and diagnostics out.
///
/// Data flows decode → lex → parse (Language/) → resolve names and flow (here). Each rule
/// below declares its wording in `Messages`, beside the code that emits it.
public enum JourneyChecker {
  enum Messages {
    static let emptyMap = "the map is empty"
    static let emptyMapHint = "start with a line such as: journey \"Getting help\""
    static func duplicateId(_ id: String) -> String { "duplicate id '\(id)'" }
    static func duplicateOwner(_ id: String) -> String { "duplicate owner '\(id)'" }
    static func duplicatePersona(_ id: String) -> String { "duplicate persona '\(id)'" }
    static func firstDeclared(line: Int) -> String { "first declared at line \(line)" }
    static func unknownOwner(_ id: String) -> String { "unknown owner '\(id)'" }
    static func declareOwner(_ id: String) -> String {
      "declare it with a line such as: owner \(id) \"Team name\""
    }
    static func unknownTarget(_ id: String) -> String { "unknown branch target '\(id)'" }
    static let targetHint = "a branch goes to the id of a step or of a stage"
    static func tooFewBranches(_ name: String, _ count: Int) -> String {
      "decision '\(name)' has \(count) branch\(count == 1 ? "" : "es"); it needs two or more"
    }
    static let branchExample = "write one per answer below it, as in: yes -> visit"
    static func noOwner(_ name: String) -> String { "touchpoint '\(name)' has no owner" }
    static let noOwnerHint = "add: owner <id>"
    static func unreachable(_ kind: Step.Kind, _ name: String) -> String {
      "\(kind.rawValue) '\(name)' cannot be reached from the start"
    }
    static let unreachableHint =
      "a step after a decision or an outcome needs a branch that leads to it"
    static func emptyStage(_ name: String) -> String { "stage '\(name)' has no steps" }
    static func unknownStage(_ id: String) -> String { "unknown stage '\(id)'" }
    static func notAStage(_ id: String) -> String { "'\(id)' is a step, not a stage" }
    static func phaseGap(_ phase: String) -> String {
      "the stages of phase '\(phase)' are not consecutive"
    }
    static func phaseGapHint(_ stage: String) -> String {
      "stage '\(stage)' lies between them"
    }
    static func noDecider(_ name: String) -> String {
      "decision '\(name)' does not say who decides"
    }
    static let deciderHint = "add: by customer, by employee or by system"
  }

  /// Parses and checks `bytes` (the contents of `file`). Never fails: every problem,
  /// including invalid UTF-8, comes back as a diagnostic.
  public static func check(_ bytes: [UInt8], file: String) -> CheckedJourney {
    let source = SourceLines(bytes)
    let parsed = Parser.parse(source, file: file)
    let journey = parsed.journey
    let flow = Flow(journey)
    var rules = Rules(journey: journey, orphans: parsed.orphans)
    var diagnostics = source.diagnostics + parsed.diagnostics
    if parsed.isEmpty, diagnostics.isEmpty {
      rules.warning(Messages.emptyMap, SourceRange(line: 1, column: 1), [Messages.emptyMapHint])
    }
    rules.checkIds()
    rules.checkOwners()
    rules.checkBranches()
    rules.checkSteps(flow)
    rules.checkStages()
    rules.checkPhases()
    diagnostics += rules.diagnostics
    // Sort by position, errors first at the same place, then in the order found (stable).
    let sorted = diagnostics.enumerated().sorted { a, b in
      if a.element.range.start != b.element.range.start {
        return a.element.range.start < b.element.range.start
      }
      if a.element.severity != b.element.severity { return a.element.severity == .error }
      return a.offset < b.offset
    }.map(\.element)
    return CheckedJourney(journey: journey, flow: flow, diagnostics: sorted)
  }

  /// The rules that need the whole file: names, flow, stages and phases.
  private struct Rules {
    let journey: Journey
    let orphans: [Step]
    var diagnostics: [Diagnostic] = []
    var suggestions = Suggestions()
    /// Step and stage ids share one namespace, in declaration order.
    let targetIds: [String]
    let targetSet: Set<String>
    let ownerIds: [String]
    let ownerSet: Set<String>

    init(journey: Journey, orphans: [Step]) {
      self.journey = journey
      self.orphans = orphans
      var declared: [(String, SourceRange)] = journey.stages.compactMap { s in
        s.id.map { ($0, s.range) }
      }
      declared += (journey.steps + orphans).compactMap { s in s.id.map { ($0, s.range) } }
      declared.sort { $0.1 < $1.1 }
      targetIds = declared.map(\.0)
      targetSet = Set(targetIds)
      ownerIds = journey.owners.map(\.id)
      ownerSet = Set(ownerIds)
    }

    mutating func error(_ message: String, _ range: SourceRange, _ hints: [String] = []) {
      diagnostics.append(Diagnostic(.error, message, at: range, hints: hints))
    }

    mutating func warning(_ message: String, _ range: SourceRange, _ hints: [String] = []) {
      diagnostics.append(Diagnostic(.warning, message, at: range, hints: hints))
    }

    /// Every id declared twice in its namespace, pointing at the second with the first's line.
    mutating func checkIds() {
      var named: [(id: String, range: SourceRange)] = journey.stages.compactMap { s in
        s.id.map { ($0, s.range) }
      }
      named += (journey.steps + orphans).compactMap { s in s.id.map { ($0, s.range) } }
      named.sort { $0.range < $1.range }
      reportDuplicates(named, Messages.duplicateId)
      reportDuplicates(journey.owners.filter { !$0.id.isEmpty }.map { ($0.id, $0.range) },
                       Messages.duplicateOwner)
      reportDuplicates(journey.personas.compactMap { p in p.id.map { ($0, p.range) } },
                       Messages.duplicatePersona)
    }

    private mutating func reportDuplicates(_ named: [(id: String, range: SourceRange)],
                                           _ message: (String) -> String) {
      var first: [String: Int] = [:]
      for (id, range) in named {
        if let line = first[id] {
          error(message(id), range, [Messages.firstDeclared(line: line)])
        } else {
          first[id] = range.start.line
        }
      }
    }

    mutating func checkOwners() {
      for step in journey.steps + orphans {
        for owner in step.owners where !ownerSet.contains(owner.name) {
          var hints = suggestions.hints(for: owner.name, in: ownerIds)
          if ownerIds.isEmpty { hints = [Messages.declareOwner(owner.name)] }
          error(Messages.unknownOwner(owner.name), owner.range, hints)
        }
      }
    }

    mutating func checkBranches() {
      for step in journey.steps + orphans {
        for branch in step.branches where !targetSet.contains(branch.target.name) {
          var hints = suggestions.hints(for: branch.target.name, in: targetIds)
          if hints.isEmpty { hints = [Messages.targetHint] }
          error(Messages.unknownTarget(branch.target.name), branch.target.range, hints)
        }
      }
    }

    mutating func checkSteps(_ flow: Flow) {
      let reachable = Set(flow.reachable)
      for step in journey.steps {
        let name = step.id ?? step.label
        switch step.kind {
        case .decision:
          if step.branches.count < 2 {
            error(Messages.tooFewBranches(name, step.branches.count), step.range,
                  [Messages.branchExample])
          }
          if step.decider == nil { warning(Messages.noDecider(name), step.range,
                                           [Messages.deciderHint]) }
        case .touchpoint:
          if step.owners.isEmpty {
            warning(Messages.noOwner(name), step.range, [Messages.noOwnerHint])
          }
        case .outcome:
          break
        }
        if !step.isBackstage, !reachable.contains(step.key) {
          warning(Messages.unreachable(step.kind, name), step.range, [Messages.unreachableHint])
        }
      }
    }

    mutating func checkStages() {
      for stage in journey.stages where stage.steps.isEmpty {
        warning(Messages.emptyStage(stage.id ?? stage.label), stage.range)
      }
    }

    mutating func checkPhases() {
      var stageIndex: [String: Int] = [:]
      for (i, stage) in journey.stages.enumerated() {
        if let id = stage.id, stageIndex[id] == nil { stageIndex[id] = i }
      }
      let stageIds = journey.stages.compactMap(\.id)
      let stepIds = Set((journey.steps + orphans).compactMap(\.id))
      for phase in journey.phases {
        var indices: [Int] = []
        for ref in phase.stages {
          if let i = stageIndex[ref.name] {
            indices.append(i)
          } else if stepIds.contains(ref.name) {
            warning(Messages.notAStage(ref.name), ref.range)
          } else {
            warning(Messages.unknownStage(ref.name), ref.range,
                    suggestions.hints(for: ref.name, in: stageIds))
          }
        }
        let present = Set(indices)
        guard let low = present.min(), let high = present.max(),
          let gap = (low...high).first(where: { !present.contains($0) })
        else { continue }
        let stage = journey.stages[gap]
        warning(Messages.phaseGap(phase.name), phase.range,
                [Messages.phaseGapHint(stage.id ?? stage.label)])
      }
    }
  }
}
