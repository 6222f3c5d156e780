/// The organisation's view as a board: a swimlane with one lane per owner (the Customer on
/// top for the customer's own decisions and outcomes, internal owners, external partners
/// dashed, the red No-owner lane last when a step has none), crossed by the same stage
/// columns as the journey map, each step in its column and its first owner's lane. Connectors
/// run in the gutters between columns and in the corridors between lanes; a hand-off, where
/// the customer passes from one owner to another, is drawn in vermilion and numbered on the
/// card it enters, with the same numbers as the journey map.
public enum SiloBoard {
  public static func board(_ checked: CheckedJourney, detail: Detail = .full,
                           theme: Theme = .standard) -> Board {
    Builder(checked, detail: detail, theme: theme).board
  }

  /// At most this many lines in one summary block; a longer list continues in the next
  /// block beside it, so the whole table is always shown.
  static let blockLines = 10

  private struct Builder {
    let lanes: SiloLanes
    var parts: BoardParts
    var board: Board

    var journey: Journey { parts.journey }
    var detail: Detail { parts.detail }
    var theme: Theme { parts.theme }
    var facts: MapFacts { parts.facts }
    var parties: [SiloParty] { parts.facts.parties }

    init(_ checked: CheckedJourney, detail: Detail, theme: Theme) {
      let facts = MapFacts(checked)
      lanes = SiloLanes(checked.journey, parties: facts.parties)
      parts = BoardParts(checked, detail: detail, theme: theme, facts: facts)
      board = Board(id: "silo", title: MapView.silo.title(checked.journey),
                    summary: MapView.silo.summary(checked, facts: facts))
      board.filledStages = false
      build()
    }

    func owners(_ i: Int) -> [Int] {
      if case .owners(let list) = parties[i] { return list }
      return []
    }

    mutating func build() {
      board.headline = parts.headline(view: "Silo diagram: who owns each step, where the "
        + "customer is handed on")
      board.rows = lanes.lanes.map(row)
      board.columns = parts.columns
      (board.stages, board.phases) = parts.stagesAndPhases()
      let steps = parts.checked.steps
      var cardID: [String: String] = [:]
      for (i, step) in steps.enumerated() {
        guard cardID[step.key] == nil, let c = parts.placement.column[step.key] else { continue }
        let card = card(i, step)
        cardID[step.key] = card.id
        board.cells[Board.Cell(c, lanes.position(of: lanes.home[i])), default: []].append(card)
        for o in owners(i).dropFirst() {
          board.cells[Board.Cell(c, lanes.position(of: .owner(o))), default: []]
            .append(ghost(i, step))
        }
      }
      for (c, entry) in parts.placement.columns.enumerated()
      where entry.step == nil && parts.placement.backstage[c] == nil {
        var empty = Box(id: parts.unique("empty-\(c + 1)"), classes: ["empty"], lines: [
          Line(Run("no steps yet", size: theme.small, color: theme.mutedInk), align: .center),
        ])
        empty.border = .dashed
        empty.stroke = theme.hairline
        board.cells[Board.Cell(c, 0), default: []].append(empty)
      }
      let backstage = Set(steps.filter(\.isBackstage).map(\.key))
      let handoffs = facts.handoffs
      board.connectors = parts.connectors(cardID) { e, edge in
        if backstage.contains(edge.from) || backstage.contains(edge.to) { return .backstage }
        if edge.isLoop { return .loop }
        if handoffs.handoff(onEdge: e) != nil { return .handoff }
        return edge.isExplicit ? .answer : .next
      }
      board.header = summary() + [legend()]
    }

    // MARK: Lanes

