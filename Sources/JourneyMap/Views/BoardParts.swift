/// What every view's board is made of, built one way for all of them: the columns (from
/// `Placement`), the stage frames and phase bands with their labels, and the step cards
/// (number and kind, label, hand-off numbers, answers, evidence), so that a step, a stage or a
/// hand-off reads the same on the journey map and on the silo diagram, with the same ids.
struct BoardParts {
  let checked: CheckedJourney
  let journey: Journey
  let detail: Detail
  let theme: Theme
  let facts: MapFacts
  let placement: Placement
  /// The colour and chip glyph of every owner, by id (`Style.ownerChips`).
  let chips: [String: (color: String, glyph: String)]
  /// Each step's number on its card and in the overview's list: 1-based, in file order.
  private(set) var numbers: [String: Int] = [:]
  private var ids = Set<String>()

  init(_ checked: CheckedJourney, detail: Detail, theme: Theme, facts: MapFacts) {
    self.checked = checked
    journey = checked.journey
    self.detail = detail
    self.theme = theme
    self.facts = facts
    placement = Placement(checked.journey, flow: checked.flow)
    chips = Style.ownerChips(checked.journey)
    var n = 0
    for step in checked.steps where numbers[step.key] == nil {
      n += 1
      numbers[step.key] = n
    }
  }

  /// `id`, or `id-2`, `id-3`, … when a box of the board already has it.
  mutating func unique(_ id: String) -> String {
    var candidate = id
    var n = 2
    while !ids.insert(candidate).inserted {
      candidate = "\(id)-\(n)"
      n += 1
    }
    return candidate
  }

  /// The colour and chip glyph of `owner`, as on every view.
  func chip(_ owner: Owner) -> (color: String, glyph: String) {
    chips[owner.id] ?? (Theme.ownerPalette[0], Theme.ownerChips[0])
  }

  /// A column per entry of the placement: `column-KEY` after its step.
  var columns: [Board.Column] {
    placement.columns.enumerated().map { c, entry in
      Board.Column(id: "column-" + (entry.step?.key ?? "empty-\(c + 1)"))
    }
  }

  // MARK: Cards

  /// The card of `step`: its number and kind, its label, the view's own `body` lines, where
  /// the customer is handed to it (H numbers), the answers that leave from it, its evidence.
  mutating func card(_ step: Step, body: [Line]) -> Box {
    var lines: [Line] = []
    let number = numbers[step.key].map { "\($0) · " } ?? ""
    lines.append(Line(Run(number + headerText(step), size: theme.small, color: theme.mutedInk)))
    var labelLine = Line(Run(step.label, size: theme.label, bold: true))
    if detail == .overview { labelLine.maxLines = 2 }
    lines.append(labelLine)
    lines += body
    let handoffs = facts.handoffsInto[step.key] ?? []
    if detail == .overview && handoffs.count > 1 {
      // The overview says it in one line: "H3 H5 hand-offs from Customer Service, Billing".
      var from: [String] = []
      for name in handoffs.flatMap(\.from) where !from.contains(name) { from.append(name) }
      var line = Line(Run("hand-offs from " + from.joined(separator: ", "), size: theme.small,
                          color: theme.handoffInk),
                      prefix: Run(handoffs.map { "H\($0.number)" }.joined(separator: " "),
                                  size: theme.small, bold: true, color: theme.handoffInk))
      line.maxLines = 1
      lines.append(line)
    } else {
      for handoff in handoffs {
        var line = Line(Run("hand-off from " + handoff.from.joined(separator: ", "),
                            size: theme.small, color: theme.handoffInk),
                        prefix: Run("H\(handoff.number)", size: theme.small, bold: true,
                                    color: theme.handoffInk))
        if detail == .overview { line.maxLines = 1 }
        lines.append(line)
      }
    }
    for (index, edge) in placement.answers(of: step, in: checked.flow).enumerated() {
      let text = edge.isLoop ? "↺ " + (edge.label ?? "back") : (edge.label ?? "") + " ▸"
      lines.append(Line(Run(text, size: theme.answer, italic: true), align: .right,
                        port: "a\(index)"))
    }
    if let status = step.workshop.status {
      let colors = theme.badgeColors(status)
      lines.append(Line(Run(theme.badge(status), size: theme.small, bold: true,
                            color: colors.ink), align: .right, fill: colors.fill))
    }
    var classes = ["step", step.kind.rawValue]
    if let status = step.workshop.status { classes.append(status.rawValue) }
    if step.isBackstage { classes.append("backstage") }
    var box = Box(id: unique("step-" + step.key), classes: classes, lines: lines)
    box.fill = step.isBackstage ? theme.backstageFill : theme.paper
    box.stroke = theme.ink
    box.border = step.kind == .decision ? .thick : step.kind == .outcome ? .double : .solid
    if step.workshop.status == .proposed { box.border = .dashed }
    box.rounded = step.kind != .decision
    box.tooltip = step.label
    box.number = numbers[step.key]
    return box
  }

