import Foundation
@testable import JourneyMap

/// Journeys built by hand for the silo diagram's tests, until (and beside) the parser.
enum SiloFixtures {
  static let here = SourceRange(line: 1, column: 1)

  static func owner(_ id: String, _ name: String, external: Bool = false) -> Owner {
    var owner = Owner(id: id, name: name, range: here)
    owner.isExternal = external
    return owner
  }

  static func step(
    _ kind: Step.Kind, _ id: String, _ label: String, owners: [String] = [],
    decider: Decider? = nil, to branches: [(String?, String)] = [],
    configure: (inout Step) -> Void = { _ in }
  ) -> Step {
    var step = Step(kind: kind, id: id, key: id, label: label, stageKey: "", range: here)
    step.owners = owners.map { Reference($0, at: here) }
    step.decider = decider
    step.branches = branches.map {
      Branch(label: $0.0, target: Reference($0.1, at: here), range: here)
    }
    configure(&step)
    return step
  }

  static func journey(
    _ title: String?, owners: [Owner], personas: [String] = [],
    stages: [(id: String, label: String, steps: [Step])]
  ) -> CheckedJourney {
    var journey = Journey(file: "fixture.journey")
    journey.title = title
    journey.owners = owners
    journey.personas = personas.map { Persona(id: nil, name: $0, range: here) }
    for (id, label, steps) in stages {
      var stage = Stage(id: id, label: label, range: here)
      stage.steps = steps.map { step in
        var step = step
        step.stageKey = id
        return step
      }
      journey.stages.append(stage)
    }
    return CheckedJourney(journey: journey, flow: Flow(journey), diagnostics: [])
  }

  /// README's first map, "Getting help with a faulty product".
  static var readme: CheckedJourney {
    journey(
      "Getting help with a faulty product",
      owners: [
        owner("service", "Customer Service"), owner("field", "Field Technicians"),
        owner("dist", "Regional distributor", external: true),
      ],
      personas: ["Ama, runs a corner shop"],
      stages: [
        ("ask", "Ask for help", [
          step(.touchpoint, "call", "Calls the hotline", owners: ["service"]) {
            $0.channel = .known(.phone)
            $0.feel = -2
            $0.workshop.status = .validated
          },
          step(.decision, "covered", "Under warranty?", owners: ["service"],
               decider: .employee, to: [("yes", "visit"), ("no", "gone")]),
        ]),
        ("fix", "Get it fixed", [
          step(.touchpoint, "visit", "Technician repairs the fridge", owners: ["field", "dist"]) {
            $0.feel = 2
          },
          step(.outcome, "gone", "Buys a new fridge elsewhere") { $0.feel = -2 },
        ]),
      ])
  }

  /// A richer journey: a customer decision between teams, an unowned touchpoint, a loop, a
  /// backstage step, an empty stage, and text that Graphviz would otherwise interpret.
  static var rich: CheckedJourney {
    journey(
      "Broadband: order → install → renew",
      owners: [
        owner("sales", "Sales & Marketing"), owner("ops", "Network Operations"),
        owner("care", "Customer Care"), owner("partner", "Installer Ltd", external: true),
      ],
      personas: ["Sam"],
      stages: [
        ("find", "Find an offer", [
          step(.touchpoint, "ad", "Sees an ad", owners: ["sales"]) { $0.channel = .known(.ad) },
          step(.touchpoint, "site", "Compares plans on the web site", owners: ["sales"]),
          step(.decision, "buy", "Order now?", decider: .customer,
               to: [("yes", "order"), ("later", "gone")]),
        ]),
        ("buy", "Order", [
          step(.touchpoint, "order", "Orders online", owners: ["sales"]),
          step(.touchpoint, "check", "Line check", owners: ["ops"]) { $0.isBackstage = true },
          step(.touchpoint, "book", "Books an install slot"),
        ]),
        ("wait", "Wait (nothing yet)", []),
        ("install", "Install", [
          step(.touchpoint, "visit", "Engineer installs the router", owners: ["partner", "ops"]),
          step(.touchpoint, "call", "Calls because C:\\Notes \\N is \"broken\"", owners: ["care"]),
          step(.decision, "fixed", "Fixed on the phone?", owners: ["care"], decider: .employee,
               to: [("no", "visit"), ("yes", "renew")]),
        ]),
        ("keep", "Renew", [
          step(.touchpoint, "renew", "Renewal offer", owners: ["sales"],
               to: [("renews", "find"), (nil, "gone")]),
          step(.outcome, "gone", "Leaves for a rival"),
        ]),
      ])
  }
}

extension SiloFixtures {
  /// A generated journey of `count` steps over six owners (one external): teams keep the
  /// customer for a few steps, then hand them on; every seventh step is a decision with a
  /// forward branch, some steps loop back, a few have no owner or two owners. Deterministic.
  static func synthetic(_ count: Int) -> CheckedJourney {
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    let owners = [
      owner("mkt", "Marketing"), owner("sales", "Sales"), owner("ops", "Operations"),
      owner("care", "Customer Care"), owner("billing", "Billing"),
      owner("partner", "Reseller", external: true),
    ]
    var stages: [(id: String, label: String, steps: [Step])] = []
    var current = 0
    for i in 0..<count {
      if i % 6 == 0 {
        stages.append(("st\(i / 6)", "Stage \(i / 6 + 1)", []))
      }
      if next(3) == 0 { current = next(owners.count) }
      let id = "p\(i)"
      var step: Step
      if i == count - 1 {
        step = self.step(.outcome, id, "Journey ends here")
      } else if i % 7 == 6 {
        let skip = min(count - 1, i + 2 + next(3))
        let decider: Decider = next(2) == 0 ? .customer : .employee
        step = self.step(.decision, id, "Decision number \(i)?",
                         owners: decider == .customer ? [] : [owners[current].id],
                         decider: decider, to: [("yes", "p\(i + 1)"), ("no", "p\(skip)")])
      } else {
        var stepOwners = [owners[current].id]
        let roll = next(20)
        if roll == 0 { stepOwners = [] }
        if roll == 1 { stepOwners.append(owners[(current + 1) % owners.count].id) }
        var branches: [(String?, String)] = []
        if i > 10, next(15) == 0 {
          branches = [("again", "p\(i - 3 - next(6))"), (nil, "p\(i + 1)")]
        }
        step = self.step(.touchpoint, id, "Touchpoint \(i) with a longer label", owners: stepOwners,
                         to: branches) { $0.channel = .known(.web) }
      }
      stages[stages.count - 1].steps.append(step)
    }
    return journey("Generated journey of \(count) steps", owners: owners, stages: stages)
  }
}
