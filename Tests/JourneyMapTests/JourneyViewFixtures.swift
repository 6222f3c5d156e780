@testable import JourneyMap

/// Journeys built by hand, for view tests that must not depend on the parser.
enum JourneyViewFixtures {
  /// Builds a journey line by line, the way the parser would fill the model.
  struct Builder {
    var journey = Journey(file: "fixture.journey")
    private var line = 1

    init(title: String) {
      journey.title = title
    }

    private mutating func range() -> SourceRange {
      defer { line += 1 }
      return SourceRange(line: line, column: 1)
    }

    mutating func persona(_ id: String?, _ name: String, goals: [String] = []) {
      var persona = Persona(id: id, name: name, range: range())
      persona.goals = goals
      journey.personas.append(persona)
    }

    mutating func owner(_ id: String, _ name: String, external: Bool = false,
                        color: OwnerColor? = nil) {
      var owner = Owner(id: id, name: name, range: range())
      owner.isExternal = external
      owner.color = color
      journey.owners.append(owner)
    }

    mutating func phase(_ name: String, _ stages: [String]) {
      let at = range()
      journey.phases.append(Phase(name: name, stages: stages.map { Reference($0, at: at) },
                                  range: at))
    }

    mutating func stage(_ id: String?, _ label: String, _ edit: (inout Stage) -> Void = { _ in }) {
      var stage = Stage(id: id, label: label, range: range())
      edit(&stage)
      journey.stages.append(stage)
    }

    mutating func step(_ kind: Step.Kind, _ id: String?, _ label: String,
                       _ edit: (inout Step) -> Void = { _ in }) {
      let index = journey.steps.count + 1
      let stageIndex = journey.stages.count - 1
      let stageKey = journey.stages[stageIndex].id ?? "stage-\(stageIndex + 1)"
      var step = Step(kind: kind, id: id, key: id ?? "step-\(index)", label: label,
                      stageKey: stageKey, range: range())
      edit(&step)
      journey.stages[stageIndex].steps.append(step)
    }

    var checked: CheckedJourney {
      CheckedJourney(journey: journey, flow: Flow(journey), diagnostics: [])
    }
  }

  static func ref(_ name: String) -> Reference {
    Reference(name, at: SourceRange(line: 1, column: 1))
  }

  static func branch(_ label: String?, _ target: String) -> Branch {
    Branch(label: label, target: ref(target), range: SourceRange(line: 1, column: 1))
  }

  /// README's first map.
  static var readme: CheckedJourney {
    var b = Builder(title: "Getting help with a faulty product")
    b.persona("ama", "Ama, runs a corner shop",
              goals: ["Keep the fridge cold without losing a day's sales"])
    b.owner("service", "Customer Service")
    b.owner("field", "Field Technicians")
    b.owner("dist", "Regional distributor", external: true)
    b.stage("ask", "Ask for help")
    b.step(.touchpoint, "call", "Calls the hotline") {
      $0.owners = [ref("service")]
      $0.channel = .known(.phone)
      $0.feel = -2
      $0.workshop.status = .validated
      $0.pains = ["Waits 20 minutes on hold"]
      $0.opportunities = ["Offer a call-back"]
    }
    b.step(.decision, "covered", "Under warranty?") {
      $0.decider = .employee
      $0.owners = [ref("service")]
      $0.branches = [branch("yes", "visit"), branch("no", "gone")]
    }
    b.stage("fix", "Get it fixed")
    b.step(.touchpoint, "visit", "Technician repairs the fridge") {
      $0.owners = [ref("field"), ref("dist")]
      $0.feel = 2
    }
    b.step(.outcome, "gone", "Buys a new fridge elsewhere") { $0.feel = -2 }
    return b.checked
  }

