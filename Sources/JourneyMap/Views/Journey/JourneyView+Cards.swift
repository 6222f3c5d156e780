extension JourneyView {
  /// The HTML-like tables of cards, annotations and sticky notes. Every piece of user text
  /// goes through `DOTText`; heights are estimated so that all cards of a map can be given
  /// the same height, which keeps their tops in line.
  enum Cards {
    static let labelWidth = 24
    /// The smallest text on the map (small print on cards, badges): 10 points stays readable
    /// when a third of a long map fills a projector, and on an A3 print of the whole.
    static let smallSize = 10
    static let sideWidth = 30
    static let painFill = "#FBE3D6"
    static let opportunityFill = "#D5F0E6"
    static let metricFill = "#E4E7EB"
    static let noteFill = "#FFF4B3"
    static let questionFill = "#DCEFFB"
    static let backstageFill = "#EEF1F4"
    /// The space that ends a styled run (a chip, a bold word) inside its markup: Graphviz
    /// writes each run as its own `<text>` at its own x, and SVG viewers drop the spaces at the
    /// start and end of a `<text>`, so a space after the markup would vanish.
    static let space = "&#160;"

    /// Rows of HTML with the height they are expected to take, in points.
    struct Rows {
      var cells: [String] = []
      var height = 0

      /// Adds a row whose text is `lines` lines at `size` points; `padding` is the cell
      /// padding and spacing around it.
      mutating func add(_ cell: String, lines: Int, size: Int, bold: Bool = false,
                        minimum: Int = 0, padding: Int = 5) {
        cells.append(cell)
        height += max(textHeight(lines: lines, size: size, bold: bold), minimum) + padding
      }
    }

    /// The height Graphviz gives `lines` lines of DejaVu Sans at `size` points (measured
    /// with dot 2.43: a line is size + 1, following bold lines only size).
    static func textHeight(lines: Int, size: Int, bold: Bool) -> Int {
      bold ? size + 1 + (lines - 1) * size : lines * (size + 1)
    }

    /// The inside of the step's card: every row but the border and the filler.
    static func cardRows(_ step: Step, plan: Plan) -> Rows {
      let journey = plan.journey
      var rows = Rows()
      let header = headerText(step)
      rows.add(cell(small(DOTText.htmlWrapped(header, width: labelWidth + 8))),
               lines: DOTText.wrap(header, width: labelWidth + 8).count, size: smallSize)
      rows.add(cell("<FONT POINT-SIZE=\"12\"><B>"
        + DOTText.htmlWrapped(step.label, width: labelWidth) + "</B></FONT>"),
               lines: DOTText.wrap(step.label, width: labelWidth).count, size: 12, bold: true)
      ownerRows(step, journey: journey, into: &rows)
      for tool in step.tools {
        rows.add(cell(small("⚙ " + DOTText.htmlWrapped(tool, width: labelWidth + 4))),
                 lines: DOTText.wrap(tool, width: labelWidth + 4).count, size: smallSize)
      }
      if step.isBackstage, let feel = step.feel {
        rows.add(cell(small("feels \(Style.feelText(feel)), off the curve")), lines: 1,
                 size: smallSize)
      }
      // Each answer gets a row with a port its edge leaves from, so the words sit where the
      // arrow starts.
      for (index, edge) in (plan.answers[step.key] ?? []).enumerated() {
        let text = edge.isLoop ? "↺ " + (edge.label ?? "back") : (edge.label ?? "")
        let glyph = edge.isLoop ? "" : " ▸"
        rows.add("<TD COLSPAN=\"2\" ALIGN=\"RIGHT\" BALIGN=\"RIGHT\" PORT=\"a\(index)\">"
          + "<FONT POINT-SIZE=\"11\"><I>" + DOTText.htmlWrapped(text, width: labelWidth)
          + glyph + "</I></FONT></TD>",
          lines: DOTText.wrap(text, width: labelWidth).count, size: 11)
      }
      return rows
    }

    /// The bordered card: its rows, a filler up to `height`, then the evidence badge at the
    /// bottom.
    static func card(_ step: Step, rows: Rows, height: Int) -> String {
      var cells = rows.cells
      // A thick or double border takes room inside the same box height.
      let borders = step.kind == .decision ? 4 : step.kind == .outcome ? 6 : 0
      let filler = height - rows.height - borders
      if filler > 1 { cells.append("<TD COLSPAN=\"2\" HEIGHT=\"\(filler - 1)\"></TD>") }
      if let status = step.workshop.status {
        cells.append("<TD COLSPAN=\"2\" ALIGN=\"RIGHT\">\(badge(status))</TD>")
      } else {
        cells.append("<TD COLSPAN=\"2\" HEIGHT=\"\(badgeHeight)\"></TD>")
      }
      var style = step.kind == .decision ? [] : ["rounded"]
      if step.workshop.status == .proposed { style.append("dashed") }
      let fill = step.isBackstage ? backstageFill : Style.paper
      let border = step.kind == .decision ? 3 : 1
      let inner = "<TABLE BORDER=\"\(border)\" COLOR=\"\(Style.ink)\" BGCOLOR=\"\(fill)\""
        + (style.isEmpty ? "" : " STYLE=\"\(style.joined(separator: ","))\"")
        + " CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\">"
        + cells.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
      guard step.kind == .outcome else { return inner }
      // An outcome ends the journey: a double border, like an end state in a flow chart.
      return "<TABLE BORDER=\"1\" COLOR=\"\(Style.ink)\" BGCOLOR=\"\(fill)\" STYLE=\"rounded\" "
        + "CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\"><TR><TD>\(inner)</TD></TR></TABLE>"
    }

    /// The height the badge row takes, reserved on cards without a status too.
    static var badgeHeight: Int { textHeight(lines: 1, size: smallSize, bold: true) + 8 }

    /// The kind of step, with who decides or the channel, in small print above the label.
    private static func headerText(_ step: Step) -> String {
      switch step.kind {
      case .touchpoint:
        let kind = step.isBackstage ? "BACKSTAGE" : "TOUCHPOINT"
        return kind + (step.channel.map { " · " + $0.label } ?? "")
      case .decision:
        return "◆ DECISION · " + Style.deciderText(step.decider)
      case .outcome:
        return "■ OUTCOME · journey ends"
      }
    }

    /// Each owner as a colour chip and a name; several owners and a touchpoint with none are
    /// flagged in words, so the finding is seen without colour.
    private static func ownerRows(_ step: Step, journey: Journey, into rows: inout Rows) {
      var seen: Set<String> = []
      for reference in step.owners where seen.insert(reference.name).inserted {
        let owner = journey.owner(reference.name)
        let color = owner.map { Style.color(of: $0, in: journey) } ?? Style.hairline
        let text = (owner?.name ?? reference.name) + (owner?.isExternal == true ? " (ext.)" : "")
        // The chip is a glyph in the owner's colour, in the same cell as the name, so it stays
        // beside the name however wide the card is.
        rows.add("<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">"
          + "<FONT COLOR=\"\(color)\">■" + space + "</FONT>"
          + DOTText.htmlWrapped(text, width: labelWidth) + "</FONT></TD>",
          lines: DOTText.wrap(text, width: labelWidth).count, size: 11, minimum: 12)
      }
      if seen.count > 1 {
        rows.add(flag("⚑ \(seen.count) owners share this step"), lines: 1, size: 10, bold: true)
      } else if seen.isEmpty && step.kind == .touchpoint {
        rows.add(flag("⚑ no owner"), lines: 1, size: 10, bold: true)
      }
    }

    private static func flag(_ text: String) -> String {
      let (fill, ink) = Style.badgeColors(.disputed)
      return "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\" STYLE=\"rounded\">"
        + "<FONT POINT-SIZE=\"10\" COLOR=\"\(ink)\"><B>\(text)</B></FONT></TD>"
    }

    /// The evidence badge: glyph and word on a tint.
    static func badge(_ status: Evidence, size: Int = smallSize) -> String {
      let (fill, ink) = Style.badgeColors(status)
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
        + "<TR><TD BGCOLOR=\"\(fill)\" STYLE=\"rounded\"><FONT POINT-SIZE=\"\(size)\" "
        + "COLOR=\"\(ink)\"><B>\(DOTText.html(Style.badge(status)))</B></FONT></TD></TR>"
        + "</TABLE>"
    }

    /// Pains, opportunities, metrics, sticky notes and open questions of a step as one
    /// table, with its expected height, or nil when there are none.
    static func annotations(_ step: Step) -> (cells: String, height: Int)? {
      var rows = Rows()
      func add(_ text: String, glyph: String, fill: String, bold: Bool = false) {
        let body = glyph + " " + DOTText.htmlWrapped(text, width: sideWidth)
        rows.add(tinted(bold ? "<B>\(body)</B>" : body, fill),
                 lines: DOTText.wrap(text, width: sideWidth).count, size: 10, bold: bold,
                 padding: 11)
      }
      for pain in step.pains { add(pain, glyph: "⚠", fill: painFill) }
      for idea in step.opportunities { add(idea, glyph: "★", fill: opportunityFill) }
      for metric in step.metrics { add(metric, glyph: "◎", fill: metricFill, bold: true) }
      for note in step.workshop.notes { add(note, glyph: "✎", fill: noteFill) }
      for question in step.workshop.questions {
        add(question, glyph: "?", fill: questionFill)
      }
      guard !rows.cells.isEmpty else { return nil }
      return (table(rows.cells, spacing: 3), rows.height + 3)
    }

    private static func noteCells(_ workshop: Workshop, width: Int) -> [String] {
      workshop.notes.map { tinted("✎ " + DOTText.htmlWrapped($0, width: width), noteFill) }
        + workshop.questions.map {
          tinted("<B>?" + space + "</B>" + DOTText.htmlWrapped($0, width: width), questionFill)
        }
    }

    /// The cluster label of a stage: its name, evidence, notes and questions, in a cell of
    /// `height` (every stage's the same, so the boxes of one row share their top).
    static func stageLabel(_ stage: Stage, height: Int) -> String {
      var cells = [cell("<FONT POINT-SIZE=\"15\"><B>"
        + DOTText.htmlWrapped(stage.label, width: stageWidth) + "</B></FONT>")]
      if let status = stage.workshop.status {
        cells.append("<TD COLSPAN=\"2\" ALIGN=\"LEFT\">\(badge(status, size: 10))</TD>")
      }
      for metric in stage.metrics {
        cells.append(tinted("<B>◎ " + DOTText.htmlWrapped(metric, width: stageNoteWidth)
          + "</B>", metricFill))
      }
      cells += noteCells(stage.workshop, width: stageNoteWidth)
      return fixedHeight(table(cells, spacing: 2), natural: stageLabelHeight(stage),
                         height: height)
    }

    private static let stageWidth = 28
    private static let stageNoteWidth = 36

    /// The height `stageLabel` needs for `stage` (an estimate, with a margin).
    static func stageLabelHeight(_ stage: Stage) -> Int {
      var height = textHeight(lines: DOTText.wrap(stage.label, width: stageWidth).count,
                              size: 15, bold: true) + 6
      if stage.workshop.status != nil { height += textHeight(lines: 1, size: 10, bold: true) + 10 }
      for metric in stage.metrics {
        height += textHeight(lines: DOTText.wrap(metric, width: stageNoteWidth).count, size: 10,
                             bold: true) + 14
      }
      for note in stage.workshop.notes + stage.workshop.questions {
        height += DOTText.wrap(note, width: stageNoteWidth).count * 11 + 14
      }
      return height + 6
    }

    /// `html` (estimated `natural` points high, with a margin) in a cell `height` high, the
    /// content at its top: a filler row below takes the rest. A nested table is stretched to
    /// its cell and Graphviz shares the extra height among its rows, so the filler keeps that
    /// extra (the estimate's margin) small.
    static func fixedHeight(_ html: String, natural: Int, height: Int) -> String {
      let table = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
      return table + "<TR><TD HEIGHT=\"\(height)\">" + table
        + "<TR><TD ALIGN=\"LEFT\">\(html)</TD></TR>"
        + (height > natural ? "<TR><TD HEIGHT=\"\(height - natural)\"></TD></TR>" : "")
        + "</TABLE></TD></TR></TABLE>"
    }

    /// The label of a phase band, in a cell of `height` (every phase's the same).
    static func phaseLabel(_ name: String, height: Int) -> String {
      fixedHeight(
        table([cell("<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">PHASE</FONT>"),
               cell("<FONT POINT-SIZE=\"16\"><B>\(DOTText.htmlWrapped(name, width: 40))"
                 + "</B></FONT>")], spacing: 0), natural: phaseLabelHeight(name),
        height: height)
    }

    /// The height `phaseLabel` needs for `name` (an estimate, with a margin).
    static func phaseLabelHeight(_ name: String) -> Int {
      textHeight(lines: 1, size: 10, bold: false) + 4
        + textHeight(lines: DOTText.wrap(name, width: 40).count, size: 16, bold: true) + 4 + 4
    }

    /// A stage with no steps still gets a column, so the facilitator sees the gap.
    static func emptyStage(height: Int) -> String {
      "<TABLE BORDER=\"1\" STYLE=\"rounded,dashed\" COLOR=\"\(Style.hairline)\" "
        + "CELLBORDER=\"0\" CELLPADDING=\"6\"><TR><TD HEIGHT=\"\(max(height - 14, 12))\">"
        + "<FONT COLOR=\"\(Style.mutedInk)\">no steps yet</FONT></TD></TR></TABLE>"
    }

    private static func small(_ html: String) -> String {
      "<FONT POINT-SIZE=\"\(smallSize)\" COLOR=\"\(Style.mutedInk)\">\(html)</FONT>"
    }

    static func cell(_ html: String) -> String {
      "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(html)</TD>"
    }

    private static func tinted(_ html: String, _ fill: String) -> String {
      "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BALIGN=\"LEFT\" BGCOLOR=\"\(fill)\" STYLE=\"rounded\" "
        + "CELLPADDING=\"4\"><FONT POINT-SIZE=\"10\">\(html)</FONT></TD>"
    }

    static func table(_ cells: [String], spacing: Int, padding: Int = 2) -> String {
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"\(spacing)\" "
        + "CELLPADDING=\"\(padding)\">"
        + cells.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    }
  }
}
