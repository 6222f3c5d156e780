/// The labels and looks of the silo diagram's parts. Every piece of user text goes through
/// `DOTText`, so it shows exactly as written.
enum SiloText {
  /// Cards wrap at this many characters, and are at least `cardInches` wide: narrow columns
  /// keep a map of twenty steps within a projector's width.
  static let cardWidth = 18
  static let cardInches = "1.45"
  static let small = "<FONT POINT-SIZE=\"9\" COLOR=\"\(Style.mutedInk)\">"
  /// At most this many lines per list in the summary, so a huge map keeps a readable legend.
  static let listLimit = 12

  // MARK: Header row

  static func corner(_ journey: Journey) -> String {
    var label = "<<B>Silo diagram</B>"
    if let title = journey.title {
      label += "<BR/>" + DOTText.htmlWrapped(title, width: 32)
    }
    label += "<BR/>\(small)who owns each step, where the customer is handed on</FONT>"
    if let signOff = SignOffState(journey).sentence {
      label += "<BR/>\(small)<B>" + DOTText.htmlWrapped(signOff, width: 36) + "</B></FONT>"
    }
    return label + ">"
  }

  /// The corner of a page on paper: the view, the page number, the title and the stages.
  static func pageCorner(_ journey: Journey, number: Int, total: Int, range: String) -> String {
    var label = "<<B>Silo diagram</B> \u{00B7} page \(number) of \(total)"
    if let title = journey.title {
      label += "<BR/>" + DOTText.htmlWrapped(title, width: 36)
    }
    // No wider than the lane headers below it: the column is repeated on every page.
    return label + "<BR/>\(small)" + DOTText.htmlWrapped(range, width: 32) + "</FONT>>"
  }

  /// The cover's title on paper.
  static func coverTitle(_ journey: Journey) -> String {
    var label = "<FONT POINT-SIZE=\"18\"><B>Silo diagram"
    if let title = journey.title { label += ":<BR/>" + DOTText.htmlWrapped(title, width: 40) }
    return label + "</B></FONT><BR/>who owns each step, where the customer is handed on<BR/> "
  }

  /// The characters a line of a page marker holds.
  static let markerWidth = 22

  /// A box at a page's edge where a flow edge goes on to another page: where to (`heading`),
  /// the hand-off number, the step there and the edge's label.
  ///
  /// The heading, the number and the step run on in one wrapped text: the markers stand in
  /// two columns of every page, so they are kept narrow, and several can stack in one lane,
  /// so they are kept short.
  static func pageMarker(_ heading: String, step: Step, handoff: Handoffs.Handoff?,
                         label: String?, width: Int = markerWidth) -> String {
    let number = handoff.map { "H\($0.number)" }
    let text = heading + " " + (number.map { $0 + " " } ?? "") + "\u{201C}" + step.label
      + "\u{201D}"
    var body = DOTText.htmlWrapped(text, width: width)
    let start = DOTText.html(heading)
    if body.hasPrefix(start) {
      var rest = String(body.dropFirst(start.count))
      if let number, let found = rest.firstRange(of: number) {
        rest.replaceSubrange(found, with: "<FONT COLOR=\"\(Style.alarm)\"><B>\(number)</B></FONT>")
      }
      body = "<B>" + start + "</B>" + rest
    }
    if let label {
      body += "<BR/>\(small)" + DOTText.htmlWrapped(label, width: width) + "</FONT>"
    }
    return "<<TABLE BORDER=\"1\" COLOR=\"\(Style.ink)\" STYLE=\"rounded\" CELLBORDER=\"0\" "
      + "CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"#EEF1F4\"><TR><TD ALIGN=\"LEFT\" "
      + "BALIGN=\"LEFT\">\(body)</TD></TR></TABLE>>"
  }

  static func phaseHeader(_ phase: Phase) -> String {
    "<<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\"><B>"
      + DOTText.htmlWrapped(phase.name, width: 2 * cardWidth) + "</B></FONT>>"
  }

