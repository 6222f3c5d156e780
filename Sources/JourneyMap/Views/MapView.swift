/// The two pictures of a map, with the DOT, the title and the one-sentence summary of each.
public enum MapView: String, CaseIterable, Sendable {
  case journey, silo

  /// The DOT text of this view of `checked` as one poster (the default medium).
  public func dot(_ checked: CheckedJourney) -> String {
    pictures(checked, medium: .poster)[0].dot()
  }

  /// The pictures of this view of `checked` for `medium`: one for a poster or a document
  /// column, pages for paper, slides for a projector.
  /// `early` gets a poster's DOT prelude before its board is laid out (`Cutting.pictures`).
  public func pictures(_ checked: CheckedJourney, medium: Medium, detail: Detail = .full,
                       width: Double = 480,
                       early: ((inout DOTPrinter.Prelude) -> Void)? = nil) -> [Picture] {
    Cutting.pictures(medium: medium, detail: detail, width: width, early: early) { detail, theme in
      switch self {
      case .journey: JourneyBoard.board(checked, detail: detail, theme: theme)
      case .silo: SiloBoard.board(checked, detail: detail, theme: theme)
      }
    }
  }

  /// The name a reader sees: "journey map", "silo diagram".
  public var name: String {
    switch self {
    case .journey: "journey map"
    case .silo: "silo diagram"
    }
  }

  /// The picture's `<title>`: the map's title (or its file name) and the view's name.
  public func title(_ journey: Journey) -> String {
    "\(MapFacts.title(journey)): \(name)"
  }

  /// The picture's `<desc>`, one sentence for a screen reader: what is drawn and the finding
  /// a sighted reader would see first (the lowest feeling; the hand-offs).
  public func summary(_ checked: CheckedJourney) -> String {
    summary(checked, facts: MapFacts(checked))
  }

  /// The summary from facts already gathered (a view that has them need not gather twice).
  func summary(_ checked: CheckedJourney, facts: MapFacts) -> String {
    let journey = checked.journey
    let steps = checked.steps
    let stepCount = count(steps.count, "step")
    switch self {
    case .journey:
      var sentence = "A journey map of \(stepCount) in \(count(journey.stages.count, "stage"))"
      let personas = journey.personas.map(\.name)
      if !personas.isEmpty { sentence += " for " + personas.joined(separator: " and ") }
      if let lowest = facts.lowest {
        sentence += "; the lowest feeling (\(Style.feelText(lowest.feel))) is at \u{201C}"
          + lowest.label + "\u{201D}"
      }
      return sentence + "."
    case .silo:
      // The same facts the drawn summary counts (MapFacts), so the two never disagree.
      let owners = count(journey.owners.count, "owner")
      let handOffs = count(facts.handoffEdges.count, "hand-off")
      var sentence = "A silo diagram of \(stepCount) across \(owners), with \(handOffs)"
        + " between owners"
      if facts.backstageFlows > 0 {
        sentence += "; \(count(facts.backstageFlows, "backstage flow"))"
      }
      let unowned = facts.unownedKeys.count
      sentence += unowned > 0 ? "; \(count(unowned, "step")) with no owner"
        : "; every step has an owner"
      return sentence + "."
    }
  }

  private func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
