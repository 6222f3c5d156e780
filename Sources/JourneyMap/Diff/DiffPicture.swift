/// The new journey map with a diff marked on it, every mark in words and line style as well
/// as tint: an added step or stage says "+ added", a changed one "Δ changed: feeling, owners",
/// a moved one "⇄ moved", and a removed step is a dashed grey ghost card "− removed" where
/// it was. Everything else is the journey map as `render` draws it, in place.
///
/// The picture is the journey board of the new map (`JourneyBoard`), decorated: classes on
/// the boxes (`added`, `changed`, `moved`, `removed ghost`), a marker line on each, ghost
/// columns inserted into their stages, and the changes' summary under the title.
public enum DiffPicture {
  public static let addedFill = "#D5F0E6"
  public static let changedFill = "#FFF4B3"
  public static let ghostFill = "#F2F3F5"

  /// The picture of `diff` on `new` (one poster); `old` gives the removed steps' kinds.
  /// `since` names the old version in the headline.
  public static func picture(_ diff: JourneyDiff, old: CheckedJourney, new: CheckedJourney,
                             since: String, theme: Theme = .standard) -> Picture {
    var board = JourneyBoard.board(new, detail: .full, theme: theme)
    mark(&board, diff, old: old, new: new, since: since, theme: theme)
    let layout = Cutting.poster(board, theme: theme)
    return Picture(source: .board(board, layout, theme), title: board.title,
                   summary: board.summary)
  }

  /// The field names a marker lists, each once: "feeling, owners, pain".
  static func fieldNames(_ change: JourneyDiff.Change) -> String {
    var names: [String] = []
    for field in change.fields where field.name != "stage" && field.name != "position" {
      if !names.contains(field.name) { names.append(field.name) }
    }
    return names.joined(separator: ", ")
  }

  static func mark(_ board: inout Board, _ diff: JourneyDiff, old: CheckedJourney,
                   new: CheckedJourney, since: String, theme: Theme) {
    board.title += " (changes since \(since))"
    board.summary = "Changes since \(since): \(DiffReport.summary(diff)). " + board.summary
    board.headline.append(Line(Run("Changes since \(since): \(DiffReport.summary(diff))",
                                   size: theme.subtitle, bold: true)))
    board.header.append(legend(theme))

    // Steps and the annotations added to them.
    var byStep: [String: JourneyDiff.Change] = [:]
    for change in diff.changes where change.subject == .step && change.kind != .removed {
      byStep[change.key] = change
    }
    for (cell, boxes) in board.cells {
      var boxes = boxes
      for index in boxes.indices {
        let id = boxes[index].id
        guard id.hasPrefix("step-"), let change = byStep[String(id.dropFirst(5))] else {
          continue
        }
        boxes[index] = marked(boxes[index], change, theme: theme)
      }
      board.cells[cell] = boxes
    }
    markAnnotations(&board, byStep, theme: theme)

    // Stages.
    for index in board.stages.indices {
      let stage = board.stages[index]
      let key = new.journey.stages.indices.contains(index)
        ? DiffBuilder.stageKey(new.journey.stages[index]) : nil
      guard let change = diff.changes.first(where: {
        $0.subject == .stage && $0.kind != .removed && $0.key == key
      }) else { continue }
      var label = stage.label
      label.lines.insert(marker(change, theme: theme), at: min(1, label.lines.count))
      board.stages[index].label = label
      board.stages[index].classes.append(change.kind.rawValue)
    }
    ghosts(&board, diff, old: old, new: new, theme: theme)
  }

  /// A card with its marker line under its header line, and its class.
  static func marked(_ box: Box, _ change: JourneyDiff.Change, theme: Theme) -> Box {
    var box = box
    box.lines.insert(marker(change, theme: theme), at: min(1, box.lines.count))
    box.classes.append(change.isMoveOnly ? "moved" : change.kind.rawValue)
    if change.kind == .changed && !change.isMoveOnly
      && change.fields.contains(where: { $0.name == "stage" || $0.name == "position" })
    {
      box.classes.append("moved")
    }
    return box
  }

