/// The places where the customer is passed from one owner to another, numbered H1, H2, ...
///
/// A hand-off is a flow edge `u -> v` into a step `v` that the organisation answers for (an
/// owned step, or one nobody owns), such that the customer arrives from an owned step `x` whose
/// owners share nobody with `v`'s owners. `x` is `u` itself when `u` is owned; when `u` is a
/// customer step (the customer's own decision, an outcome) `x` is each nearest owned step found
/// by walking the flow backwards through customer steps. So "Service -> customer decides ->
/// Field" is one hand-off, drawn on the edge that enters Field's step. Moving into or out of
/// the "No owner" lane is a hand-off; moving between two unowned steps is not. Loops count
/// like any other edge. Hand-offs are numbered in the order of `Flow.edges` (source step in
/// file order, then branch order), which is the left-to-right order of the diagram.
struct Handoffs: Sendable {
  /// A pair of owner sets the customer is handed across, as indices into `journey.owners`.
  /// An empty set is "No owner".
  struct Pair: Hashable, Sendable {
    var from: [Int]
    var to: [Int]
  }

  /// One numbered hand-off: a flow edge and the owner pairs it crosses.
  struct Handoff: Sendable {
    /// 1-based: H1 is the first.
    var number: Int
    /// Index into `Flow.edges` of the edge the hand-off is drawn on.
    var edge: Int
    /// Usually one pair; several when customer steps join paths coming from different teams.
    var pairs: [Pair]
  }

  /// Every hand-off, by number.
  var all: [Handoff]

  /// `all` looked up by edge index (nil: the edge is no hand-off).
  private var byEdge: [Int: Int]

  init(_ journey: Journey, flow: Flow) {
    self.init(parties: SiloParty.of(journey), keys: journey.steps.map(\.key),
              backstage: journey.steps.map(\.isBackstage), flow: flow)
  }

  /// `backstage`: for each step, whether the customer never sees it. A flow to or from a
  /// backstage step is the organisation's own (a backstage flow), never a hand-off of the
  /// customer, and the customer is never "at" a backstage step.
  init(parties: [SiloParty], keys: [String], backstage: [Bool], flow: Flow) {
    var index: [String: Int] = [:]
    for (i, key) in keys.enumerated() where index[key] == nil { index[key] = i }
    let ends: [(from: Int, to: Int)?] = flow.edges.map { edge in
      guard let u = index[edge.from], let v = index[edge.to], !backstage[u], !backstage[v]
      else { return nil }
      return (u, v)
    }
    var incoming = Array(repeating: [Int](), count: keys.count)
    for case let (u, v)? in ends { incoming[v].append(u) }

    // The owned steps the customer can come from when they are at `step`: the step itself, or
    // the nearest owned steps behind a run of customer steps. Memoised: runs are shared.
    var memo: [Int: [Int]] = [:]
    func origins(_ step: Int) -> [Int] {
      if case .owners = parties[step] { return [step] }
      if let known = memo[step] { return known }
      var found: [Int] = []
      var seen: Set<Int> = [step]
      var queue = [step]
      var head = 0
      while head < queue.count {
        let current = queue[head]
        head += 1
        for previous in incoming[current] where !seen.contains(previous) {
          seen.insert(previous)
          if case .owners = parties[previous] {
            found.append(previous)
          } else {
            queue.append(previous)
          }
        }
      }
      memo[step] = found
      return found
    }

    var all: [Handoff] = []
    var byEdge: [Int: Int] = [:]
    for (e, pair) in ends.enumerated() {
      guard let (u, v) = pair, case .owners(let to) = parties[v] else { continue }
      var pairs: [Pair] = []
      for x in origins(u) where parties[x].handsOff(to: parties[v]) {
        guard case .owners(let from) = parties[x] else { continue }
        let crossing = Pair(from: from, to: to)
        if !pairs.contains(crossing) { pairs.append(crossing) }
      }
      guard !pairs.isEmpty else { continue }
      byEdge[e] = all.count
      all.append(Handoff(number: all.count + 1, edge: e, pairs: pairs))
    }
    self.all = all
    self.byEdge = byEdge
  }

  /// The hand-off drawn on the flow edge at `edge`, if any.
  func handoff(onEdge edge: Int) -> Handoff? { byEdge[edge].map { all[$0] } }

  /// Hand-off numbers grouped by owner pair, pairs in the order they first occur.
  var byPair: [(pair: Pair, numbers: [Int])] {
    var groups: [(pair: Pair, numbers: [Int])] = []
    for handoff in all {
      for pair in handoff.pairs {
        if let g = groups.firstIndex(where: { $0.pair == pair }) {
          groups[g].numbers.append(handoff.number)
        } else {
          groups.append((pair, [handoff.number]))
        }
      }
    }
    return groups
  }
}