  static func stageHeader(_ stage: Stage) -> String {
    var label = "<<B>\(DOTText.htmlWrapped(stage.label, width: cardWidth))</B>"
    if stage.steps.isEmpty { label += "<BR/>\(small)no steps</FONT>" }
    return label + ">"
  }

  // MARK: Lanes

  /// How a lane is drawn.
  struct LaneLook {
    var id: String
    var header: String
    var style: String
    var fill: String
    var pen: String
    var penwidth: String
  }

  static func laneLook(_ lane: SiloLanes.Lane, _ d: SiloDiagram) -> LaneLook {
    let own = d.steps.indices.filter { d.lanes.home[$0] == lane }.count
    switch lane {
    case .customer:
      let personas = d.journey.personas.map(\.name)
      var header = "<<B>Customer</B>"
      if !personas.isEmpty {
        header += "<BR/>\(small)\(DOTText.htmlWrapped(personas.joined(separator: ", "), width: 28))"
        header += "</FONT>"
      }
      header += "<BR/>\(small)own decisions and outcomes</FONT>>"
      return LaneLook(id: "silo-lane-customer", header: header, style: "filled",
                      fill: "#F5F7FA", pen: Style.hairline, penwidth: "1")
    case .noOwner:
      let header = "<<FONT COLOR=\"\(Style.alarm)\"><B>⚠ No owner</B></FONT>"
        + "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"\(Style.alarm)\">\(count(own)) nobody owns</FONT>>"
      return LaneLook(id: "silo-lane-no-owner", header: header, style: "filled,bold",
                      fill: tint(Style.alarm, 12), pen: Style.alarm, penwidth: "2.5")
    case .owner(let o):
      let owner = d.journey.owners[o]
      let color = Style.color(of: owner, in: d.journey)
      let shared = d.sharedSteps.filter { d.owners(of: $0).dropFirst().contains(o) }.count
      var facts = [count(own)]
      if shared > 0 { facts.append("\(shared) shared") }
      var header = "<<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR>"
      header += "<TD BGCOLOR=\"\(color)\" WIDTH=\"10\"> </TD><TD WIDTH=\"4\"> </TD>"
      header += "<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><B>\(DOTText.htmlWrapped(owner.name, width: 24))</B>"
      if owner.isExternal {
        header += "<BR/><FONT POINT-SIZE=\"9\"><I>external partner</I></FONT>"
      }
      header += "<BR/>\(small)\(facts.joined(separator: " · "))</FONT></TD></TR></TABLE>>"
      return LaneLook(id: "silo-lane-owner-\(owner.id)", header: header,
                      style: owner.isExternal ? "filled,dashed" : "filled",
                      fill: tint(color, 13), pen: color,
                      penwidth: owner.isExternal ? "2" : "1.2")
    }
  }

  private static func count(_ n: Int) -> String { n == 1 ? "1 step" : "\(n) steps" }

  // MARK: Steps

  /// Attributes of the card of step `i` in its home lane.
  static func cardAttributes(_ i: Int, _ step: Step, _ d: SiloDiagram) -> String {
    let glyph: String =
      switch step.kind {
      case .touchpoint: ""
      case .decision: "◆ "
      case .outcome: "■ "
      }
    var label = "<" + glyph + DOTText.htmlWrapped(step.label, width: cardWidth)
    let meta = details(step)
    if !meta.isEmpty { label += "<BR/>\(small)\(DOTText.html(meta))</FONT>" }
    var attributes = ["id=\(DOTText.quoted("silo-step-\(step.key)"))"]
    let owners = d.owners(of: i)
    if owners.count > 1 {
      let names = owners.map { d.journey.owners[$0].name }.joined(separator: " + ")
      label += "<BR/><FONT POINT-SIZE=\"9\"><B>⇄ shared: "
      label += DOTText.htmlWrapped(names, width: cardWidth + 6) + "</B></FONT>"
      attributes += ["peripheries=2", "penwidth=2"]
    }
    if d.parties[i] == .owners([]) {
      label += "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"\(Style.alarm)\"><B>⚠ no owner</B></FONT>"
      attributes += ["color=\"\(Style.alarm)\"", "penwidth=2"]
    }
    if step.isBackstage {
      attributes.append("fillcolor=\"#EEF1F4\"")
    }
    if step.kind == .outcome {
      attributes.append("style=\"filled,bold\"")
    }
    attributes.append("label=\(label)>")
    return attributes.joined(separator: ", ")
  }

