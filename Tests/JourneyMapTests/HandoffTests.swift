import Testing
@testable import JourneyMap

@Suite struct HandoffTests {
  typealias F = SiloFixtures

  /// Hand-offs as "from -> to" owner names with their numbers, the way the summary lists them.
  func described(_ checked: CheckedJourney) -> [String] {
    let handoffs = Handoffs(checked.journey, flow: checked.flow)
    func names(_ owners: [Int]) -> String {
      owners.isEmpty ? "none" : owners.map { checked.journey.owners[$0].id }.joined(separator: "+")
    }
    return handoffs.all.flatMap { handoff in
      let edge = checked.flow.edges[handoff.edge]
      return handoff.pairs.map {
        "H\(handoff.number) \(edge.from)->\(edge.to) \(names($0.from))->\(names($0.to))"
      }
    }
  }

  @Test func readmeMapHasOneHandoffFromServiceToTheSharedRepair() {
    #expect(described(F.readme) == ["H1 covered->visit service->field+dist"])
  }

  @Test func handoffsAreNumberedInFlowOrderIncludingNoOwnerAndLoops() {
    #expect(described(F.rich) == [
      "H1 order->book sales->none",
      "H2 book->visit none->partner+ops",
      "H3 visit->call partner+ops->care",
      "H4 fixed->visit care->partner+ops",
      "H5 fixed->renew care->sales",
    ])
  }

  @Test func aCustomerDecisionBetweenTwoTeamsIsOneHandoffIntoTheNextTeam() {
    let checked = F.journey(
      nil, owners: [F.owner("a", "A"), F.owner("b", "B")],
      stages: [("s", "S", [
        F.step(.touchpoint, "one", "One", owners: ["a"]),
        F.step(.decision, "pick", "Pick?", decider: .customer, to: [("b", "two"), ("a", "three")]),
        F.step(.touchpoint, "two", "Two", owners: ["b"], to: [(nil, "three")]),
        F.step(.touchpoint, "three", "Three", owners: ["a"]),
      ])])
    #expect(described(checked) == ["H1 pick->two a->b", "H2 two->three b->a"])
  }

  @Test func sharedOwnersAndTwoUnownedStepsInARowAreNoHandoff() {
    let checked = F.journey(
      nil, owners: [F.owner("a", "A"), F.owner("b", "B")],
      stages: [("s", "S", [
        F.step(.touchpoint, "one", "One", owners: ["a", "b"]),
        F.step(.touchpoint, "two", "Two", owners: ["b"]),
        F.step(.touchpoint, "three", "Three"),
        F.step(.touchpoint, "four", "Four"),
        F.step(.decision, "five", "Five?", decider: .employee, to: [("x", "one"), ("y", "four")]),
      ])])
    #expect(described(checked) == ["H1 two->three b->none", "H2 five->one none->a+b"])
  }

  @Test func pairsGroupTheirNumbersInOrder() {
    let checked = F.journey(
      nil, owners: [F.owner("a", "A"), F.owner("b", "B")],
      stages: [("s", "S", [
        F.step(.touchpoint, "one", "One", owners: ["a"]),
        F.step(.touchpoint, "two", "Two", owners: ["b"]),
        F.step(.touchpoint, "three", "Three", owners: ["a"]),
        F.step(.touchpoint, "four", "Four", owners: ["b"]),
      ])])
    let groups = Handoffs(checked.journey, flow: checked.flow).byPair
    #expect(groups.map(\.numbers) == [[1, 3], [2]])
    // The silo diagram's table lists each pair once, with its numbers under it.
    let table = SiloBoard.board(checked).header.filter { $0.classes.contains("handoffs") }
      .flatMap(\.lines).map(\.text.text)
    #expect(table == ["3 hand-offs between owners", "A → B: 2", "H1, H3", "B → A: 1", "H2"])
  }
}
