/// The horizontal lanes of the silo diagram, top to bottom, and the lane of every step.
///
/// Order: the customer (when any step is theirs), internal owners in declaration order,
/// external owners in declaration order, then "No owner" (when any step has none). Owners
/// without steps keep their lane: a team with nothing to do is a finding too.
struct SiloLanes: Sendable {
  /// One band of the diagram.
  enum Lane: Hashable, Sendable {
    case customer
    /// The owner at this index of `journey.owners`.
    case owner(Int)
    case noOwner
  }

  /// Top to bottom.
  var lanes: [Lane]
  /// For each step (in `journey.steps` order), the lane it is drawn in: its first owner's.
  var home: [Lane]

  init(_ journey: Journey, parties: [SiloParty]) {
    var lanes: [Lane] = []
    if parties.contains(.customer) { lanes.append(.customer) }
    for (i, owner) in journey.owners.enumerated() where !owner.isExternal {
      lanes.append(.owner(i))
    }
    for (i, owner) in journey.owners.enumerated() where owner.isExternal {
      lanes.append(.owner(i))
    }
    if parties.contains(.owners([])) { lanes.append(.noOwner) }
    self.lanes = lanes
    self.home = parties.map { party in
      switch party {
      case .customer: .customer
      case .owners(let owners): owners.first.map { .owner($0) } ?? .noOwner
      }
    }
  }

  /// The position of `lane` from the top.
  func position(of lane: Lane) -> Int { lanes.firstIndex(of: lane) ?? 0 }
}
