/// Matches the elements of two versions of a map and lists what differs (`JourneyDiff`).
struct DiffBuilder {
  typealias Field = JourneyDiff.Field
  typealias Change = JourneyDiff.Change

  let old: CheckedJourney
  let new: CheckedJourney
  var changes: [Change] = []
  /// Old step key → new step key, and back, for steps found in both.
  private(set) var newKey: [String: String] = [:]
  private(set) var oldKey: [String: String] = [:]
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

  private mutating func add(_ kind: JourneyDiff.Kind, _ subject: JourneyDiff.Subject,
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
  private func comparedKey(_ stage: Stage) -> String {
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

  // MARK: Steps

  /// Each step of the new map with the key of its stage (`stageKey`), in file order.
  private var placedNew: [(stage: String, step: Step)] {
    new.journey.stages.flatMap { stage in stage.steps.map { (Self.stageKey(stage), $0) } }
  }

  /// Each step of the old map with the key its stage is compared by (`comparedKey`).
  private var placedOld: [(stage: String, step: Step)] {
    old.journey.stages.flatMap { stage in stage.steps.map { (comparedKey(stage), $0) } }
  }

  /// Pairs old and new steps: by key; then a step whose key changed, by its kind and label
  /// (moved to another stage); then by kind and place in its stage (relabelled where it was).
  private mutating func matchSteps() {
    let before = placedOld
    let after = placedNew
    let newKeys = Set(after.map(\.step.key))
    for (_, step) in before where newKeys.contains(step.key) && newKey[step.key] == nil {
      pair(step.key, step.key)
    }
    // Moved: the same kind and label, once each, in file order.
    var waiting: [String: [String]] = [:]
    for (_, step) in after where oldKey[step.key] == nil {
      waiting["\(step.kind.rawValue) \(step.label)", default: []].append(step.key)
    }
    for (_, step) in before where newKey[step.key] == nil {
      let label = "\(step.kind.rawValue) \(step.label)"
      if var keys = waiting[label], !keys.isEmpty {
        pair(step.key, keys.removeFirst())
        waiting[label] = keys
      }
    }
    // Relabelled: in the same stage, after the same matched step, of the same kind.
    func anchors(_ steps: [(stage: String, step: Step)], map: (String) -> String?)
      -> [String: [Step]]
    {
      var groups: [String: [Step]] = [:]
      var anchor = ""
      var stage: String?
      for (stageKey, step) in steps {
        if stageKey != stage {
          stage = stageKey
          anchor = "^"
        }
        if let key = map(step.key) {
          anchor = key
        } else {
          groups["\(stageKey)\u{0}\(anchor)\u{0}\(step.kind.rawValue)", default: []].append(step)
        }
      }
      return groups
    }
    let oldGroups = anchors(before) { newKey[$0] }
    let newGroups = anchors(after) { oldKey[$0] == nil ? nil : $0 }
    for (group, olds) in oldGroups.sorted(by: { $0.key < $1.key }) {
      var news = newGroups[group] ?? []
      for o in olds {
        guard let n = news.firstIndex(where: { relabelled(o, $0) }) else { continue }
        pair(o.key, news[n].key)
        news.remove(at: n)
      }
    }
  }

  /// Whether `new`, in the place of `old`, is `old` with a new label rather than another step:
  /// their labels share a word of three letters or more, or nothing else about them differs.
  private func relabelled(_ old: Step, _ new: Step) -> Bool {
    func words(_ text: String) -> Set<String> {
      Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        .filter { $0.count >= 3 })
    }
    return !words(old.label).isDisjoint(with: words(new.label))
      || stepFields(old, new).allSatisfy { $0.name == "label" }
  }

  private mutating func pair(_ old: String, _ new: String) {
    newKey[old] = new
    oldKey[new] = old
  }

  private func ownerNames(_ step: Step, in journey: Journey) -> String? {
    var names: [String] = []
    for reference in step.owners where !names.contains(reference.name) {
      names.append(reference.name)
    }
    guard !names.isEmpty else { return nil }
    return names.map { journey.owner($0)?.name ?? $0 }.joined(separator: ", ")
  }

  /// A step's explicit branches as `label → “target”`, the target named in the new map when
  /// it is there, compared by the new key.
  private func branches(_ step: Step, in checked: CheckedJourney, mapping: (String) -> String)
    -> [(key: String, text: String)]
  {
    let labels = Dictionary(checked.journey.steps.map { ($0.key, $0.label) }) { a, _ in a }
    let newLabels = Dictionary(new.journey.steps.map { ($0.key, $0.label) }) { a, _ in a }
    return checked.flow.edges.filter { $0.from == step.key && $0.isExplicit }.map { edge in
      let target = mapping(edge.to)
      let label = newLabels[target] ?? labels[edge.to] ?? edge.to
      return ("\(edge.label ?? "")\u{0}\(target)",
              (edge.label.map { $0 + " " } ?? "") + "→ \u{201C}\(label)\u{201D}")
    }
  }

  /// The fields of a step that differ, its stage and place aside.
  private func stepFields(_ before: Step, _ after: Step) -> [Field] {
    var fields = Self.value("label", before.label, after.label)
      + Self.value("kind", before.kind.rawValue, after.kind.rawValue)
    let ownersBefore = before.owners.map(\.name)
    let ownersAfter = after.owners.map(\.name)
    if ownersBefore != ownersAfter {
      fields.append(Field(name: "owners", old: ownerNames(before, in: old.journey),
                          new: ownerNames(after, in: new.journey)))
    }
    fields += Self.value("channel", before.channel?.label, after.channel?.label)
      + Self.value("feeling", before.feel.map(Style.feelText), after.feel.map(Style.feelText))
      + Self.value("status", before.workshop.status?.rawValue, after.workshop.status?.rawValue)
      + Self.value("decided by", before.decider?.rawValue, after.decider?.rawValue)
      + Self.value("backstage", before.isBackstage ? "yes" : "no", after.isBackstage ? "yes" : "no")
      + Self.items("pain", before.pains, after.pains)
      + Self.items("opportunity", before.opportunities, after.opportunities)
      + Self.items("metric", before.metrics, after.metrics)
      + Self.items("tool", before.tools, after.tools)
      + Self.items("note", before.workshop.notes, after.workshop.notes)
      + Self.items("question", before.workshop.questions, after.workshop.questions)
    let oldBranches = branches(before, in: old) { newKey[$0] ?? "\u{0}old \($0)" }
    let newBranches = branches(after, in: new) { $0 }
    let oldTexts = Dictionary(oldBranches.map { ($0.key, $0.text) }) { a, _ in a }
    let newTexts = Dictionary(newBranches.map { ($0.key, $0.text) }) { a, _ in a }
    fields += Self.items("branch", oldBranches.map(\.key), newBranches.map(\.key)).map {
      Field(name: $0.name, old: $0.old.flatMap { oldTexts[$0] }, new: $0.new.flatMap { newTexts[$0] })
    }
    return fields
  }

  private mutating func steps() {
    let before = placedOld
    let after = placedNew
    let oldStageLabel = Dictionary(old.journey.stages.map { (comparedKey($0), $0.label) }) {
      a, _ in a
    }
    let newStageLabel = Dictionary(new.journey.stages.map { (Self.stageKey($0), $0.label) }) {
      a, _ in a
    }
    // Steps found in both, in the new order, whose order among them changed: those off the
    // longest run kept in the same order.
    let oldOrder = before.compactMap { newKey[$0.step.key] }
    let newOrder = after.map(\.step.key).filter { oldKey[$0] != nil }
    let kept = Set(Self.longestCommon(oldOrder, newOrder))
    func previous(_ steps: [(stage: String, step: Step)], _ index: Int) -> String {
      guard index > 0, steps[index - 1].stage == steps[index].stage else {
        return "first in its stage"
      }
      return "after \u{201C}\(steps[index - 1].step.label)\u{201D}"
    }
    var oldIndex: [String: Int] = [:]
    for (i, entry) in before.enumerated() where oldIndex[entry.step.key] == nil {
      oldIndex[entry.step.key] = i
    }
    // Removed steps, by the new key of the matched step they followed (nil: the start).
    var removedAfter: [String?: [Int]] = [:]
    var anchor: String?
    for (i, entry) in before.enumerated() {
      if let key = newKey[entry.step.key] {
        anchor = key
      } else {
        removedAfter[anchor, default: []].append(i)
      }
    }
    func addRemoved(after anchor: String?) {
      for i in removedAfter[anchor] ?? [] {
        let (stage, step) = before[i]
        add(.removed, .step, step.key, step.label,
            [Field(name: "stage", old: oldStageLabel[stage], new: nil)])
      }
    }
    addRemoved(after: nil)
    for (i, entry) in after.enumerated() {
      let step = entry.step
      guard let previousKey = oldKey[step.key], let o = oldIndex[previousKey] else {
        add(.added, .step, step.key, step.label,
            [Field(name: "stage", old: nil, new: newStageLabel[entry.stage])])
        continue
      }
      let was = before[o]
      var fields: [Field] = []
      if was.stage != entry.stage {
        fields.append(Field(name: "stage", old: oldStageLabel[was.stage],
                            new: newStageLabel[entry.stage]))
      } else if !kept.contains(step.key) {
        fields.append(Field(name: "position", old: previous(before, o), new: previous(after, i)))
      }
      fields += stepFields(was.step, step)
      if !fields.isEmpty {
        add(.changed, .step, step.key, step.label, fields,
            oldKey: previousKey == step.key ? nil : previousKey)
      }
      addRemoved(after: step.key)
    }
  }

  /// The longest subsequence of `b` that is also one of `a` (both without repeats).
  static func longestCommon(_ a: [String], _ b: [String]) -> [String] {
    // Patience-style: positions in `a` of `b`'s elements; their longest increasing run.
    var position: [String: Int] = [:]
    for (i, key) in a.enumerated() { position[key] = i }
    let sequence = b.compactMap { key in position[key].map { (key, $0) } }
    var tails: [Int] = []  // index into `sequence` of the smallest tail of each length
    var parent = Array(repeating: -1, count: sequence.count)
    for (i, entry) in sequence.enumerated() {
      var low = 0
      var high = tails.count
      while low < high {
        let mid = (low + high) / 2
        if sequence[tails[mid]].1 < entry.1 { low = mid + 1 } else { high = mid }
      }
      if low > 0 { parent[i] = tails[low - 1] }
      if low == tails.count { tails.append(i) } else { tails[low] = i }
    }
    var out: [String] = []
    var i = tails.last ?? -1
    while i >= 0 {
      out.append(sequence[i].0)
      i = parent[i]
    }
    return out.reversed()
  }

  // MARK: Hand-offs

  private static func handoffs(_ checked: CheckedJourney)
    -> [(from: String, to: String, label: String)]
  {
    let facts = MapFacts(checked)
    let steps = Dictionary(checked.journey.steps.map { ($0.key, $0) }) { a, _ in a }
    var numbered: [String: [(number: Int, from: [String])]] = facts.handoffsInto
    return facts.handoffEdges.map { index in
      let edge = checked.flow.edges[index]
      let from = numbered[edge.to]?.first?.from ?? []
      if var list = numbered[edge.to], !list.isEmpty {
        list.removeFirst()
        numbered[edge.to] = list
      }
      let target = steps[edge.to]
      let source = steps[edge.from]?.label ?? edge.from
      var names: [String] = []
      for reference in target?.owners ?? [] where !names.contains(reference.name) {
        names.append(reference.name)
      }
      let to = names.map { checked.journey.owner($0)?.name ?? $0 }
      let label = "\(from.joined(separator: ", ")) → "
        + "\(to.isEmpty ? "No owner" : to.joined(separator: ", ")), from \u{201C}\(source)\u{201D} "
        + "into \u{201C}\(target?.label ?? edge.to)\u{201D}"
      return (edge.from, edge.to, label)
    }
  }

  private mutating func handoffs() {
    let before = Self.handoffs(old)
    let after = Self.handoffs(new)
    let oldKeys = Set(before.map { "\(newKey[$0.from] ?? "\u{0}" + $0.from)->\(newKey[$0.to] ?? "\u{0}" + $0.to)" })
    let newKeys = Set(after.map { "\($0.from)->\($0.to)" })
    for handoff in after where !oldKeys.contains("\(handoff.from)->\(handoff.to)") {
      add(.added, .handoff, "\(handoff.from)->\(handoff.to)", handoff.label)
    }
    for handoff in before {
      let key = "\(newKey[handoff.from] ?? "\u{0}" + handoff.from)->"
        + "\(newKey[handoff.to] ?? "\u{0}" + handoff.to)"
      if !newKeys.contains(key) {
        add(.removed, .handoff, "\(handoff.from)->\(handoff.to)", handoff.label)
      }
    }
  }
}
