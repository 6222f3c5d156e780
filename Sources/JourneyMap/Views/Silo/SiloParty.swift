/// Who answers for a step in the silo diagram: the customer alone, or a set of owners.
///
/// A step with owners belongs to them, whatever its kind (a customer decision that a team owns
/// sits in that team's lane). Without owners, an outcome or a decision the customer takes
/// belongs to the customer; any other step belongs to nobody, and the empty owner set is the
/// red "No owner" lane.
enum SiloParty: Hashable, Sendable {
  case customer
  /// Indices into `journey.owners`, without repeats, in the order the map names them.
  /// Empty means nobody owns the step.
  case owners([Int])

  /// The party of every step of `journey`, in `journey.steps` order. Owner references that
  /// name no declared owner are ignored (the checker reports them as errors).
  static func of(_ journey: Journey) -> [SiloParty] { of(journey, steps: journey.steps) }

  /// The same, given `journey.steps` already made.
  static func of(_ journey: Journey, steps: [Step]) -> [SiloParty] {
    var ownerIndex: [String: Int] = [:]
    for (i, owner) in journey.owners.enumerated() where ownerIndex[owner.id] == nil {
      ownerIndex[owner.id] = i
    }
    return steps.map { step in
      var owners: [Int] = []
      for reference in step.owners {
        if let i = ownerIndex[reference.name], !owners.contains(i) { owners.append(i) }
      }
      if !owners.isEmpty { return .owners(owners) }
      switch step.kind {
      case .outcome: return .customer
      case .decision where step.decider == .customer: return .customer
      default: return .owners([])
      }
    }
  }

  /// True when the customer is passed to someone else between `self` and `other`: the owner
  /// sets share nobody. Two unowned steps sit in the same "No owner" lane, so that is no
  /// hand-off; into or out of "No owner" is one.
  func handsOff(to other: SiloParty) -> Bool {
    guard case .owners(let a) = self, case .owners(let b) = other else { return false }
    if a.isEmpty || b.isEmpty { return a.isEmpty != b.isEmpty }
    return !a.contains { b.contains($0) }
  }
}
