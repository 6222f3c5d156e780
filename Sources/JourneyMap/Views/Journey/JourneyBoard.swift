/// The customer's view as a board: a column per front-stage step in file order under its
/// stage, and four bands: the cards, the experience curve, what is beside each step (pains,
/// opportunities, metrics, notes, questions), then the line of visibility and the backstage
/// steps, each under the step it serves.
///
/// The experience curve follows the flow, not the columns: a segment joins two felt steps
/// only when the customer goes from one to the other, directly or through decisions (which
/// carry no feeling by nature). A touchpoint without a feeling leaves a gap, alternatives
/// fork, nothing leaves an outcome, and loops back are not drawn on the curve.
public enum JourneyBoard {
  public typealias Detail = JourneyMap.Detail

  /// The rows, by index.
  enum Band: Int, CaseIterable {
    case cards, curve, beside, visibility, backstage
  }

  public static func board(_ checked: CheckedJourney, detail: Detail = .full,
                           theme: Theme = .standard) -> Board {
    Builder(checked, detail: detail, theme: theme).board
  }

  private struct Builder {
    var parts: BoardParts
    var board: Board
    var details: [Box] = []

    var checked: CheckedJourney { parts.checked }
    var journey: Journey { parts.journey }
    var detail: Detail { parts.detail }
    var theme: Theme { parts.theme }
    var facts: MapFacts { parts.facts }
    var placement: Placement { parts.placement }

    init(_ checked: CheckedJourney, detail: Detail, theme: Theme) {
      let facts = MapFacts(checked)
      parts = BoardParts(checked, detail: detail, theme: theme, facts: facts)
      board = Board(id: "journey", title: MapView.journey.title(checked.journey),
                    summary: MapView.journey.summary(checked, facts: facts))
      build()
    }

    mutating func unique(_ id: String) -> String { parts.unique(id) }

    mutating func build() {
      board.headline = parts.headline()
      board.header = personas() + legend()
      board.rows = rows()
      board.columns = parts.columns
      var cardID: [String: String] = [:]
      for (c, entry) in placement.columns.enumerated() {
        if let step = entry.step {
          let card = card(step)
          cardID[step.key] = card.id
          board.cells[Board.Cell(c, Band.cards.rawValue)] = [card]
          if let feel = step.feel {
            board.cells[Board.Cell(c, Band.curve.rawValue)] = [point(step, feel: feel)]
          }
          let beside = besides(step)
          if !beside.isEmpty { board.cells[Board.Cell(c, Band.beside.rawValue)] = beside }
        } else {
          let onlyBackstage = placement.backstage[c] != nil
          var empty = Box(id: unique("empty-\(c + 1)"), classes: ["empty"], lines: [
            Line(Run(onlyBackstage ? "only backstage steps" : "no steps yet", size: theme.small,
                     color: theme.mutedInk), align: .center),
          ])
          empty.border = .dashed
          empty.stroke = theme.hairline
          board.cells[Board.Cell(c, Band.cards.rawValue)] = [empty]
        }
        var under: [Box] = []
        for step in placement.backstage[c] ?? [] {
          let card = card(step)
          cardID[step.key] = card.id
          under.append(card)
          under += besides(step)
        }
        if !under.isEmpty { board.cells[Board.Cell(c, Band.backstage.rawValue)] = under }
      }
      (board.stages, board.phases) = parts.stagesAndPhases()
      let backstage = Set(checked.steps.filter(\.isBackstage).map(\.key))
      board.connectors = parts.connectors(cardID) { _, edge in
        backstage.contains(edge.from) || backstage.contains(edge.to) ? .backstage
          : edge.isLoop ? .loop : edge.isExplicit ? .answer : .next
      }
      curve()
      board.footer = details
    }

    // MARK: Header

    mutating func personas() -> [Box] {
      journey.personas.enumerated().map { index, persona in
        var lines = [Line(Run("PERSONA", size: theme.small, color: theme.mutedInk)),
                     Line(Run(persona.name, size: theme.label + 1, bold: true))]
        for description in persona.descriptions {
          lines.append(Line(Run(description, size: theme.owner, color: theme.mutedInk)))
        }
        for goal in persona.goals {
          lines.append(Line(Run(goal, size: theme.owner),
                            prefix: Run("Goal:", size: theme.owner, bold: true)))
        }
        var box = Box(id: unique("persona-" + (persona.id ?? "\(index + 1)")),
                      classes: ["persona"], lines: lines)
        box.width = .fit(300)
        return box
      }
    }