  /// The small line under a card's label: channel or decider, feeling, evidence.
  static func details(_ step: Step) -> String {
    var parts: [String] = []
    switch step.kind {
    case .touchpoint:
      if step.isBackstage { parts.append("backstage") }
      if let channel = step.channel { parts.append(channel.label) }
    case .decision:
      parts.append(Style.deciderText(step.decider))
    case .outcome:
      parts.append("end of journey")
    }
    if let feel = step.feel { parts.append("feel " + Style.feelText(feel)) }
    if let status = step.workshop.status { parts.append(Style.badge(status)) }
    return parts.joined(separator: " · ")
  }

  /// Attributes of the dashed copy of shared step `i` in another owner's lane.
  static func ghostAttributes(_ i: Int, _ step: Step, _ d: SiloDiagram) -> String {
    let home = d.owners(of: i).first.map { d.journey.owners[$0].name } ?? ""
    var label = "<<I>" + DOTText.htmlWrapped(step.label, width: cardWidth) + "</I>"
    label += "<BR/>\(small)⇄ shared with \(DOTText.htmlWrapped(home, width: cardWidth))</FONT>>"
    return "style=\"rounded,dashed,filled\", color=\"\(Style.mutedInk)\", "
      + "fontcolor=\"\(Style.mutedInk)\", label=\(label)"
  }

  // MARK: Edges

  /// The label of a flow edge: its hand-off number in a box, the branch label, a loop mark.
  static func edgeLabel(_ edge: Flow.Edge, handoff: Handoffs.Handoff?) -> String? {
    var text = edge.isLoop ? "⟲ " : ""
    if let label = edge.label { text += DOTText.htmlWrapped(label, width: 20) }
    text = text.trimmingSpaces
    guard let handoff else { return text.isEmpty ? nil : "<\(text)>" }
    var label = "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR>"
    label += "<TD BORDER=\"2\" COLOR=\"\(Style.alarm)\" BGCOLOR=\"\(Style.paper)\">"
    label += "<FONT COLOR=\"\(Style.alarm)\"><B> H\(handoff.number) </B></FONT></TD>"
    if !text.isEmpty { label += "<TD> \(text)</TD>" }
    return label + "</TR></TABLE>>"
  }

  // MARK: Summary

  /// The findings under the diagram: hand-offs per owner pair, shared steps, unowned steps,
  /// and a legend of the line styles; `perRow` of them side by side (all, under the diagram).
  static func summary(_ d: SiloDiagram, perRow: Int = 4) -> String {
    func names(_ owners: [Int]) -> String {
      owners.isEmpty
        ? "No owner" : owners.map { d.journey.owners[$0].name }.joined(separator: " + ")
    }
    var handoffLines: [String] = []
    for (pair, numbers) in d.handoffs.byPair {
      var shown = numbers.prefix(8).map { "H\($0)" }
      if numbers.count > 8 { shown.append("… H\(numbers[numbers.count - 1])") }
      handoffLines.append(
        DOTText.html("\(names(pair.from)) → \(names(pair.to)): \(numbers.count) ")
          + "<FONT COLOR=\"\(Style.alarm)\">(\(shown.joined(separator: ", ")))</FONT>")
    }
    let stageLabel = stageLabels(d)
    let sharedLines = d.sharedSteps.map { i in
      DOTText.html("\(d.steps[i].label) (\(stageLabel[i])): \(names(d.owners(of: i)))")
    }
    let unownedLines = d.unownedSteps.map { i in
      DOTText.html("\(d.steps[i].label) (\(stageLabel[i]))")
    }

    let count = d.handoffs.all.count
    var cells: [String] = []
    cells.append(cell(
      title: count == 0
        ? "No hand-offs" : "\(count) hand-off\(count == 1 ? "" : "s") between owners",
      lines: handoffLines.isEmpty ? ["one owner serves the customer all the way"] : handoffLines,
      more: "owner pairs"))
    cells.append(cell(
      title: "\(sharedLines.count) step\(sharedLines.count == 1 ? "" : "s") with several owners",
      lines: sharedLines.isEmpty ? ["every owned step has a single owner"] : sharedLines,
      more: "steps"))
    let noOwnerTitle = unownedLines.isEmpty
      ? "✓ Every step has an owner"
      : "<FONT COLOR=\"\(Style.alarm)\">⚠ \(unownedLines.count) step"
        + "\(unownedLines.count == 1 ? "" : "s") with no owner</FONT>"
    cells.append(cell(title: noOwnerTitle, lines: unownedLines, more: "steps"))
    cells.append(legend)

    var label = "<<TABLE BORDER=\"0\" CELLSPACING=\"12\" CELLPADDING=\"0\">"
    for start in stride(from: 0, to: cells.count, by: max(perRow, 1)) {
      label += "<TR>" + cells[start..<min(start + max(perRow, 1), cells.count)].joined() + "</TR>"
    }
    return label + "</TABLE>>"
  }