    func row(_ lane: SiloLanes.Lane) -> Board.Row {
      let own = lanes.home.filter { $0 == lane }.count
      let steps = own == 1 ? "1 step" : "\(own) steps"
      var row: Board.Row
      switch lane {
      case .customer:
        var label = [Line(Run("Customer", size: theme.owner, bold: true))]
        let personas = journey.personas.map(\.name)
        if !personas.isEmpty {
          label.append(Line(Run(personas.joined(separator: ", "), size: theme.small,
                                color: theme.mutedInk)))
        }
        label.append(Line(Run("own decisions and outcomes", size: theme.small,
                              color: theme.mutedInk)))
        row = Board.Row(id: "lane-customer", kind: .stack, label: label, isPrimary: true)
        row.fill = theme.customerLaneFill
        row.stroke = theme.hairline
      case .noOwner:
        row = Board.Row(id: "lane-no-owner", kind: .stack, label: [
          Line(Run("No owner", size: theme.owner, bold: true, color: theme.handoffInk),
               prefix: Run("⊘", size: theme.owner, bold: true, color: theme.handoffInk)),
          Line(Run("\(steps) nobody owns", size: theme.small, color: theme.handoffInk)),
        ], isPrimary: true)
        row.fill = Theme.tint(theme.handoffLine, theme.laneTint)
        row.stroke = theme.handoffLine
      case .owner(let o):
        let owner = journey.owners[o]
        let chip = parts.chip(owner)
        let shared = lanes.home.indices.filter { owners($0).dropFirst().contains(o) }.count
        var label = [Line(Run(owner.name, size: theme.owner, bold: true),
                          prefix: Run(chip.glyph, size: theme.owner, color: chip.color))]
        if owner.isExternal {
          label.append(Line(Run("external partner", size: theme.small, italic: true)))
        }
        label.append(Line(Run(steps + (shared > 0 ? " · \(shared) shared" : ""),
                              size: theme.small, color: theme.mutedInk)))
        row = Board.Row(id: "lane-owner-" + owner.id, kind: .stack, label: label,
                        isPrimary: true)
        row.fill = Theme.tint(chip.color, theme.laneTint)
        row.stroke = chip.color
        row.dashed = owner.isExternal
      }
      row.minimumHeight = theme.laneHeight
      return row
    }

    // MARK: Cards

    mutating func card(_ i: Int, _ step: Step) -> Box {
      var lines: [Line] = []
      let list = owners(i)
      if list.count > 1 {
        let names = list.map { journey.owners[$0].name }.joined(separator: " + ")
        var line = Line(Run("shared: " + names, size: theme.small, bold: true),
                        prefix: Run("⚑", size: theme.small, bold: true), fill: theme.sharedFill)
        if detail == .overview { line.maxLines = 1 }
        lines.append(line)
      } else if parties[i] == .owners([]) {
        lines.append(Line(Run("no owner", size: theme.small, bold: true),
                          prefix: Run("⊘", size: theme.small, bold: true),
                          fill: theme.unownedFill))
      }
      if detail == .full, let feel = step.feel {
        lines.append(Line(Run("feels " + Style.feelText(feel)
          + (step.isBackstage ? ", off the curve" : ""), size: theme.small,
          color: theme.mutedInk)))
      }
      return parts.card(step, body: lines)
    }

    /// The dashed copy of a shared step in each of its other owners' lanes.
    mutating func ghost(_ i: Int, _ step: Step) -> Box {
      let home = owners(i).first.map { journey.owners[$0].name } ?? ""
      var label = Line(Run(step.label, size: theme.owner, italic: true, color: theme.mutedInk))
      label.maxLines = 2
      var box = Box(id: parts.unique("ghost-" + step.key), classes: ["ghost", "of-" + step.key],
                    lines: [
                      Line(Run("\(parts.numbers[step.key] ?? 0) · SHARED", size: theme.small,
                               color: theme.mutedInk)),
                      label,
                      Line(Run("with " + home, size: theme.small, color: theme.mutedInk),
                           prefix: Run("⚑", size: theme.small, color: theme.mutedInk)),
                    ])
      box.border = .dashed
      box.stroke = theme.mutedInk
      box.fill = theme.paper
      box.tooltip = step.label + " (shared with " + home + ")"
      return box
    }

    // MARK: Summary

    func names(_ owners: [Int]) -> String {
      owners.isEmpty ? "No owner" : owners.map { journey.owners[$0].name }.joined(separator: " + ")
    }