  /// The small line on top of a card: its kind and channel, or who decides.
  func headerText(_ step: Step) -> String {
    switch step.kind {
    case .touchpoint:
      return (step.isBackstage ? "BACKSTAGE" : "TOUCHPOINT")
        + (step.channel.map { " · " + $0.label } ?? "")
    case .decision:
      return "◆ DECISION · " + Style.deciderText(step.decider)
    case .outcome:
      return "■ OUTCOME · journey ends"
    }
  }

  /// The connectors of every flow edge between two drawn cards (`cardID` by step key), each
  /// answer from its row of the card. `kind` names what the view makes of an edge.
  mutating func connectors(_ cardID: [String: String],
                           kind: (Int, Flow.Edge) -> Board.Connector.Kind) -> [Board.Connector] {
    var portOf: [Int: String] = [:]
    let edges = checked.flow.edges
    for step in checked.steps {
      for (port, i) in placement.answerIndices(of: step, in: checked.flow).enumerated() {
        portOf[i] = "a\(port)"
      }
    }
    var out: [Board.Connector] = []
    for (i, edge) in edges.enumerated() {
      guard let from = cardID[edge.from], let to = cardID[edge.to] else { continue }
      out.append(Board.Connector(
        id: unique("flow-\(edge.from)-\(edge.to)"), kind: kind(i, edge), from: from,
        port: portOf[i], to: to, fromKey: edge.from, toKey: edge.to))
    }
    return out
  }

  // MARK: Stages and phases

  /// The stage frames (name, evidence, metrics, notes, questions; counts in the overview)
  /// and the phase bands around runs of them.
  mutating func stagesAndPhases() -> (stages: [Board.Stage], phases: [Board.Phase]) {
    var stages: [Board.Stage] = []
    for (index, stage) in journey.stages.enumerated() {
      var lines = [Line(Run(stage.label, size: theme.stage, bold: true))]
      if let status = stage.workshop.status {
        let colors = theme.badgeColors(status)
        lines.append(Line(Run(theme.badge(status), size: theme.small, bold: true,
                              color: colors.ink), fill: colors.fill))
      }
      if detail == .full {
        for metric in stage.metrics {
          lines.append(Line(Run(metric, size: theme.note, bold: true),
                            prefix: Run("◎", size: theme.note, bold: true),
                            fill: theme.metricFill))
        }
        for note in stage.workshop.notes {
          lines.append(Line(Run(note, size: theme.note), prefix: Run("✎", size: theme.note),
                            fill: theme.noteFill))
        }
        for question in stage.workshop.questions {
          lines.append(Line(Run(question, size: theme.note),
                            prefix: Run("?", size: theme.note, bold: true),
                            fill: theme.questionFill))
        }
      } else {
        // The kinds the stage has, as a step's counts are: "◎ 1  ✎ 1", never "? 0".
        let counts = [("◎", stage.metrics.count), ("✎", stage.workshop.notes.count),
                      ("?", stage.workshop.questions.count)].filter { $0.1 > 0 }
        if !counts.isEmpty {
          lines.append(Line(Run(counts.map { "\($0.0) \($0.1)" }.joined(separator: "  "),
                                size: theme.small, bold: true)))
        }
      }
      let id = "stage-" + (stage.id ?? "\(index + 1)")
      var label = Box(id: unique(id + "-label"), classes: ["stage-label"], lines: lines)
      label.width = .column
      var classes = ["stage"]
      if let status = stage.workshop.status { classes.append(status.rawValue) }
      stages.append(Board.Stage(id: unique(id), classes: classes, label: label,
                                columns: placement.stageColumns[index] ?? 0..<0))
    }
    var phases: [Board.Phase] = []
    for run in facts.phaseRuns {
      // One line, the word before the name: a phase's band takes a line less of each page.
      let label = Box(id: unique(run.id + "-label"), classes: ["phase-label"], lines: [
        Line(Run(run.name, size: theme.phase, bold: true),
             prefix: Run("PHASE", size: theme.small, color: theme.mutedInk)),
      ])
      phases.append(Board.Phase(id: unique(run.id), label: label, stages: run.stages))
    }
    return (stages, phases)
  }

  // MARK: Header

  /// The title and the map's descriptions, top left; `view` names the picture under the
  /// title when it is not the journey map.
  func headline(view: String? = nil) -> [Line] {
    var lines = [Line(Run(facts.title, size: theme.title, bold: true))]
    if let view { lines.append(Line(Run(view, size: theme.subtitle, bold: true,
                                        color: theme.mutedInk))) }
    for description in journey.descriptions {
      lines.append(Line(Run(description, size: theme.subtitle, color: theme.mutedInk)))
    }
    // "Validated on … with …, map 3f9c…" (or "… changed since sign-off"): Workshop/SignOff.
    if let signOff = SignOffState(journey).sentence {
      lines.append(Line(Run(signOff, size: theme.subtitle, bold: true, color: theme.mutedInk)))
    }
    return lines
  }

  /// A legend or summary block: a bold title over its lines, as wide as they need up to
  /// `width`.
  mutating func block(_ id: String, _ title: String, _ lines: [Line], width: Double = 240,
                      classes: [String] = ["legend"]) -> Box {
    var box = Box(id: unique(id), classes: classes,
                  lines: [Line(Run(title, size: theme.owner, bold: true))] + lines)
    box.width = .fit(width)
    return box
  }
}