  /// The line styles, a sample and its meaning in separate cells so neither runs into the
  /// other whatever widths the fonts give the arrow glyphs.
  private static var legend: String {
    let rows: [(sample: String, meaning: String)] = [
      ("<FONT COLOR=\"\(Style.alarm)\"><B>═══▶</B></FONT>",
       "hand-off: the customer changes owner"),
      ("<FONT COLOR=\"\(Style.alarm)\"><B>H1</B></FONT>", "hand-off number, counted in the summary"),
      ("───▶", "flow of the journey; ⟲ a loop back"),
      ("▭▭", "double border: a step with several owners"),
      ("- - -", "dashed copy in each other owner's lane"),
    ]
    var text = "<TD ALIGN=\"LEFT\" VALIGN=\"TOP\"><TABLE BORDER=\"0\" CELLSPACING=\"0\" "
    text += "CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><B>Legend</B></TD></TR>"
    for row in rows {
      text += "<TR><TD ALIGN=\"LEFT\">\(row.sample)</TD><TD WIDTH=\"6\"></TD>"
      text += "<TD ALIGN=\"LEFT\">\(row.meaning)</TD></TR>"
    }
    return text + "</TABLE></TD>"
  }

  private static func cell(title: String, lines: [String], more: String) -> String {
    var shown = Array(lines.prefix(listLimit))
    if lines.count > listLimit { shown.append("… and \(lines.count - listLimit) more \(more)") }
    var text = "<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" VALIGN=\"TOP\"><B>\(title)</B>"
    for line in shown { text += "<BR/>" + line }
    return text + "</TD>"
  }

  /// The label of each step's stage, in `steps` order.
  private static func stageLabels(_ d: SiloDiagram) -> [String] {
    d.journey.stages.flatMap { stage in stage.steps.map { _ in stage.label } }
  }

  // MARK: Colour

  /// `hex` mixed with white: `percent` 0 is white, 100 the colour itself. Integer arithmetic,
  /// so the bytes never depend on floating-point rounding.
  static func tint(_ hex: String, _ percent: Int) -> String {
    let digits = Array(hex.utf8.dropFirst())
    guard hex.hasPrefix("#"), digits.count == 6 else { return "#F5F7FA" }
    var out = "#"
    for c in 0..<3 {
      guard let value = UInt8(String(decoding: digits[(2 * c)..<(2 * c + 2)], as: UTF8.self),
                              radix: 16)
      else { return "#F5F7FA" }
      let mixed = 255 - ((255 - Int(value)) * percent + 50) / 100
      let text = String(mixed, radix: 16, uppercase: true)
      out += text.count == 1 ? "0" + text : text
    }
    return out
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