    /// A titled list in blocks of at most `blockLines` lines, side by side.
    mutating func blocks(_ id: String, _ title: String, _ lines: [Line], width: Double = 300)
      -> [Box]
    {
      let size = SiloBoard.blockLines
      let count = max(1, (lines.count + size - 1) / size)
      return (0..<count).map { k in
        let part = Array(lines[min(k * size, lines.count)..<min((k + 1) * size, lines.count)])
        let heading = count == 1 ? title : k == 0 ? title + " (1 of \(count))"
          : "… continued (\(k + 1) of \(count))"
        return parts.block("summary-" + id + (k == 0 ? "" : "-\(k + 1)"), heading, part,
                           width: width, classes: ["summary", id])
      }
    }

    func small(_ text: String, color: String? = nil) -> Line {
      Line(Run(text, size: theme.small, color: color))
    }

    mutating func summary() -> [Box] {
      let steps = parts.checked.steps
      var stageOf: [String] = []
      for stage in journey.stages { stageOf += stage.steps.map { _ in stage.label } }
      var out: [Box] = []
      let pairs = facts.handoffs.byPair
      let count = facts.handoffs.all.count
      let handoffLines = pairs.map { entry in
        let numbers = entry.numbers.map { "H\($0)" }.joined(separator: ", ")
        return Line(Run("\(names(entry.pair.from)) → \(names(entry.pair.to)): "
          + "\(entry.numbers.count)", size: theme.small),
          prefix: nil).with(tail: Run(numbers, size: theme.small, bold: true,
                                      color: theme.handoffInk))
      }.flatMap { $0 }
      out += blocks("handoffs", count == 0 ? "No hand-offs"
                      : "\(MapFacts.count(count, "hand-off")) between owners",
                    handoffLines.isEmpty
                      ? [small("one owner serves the customer all the way")] : handoffLines,
                    width: 320)
      if facts.backstageFlows > 0 {
        out += blocks("backstage", MapFacts.count(facts.backstageFlows, "backstage flow"), [
          small("dotted lines: the organisation's own work behind the line of visibility,"),
          small("not counted as hand-offs of the customer"),
        ])
      }
      let shared = steps.indices.filter { owners($0).count > 1 }
      out += blocks("shared", "\(MapFacts.count(shared.count, "step")) with several owners",
                    shared.isEmpty ? [small("every owned step has a single owner")]
                      : shared.map { small("\(steps[$0].label) (\(stageOf[$0])): "
                        + names(owners($0))) })
      let unowned = facts.unownedKeys
      let index = Dictionary(steps.indices.map { (steps[$0].key, $0) }) { a, _ in a }
      out += blocks("unowned", unowned.isEmpty ? "✓ Every step has an owner"
                      : "⊘ \(MapFacts.count(unowned.count, "step")) with no owner",
                    unowned.compactMap { key in
                      index[key].map { small("\(steps[$0].label) (\(stageOf[$0]))",
                                             color: theme.handoffInk) }
                    })
      return out
    }

    mutating func legend() -> Box {
      func line(_ sample: String, _ text: String, color: String? = nil) -> Line {
        Line(Run(text, size: theme.small),
             prefix: Run(sample, size: theme.small, bold: true, color: color))
      }
      return parts.block("legend-silo", "Legend", [
        line("━━▶", "hand-off: the customer changes owner", color: theme.handoffInk),
        line("H1", "its number, on the step it enters (as on the journey map)",
             color: theme.handoffInk),
        line("──▶", "next step, within one owner"),
        line("yes ▸", "an answer leaves from its row"),
        line("●╌▶", "loop back (renewal, retry), from its start dot"),
        line("┈┈▶", "to or from backstage: not a hand-off"),
        line("┄┄", "dashed card: a shared step's copy in another owner's lane"),
        line("┄┄", "dashed lane: an external partner"),
      ], width: 320)
    }
  }
}

extension Line {
  /// This line and, when `tail` has text, a second line with it (the hand-off numbers under
  /// their owner pair), so a long list of numbers wraps on its own line.
  fileprivate func with(tail: Run) -> [Line] {
    guard !tail.text.isEmpty else { return [self] }
    var second = Line(tail)
    second.prefix = Run("  ", size: tail.size)
    return [self, second]
  }
}
