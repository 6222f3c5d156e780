/// Steps: matched across the two maps, then compared field by field.
extension DiffBuilder {
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
  mutating func matchSteps() {
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

  mutating func pair(_ old: String, _ new: String) {
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

  mutating func steps() {
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
}
