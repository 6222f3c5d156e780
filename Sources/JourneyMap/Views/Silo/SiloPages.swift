/// One page of the silo diagram on paper: a run of the whole diagram's columns, drawn by the
/// same code as the whole diagram (`SiloDiagram.dot` with `page` set).
///
/// Every lane is on every page, in the same order and with its header, so pages laid side by
/// side line up. Hand-offs keep the whole map's numbers. A flow edge with an end on another
/// page runs to a marker box at the page's left or right edge, in the lane it would have
/// crossed the edge in, that names the page and the step ("to page 3 →").
struct SiloPage {
  /// Page number, counting the cover as 1.
  var number: Int
  /// The columns of the whole diagram this page draws.
  var columns: Range<Int>
  /// The page of each column of the whole diagram.
  var pageOfColumn: [Int]
  /// The corner label, in place of the whole diagram's.
  var corner: String
  /// Stage labels that differ from the map's ("Ask for help (part 1 of 2)"), by stage index.
  var stageLabels: [Int: String]
  /// The characters a line of a page marker holds (`SiloText.markerWidth` and wider).
  var markerWidth = SiloText.markerWidth
}

extension SiloDiagram {
  /// A box at the page's edge standing in for a route's part on another page.
  struct PageMarker {
    enum Side { case left, right }
    var name: String
    var lane: Int
    var side: Side
    var label: String
  }

  /// True when `column` is drawn: always for the whole diagram.
  func isShown(column: Int) -> Bool { page?.columns.contains(column) ?? true }

  /// The nodes of the part of `route` on the page, left to right, with a marker standing in
  /// for the part off the page on either side (`cut`), and whether the step the edge leaves
  /// is on the page (its piece carries the label); nil when none of it is on the page.
  func shownNodes(_ route: SiloRoute) -> (nodes: [String], cut: Bool, fromShown: Bool)? {
    guard let part = shownPart(route) else { return nil }
    var nodes = part.kept.map { route.nodes[$0] }
    if part.left { nodes.insert("pin\(route.edge)", at: 0) }
    if part.right { nodes.append("pout\(route.edge)") }
    return (nodes, part.left || part.right, route.backwards ? !part.right : !part.left)
  }

  /// The indices into `route.nodes` on the page, and whether the route goes on past the
  /// page's left and right edges.
  private func shownPart(_ route: SiloRoute) -> (kept: [Int], left: Bool, right: Bool)? {
    let nodes = route.nodes
    let (left, right) = route.backwards ? (route.to, route.from) : (route.from, route.to)
    let lo = column[left]
    let hi = column[right]
    guard let page else { return (Array(nodes.indices), false, false) }
    // Node k stands in column lo + k: the steps at the ends, one waypoint per column between.
    guard lo < hi, nodes.count == hi - lo + 1 else {
      return page.columns.contains(lo) ? (Array(nodes.indices), false, false) : nil
    }
    let kept = nodes.indices.filter { page.columns.contains(lo + $0) }
    guard !kept.isEmpty else { return nil }
    return (kept, lo < page.columns.lowerBound, hi >= page.columns.upperBound)
  }

  /// The markers of the page, in `routes` order, left before right (none without a page).
  var pageMarkers: [PageMarker] {
    guard let page else { return [] }
    var markers: [PageMarker] = []
    for route in routes {
      guard let part = shownPart(route), let first = part.kept.first,
        let last = part.kept.last
      else { continue }
      let lanes = route.lanes(in: self)
      let edge = flow.edges[route.edge]
      let handoff = handoffs.handoff(onEdge: route.edge)
      let (leftStep, rightStep) = route.backwards ? (route.to, route.from) : (route.from, route.to)
      if part.left {
        let other = page.pageOfColumn[column[leftStep]]
        let heading = route.backwards
          ? "\u{21BA} back to page \(other)" : "\u{2190} from page \(other)"
        markers.append(PageMarker(
          name: "pin\(route.edge)", lane: lanes[first], side: .left,
          label: SiloText.pageMarker(heading, step: steps[leftStep], handoff: handoff,
                                     label: route.backwards ? nil : edge.label,
                                     width: page.markerWidth)))
      }
      if part.right {
        let other = page.pageOfColumn[column[rightStep]]
        let heading = route.backwards
          ? "\u{21BA} from page \(other)" : "to page \(other) \u{2192}"
        markers.append(PageMarker(
          name: "pout\(route.edge)", lane: lanes[last], side: .right,
          label: SiloText.pageMarker(heading, step: steps[rightStep], handoff: handoff,
                                     label: route.backwards ? edge.label : nil,
                                     width: page.markerWidth)))
      }
    }
    return markers
  }
}

extension SiloView {
  /// Estimated natural widths, in points, for splitting into pages: a column (a card, the
  /// rank between for edge labels, and the gaps), a stage box's margins, and the lane
  /// headers, the two marker columns and the padding.
  static let pageWidths = (column: 200.0, stage: 8.0, fixed: 540.0)

