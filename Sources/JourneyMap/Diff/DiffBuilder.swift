/// Matches the elements of two versions of a map and lists what differs (`JourneyDiff`).
struct DiffBuilder {
  typealias Field = JourneyDiff.Field
  typealias Change = JourneyDiff.Change

  let old: CheckedJourney
  let new: CheckedJourney
  var changes: [Change] = []
  /// Old step key → new step key, and back, for steps found in both.
  var newKey: [String: String] = [:]
  var oldKey: [String: String] = [:]
  /// Old stage key → new stage key, for stages found in both.
  private(set) var newStage: [String: String] = [:]

  init(_ old: CheckedJourney, _ new: CheckedJourney) {
    self.old = old
    self.new = new
  }

  mutating func build() {
    journey()
    personas()
    owners()
    phases()
    matchStages()
    stages()
    matchSteps()
    steps()
    handoffs()
  }

  // MARK: Lists and values

  /// The items of `new` not in `old` (added) and of `old` not in `new` (removed), each as
  /// often as it differs, in order: a list's order is the author's, not a change of meaning.
  static func items(_ name: String, _ old: [String], _ new: [String]) -> [Field] {
    var left: [String: Int] = [:]
    for item in old { left[item, default: 0] += 1 }
    var added: [Field] = []
    for item in new {
      if let n = left[item], n > 0 {
        left[item] = n - 1
      } else {
        added.append(Field(name: name, old: nil, new: item))
      }
    }
    var removed: [Field] = []
    for item in old.reversed() {
      if let n = left[item], n > 0 {
        left[item] = n - 1
        removed.append(Field(name: name, old: item, new: nil))
      }
    }
    return removed.reversed() + added
  }

  static func value(_ name: String, _ old: String?, _ new: String?) -> [Field] {
    old == new ? [] : [Field(name: name, old: old, new: new)]
  }

  mutating func add(_ kind: JourneyDiff.Kind, _ subject: JourneyDiff.Subject,
                            _ key: String, _ label: String, _ fields: [Field] = [],
                            oldKey: String? = nil) {
    changes.append(Change(kind: kind, subject: subject, key: key, label: label, fields: fields,
                          oldKey: oldKey))
  }

  /// Elements matched by `key`: those of `new` in order with their old match (nil: added),
  /// then the old ones with no match (removed).
  private static func matched<T>(_ old: [T], _ new: [T], key: (T) -> String)
    -> (pairs: [(old: T?, new: T)], removed: [T])
  {
    var byKey: [String: T] = [:]
    for element in old where byKey[key(element)] == nil { byKey[key(element)] = element }
    let newKeys = Set(new.map(key))
    return (new.map { (byKey[key($0)], $0) }, old.filter { !newKeys.contains(key($0)) })
  }

  // MARK: Journey, personas, owners, phases

  private mutating func journey() {
    let title = MapFacts.title(new.journey)
    let fields = Self.value("title", old.journey.title, new.journey.title)
      + Self.items("description", old.journey.descriptions, new.journey.descriptions)
    if !fields.isEmpty { add(.changed, .journey, "journey", title, fields) }
  }

  private mutating func personas() {
    let (pairs, removed) = Self.matched(old.journey.personas, new.journey.personas) {
      $0.id ?? $0.name
    }
    for (before, after) in pairs {
      guard let before else {
        add(.added, .persona, after.id ?? after.name, after.name)
        continue
      }
      let fields = Self.value("name", before.name, after.name)
        + Self.items("goal", before.goals, after.goals)
        + Self.items("description", before.descriptions, after.descriptions)
      if !fields.isEmpty { add(.changed, .persona, after.id ?? after.name, after.name, fields) }
    }
    for persona in removed { add(.removed, .persona, persona.id ?? persona.name, persona.name) }
  }

  private static func colorText(_ color: OwnerColor?) -> String? {
    switch color {
    case .named(let named)?: named.rawValue
    case .hex(let hex)?: hex.uppercased()
    case nil: nil
    }
  }

