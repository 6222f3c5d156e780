extension JourneyView {
  /// The HTML-like labels and node attributes of cards, their side boxes and sticky notes.
  /// Every piece of user text goes through `DOTText`.
  enum Cards {
    static let labelWidth = 24
    static let sideWidth = 30
    static let painFill = "#FBE3D6"
    static let opportunityFill = "#D5F0E6"
    static let metricFill = "#E4E7EB"
    static let noteFill = "#FFF4B3"
    static let questionFill = "#DCEFFB"

    /// Node attributes of the step's card.
    static func card(_ step: Step, journey: Journey) -> String {
      var rows: [String] = [header(step)]
      rows.append(cell("<FONT POINT-SIZE=\"12\"><B>"
        + DOTText.htmlWrapped(step.label, width: labelWidth) + "</B></FONT>"))
      rows += ownerRows(step, journey: journey)
      for tool in step.tools {
        rows.append(cell(small("⚙ " + DOTText.htmlWrapped(tool, width: labelWidth + 4))))
      }
      if step.isBackstage, let feel = step.feel {
        rows.append(cell(small("feels \(Style.feelText(feel)) (backstage, off the curve)")))
      }
      if let status = step.workshop.status {
        rows.append("<TD COLSPAN=\"2\" ALIGN=\"RIGHT\">\(badge(status))</TD>")
      }
      var style = ["filled"]
      var attributes: [String]
      switch step.kind {
      case .touchpoint:
        style.insert("rounded", at: 0)
        attributes = ["shape=box", "penwidth=1.6"]
      case .decision:
        attributes = ["shape=box", "penwidth=2.4"]
      case .outcome:
        style.insert("rounded", at: 0)
        attributes = ["shape=box", "peripheries=2", "penwidth=1.6"]
      }
      if step.workshop.status == .proposed { style.append("dashed") }
      let fill = step.isBackstage ? "#EEF1F4" : Style.paper
      attributes += ["style=\"\(style.joined(separator: ","))\"", "fillcolor=\"\(fill)\"",
                     "label=<\(table(rows, spacing: 1))>"]
      return attributes.joined(separator: " ")
    }

    /// The kind of step, with who decides or the channel, in small print above the label.
    private static func header(_ step: Step) -> String {
      let text: String
      switch step.kind {
      case .touchpoint:
        let kind = step.isBackstage ? "BACKSTAGE" : "TOUCHPOINT"
        text = kind + (step.channel.map { " · " + DOTText.html($0.label) } ?? "")
      case .decision:
        text = "◆ DECISION · " + Style.deciderText(step.decider)
      case .outcome:
        text = "■ OUTCOME · journey ends"
      }
      return cell(small(text))
    }

    /// Each owner as a colour chip and a name; several owners and a touchpoint with none are
    /// flagged in words, so the finding is seen without colour.
    private static func ownerRows(_ step: Step, journey: Journey) -> [String] {
      var rows: [String] = []
      var seen: Set<String> = []
      for reference in step.owners where seen.insert(reference.name).inserted {
        let owner = journey.owner(reference.name)
        let color = owner.map { Style.color(of: $0, in: journey) } ?? Style.hairline
        let name = DOTText.htmlWrapped(owner?.name ?? reference.name, width: labelWidth)
        let external = owner?.isExternal == true
          ? "<FONT COLOR=\"\(Style.mutedInk)\"> (external)</FONT>" : ""
        rows.append("<TD WIDTH=\"12\" HEIGHT=\"12\" FIXEDSIZE=\"TRUE\" BGCOLOR=\"\(color)\" "
          + "STYLE=\"rounded\"></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(name)\(external)</TD>")
      }
      if seen.count > 1 {
        rows.append(flag("⚑ \(seen.count) owners share this step"))
      } else if seen.isEmpty && step.kind == .touchpoint {
        rows.append(flag("⚑ no owner"))
      }
      return rows
    }

    private static func flag(_ text: String) -> String {
      let (fill, ink) = Style.badgeColors(.disputed)
      return "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\" STYLE=\"rounded\">"
        + "<FONT POINT-SIZE=\"10\" COLOR=\"\(ink)\"><B>\(text)</B></FONT></TD>"
    }

    /// The evidence badge: glyph and word on a tint.
    static func badge(_ status: Evidence, size: Int = 9) -> String {
      let (fill, ink) = Style.badgeColors(status)
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
        + "<TR><TD BGCOLOR=\"\(fill)\" STYLE=\"rounded\"><FONT POINT-SIZE=\"\(size)\" "
        + "COLOR=\"\(ink)\"><B>\(DOTText.html(Style.badge(status)))</B></FONT></TD></TR>"
        + "</TABLE>"
    }

    /// Pains, opportunities and metrics under the card, or nil when there are none.
    static func extras(_ step: Step) -> String? {
      var rows: [String] = []
      for pain in step.pains {
        rows.append(tinted("⚠ " + DOTText.htmlWrapped(pain, width: sideWidth), painFill))
      }
      for idea in step.opportunities {
        rows.append(tinted("★ " + DOTText.htmlWrapped(idea, width: sideWidth), opportunityFill))
      }
      for metric in step.metrics {
        rows.append(tinted("<B>◎ " + DOTText.htmlWrapped(metric, width: sideWidth) + "</B>",
                           metricFill))
      }
      guard !rows.isEmpty else { return nil }
      return "shape=plaintext margin=0 label=<\(table(rows, spacing: 3))>"
    }

    /// Notes and open questions as one sticky note, or nil when there are none.
    static func notes(_ workshop: Workshop) -> String? {
      let rows = noteRows(workshop, width: sideWidth)
      guard !rows.isEmpty else { return nil }
      return "shape=note style=filled fillcolor=\"\(noteFill)\" color=\"#B8A642\" "
        + "margin=\"0.06,0.04\" label=<\(table(rows, spacing: 2))>"
    }

    private static func noteRows(_ workshop: Workshop, width: Int) -> [String] {
      workshop.notes.map { cell("✎ " + DOTText.htmlWrapped($0, width: width), size: 10) }
        + workshop.questions.map {
          tinted("<B>?</B> " + DOTText.htmlWrapped($0, width: width), questionFill)
        }
    }

    /// The cluster label of a stage: its name, evidence, metrics, notes and questions.
    static func stageLabel(_ stage: Stage) -> String {
      var rows = [cell("<FONT POINT-SIZE=\"15\"><B>"
        + DOTText.htmlWrapped(stage.label, width: 28) + "</B></FONT>")]
      if let status = stage.workshop.status {
        rows.append("<TD COLSPAN=\"2\" ALIGN=\"LEFT\">\(badge(status, size: 10))</TD>")
      }
      let notes = noteRows(stage.workshop, width: 32)
      if !notes.isEmpty {
        rows.append("<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BGCOLOR=\"\(noteFill)\">"
          + table(notes, spacing: 1) + "</TD>")
      }
      return table(rows, spacing: 2)
    }

    /// The label of a phase band.
    static func phaseLabel(_ name: String) -> String {
      "<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">PHASE</FONT><BR/>"
        + "<FONT POINT-SIZE=\"15\"><B>\(DOTText.htmlWrapped(name, width: 40))</B></FONT>"
    }

    /// The label of a flow edge.
    static func edgeLabel(_ text: String, bold: Bool) -> String {
      let body = DOTText.htmlWrapped(text, width: 18)
      return bold ? "<B>\(body)</B>" : body
    }

    /// A stage with no steps still gets a column, so the facilitator sees the gap.
    static var emptyStage: String {
      "shape=box style=\"rounded,dashed\" color=\"\(Style.hairline)\" "
        + "fontcolor=\"\(Style.mutedInk)\" label=\"no steps yet\""
    }

    private static func small(_ html: String) -> String {
      "<FONT POINT-SIZE=\"9\" COLOR=\"\(Style.mutedInk)\">\(html)</FONT>"
    }

    static func cell(_ html: String, size: Int? = nil) -> String {
      let body = size.map { "<FONT POINT-SIZE=\"\($0)\">\(html)</FONT>" } ?? html
      return "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(body)</TD>"
    }

    private static func tinted(_ html: String, _ fill: String) -> String {
      "<TD COLSPAN=\"2\" ALIGN=\"LEFT\" BALIGN=\"LEFT\" BGCOLOR=\"\(fill)\" STYLE=\"rounded\" "
        + "CELLPADDING=\"4\"><FONT POINT-SIZE=\"10\">\(html)</FONT></TD>"
    }

    static func table(_ cells: [String], spacing: Int) -> String {
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"\(spacing)\" CELLPADDING=\"2\">"
        + cells.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    }
  }
}