  /// The estimated natural width of each column: `pageWidths.column`, and the label of the
  /// widest edge that leaves the column to the right (its words and its hand-off number),
  /// which dot places between this column and the next.
  static func columnWidths(_ diagram: SiloDiagram) -> [Double] {
    var widths = Array(repeating: pageWidths.column, count: diagram.columns.count)
    var labels = Array(repeating: 0.0, count: diagram.columns.count)
    for route in diagram.routes {
      let (left, right) = route.backwards ? (route.to, route.from) : (route.from, route.to)
      let c = diagram.column[left]
      guard c < diagram.column[right], c < labels.count else { continue }
      let edge = diagram.flow.edges[route.edge]
      var label = Double(min(edge.label?.count ?? 0, 20)) * 6.5
      if diagram.handoffs.handoff(onEdge: route.edge) != nil { label += 30 }
      labels[c] = max(labels[c], label)
    }
    for c in widths.indices { widths[c] += labels[c] }
    return widths
  }

  /// From this many lanes on, a page's height rather than its width limits its scale.
  static let manyLanes = 7

  /// The smallest text of the silo diagram, in points (the small lines on cards and headers).
  static let smallestText = 9.0

  /// The silo diagram drawn for `paper`, one DOT text per page: a cover with the title, the
  /// findings (hand-offs per owner pair, shared and unowned steps), the legend and the list
  /// of pages, then the columns left to right in pages of whole stages (`PageSplit`), each
  /// drawn with every lane.
  public static func pages(_ checked: CheckedJourney, paper: Paper) -> [String] {
    let journey = checked.journey
    let diagram = SiloDiagram(journey, flow: checked.flow)
    let estimates = columnWidths(diagram)
    var firstColumn: [Int] = []
    var widths: [[Double]] = []
    for s in journey.stages.indices {
      firstColumn.append(diagram.columns.firstIndex { $0.stage == s } ?? 0)
      let stage = diagram.columns.indices.filter { diagram.columns[$0].stage == s }
      widths.append(stage.isEmpty ? [pageWidths.column] : stage.map { estimates[$0] })
    }
    // With many lanes a page is as tall as the paper allows, and markers stacked in a lane
    // make it taller: they are then wider, in fewer lines, and the page holds less.
    let markerWidth = diagram.lanes.lanes.count >= manyLanes ? 30 : SiloText.markerWidth
    let fixed = pageWidths.fixed + 2 * 4.5 * Double(markerWidth - SiloText.markerWidth)
    let split = PageSplit(
      columnWidths: widths, perStage: pageWidths.stage, fixed: fixed,
      budget: paper.budget(smallestText: smallestText).width)
    let total = split.pages.count + 1
    var pageOfColumn = Array(repeating: 1, count: diagram.columns.count)
    var ranges: [Range<Int>] = []
    for (index, slices) in split.pages.enumerated() {
      var low = Int.max
      var high = Int.min
      for slice in slices {
        let start = firstColumn[slice.stage] + slice.columns.lowerBound
        let end = firstColumn[slice.stage] + slice.columns.upperBound
        for c in start..<min(end, pageOfColumn.count) { pageOfColumn[c] = index + 2 }
        low = min(low, start)
        high = max(high, end)
      }
      ranges.append(low < high ? low..<high : 0..<0)
    }
    var dots = [cover(diagram, split: split)]
    for (index, slices) in split.pages.enumerated() {
      let number = index + 2
      var labels: [Int: String] = [:]
      for slice in slices where slice.parts > 1 {
        labels[slice.stage] = journey.stages[slice.stage].label
          + " (part \(slice.part) of \(slice.parts))"
      }
      let range = PageSplit.stageRange(slices) { journey.stages[$0].label }
      var page = diagram
      page.page = SiloPage(
        number: number, columns: ranges[index], pageOfColumn: pageOfColumn,
        corner: SiloText.pageCorner(journey, number: number, total: total, range: range),
        stageLabels: labels, markerWidth: markerWidth)
      dots.append(page.dot())
    }
    return dots
  }

  /// The first page: the title, the list of pages, and the whole map's findings and legend.
  private static func cover(_ d: SiloDiagram, split: PageSplit) -> String {
    let total = split.pages.count + 1
    var rows = [SiloText.coverTitle(d.journey), "<FONT POINT-SIZE=\"14\"><B>Pages</B></FONT>",
                "page 1 of \(total) \u{00B7} this page: the hand-offs and what the marks mean"]
    for (index, slices) in split.pages.enumerated() {
      let range = PageSplit.stageRange(slices) { d.journey.stages[$0].label }
      rows.append("page \(index + 2) \u{00B7} " + DOTText.htmlWrapped(range, width: 90))
    }
    let contents = "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">"
      + rows.map { "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">\($0)</TD></TR>" }.joined()
      + "</TABLE>>"
    let font = DOTText.quoted(Style.font)
    var out = "digraph silo {\n"
    out += "  graph [id=\"silo\", fontname=\(font), fontsize=11, fontcolor=\"\(Style.ink)\", "
    out += "bgcolor=\"\(Style.paper)\", pad=0.25, rankdir=LR, ranksep=0.5];\n"
    out += "  node [fontname=\(font), fontsize=12, fontcolor=\"\(Style.ink)\", shape=plaintext, "
    out += "margin=0];\n"
    // The title and pages on the left; the findings and legend beside, one above the other.
    out += "  contents [id=\"contents\", label=\(contents)];\n"
    out += "  findings [id=\"silo-findings\", fontsize=11, "
    out += "label=\(SiloText.summary(d, perRow: 1))];\n"
    out += "  contents -> findings [style=invis];\n"
    out += "}\n"
    return out
  }
}
