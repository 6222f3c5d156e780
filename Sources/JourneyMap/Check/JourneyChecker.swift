#if canImport(Glibc)
  import Glibc
#endif

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
    static func fallsIntoOutcome(_ kind: Step.Kind, _ name: String, _ outcome: String)
      -> String
    {
      "\(kind.rawValue) '\(name)' runs into outcome '\(outcome)' by line order"
    }
    static func fallsIntoOutcomeHint(_ outcome: String) -> String {
      "another step branches to '\(outcome)'; write '-> \(outcome)' here if this one leads there "
        + "too, or give it a branch to where it goes"
    }
    static func stageListedTwice(_ stage: String, _ phase: String) -> String {
      "stage '\(stage)' is listed twice in phase '\(phase)'"
    }
    static func stageInTwoPhases(_ stage: String, _ phase: String) -> String {
      "stage '\(stage)' is already in phase '\(phase)'"
    }
    static func branchToEmptyStage(_ stage: String) -> String {
      "branch to stage '\(stage)', which has no steps"
    }
    static let branchToEmptyStageHint =
      "the branch is not drawn until the stage has a step; add one, or point the branch at a step"
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
    static func similarColors(_ owner: String, _ other: String) -> String {
      "the colour of owner '\(owner)' looks like the colour of '\(other)'"
    }
    static let similarColorsHint = "choose a colour apart, such as: orange, sky, green, yellow, "
      + "blue, vermilion, purple, grey; the lanes and chips would be told apart by their names only"
  }

  /// Parses and checks `bytes` (the contents of `file`). Never fails: every problem,
  /// including invalid UTF-8, comes back as a diagnostic.
  public static func check(_ bytes: [UInt8], file: String) -> CheckedJourney {
    let source = SourceLines(bytes)
    return check(source, Parser.parse(source, file: file))
  }

  /// Checks a file already parsed with `parse(_:file:)`; the same result as from its bytes.
  public static func check(_ tree: SyntaxTree) -> CheckedJourney {
    check(tree.source, tree.parsed)
  }

  private static func check(_ source: SourceLines, _ parsed: Parser.Result) -> CheckedJourney {
    let journey = parsed.journey
    let flow = Flow(journey)
    var rules = Rules(journey: journey, orphans: parsed.orphans,
                      brokenLines: parsed.brokenLines)
    var diagnostics = source.diagnostics + parsed.diagnostics
    if parsed.isEmpty, diagnostics.isEmpty {
      rules.warning(.emptyMap, Messages.emptyMap, SourceRange(line: 1, column: 1), [Messages.emptyMapHint])
    }
    rules.checkIds()
    rules.checkOwners()
    rules.checkColors()
    rules.checkBranches()
    rules.checkSteps(flow)
    rules.checkStages()
    rules.checkPhases()
    diagnostics += rules.diagnostics + SignOffCheck.diagnostics(journey)
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
    /// The ids of steps alone (a phase or an empty-stage branch must tell them from stages).
    let stepIds: Set<String>
    let ownerIds: [String]
    let ownerSet: Set<String>

    let brokenLines: Set<Int>

    init(journey: Journey, orphans: [Step], brokenLines: Set<Int>) {
      self.journey = journey
      self.orphans = orphans
      self.brokenLines = brokenLines
      targetIds = Self.namedTargets(journey, orphans).map(\.id)
      targetSet = Set(targetIds)
      stepIds = Set(journey.steps.compactMap(\.id) + orphans.compactMap(\.id))
      ownerIds = journey.owners.map(\.id)
      ownerSet = Set(ownerIds)
    }

    /// Stage and step ids with where they are declared, in source order.
    static func namedTargets(_ journey: Journey,
                             _ orphans: [Step]) -> [(id: String, range: SourceRange)] {
      var named: [(id: String, range: SourceRange)] = []
      for stage in journey.stages.indices {
        if let id = journey.stages[stage].id { named.append((id, journey.stages[stage].range)) }
        for j in journey.stages[stage].steps.indices {
          if let id = journey.stages[stage].steps[j].id {
            named.append((id, journey.stages[stage].steps[j].range))
          }
        }
      }
      for o in orphans.indices {
        if let id = orphans[o].id { named.append((id, orphans[o].range)) }
      }
      named.sort { $0.range < $1.range }
      return named
    }

    /// Calls `body` with every step, orphans last, without copying the steps.
    func forEachStep(_ body: (borrowing Step) -> Void) {
      for s in journey.stages.indices {
        for j in journey.stages[s].steps.indices { body(journey.stages[s].steps[j]) }
      }
      for o in orphans.indices { body(orphans[o]) }
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ range: SourceRange,
                        _ hints: [String] = []) {
      diagnostics.append(Diagnostic(.error, code, message, at: range, hints: hints))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, _ range: SourceRange,
                          _ hints: [String] = []) {
      diagnostics.append(Diagnostic(.warning, code, message, at: range, hints: hints))
    }

    /// Every id declared twice in its namespace, pointing at the second with the first's line.
    mutating func checkIds() {
      reportDuplicates(Self.namedTargets(journey, orphans), .duplicateId, Messages.duplicateId)
      reportDuplicates(journey.owners.filter { !$0.id.isEmpty }.map { ($0.id, $0.range) },
                       .duplicateOwner, Messages.duplicateOwner)
      reportDuplicates(journey.personas.compactMap { p in p.id.map { ($0, p.range) } },
                       .duplicatePersona, Messages.duplicatePersona)
    }

    private mutating func reportDuplicates(_ named: [(id: String, range: SourceRange)],
                                           _ code: DiagnosticCode,
                                           _ message: (String) -> String) {
      var first: [String: Int] = [:]
      for (id, range) in named {
        if let line = first[id] {
          error(code, message(id), range, [Messages.firstDeclared(line: line)])
        } else {
          first[id] = range.start.line
        }
      }
    }

    /// Two declared owner colours that a reader would take for one (CIE76 distance under 12 in
    /// Lab, about the difference between two shades of one colour).
    mutating func checkColors() {
      var seen: [(id: String, lab: (Double, Double, Double))] = []
      for owner in journey.owners {
        let hex: String
        switch owner.color {
        case .named(let named)?: hex = named.hex
        case .hex(let value)?: hex = value
        case nil: continue
        }
        guard let lab = Self.lab(hex) else { continue }
        if let other = seen.first(where: { Self.distance($0.lab, lab) < 12 }) {
          warning(.similarColors, Messages.similarColors(owner.id, other.id), owner.range,
                  [Messages.similarColorsHint])
        }
        seen.append((owner.id, lab))
      }
    }

    /// `#RRGGBB` in CIE Lab (D65).
    static func lab(_ hex: String) -> (Double, Double, Double)? {
      let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
      guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
      func linear(_ c: Int) -> Double {
        let v = Double(c) / 255
        return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
      }
      let (r, g, b) = (linear(value >> 16 & 255), linear(value >> 8 & 255), linear(value & 255))
      let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
      let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
      let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
      func f(_ t: Double) -> Double { t > 0.008856 ? pow(t, 1.0 / 3) : 7.787 * t + 16.0 / 116 }
      return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    static func distance(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
      let (d0, d1, d2) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
      return (d0 * d0 + d1 * d1 + d2 * d2).squareRoot()
    }

    mutating func checkOwners() {
      var unknown: [Reference] = []
      forEachStep { step in
        for owner in step.owners where !ownerSet.contains(owner.name) { unknown.append(owner) }
      }
      let names = Suggestions.Names(unknown.isEmpty ? [] : ownerIds)
      for owner in unknown {
        var hints = suggestions.hints(for: owner.name, in: names)
        if ownerIds.isEmpty { hints = [Messages.declareOwner(owner.name)] }
        error(.unknownOwner, Messages.unknownOwner(owner.name), owner.range, hints)
      }
    }

    mutating func checkBranches() {
      var unknown: [Reference] = []
      forEachStep { step in
        for branch in step.branches where !targetSet.contains(branch.target.name) {
          unknown.append(branch.target)
        }
      }
      let names = Suggestions.Names(unknown.isEmpty ? [] : targetIds)
      for target in unknown {
        var hints = suggestions.hints(for: target.name, in: names)
        if hints.isEmpty { hints = [Messages.targetHint] }
        error(.unknownTarget, Messages.unknownTarget(target.name), target.range, hints)
      }
      let emptyStages = Set(journey.stages.filter(\.steps.isEmpty).compactMap(\.id))
      forEachStep { step in
        for branch in step.branches
        where emptyStages.contains(branch.target.name) && !stepIds.contains(branch.target.name) {
          warning(.branchToEmptyStage, Messages.branchToEmptyStage(branch.target.name), branch.target.range,
                  [Messages.branchToEmptyStageHint])
        }
      }
    }

    mutating func checkSteps(_ flow: Flow) {
      let reachable = Set(flow.reachable)
      var outcomeNames: [String: String] = [:]
      forEachStep { step in
        if step.kind == .outcome { outcomeNames[step.key] = step.id ?? step.label }
      }
      var branchedOutcomes: [String: String] = [:]
      var fallsInto: [String: [String]] = [:]  // step key → outcomes it reaches by line order
      for edge in flow.edges where edge.isExplicit {
        if let name = outcomeNames[edge.to] { branchedOutcomes[edge.to] = name }
      }
      for edge in flow.edges where !edge.isExplicit {
        if let name = branchedOutcomes[edge.to] { fallsInto[edge.from, default: []].append(name) }
      }
      var found: [Diagnostic] = []
      forEachStep { step in
        guard step.stageKey != "" else { return }  // orphans: already an error
        // A line with a syntax error may have lost the attribute a warning would ask for.
        let complete = !brokenLines.contains(step.range.start.line)
        let name = step.id ?? step.label
        switch step.kind {
        case .decision:
          if step.branches.count < 2 {
            found.append(Diagnostic(.error, .tooFewBranches, Messages.tooFewBranches(name, step.branches.count),
                                    at: step.range, hints: [Messages.branchExample]))
          }
          if step.decider == nil, complete {
            found.append(Diagnostic(.warning, .noDecider, Messages.noDecider(name), at: step.range,
                                    hints: [Messages.deciderHint]))
          }
        case .touchpoint:
          if step.owners.isEmpty, complete {
            found.append(Diagnostic(.warning, .noOwner, Messages.noOwner(name), at: step.range,
                                    hints: [Messages.noOwnerHint]))
          }
        case .outcome:
          break
        }
        if !step.isBackstage, !reachable.contains(step.key) {
          found.append(Diagnostic(.warning, .unreachable, Messages.unreachable(step.kind, name),
                                  at: step.range, hints: [Messages.unreachableHint]))
        }
        // An outcome some step branches to, reached from the line above it by line order
        // alone, is most often a path that was meant to end elsewhere (the repaired fridge
        // that "buys a new fridge elsewhere").
        for outcome in fallsInto[step.key] ?? [] {
          found.append(Diagnostic(.warning, .fallsIntoOutcome, Messages.fallsIntoOutcome(step.kind, name, outcome),
                                  at: step.range, hints: [Messages.fallsIntoOutcomeHint(outcome)]))
        }
      }
      diagnostics += found
    }

    mutating func checkStages() {
      for stage in journey.stages where stage.steps.isEmpty {
        warning(.emptyStage, Messages.emptyStage(stage.id ?? stage.label), stage.range)
      }
    }

    mutating func checkPhases() {
      var stageIndex: [String: Int] = [:]
      for (i, stage) in journey.stages.enumerated() {
        if let id = stage.id, stageIndex[id] == nil { stageIndex[id] = i }
      }
      let stageIds = Suggestions.Names(
        journey.phases.isEmpty ? [] : journey.stages.compactMap(\.id))
      var phaseOf: [String: String] = [:]  // stage id → the phase that listed it first
      for phase in journey.phases {
        var indices: [Int] = []
        for ref in phase.stages {
          if let i = stageIndex[ref.name] {
            // A stage belongs to one phase band; the views could draw it only once.
            if let other = phaseOf[ref.name] {
              if other == phase.name {
                warning(.stageListedTwice, Messages.stageListedTwice(ref.name, phase.name),
                        ref.range)
              } else {
                warning(.stageInTwoPhases, Messages.stageInTwoPhases(ref.name, other), ref.range)
              }
              continue
            }
            phaseOf[ref.name] = phase.name
            indices.append(i)
          } else if stepIds.contains(ref.name) {
            warning(.notAStage, Messages.notAStage(ref.name), ref.range)
          } else {
            warning(.unknownStage, Messages.unknownStage(ref.name), ref.range,
                    suggestions.hints(for: ref.name, in: stageIds))
          }
        }
        let present = Set(indices)
        guard let low = present.min(), let high = present.max(),
          let gap = (low...high).first(where: { !present.contains($0) })
        else { continue }
        let stage = journey.stages[gap]
        warning(.phaseGap, Messages.phaseGap(phase.name), phase.range,
                [Messages.phaseGapHint(stage.id ?? stage.label)])
      }
    }
  }
}