  /// "+ added", "Δ changed: feeling, owners", "⇄ moved from “Ask”", on a tint.
  static func marker(_ change: JourneyDiff.Change, theme: Theme) -> Line {
    var text: String
    var fill = changedFill
    switch change.kind {
    case .added:
      text = "+ added"
      fill = addedFill
    case .removed:
      text = "− removed"
      fill = ghostFill
    case .changed:
      let names = fieldNames(change)
      text = names.isEmpty ? "" : "Δ changed: " + names
      if let stage = change.fields.first(where: { $0.name == "stage" }), let from = stage.old {
        text += (text.isEmpty ? "" : "; ") + "⇄ moved from \u{201C}\(from)\u{201D}"
      } else if change.fields.contains(where: { $0.name == "position" }) {
        text += (text.isEmpty ? "" : "; ") + "⇄ moved"
      }
    }
    return Line(Run(text, size: theme.small, bold: true, color: theme.ink), fill: fill)
  }

  /// Pains, opportunities, metrics, notes and questions added to a step: a "+ " in front and
  /// the class `added`.
  static func markAnnotations(_ board: inout Board, _ byStep: [String: JourneyDiff.Change],
                              theme: Theme) {
    let kinds = ["pain", "opportunity", "metric", "note", "question"]
    for (cell, boxes) in board.cells {
      var boxes = boxes
      for index in boxes.indices {
        let box = boxes[index]
        guard box.classes.contains("annotation"),
          let kind = kinds.first(where: { box.classes.contains($0) }),
          let change = byStep.first(where: { box.id.hasPrefix("\(kind)-\($0.key)-") })?.value,
          let text = box.lines.first?.text.text,
          change.fields.contains(where: { $0.name == kind && $0.old == nil && $0.new == text })
        else { continue }
        boxes[index].classes.append("added")
        boxes[index].lines[0].text.text = "+ new: " + text
        boxes[index].border = .dashed
        boxes[index].stroke = theme.ink
      }
      board.cells[cell] = boxes
    }
  }

  /// The legend of the marks.
  static func legend(_ theme: Theme) -> Box {
    func line(_ text: String, fill: String) -> Line {
      Line(Run(text, size: theme.small, bold: true), fill: fill)
    }
    var box = Box(id: "legend-diff", classes: ["legend", "diff-legend"], lines: [
      Line(Run("Changes", size: theme.owner, bold: true)),
      line("+ added", fill: addedFill),
      line("Δ changed: what changed", fill: changedFill),
      line("⇄ moved to another stage or place", fill: changedFill),
      line("− removed: a dashed grey ghost where it was", fill: ghostFill),
    ])
    box.width = .fit(260)
    return box
  }

  // MARK: Ghosts

  /// A dashed grey card for each removed step, in a column of its own after the column of
  /// the step it followed in its stage; the steps of a removed stage in a ghost stage.
  static func ghosts(_ board: inout Board, _ diff: JourneyDiff, old: CheckedJourney,
                     new: CheckedJourney, theme: Theme) {
    let removed = Set(diff.changes.filter { $0.subject == .step && $0.kind == .removed }
      .map(\.key))
    guard !removed.isEmpty else { return }
    func current(_ oldKey: String) -> String? { diff.stepKeys[oldKey] }
    let newStages = new.journey.stages.map(DiffBuilder.stageKey)
    // The board index of each new stage: ghost stages inserted before it push it along.
    var boardIndex = Array(newStages.indices)
    var ids = Set(board.cells.values.flatMap { $0.map(\.id) })
    var previousStage: Int?  // the board stage of the last old stage still there
    for stage in old.journey.stages {
      let key = DiffBuilder.stageKey(stage)
      var target = newStages.firstIndex(of: key).map { boardIndex[$0] }
      if target == nil {
        guard stage.steps.contains(where: { removed.contains($0.key) }) else { continue }
        let inserted = insertStage(&board, after: previousStage, label: stage.label,
                                   theme: theme)
        for i in boardIndex.indices where boardIndex[i] >= inserted { boardIndex[i] += 1 }
        target = inserted
      }
      guard let s = target else { continue }
      previousStage = s
      // Insert after the column of the last kept step seen so far in this stage.
      var after: Int?
      for step in stage.steps where !step.isBackstage {
        if let key = current(step.key),
          let column = board.columns.firstIndex(where: { $0.id == "column-" + key }),
          board.stages[s].columns.contains(column)
        {
          after = column
          continue
        }
        guard removed.contains(step.key) else { continue }
        let range = board.stages[s].columns
        let empty = range.count == 1 && board.columns[range.lowerBound].id.hasPrefix("column-empty")
          && board.cells[Board.Cell(range.lowerBound, JourneyBoard.Band.cards.rawValue)] == nil
        let column: Int
        if empty {
          column = range.lowerBound
        } else {
          column = (after ?? (range.lowerBound - 1)) + 1
          insertColumn(&board, at: column, stage: s)
        }
        var id = "removed-step-" + step.key
        var n = 2
        while ids.contains(id) {
          id = "removed-step-\(step.key)-\(n)"
          n += 1
        }
        ids.insert(id)
        board.columns[column].id = "column-removed-" + step.key
        board.cells[Board.Cell(column, JourneyBoard.Band.cards.rawValue)] = [
          ghost(step, id: id, theme: theme),
        ]
        after = column
      }
    }
  }