    mutating func legend() -> [Box] {
      func block(_ id: String, _ title: String, _ lines: [Line], width: Double = 240) -> Box {
        var box = Box(id: unique("legend-" + id), classes: ["legend"],
                      lines: [Line(Run(title, size: theme.owner, bold: true))] + lines)
        box.width = .fit(width)
        return box
      }
      func small(_ text: String, prefix: String? = nil, fill: String? = nil, bold: Bool = false)
        -> Line
      {
        Line(Run(text, size: theme.small, bold: bold),
             prefix: prefix.map { Run($0, size: theme.small, bold: true) }, fill: fill)
      }
      var blocks: [Box] = []
      blocks.append(block("evidence", "Evidence", Evidence.allCases.map { status in
        let colors = theme.badgeColors(status)
        return Line(Run(theme.badge(status), size: theme.small, bold: true, color: colors.ink),
                    fill: colors.fill)
      }, width: 120))
      var flow = [
        small("next step (the order of the lines)", prefix: "──▶"),
        small("an answer leaves from its row", prefix: "yes ▸"),
        small("loop back (renewal, retry), from its start dot", prefix: "●╌▶"),
        small("decision: thick square card", prefix: "◆"),
        small("outcome: the journey ends (double border)", prefix: "■"),
        small("dashed card: proposed in a workshop", prefix: "┄┄"),
      ]
      if checked.steps.contains(where: \.isBackstage) {
        flow.append(small("dotted: to or from backstage", prefix: "┈┈▶"))
      }
      blocks.append(block("flow", "Flow", flow, width: 300))
      blocks.append(block("curve", "Experience curve", [
        small("−2 very bad … +2 very good, in each point"),
        small("shaded: below neutral", fill: theme.lowFill),
        small("a line joins steps the customer goes between; a gap: no feeling recorded"),
      ], width: 260))
      blocks.append(block("beside", "Beside a step", [
        small("pain point", prefix: "⚠", fill: theme.painFill),
        small("opportunity", prefix: "★", fill: theme.opportunityFill),
        small("metric", prefix: "◎", fill: theme.metricFill, bold: true),
        small("note", prefix: "✎", fill: theme.noteFill),
        small("open question", prefix: "?", fill: theme.questionFill),
        small("several owners share the step", prefix: "⚑", fill: theme.sharedFill),
        small("no owner", prefix: "⊘", fill: theme.unownedFill),
        Line(Run("hand-off: the customer changes owner (numbered as on the silo diagram)",
                 size: theme.small), prefix: Run("H1", size: theme.small, bold: true,
                                                 color: theme.handoffInk)),
      ], width: 220))
      if !journey.owners.isEmpty {
        blocks.append(block("owners", "Owners", journey.owners.map { owner in
          let mark = self.chip(owner)
          return Line(Run(owner.name + (owner.isExternal ? " (external)" : ""), size: theme.small),
                      prefix: Run(mark.glyph, size: theme.small, color: mark.color))
        }))
      }
      return blocks
    }

    func chip(_ owner: Owner) -> (color: String, glyph: String) { parts.chip(owner) }

    // MARK: Bands

    func rows() -> [Board.Row] {
      func label(_ text: String) -> [Line] {
        [Line(Run(text, size: theme.small, bold: true, color: theme.mutedInk), align: .right)]
      }
      var curve = Board.Row(id: "band-curve", kind: .scale(levels: 2), label: label("How it feels"))
      // The overview keeps the curve's shape in less height; full detail gives each level
      // the theme's 30 pt.
      if detail == .overview { curve.levelHeight = theme.level / 2 }
      curve.levelNames = (-2...2).reversed().map {
        "\(Style.feelWord($0)) \(Style.feelText($0))"
      }
      return [
        Board.Row(id: "band-steps", kind: .stack, label: label("Steps"), isPrimary: true),
        curve,
        Board.Row(id: "band-beside", kind: .stack,
                  label: label(detail == .full ? "Pains, ideas, notes" : "Counts")),
        Board.Row(id: "band-visibility", kind: .divider,
                  label: label("▲ seen by the customer\nline of visibility\n▼ backstage")),
        Board.Row(id: "band-backstage", kind: .stack, label: label("Backstage")),
      ]
    }

    // MARK: Cards

    /// The step's card: the shared parts, with the owners, findings and tools in between.
    mutating func card(_ step: Step) -> Box {
      var lines: [Line] = []
      let muted = theme.mutedInk
      var seen: Set<String> = []
      for reference in step.owners where seen.insert(reference.name).inserted {
        let owner = journey.owner(reference.name)
        // `parts.chip`, not `self.chip`: a closure calling a method of `self` in a mutating
        // method copied the whole builder, board and all, once per owner of every card.
        var mark = (theme.hairline, "■")
        if let owner { mark = parts.chip(owner) }
        let name = (owner?.name ?? reference.name) + (owner?.isExternal == true ? " (ext.)" : "")
        var line = Line(Run(name, size: theme.owner), prefix: Run(mark.1, size: theme.owner,
                                                                  color: mark.0))
        if detail == .overview { line.maxLines = 1 }
        lines.append(line)
      }
      if seen.count > 1 {
        // The overview's card is narrow: the same finding, in one line.
        let text = detail == .overview ? "shared by \(seen.count) owners"
          : "\(seen.count) owners share this step"
        lines.append(Line(Run(text, size: theme.small, bold: true),
                          prefix: Run("⚑", size: theme.small, bold: true), fill: theme.sharedFill))
      } else if seen.isEmpty && step.kind == .touchpoint {
        lines.append(Line(Run("no owner", size: theme.small, bold: true),
                          prefix: Run("⊘", size: theme.small, bold: true),
                          fill: theme.unownedFill))
      }
      if detail == .full {
        for tool in step.tools {
          lines.append(Line(Run(tool, size: theme.small, color: muted),
                            prefix: Run("⚙", size: theme.small, color: muted)))
        }
        if step.isBackstage, let feel = step.feel {
          lines.append(Line(Run("feels \(Style.feelText(feel)), off the curve", size: theme.small,
                                color: muted)))
        }
      }
      return parts.card(step, body: lines)
    }

