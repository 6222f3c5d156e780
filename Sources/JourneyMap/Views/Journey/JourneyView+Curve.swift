extension JourneyView {
  /// The experience curve: a grid of fixed height in every column, with the score point at
  /// the row of its level. Ports `z` (level 0, for the baseline) and `pt` (the point, or where
  /// the curve crosses a column without a score) are lined up across columns by the baseline.
  struct Curve {
    static let axisName = "axis"
    /// Height of one feeling level, in points.
    static let row = 24
    /// Width of a score point.
    static let width = 30
    static var grid: Int { 5 * row }
    /// The side of the ink patch where the curve crosses an unscored column: a little wider
    /// than the curve (3 points), so it covers the notch where the two pieces meet.
    static let patch = 3
    /// Offset of the middle of level 0 from the top of the grid.
    static var zero: Int { 2 * row + row / 2 }

    /// The pairs of neighbouring columns joined by the curve, left to right.
    private(set) var segments: [(Column, Column)] = []
    /// Where the curve crosses each unscored column between two scored ones, by node name:
    /// the height above the patch on the straight line between the neighbours, in whole
    /// points (integer arithmetic: the library does not link libm).
    private(set) var passAbove: [String: Int] = [:]

    init(plan: Plan) {
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
            // The patch's top, rounded to whole points (centre is scaled by span).
            let above = (2 * centre - Self.patch * span + span) / (2 * span)
            passAbove[columns[c].names.node] = min(max(above, 0), Self.grid - Self.patch)
          }
          segments.append((columns[c], columns[c + 1]))
        }
      }
    }

    /// The grid of `column`: a score point, an invisible cell the curve passes through, or
    /// nothing but the baseline.
    func grid(_ column: Column) -> String {
      var cells: [String] = []
      if let feel = column.curveFeel {
        let above = (2 - feel) * Self.row
        let (fill, ink) = Style.feelColors(feel)
        cells.append(Self.spacer(above, Self.width))
        cells.append("<TD PORT=\"pt\" ID=\"\(column.names.point)\" HEIGHT=\"\(Self.row)\" "
          + "WIDTH=\"\(Self.width)\" FIXEDSIZE=\"TRUE\" STYLE=\"rounded\" BGCOLOR=\"\(fill)\">"
          + "<FONT POINT-SIZE=\"11\" COLOR=\"\(ink)\"><B>\(Style.feelText(feel))</B></FONT></TD>")
        cells.append(Self.spacer(Self.grid - above - Self.row, Self.width))
      } else if let above = passAbove[column.names.node] {
        // A patch of the curve's own ink where its two pieces meet: dot ends them a point or
        // two apart.
        cells.append(Self.spacer(above, Self.width))
        cells.append("<TD PORT=\"pt\" HEIGHT=\"\(Self.patch)\" WIDTH=\"\(Self.patch)\" "
          + "FIXEDSIZE=\"TRUE\" BGCOLOR=\"\(Style.ink)\"></TD>")
        cells.append(Self.spacer(Self.grid - above - Self.patch, Self.width))
      } else {
        cells.append(Self.spacer(Self.grid, Self.width))
      }
      return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>"
        + "<TD>\(Self.column(cells))</TD><TD>\(Self.zeroPort)</TD></TR></TABLE>"
    }

    /// A 1-point column whose middle cell is the baseline's port.
    private static var zeroPort: String {
      column([spacer(zero - 1, 1),
              "<TD PORT=\"z\" HEIGHT=\"2\" WIDTH=\"1\" FIXEDSIZE=\"TRUE\"></TD>",
              spacer(grid - zero - 1, 1)])
    }

    /// The axis left of the first column: the feel scale and the line of visibility's name.
    static func axisNode(hasBackstage: Bool, annotations: Int) -> String {
      var rows = ["<TD COLSPAN=\"2\" ALIGN=\"RIGHT\"><FONT POINT-SIZE=\"12\"><B>How it feels"
        + "</B></FONT></TD>"]
      for feel in [2, 1, 0, -1, -2] {
        rows.append("<TD HEIGHT=\"\(row)\" FIXEDSIZE=\"FALSE\" ALIGN=\"RIGHT\">"
          + "<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">"
          + "\(Style.feelWord(feel)) \(Style.feelText(feel)) </FONT></TD>"
          + (feel == 2 ? "<TD ROWSPAN=\"5\">\(zeroPort)</TD>" : ""))
      }
      if hasBackstage {
        let band = JourneyView.visibilityBand
        let font = "<FONT POINT-SIZE=\"10\" COLOR=\"\(Style.mutedInk)\">"
        // The same gap and annotation band as in the columns, so both lines run straight.
        rows.append("<TD HEIGHT=\"\(8 + annotations)\"></TD><TD></TD>")
        rows.append("<TD HEIGHT=\"\(band.above)\" ALIGN=\"RIGHT\" VALIGN=\"BOTTOM\">\(font)"
          + "▲ seen by the customer </FONT></TD><TD></TD>")
        // The port is in the narrow right column, so the line starts right of the words.
        rows.append("<TD HEIGHT=\"2\"></TD><TD PORT=\"vis\" HEIGHT=\"2\"></TD>")
        rows.append("<TD HEIGHT=\"\(band.below)\" ALIGN=\"RIGHT\" VALIGN=\"TOP\">\(font)"
          + "<B>line of visibility</B><BR/>▼ backstage </FONT></TD><TD></TD>")
      }
      return "\"\(axisName)\" [id=\"feel-axis\" shape=plaintext margin=0 label=<"
        + "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
        + rows.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>>]"
    }

    static func spacer(_ height: Int, _ width: Int) -> String {
      height > 0
        ? "<TD HEIGHT=\"\(height)\" WIDTH=\"\(width)\" FIXEDSIZE=\"TRUE\"></TD>" : ""
    }

    private static func column(_ cells: [String]) -> String {
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
        + cells.filter { !$0.isEmpty }.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>"
    }
  }
}