  /// Issue 3's fuller example: phases, backstage, loops, notes, questions, metrics, tools.
  static var full: CheckedJourney {
    var b = Builder(title: "Getting help with a faulty product")
    b.persona("ama", "Ama, runs a corner shop",
              goals: ["Keep the fridge cold without losing a day's sales"])
    b.owner("service", "Customer Service")
    b.owner("field", "Field Technicians")
    b.owner("billing", "Billing")
    b.owner("dist", "Regional distributor", external: true)
    b.phase("Customer Service Operations", ["ask", "fix"])
    b.stage("notice", "Notice the problem")
    b.step(.touchpoint, "card", "Reads the warranty card") {
      $0.owners = [ref("dist")]
      $0.channel = .known(.print)
      $0.feel = -1
      $0.workshop.status = .assumed
    }
    b.stage("ask", "Ask for help") { $0.workshop.status = .observed }
    b.step(.touchpoint, "call", "Calls the hotline") {
      $0.owners = [ref("service")]
      $0.channel = .known(.phone)
      $0.feel = -2
      $0.workshop.status = .validated
      $0.pains = ["Waits 20 minutes on hold"]
      $0.opportunities = ["Offer a call-back"]
      $0.metrics = ["Average wait 20 min"]
      $0.tools = ["Call-centre CRM"]
      $0.workshop.notes = ["Staff: most callers try the distributor first"]
    }
    b.step(.decision, "covered", "Under warranty?") {
      $0.decider = .employee
      $0.branches = [branch("yes", "visit"), branch("not sure", "call"), branch("no", "quote")]
    }
    b.stage("fix", "Get it fixed")
    b.step(.touchpoint, "quote", "Receives a repair quote") {
      $0.owners = [ref("billing")]
      $0.channel = .known(.email)
      $0.feel = -1
      $0.branches = [branch("accepts", "visit"), branch("declines", "gone")]
    }
    b.step(.touchpoint, "visit", "Technician repairs the fridge") {
      $0.owners = [ref("field"), ref("dist")]
      $0.feel = 2
      $0.workshop.questions = ["Who books the visit: us or the distributor?"]
    }
    b.step(.touchpoint, "restock", "Spare parts reordered automatically") {
      $0.owners = [ref("field")]
      $0.isBackstage = true
      $0.branches = [branch(nil, "visit")]
    }
    b.step(.touchpoint, "survey", "Answers a satisfaction text") {
      $0.channel = .other("SMS")
      $0.feel = 1
      $0.workshop.status = .proposed
    }
    b.step(.outcome, "gone", "Buys a new fridge elsewhere") { $0.feel = -2 }
    b.stage("later", "Later")
    return b.checked
  }

  /// A generated map of about `count` steps with realistic branching, loops, backstage
  /// steps, hand-offs between six owners, annotations and phases, for timing the layout.
  static func synthetic(steps count: Int) -> CheckedJourney {
    var b = Builder(title: "Synthetic journey of \(count) steps")
    b.persona("p", "A persona", goals: ["Get things done"])
    let owners = ["sales", "service", "field", "billing", "marketing", "partner"]
    for (i, owner) in owners.enumerated() {
      b.owner(owner, owner.capitalized, external: i == 5)
    }
    let stageCount = (count + 5) / 6
    for p in stride(from: 0, to: stageCount, by: 3) {
      b.phase("Phase \(p / 3 + 1)", (p..<min(p + 3, stageCount)).map { "s\($0)" })
    }
    for n in 0..<count {
      if n % 6 == 0 { b.stage("s\(n / 6)", "Stage \(n / 6 + 1) of the journey") }
      let kind: Step.Kind = n == count - 1 ? .outcome : n % 8 == 7 ? .decision : .touchpoint
      b.step(kind, "t\(n)", "Step number \(n) of the synthetic journey") { step in
        if kind != .outcome { step.owners = [ref(owners[(n / 2) % owners.count])] }
        if n % 11 == 3 { step.owners.append(ref(owners[(n + 1) % owners.count])) }
        if kind != .decision { step.feel = [0, -1, 1, -2, 2, 1, 0][n % 7] }
        if kind == .touchpoint { step.channel = .known(KnownChannel.allCases[n % 9]) }
        if n % 5 == 1 { step.pains = ["A pain point at step \(n) that wraps over lines"] }
        if n % 9 == 2 { step.workshop.notes = ["A note from the workshop"] }
        if n % 4 == 0 { step.workshop.status = Evidence.allCases[n % 5] }
        if kind == .decision {
          step.decider = .employee
          step.branches = [branch("yes", "t\(min(n + 1, count - 1))"),
                           branch("no", "t\(min(n + 3, count - 1))")]
        } else if kind == .touchpoint && n % 25 == 24 {
          step.branches = [branch("renews", "t\(n - 10)"), branch(nil, "t\(n + 1)")]
        } else if kind == .touchpoint && n % 15 == 14 && n + 1 < count {
          step.isBackstage = true
          step.branches = [branch(nil, "t\(n + 1)")]
        }
      }
    }
    return b.checked
  }
}
