/// Hand-offs: a flow edge where the customer changes owner, compared by its two steps.
extension DiffBuilder {
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

  mutating func handoffs() {
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