  private mutating func owners() {
    let (pairs, removed) = Self.matched(old.journey.owners, new.journey.owners) { $0.id }
    for (before, after) in pairs {
      guard let before else {
        add(.added, .owner, after.id, after.name,
            after.isExternal ? [Field(name: "external", old: nil, new: "yes")] : [])
        continue
      }
      let fields = Self.value("name", before.name, after.name)
        + Self.value("external", before.isExternal ? "yes" : "no", after.isExternal ? "yes" : "no")
        + Self.value("colour", Self.colorText(before.color), Self.colorText(after.color))
      if !fields.isEmpty { add(.changed, .owner, after.id, after.name, fields) }
    }
    for owner in removed { add(.removed, .owner, owner.id, owner.name) }
  }

  private mutating func phases() {
    let (pairs, removed) = Self.matched(old.journey.phases, new.journey.phases) { $0.name }
    func stages(_ phase: Phase) -> String { phase.stages.map(\.name).joined(separator: ", ") }
    for (before, after) in pairs {
      guard let before else {
        add(.added, .phase, after.name, after.name,
            [Field(name: "stages", old: nil, new: stages(after))])
        continue
      }
      let fields = Self.value("stages", stages(before), stages(after))
      if !fields.isEmpty { add(.changed, .phase, after.name, after.name, fields) }
    }
    for phase in removed { add(.removed, .phase, phase.name, phase.name) }
  }

  // MARK: Stages

  /// A stage is known by its id, else by its label.
  static func stageKey(_ stage: Stage) -> String { stage.id ?? stage.label }

  /// Pairs old and new stages: by key (id, else label); then a stage without an id whose
  /// label changed, by its place: after the same matched stage.
  private mutating func matchStages() {
    let newKeys = Set(new.journey.stages.map(Self.stageKey))
    var oldOf: [String: String] = [:]
    for stage in old.journey.stages {
      let key = Self.stageKey(stage)
      if newKeys.contains(key) && oldOf[key] == nil {
        newStage[key] = key
        oldOf[key] = key
      }
    }
    func groups(_ stages: [Stage], map: (String) -> String?) -> [String: [String]] {
      var groups: [String: [String]] = [:]
      var anchor = "^"
      for stage in stages {
        let key = Self.stageKey(stage)
        if let matched = map(key) { anchor = matched } else { groups[anchor, default: []].append(key) }
      }
      return groups
    }
    let olds = groups(old.journey.stages) { newStage[$0] }
    let news = groups(new.journey.stages) { oldOf[$0] == nil ? nil : $0 }
    for (anchor, keys) in olds.sorted(by: { $0.key < $1.key }) {
      for (o, n) in zip(keys, news[anchor] ?? []) where newStage[o] == nil && oldOf[n] == nil {
        newStage[o] = n
        oldOf[n] = o
      }
    }
  }

  /// The key an old stage is compared by: its new stage's key, or a key no new stage has.
  func comparedKey(_ stage: Stage) -> String {
    let key = Self.stageKey(stage)
    return newStage[key] ?? "\u{0}old " + key
  }

  private mutating func stages() {
    var byNewKey: [String: Stage] = [:]
    for stage in old.journey.stages { byNewKey[comparedKey(stage)] = stage }
    for after in new.journey.stages {
      let key = Self.stageKey(after)
      guard let before = byNewKey[key] else {
        add(.added, .stage, key, after.label)
        continue
      }
      let fields = Self.value("label", before.label, after.label)
        + Self.value("status", before.workshop.status?.rawValue, after.workshop.status?.rawValue)
        + Self.items("metric", before.metrics, after.metrics)
        + Self.items("note", before.workshop.notes, after.workshop.notes)
        + Self.items("question", before.workshop.questions, after.workshop.questions)
      if !fields.isEmpty { add(.changed, .stage, key, after.label, fields) }
    }
    for stage in old.journey.stages where newStage[Self.stageKey(stage)] == nil {
      add(.removed, .stage, Self.stageKey(stage), stage.label)
    }
  }
}
