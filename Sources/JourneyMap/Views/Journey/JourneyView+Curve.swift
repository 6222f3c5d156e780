extension JourneyView {
  /// The experience curve: one fixed-height node per column, each with the same geometry, so
  /// that a score's cell sits at the same height in every column and the baseline through the
  /// nodes' centres is level 0.
  struct Curve {
    static let axisName = "axis"
    /// Height of one feeling level, in points.
    static let row = 24
    /// Width of a curve node and of a score point.
    static let width = 30
    /// The band above the grid (the axis title) and below it (the line of visibility).
    static let band = 30
    static var grid: Int { 5 * row }

    /// The pairs of neighbouring columns joined by the curve, left to right.
    private(set) var segments: [(Column, Column)] = []
    /// Where the curve crosses each unscored column between two scored ones, by curve node
    /// name: the height above a 2-point cell on the straight line between the neighbours,
    /// in whole points (integer arithmetic: the library does not link libm).
    private(set) var passAbove: [String: Int] = [:]
    private let hasBackstage: Bool

    init(plan: Plan) {
      hasBackstage = plan.hasBackstage
      let columns = plan.columns
      let scored = columns.indices.filter { columns[$0].curveFeel != nil }
      for (a, b) in zip(scored, scored.dropFirst()) {
        guard let from = columns[a].curveFeel, let to = columns[b].curveFeel else { continue }
        let span = b - a
        for c in a..<b {
          if c > a {
            // centre = row / 2 + (2 - level) * row, level = from + (to - from) * (c - a) / span
            let centre = (Self.row * span) / 2
              + ((2 - from) * span - (to - from) * (c - a)) * Self.row
            let above = (2 * (centre - span) + span) / (2 * span)  // rounded, centre > span
            passAbove[columns[c].names.curve] = min(max(above, 0), Self.grid - 2)
          }
          segments.append((columns[c], columns[c + 1]))
        }
      }
    }

    /// The curve node of `column`: a score point, an invisible cell the curve passes
    /// through, or only the band the baseline runs through.
    func node(_ column: Column) -> String {
      let name = column.names.curve
      var rows: [String] = [Self.spacer(Self.band)]
      if let feel = column.curveFeel {
        let above = (2 - feel) * Self.row
        let (fill, ink) = Style.feelColors(feel)
        rows.append(Self.spacer(above))
        rows.append("<TD PORT=\"pt\" ID=\"\(name)-point\" HEIGHT=\"\(Self.row)\" "
          + "WIDTH=\"\(Self.width)\" FIXEDSIZE=\"TRUE\" STYLE=\"rounded\" BGCOLOR=\"\(fill)\">"
          + "<FONT POINT-SIZE=\"11\" COLOR=\"\(ink)\"><B>\(Style.feelText(feel))</B></FONT></TD>")
        rows.append(Self.spacer(Self.grid - above - Self.row))
      } else if let above = passAbove[name] {
        rows.append(Self.spacer(above))
        rows.append("<TD PORT=\"pt\" HEIGHT=\"2\" WIDTH=\"\(Self.width)\" FIXEDSIZE=\"TRUE\"></TD>")
        rows.append(Self.spacer(Self.grid - above - 2))
      } else {
        rows.append(Self.spacer(Self.grid))
      }
      rows.append("<TD PORT=\"vis\" HEIGHT=\"\(Self.band)\" WIDTH=\"\(Self.width)\" "
        + "FIXEDSIZE=\"TRUE\"></TD>")
      return "id=\(DOTText.quoted(name)) shape=plaintext margin=0 label=<" + Self.table(rows) + ">"
    }

    /// The axis left of the first column: the feel scale and the line of visibility's name.
    func axisNode() -> String {
      var rows = ["<TD HEIGHT=\"\(Self.band)\" ALIGN=\"RIGHT\" VALIGN=\"BOTTOM\">"
        + "<FONT POINT-SIZE=\"11\"><B>How it feels</B></FONT></TD>"]
      for feel in [2, 1, 0, -1, -2] {
        rows.append("<TD HEIGHT=\"\(Self.row)\" ALIGN=\"RIGHT\">"
          + "<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">"
          + "\(Style.feelWord(feel)) \(Style.feelText(feel))</FONT></TD>")
      }
      rows.append("<TD PORT=\"vis\" HEIGHT=\"\(Self.band)\" ALIGN=\"RIGHT\">"
        + (hasBackstage
          ? "<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\"><B>line of visibility</B>"
            + "<BR/>customer above, backstage below</FONT>"
          : "") + "</TD>")
      return "\"\(Self.axisName)\" [id=\"feel-axis\" shape=plaintext margin=0 label=<"
        + Self.table(rows) + ">]"
    }

    private static func spacer(_ height: Int) -> String {
      height > 0
        ? "<TD HEIGHT=\"\(height)\" WIDTH=\"\(width)\" FIXEDSIZE=\"TRUE\"></TD>" : ""
    }

    private static func table(_ cells: [String]) -> String {
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
        + cells.filter { !$0.isEmpty }.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    }
  }
}
