extension JourneyView {
  /// Estimated natural widths, in points, for splitting into pages: a column (a card and its
  /// gap; the widest measured in the example maps is about 262), a stage box's margins, and
  /// the axis on the left, the exit marker on the right and the padding.
  static let pageWidths = (column: 265.0, stage: 24.0, fixed: 330.0)

  /// The journey map drawn for `paper`, one DOT text per page: first a cover with the title,
  /// personas, legend and the list of pages, then the stages left to right, split so that
  /// each page prints its text at 7 pt or more (see `PageSplit`). Each page is the same
  /// drawing as the whole map, run over the page's stages, with markers where the flow
  /// leaves or enters the page.
  public static func pages(_ checked: CheckedJourney, paper: Paper) -> [String] {
    let journey = checked.journey
    let split = PageSplit(
      columnCounts: journey.stages.map(\.steps.count), perColumn: pageWidths.column,
      perStage: pageWidths.stage, fixed: pageWidths.fixed, budget: paper.budget.width)
    let total = split.pages.count + 1
    var pageOf: [String: Int] = [:]
    var label: [String: String] = [:]
    for (index, slices) in split.pages.enumerated() {
      for slice in slices {
        for step in steps(of: slice, in: journey) where pageOf[step.key] == nil {
          pageOf[step.key] = index + 2
          label[step.key] = step.label
        }
      }
    }
    // A stage split over pages draws its metrics and notes once, with the part that has the
    // fewest backstage steps: both make a page taller, and a page too tall for the paper
    // shrinks its text.
    var notesPart: [Int: (part: Int, backstage: Int)] = [:]
    for slice in split.pages.joined() where slice.parts > 1 {
      let backstage = steps(of: slice, in: journey).filter(\.isBackstage).count
      if let best = notesPart[slice.stage], best.backstage <= backstage { continue }
      notesPart[slice.stage] = (slice.part, backstage)
    }
    var dots = [cover(journey, split: split)]
    for (index, slices) in split.pages.enumerated() {
      let number = index + 2
      var part = journey
      part.stages = slices.map { slice in
        var stage = journey.stages[slice.stage]
        stage.steps = steps(of: slice, in: journey)
        if slice.parts > 1 { stage.label += " (part \(slice.part) of \(slice.parts))" }
        if slice.parts > 1 && slice.part != notesPart[slice.stage]?.part {
          stage.metrics = []
          stage.workshop = Workshop()
        }
        return stage
      }
      let range = PageSplit.stageRange(slices) { journey.stages[$0].label }
      var marks = PageMarks(header: pageHeader(journey, range: range, number: number,
                                               total: total))
      let first = part.steps.first?.key
      let last = part.steps.last?.key
      for edge in checked.flow.edges {
        guard let from = pageOf[edge.from], let to = pageOf[edge.to], from != to else {
          continue
        }
        let source = label[edge.from] ?? edge.from
        let target = label[edge.to] ?? edge.to
        if from == number {
          let heading = to > number ? "continues on page \(to) \u{2192}" : "\u{21BA} back to page \(to)"
          var line = "<B>\(heading)</B><BR/>" + quote(target)
          if edge.from != last { line += "<BR/>from " + quote(source) }
          marks.exits.append((line, edge.from == last))
        } else if to == number {
          let heading = from < number ? "\u{2190} from page \(from)" : "\u{21BA} from page \(from)"
          var line = "<B>\(heading)</B><BR/>" + quote(source)
          if edge.to != first { line += "<BR/>to " + quote(target) }
          marks.entries.append((line, edge.to == first))
        }
      }
      dots.append(dot(CheckedJourney(journey: part, flow: checked.flow, diagnostics: []),
                      page: marks))
    }
    return dots
  }

  /// The steps of `slice`: the stage's steps in its columns (one column per step).
  private static func steps(of slice: PageSplit.Slice, in journey: Journey) -> [Step] {
    let steps = journey.stages[slice.stage].steps
    let start = min(slice.columns.lowerBound, steps.count)
    return Array(steps[start..<min(slice.columns.upperBound, steps.count)])
  }

  private static func quote(_ text: String) -> String {
    "\u{201C}" + DOTText.htmlWrapped(text, width: 24) + "\u{201D}"
  }

