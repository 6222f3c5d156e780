extension JourneyView {
  /// The graph label above the map: title, description, personas and their goals, legend.
  enum Header {
    /// `stacked` puts the personas above the legend instead of beside it: on a cover page,
    /// where height is free and width is the paper's.
    static func label(_ journey: Journey, hasBackstage: Bool, stacked: Bool = false) -> String {
      var rows: [String] = []
      let title = journey.title ?? "Customer journey"
      rows.append("<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"24\"><B>"
        + DOTText.htmlWrapped(title, width: 60) + "</B></FONT></TD>")
      for description in journey.descriptions {
        rows.append("<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\" COLOR=\""
          + Style.mutedInk + "\">" + DOTText.htmlWrapped(description, width: 100)
          + "</FONT></TD>")
      }
      if stacked {
        if !journey.personas.isEmpty {
          rows.append("<TD ALIGN=\"LEFT\">" + personas(journey.personas) + "</TD>")
        }
        rows.append("<TD ALIGN=\"LEFT\">" + legend(journey, hasBackstage: hasBackstage) + "</TD>")
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">"
          + rows.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
      }
      // Personas and legend side by side: the map below is wide, the header need not be tall.
      rows.append("<TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
        + "CELLPADDING=\"0\"><TR>"
        + (journey.personas.isEmpty ? ""
          : "<TD VALIGN=\"TOP\">" + personas(journey.personas) + "</TD><TD WIDTH=\"16\"></TD>")
        + "<TD VALIGN=\"TOP\">" + legend(journey, hasBackstage: hasBackstage) + "</TD>"
        + "</TR></TABLE></TD>")
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">"
        + rows.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    }

    /// One box per persona, side by side: name, descriptions, goals.
    private static func personas(_ personas: [Persona]) -> String {
      let cells = personas.map { persona in
        var lines = ["<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">PERSONA</FONT>",
                     "<FONT POINT-SIZE=\"14\"><B>"
                       + DOTText.htmlWrapped(persona.name, width: 40) + "</B></FONT>"]
        for description in persona.descriptions {
          lines.append("<FONT POINT-SIZE=\"11\" COLOR=\"\(Style.mutedInk)\">"
            + DOTText.htmlWrapped(description, width: 48) + "</FONT>")
        }
        for goal in persona.goals {
          lines.append("<FONT POINT-SIZE=\"11\"><B>Goal:" + Cards.space + "</B>"
            + DOTText.htmlWrapped(goal, width: 48) + "</FONT>")
        }
        return "<TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\" CELLPADDING=\"4\">"
          + lines.joined(separator: "<BR/>") + "</TD>"
      }
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"6\" CELLPADDING=\"4\"><TR>"
        + cells.joined() + "</TR></TABLE>"
    }

    /// What the marks mean: evidence, lines and shapes, the feel scale, and the owners.
    private static func legend(_ journey: Journey, hasBackstage: Bool) -> String {
      var sections: [String] = []
      sections.append(section("Evidence", Evidence.allCases.map { Cards.badge($0, size: 10) }))
      var marks = [
        "──▶  next step (the order of the lines)",
        "<I>yes ▸" + Cards.space + Cards.space + "</I>an answer: its arrow leaves from that row",
        "╌╌▶  <I>↺ loop back" + Cards.space + "</I>(renewal, retry), over the cards",
        "◆  decision (thick square card), with who decides",
        "■  outcome: the journey ends (double border)",
        "┄┄  dashed card: proposed in a workshop",
      ]
      if hasBackstage { marks.append("┈┈▶  dotted: to or from backstage") }
      sections.append(section("Flow", marks.map { small($0) }))
      sections.append(section("Beside a step", [
        tinted("⚠ pain point", Cards.painFill), tinted("★ opportunity", Cards.opportunityFill),
        tinted("<B>◎ metric</B>", Cards.metricFill), tinted("✎ note", Cards.noteFill),
        tinted("<B>?" + Cards.space + "</B>open question", Cards.questionFill),
        tinted("<B>⚑ several owners / no owner</B>", Style.badgeColors(.disputed).fill),
      ]))
      if !journey.owners.isEmpty {
        // One table for all owners, so that the chips line up in a column.
        let owners = journey.owners.map { owner in
          "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" + small(
            "<FONT COLOR=\"\(Style.color(of: owner, in: journey))\">■" + Cards.space + "</FONT>"
              + DOTText.htmlWrapped(owner.name, width: 36)
              + (owner.isExternal ? " (external)" : "")) + "</TD></TR>"
        }
        sections.append("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" "
          + "CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">"
          + "<B>Owners</B></FONT></TD></TR>" + owners.joined() + "</TABLE>")
      }
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"8\" CELLPADDING=\"0\"><TR>"
        + sections.map { "<TD VALIGN=\"TOP\" ALIGN=\"LEFT\">\($0)</TD>" }.joined()
        + "</TR></TABLE>"
    }

    private static func section(_ title: String, _ items: [String]) -> String {
      let rows = ["<FONT POINT-SIZE=\"11\"><B>\(title)</B></FONT>"] + items
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\">"
        + rows.map { "<TR><TD ALIGN=\"LEFT\">\($0)</TD></TR>" }.joined() + "</TABLE>"
    }

    private static func small(_ html: String) -> String {
      "<FONT POINT-SIZE=\"10\">\(html)</FONT>"
    }

    private static func tinted(_ html: String, _ fill: String) -> String {
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR>"
        + "<TD BGCOLOR=\"\(fill)\" STYLE=\"rounded\">\(small(html))</TD></TR></TABLE>"
    }
  }
}
