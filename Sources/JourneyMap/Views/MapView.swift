/// The two pictures of a map, with the DOT, the title and the one-sentence summary of each.
public enum MapView: String, CaseIterable, Sendable {
  case journey, silo

  /// The DOT text Graphviz lays out for this view of `checked`.
  public func dot(_ checked: CheckedJourney) -> String {
    switch self {
    case .journey: JourneyView.dot(checked)
    case .silo: SiloView.dot(checked)
    }
  }

  /// The DOT texts of this view of `checked` drawn for `paper`, one per page in order.
  public func pages(_ checked: CheckedJourney, paper: Paper) -> [String] {
    switch self {
    case .journey: JourneyView.pages(checked, paper: paper)
    case .silo: SiloView.pages(checked, paper: paper)
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
    "\(Self.mapTitle(journey)): \(name)"
  }

  /// The picture's `<desc>`, one sentence for a screen reader: what is drawn and the finding
  /// a sighted reader would see first (the lowest feeling; the hand-offs).
  public func summary(_ checked: CheckedJourney) -> String {
    let journey = checked.journey
    let steps = journey.steps
    let stepCount = count(steps.count, "step")
    switch self {
    case .journey:
      var sentence = "A journey map of \(stepCount) in \(count(journey.stages.count, "stage"))"
      let personas = journey.personas.map(\.name)
      if !personas.isEmpty { sentence += " for " + personas.joined(separator: " and ") }
      let felt = steps.filter { $0.feel != nil }
      if let lowest = felt.min(by: { ($0.feel ?? 0) < ($1.feel ?? 0) }), let feel = lowest.feel {
        sentence += "; the lowest feeling (\(Style.feelText(feel))) is at \u{201C}"
          + lowest.label + "\u{201D}"
      }
      return sentence + "."
    case .silo:
      let owners = count(journey.owners.count, "owner")
      let handOffs = count(Self.handOffCount(checked), "hand-off")
      var sentence = "A silo diagram of \(stepCount) across \(owners), with \(handOffs)"
        + " between owners"
      let unowned = steps.filter { $0.owners.isEmpty && $0.kind != .outcome }.count
      if unowned > 0 { sentence += "; \(count(unowned, "step")) with no owner" }
      return sentence + "."
    }
  }

  /// Flow edges whose two steps have different sets of owners.
  static func handOffCount(_ checked: CheckedJourney) -> Int {
    var owners: [String: Set<String>] = [:]
    for step in checked.journey.steps { owners[step.key] = Set(step.owners.map(\.name)) }
    return checked.flow.edges.filter { edge in
      guard let from = owners[edge.from], let to = owners[edge.to] else { return false }
      return from != to
    }.count
  }

  private static func mapTitle(_ journey: Journey) -> String {
    if let title = journey.title, !title.isEmpty { return title }
    let name = journey.file.split(separator: "/").last.map(String.init) ?? journey.file
    return name.hasSuffix(".journey") ? String(name.dropLast(".journey".count)) : name
  }

  private func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