    /// Pains, opportunities, metrics, notes and questions beside `step`; in the overview, a
    /// count of each, with the details added to the numbered list under the picture.
    mutating func besides(_ step: Step) -> [Box] {
      let kinds: [(String, String, String, [String])] = [
        ("pain", "⚠", theme.painFill, step.pains),
        ("opportunity", "★", theme.opportunityFill, step.opportunities),
        ("metric", "◎", theme.metricFill, step.metrics),
        ("note", "✎", theme.noteFill, step.workshop.notes),
        ("question", "?", theme.questionFill, step.workshop.questions),
      ]
      var boxes: [Box] = []
      if detail == .overview {
        let counts = kinds.filter { !$0.3.isEmpty }.map { "\($0.1) \($0.3.count)" }
        if !counts.isEmpty {
          var box = Box(id: unique("count-" + step.key), classes: ["counts"], lines: [
            Line(Run(counts.joined(separator: "  "), size: theme.note, bold: true)),
          ])
          box.fill = theme.metricFill
          boxes.append(box)
        }
        if !counts.isEmpty || !step.tools.isEmpty {
          details.append(detailBox(step, kinds: kinds))
        }
        return boxes
      }
      for (name, glyph, fill, texts) in kinds {
        for (index, text) in texts.enumerated() {
          var box = Box(id: unique("\(name)-\(step.key)-\(index + 1)"),
                        classes: ["annotation", name], lines: [
                          Line(Run(text, size: theme.note, bold: name == "metric"),
                               prefix: Run(glyph, size: theme.note, bold: true)),
                        ])
          box.fill = fill
          boxes.append(box)
        }
      }
      return boxes
    }

    mutating func detailBox(_ step: Step, kinds: [(String, String, String, [String])]) -> Box {
      var lines = [Line(Run(step.label, size: theme.note, bold: true),
                        prefix: Run("\(parts.numbers[step.key] ?? 0).", size: theme.note, bold: true))]
      for (_, glyph, fill, texts) in kinds {
        for text in texts {
          lines.append(Line(Run(text, size: theme.small), prefix: Run(glyph, size: theme.small),
                            fill: fill))
        }
      }
      for tool in step.tools {
        lines.append(Line(Run(tool, size: theme.small), prefix: Run("⚙", size: theme.small)))
      }
      var box = Box(id: unique("detail-" + step.key), classes: ["detail"], lines: lines)
      box.width = .fixed(300)
      return box
    }

    /// The experience curve's point for a front-stage step.
    mutating func point(_ step: Step, feel: Int) -> Box {
      let level = min(max(feel, -2), 2)
      let colors = theme.feelColors(level)
      var box = Box(id: unique("point-" + step.key), classes: ["point", "feel\(level)"],
                    lines: [Line(Run(Style.feelText(level), size: theme.score, bold: true),
                                 align: .center)])
      box.shape = .circle
      box.fill = colors.fill
      box.stroke = colors.ring
      box.border = .thick
      box.width = .fixed(theme.point)
      box.level = level
      return box
    }

    // MARK: Curve

    /// Segments between felt front-stage steps the customer goes between, through decisions.
    mutating func curve() {
      var felt: [String: String] = [:]
      var isDecision: Set<String> = []
      for (c, entry) in placement.columns.enumerated() {
        guard let step = entry.step else { continue }
        if let point = board.cells[Board.Cell(c, Band.curve.rawValue)]?.first {
          felt[step.key] = point.id
        } else if step.kind == .decision {
          isDecision.insert(step.key)
        }
      }
      var next: [String: [String]] = [:]
      for edge in checked.flow.edges where !edge.isLoop {
        next[edge.from, default: []].append(edge.to)
      }
      for step in checked.steps {
        guard let from = felt[step.key] else { continue }
        var seen: Set<String> = [step.key]
        var queue = next[step.key] ?? []
        var reached: [String] = []
        var head = 0
        while head < queue.count {
          let key = queue[head]
          head += 1
          guard seen.insert(key).inserted else { continue }
          if felt[key] != nil {
            reached.append(key)
          } else if isDecision.contains(key) {
            queue += next[key] ?? []
          }
        }
        for key in reached {
          guard let to = felt[key] else { continue }
          board.segments.append(Board.Segment(id: unique("curve-\(step.key)-\(key)"), from: from,
                                              to: to, fromKey: step.key, toKey: key))
        }
      }
    }
  }
}