  static func ghost(_ step: Step, id: String, theme: Theme) -> Box {
    var box = Box(id: id, classes: ["step", step.kind.rawValue, "removed", "ghost"], lines: [
      Line(Run("− removed", size: theme.small, bold: true, color: theme.ink), fill: ghostFill),
      Line(Run(step.label, size: theme.label, bold: true, color: theme.mutedInk)),
    ])
    box.fill = ghostFill
    box.stroke = theme.hairline
    box.border = .dashed
    box.tooltip = step.label
    return box
  }

  /// Makes room for a column at `index`, inside stage `stage`.
  static func insertColumn(_ board: inout Board, at index: Int, stage: Int) {
    board.columns.insert(Board.Column(id: "column-removed"), at: index)
    for s in board.stages.indices {
      let range = board.stages[s].columns
      if s == stage {
        board.stages[s].columns = range.lowerBound..<(range.upperBound + 1)
      } else if range.lowerBound >= index {
        board.stages[s].columns = (range.lowerBound + 1)..<(range.upperBound + 1)
      }
    }
    var cells: [Board.Cell: [Box]] = [:]
    for (cell, boxes) in board.cells {
      cells[Board.Cell(cell.column >= index ? cell.column + 1 : cell.column, cell.row)] = boxes
    }
    board.cells = cells
  }

  /// A ghost stage after board stage `after` (nil: first), with one empty column; its index.
  static func insertStage(_ board: inout Board, after: Int?, label: String, theme: Theme)
    -> Int
  {
    let s = (after ?? -1) + 1
    let column = s < board.stages.count ? board.stages[s].columns.lowerBound
      : board.columns.count
    board.columns.insert(Board.Column(id: "column-empty-removed"), at: column)
    for index in board.stages.indices where index >= s {
      let range = board.stages[index].columns
      board.stages[index].columns = (range.lowerBound + 1)..<(range.upperBound + 1)
    }
    var cells: [Board.Cell: [Box]] = [:]
    for (cell, boxes) in board.cells {
      cells[Board.Cell(cell.column >= column ? cell.column + 1 : cell.column, cell.row)] = boxes
    }
    board.cells = cells
    var box = Box(id: "stage-removed-\(s + 1)-label", classes: ["stage-label"], lines: [
      Line(Run(label, size: theme.stage, bold: true, color: theme.mutedInk)),
      Line(Run("− removed stage", size: theme.small, bold: true, color: theme.ink),
           fill: ghostFill),
    ])
    box.width = .column
    board.stages.insert(Board.Stage(id: "stage-removed-\(s + 1)",
                                    classes: ["stage", "removed", "ghost"], label: box,
                                    columns: column..<(column + 1)), at: s)
    for p in board.phases.indices {
      let range = board.phases[p].stages
      let lower = range.lowerBound >= s ? range.lowerBound + 1 : range.lowerBound
      let upper = range.upperBound > s ? range.upperBound + 1 : range.upperBound
      board.phases[p].stages = lower..<upper
    }
    return s
  }
}