  /// One line above a page: the map's title, the view, the page number and its stages.
  static func pageHeader(_ journey: Journey, range: String, number: Int, total: Int)
    -> String
  {
    let title = journey.title ?? "Customer journey"
    return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR>"
      + "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"16\"><B>" + DOTText.html(title)
      + "</B></FONT><FONT POINT-SIZE=\"12\" COLOR=\"\(Style.mutedInk)\">" + Cards.space
      + " \u{00B7} journey map \u{00B7} page \(number) of \(total) \u{00B7} "
      + DOTText.html(range) + "</FONT></TD></TR></TABLE>"
  }

  /// The first page: the whole map's header (title, personas, legend) and the list of pages.
  private static func cover(_ journey: Journey, split: PageSplit) -> String {
    let total = split.pages.count + 1
    var rows = ["<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"14\"><B>Pages</B></FONT></TD>"]
    rows.append("<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\">page 1 of \(total) \u{00B7} "
      + "this page: who, and what the marks mean</FONT></TD>")
    for (index, slices) in split.pages.enumerated() {
      let range = PageSplit.stageRange(slices) { journey.stages[$0].label }
      rows.append("<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\">page \(index + 2) "
        + "\u{00B7} " + DOTText.htmlWrapped(range, width: 90) + "</FONT></TD>")
    }
    let contents = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">"
      + rows.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    let hasBackstage = journey.steps.contains(where: \.isBackstage)
    var out = DOTLines()
    out.open("digraph \"journey\" {")
    out.add("graph [pad=0.1 bgcolor=\"\(Style.paper)\" fontname=\(DOTText.quoted(Style.font)) "
      + "fontsize=12 fontcolor=\"\(Style.ink)\" id=\"journey\"]")
    out.add("\"contents\" [id=\"contents\" shape=plaintext margin=0 "
      + "fontname=\(DOTText.quoted(Style.font)) fontcolor=\"\(Style.ink)\" label=<\(contents)>]")
    out.add("label=<\(Header.label(journey, hasBackstage: hasBackstage, stacked: true))>")
    out.add("labelloc=t")
    out.add("labeljust=l")
    out.close("}")
    return out.text
  }

  /// What a page adds to the drawing: its one-line header, and boxes left and right that say
  /// where the flow comes from and goes to on other pages.
  struct PageMarks {
    var header: String
    /// HTML lines, each with whether its step is the page's first (the arrow points at it).
    var entries: [(line: String, atEdge: Bool)] = []
    /// HTML lines, each with whether its step is the page's last (the arrow leaves it).
    var exits: [(line: String, atEdge: Bool)] = []

    func write(plan: Plan, into out: inout DOTLines) {
      guard let first = plan.columns.first?.names.node,
        let last = plan.columns.last?.names.node
      else { return }
      if !entries.isEmpty {
        out.add("\"page-entry\" [id=\"page-entry\" shape=plaintext margin=0 label=<"
          + box(entries.map(\.line)) + ">]")
        let style = entries.contains(where: \.atEdge) ? "" : " style=invis"
        out.add("\"page-entry\" -> \"\(first)\":card [id=\"page-entry-arrow\" penwidth=2.5"
          + "\(style)]")
      }
      if !exits.isEmpty {
        out.add("\"page-exit\" [id=\"page-exit\" shape=plaintext margin=0 label=<"
          + box(exits.map(\.line)) + ">]")
        let style = exits.contains(where: \.atEdge) ? "" : " style=invis"
        out.add("\"\(last)\":card -> \"page-exit\" [id=\"page-exit-arrow\" penwidth=2.5"
          + "\(style)]")
      }
    }

    private func box(_ lines: [String]) -> String {
      "<TABLE BORDER=\"1\" COLOR=\"\(Style.ink)\" STYLE=\"rounded\" CELLBORDER=\"0\" "
        + "CELLSPACING=\"4\" CELLPADDING=\"3\" BGCOLOR=\"#EEF1F4\">"
        + lines.map { "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\">\($0)"
          + "</FONT></TD></TR>" }.joined() + "</TABLE>"
    }
  }
}
