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
