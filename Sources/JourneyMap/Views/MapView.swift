/// The two pictures of a map, with the DOT, the title and the one-sentence summary of each.
public enum MapView: String, CaseIterable, Sendable {
  case journey, silo

  /// The DOT text of this view of `checked` as one poster (the default medium).
  public func dot(_ checked: CheckedJourney) -> String {
    switch self {
    case .journey: pictures(checked, medium: .poster)[0].dot()
    case .silo: SiloView.dot(checked)
    }
  }

  /// The pictures of this view of `checked` for `medium`: one for a poster or a document
  /// column, pages for paper, slides for a projector.
  public func pictures(_ checked: CheckedJourney, medium: Medium, detail: Detail = .full,
                       width: Double = 480) -> [Picture] {
    switch self {
    case .journey:
      return Cutting.pictures(medium: medium, detail: detail, width: width) {
        JourneyBoard.board(checked, detail: $0, theme: $1)
      }
    case .silo:
      // The silo diagram is still drawn by `dot` (it moves onto the board next): one picture,
      // or pages for paper laid out and fitted by the caller.
      let summary = summary(checked)
      guard let paper = medium.paper else {
        return [Picture(source: .dot(SiloView.dot(checked)), title: title(checked.journey),
                        summary: summary)]
      }
      let pages = SiloView.pages(checked, paper: paper)
      return pages.enumerated().map { index, dot in
        Picture(source: .dot(dot), part: "page-\(index + 1)",
                title: title(checked.journey, page: index + 1, of: pages.count), summary: summary)
      }
    }
  }

  /// The `<title>` of page `number` of `total`: "Getting help: journey map, page 2 of 6".
  public func title(_ journey: Journey, page number: Int, of total: Int) -> String {
    "\(title(journey)), page \(number) of \(total)"
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
    let steps = journey.steps
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
