/// The customer's view: stages left to right, steps as cards, the experience curve below.
///
/// How the picture is built (dot, `rankdir=LR`): every step gets a **column**, a rank of its
/// own in file order, drawn as ONE node, an HTML table holding top to bottom: lanes for edges
/// that jump over columns, the step's card, its piece of the experience curve (a grid of
/// fixed height with the score at its level), its pains, opportunities, metrics, notes and
/// questions, then the line of visibility and, for a backstage step, its card below it. One
/// node per column is what keeps that order (dot does not keep separate nodes of a rank in a
/// given order) and the cards' tops in line (every card is given the tallest card's height).
///
/// The baseline joins the grids' level-0 ports with heavy edges, so the grids line up
/// exactly; the curve joins the score points, and crosses a column without a score through an
/// invisible cell on the straight line between its neighbours. Edges carry no labels (a label
/// puts a rank of label nodes between every two columns and bends the curve): an answer is a
/// row of its card, and its edge leaves from that row. Edges that jump over columns, forward
/// or back (loops), run in lanes above the cards whose line each column draws itself, so
/// every DOT edge joins neighbouring columns: dot stays fast (no long edges) and nothing
/// dives under the curve. Stages and phases are clusters; title, personas and legend are the
/// graph label.
public enum JourneyView {
  /// The DOT text for `checked`'s journey map.
  public static func dot(_ checked: CheckedJourney) -> String {
    dot(checked, page: nil)
  }

  /// The DOT text for `checked`'s journey map, or for one page of it when `page` is given:
  /// `checked.journey` then holds only the page's stages, while `checked.flow` is the whole
  /// map's, so a card keeps the rows of answers that lead off the page.
  static func dot(_ checked: CheckedJourney, page: PageMarks?) -> String {
    let journey = checked.journey
    let plan = Plan(journey, flow: checked.flow)
    var out = DOTLines()
    out.open("digraph \"journey\" {")
    out.add("graph [rankdir=LR newrank=true nodesep=0.18 ranksep=0.5 pad=0.3 "
      + "outputorder=edgesfirst bgcolor=\"\(Style.paper)\" fontname=\(DOTText.quoted(Style.font)) "
      + "fontsize=12 fontcolor=\"\(Style.ink)\" id=\"journey\"]")
    out.add("node [fontname=\(DOTText.quoted(Style.font)) fontsize=11 fontcolor=\"\(Style.ink)\" "
      + "color=\"\(Style.ink)\" margin=\"0.08,0.05\"]")
    out.add("edge [fontname=\(DOTText.quoted(Style.font)) fontsize=10 fontcolor=\"\(Style.ink)\" "
      + "color=\"\(Style.ink)\" arrowsize=0.7 penwidth=1.3]")

    let curve = Curve(plan: plan)
    out.add(Curve.axisNode(hasBackstage: plan.hasBackstage, annotations: plan.annotationHeight))
    writeClusters(plan, curve: curve, into: &out)
    writeGridLines(plan, curve: curve, into: &out)
    writeFlow(checked.flow, plan: plan, into: &out)
    // The root label is set last: subgraphs inherit root attributes written before them.
    if let page {
      page.write(plan: plan, into: &out)
      out.add("label=<\(page.header)>")
      out.add("pad=0.1")
    } else {
      out.add("label=<\(Header.label(journey, hasBackstage: plan.hasBackstage))>")
    }
    out.add("labelloc=t")
    out.add("labeljust=l")
    out.close("}")
    return out.text
  }

  /// Phases and stages as nested clusters, each stage holding its columns.
  private static func writeClusters(_ plan: Plan, curve: Curve, into out: inout DOTLines) {
    // Gathered once: looking through every column for each stage made large maps quadratic.
    let columnsByStage = Dictionary(grouping: plan.columns, by: \.stageIndex)
    for group in plan.groups {
      if let phase = group.phase {
        out.open("subgraph \"cluster_\(phase.id)\" {")
        out.add("id=\(DOTText.quoted(phase.id))")
        out.add("label=<\(Cards.phaseLabel(phase.name, height: plan.phaseLabelHeight))>")
        out.add("labelloc=t labeljust=l style=\"filled,rounded\" fillcolor=\"#EEF1F4\" "
          + "color=\"\(Style.hairline)\" penwidth=1 margin=10")
      }
      for stageIndex in group.stages {
        writeStage(stageIndex, columns: columnsByStage[stageIndex] ?? [], plan: plan,
                   curve: curve, into: &out)
      }
      if group.phase != nil { out.close("}") }
    }
  }

  private static func writeStage(_ stageIndex: Int, columns: [Column], plan: Plan,
                                 curve: Curve, into out: inout DOTLines) {
    let stage = plan.journey.stages[stageIndex]
    let id = plan.stageIDs[stageIndex]
    out.open("subgraph \"cluster_\(id)\" {")
    out.add("id=\(DOTText.quoted(id))")
    out.add("label=<\(Cards.stageLabel(stage, height: plan.stageLabelHeight))>")
    out.add("labelloc=t labeljust=l style=\"filled,rounded\" fillcolor=\"\(Style.paper)\" "
      + "color=\"\(Style.hairline)\" penwidth=1.2 margin=10")
    for column in columns {
      writeColumn(column, plan: plan, curve: curve, into: &out)
    }
    out.close("}")
  }

  /// The height of a lane for edges that jump over columns.
  static let laneHeight = 12

  /// The space above and below the line of visibility, in points.
  static let visibilityBand = (above: 16, below: 26)

  /// One column as one node: a single HTML table holds the step's card, its piece of the
  /// curve, its annotations and, for backstage steps, the card below the line of visibility.
  /// One node per column is what keeps that order: dot does not keep separate nodes of one
  /// rank in a given order. The card is on top so that loops can arc over it.
  private static func writeColumn(_ column: Column, plan: Plan, curve: Curve,
                                  into out: inout DOTLines) {
    var rows: [String] = []
    func gap(_ height: Int) {
      if height > 0 { rows.append("<TD HEIGHT=\"\(height)\"></TD>") }
    }
    // Every column reserves the same height for annotations and for the backstage, so the
    // line of visibility is as straight as the curve's baseline and the stage boxes share
    // their bottom. A filler row under the content takes what the estimate left over.
    func band(_ annotations: (cells: String, height: Int)?) {
      gap(8)
      var cells: [String] = []
      if let annotations { cells.append("<TD>\(annotations.cells)</TD>") }
      let filler = plan.annotationHeight - (annotations?.height ?? 0)
      if filler > 0 { cells.append("<TD HEIGHT=\"\(filler)\"></TD>") }
      if !cells.isEmpty {
        rows.append("<TD HEIGHT=\"\(plan.annotationHeight)\">" + Cards.table(cells, spacing: 0,
                                                                              padding: 0) + "</TD>")
      }
      guard plan.hasBackstage else { return }
      // The line runs through a thin port cell near the top of its own band.
      gap(visibilityBand.above)
      rows.append("<TD PORT=\"vis\" HEIGHT=\"2\"></TD>")
      gap(visibilityBand.below)
    }
    func backstage(_ cells: [String], height: Int) {
      guard plan.hasBackstage else { return }
      var cells = cells
      let filler = plan.backstageHeight - height
      if filler > 0 { cells.append("<TD HEIGHT=\"\(filler)\"></TD>") }
      rows.append("<TD HEIGHT=\"\(plan.backstageHeight)\" VALIGN=\"TOP\">"
        + Cards.table(cells, spacing: 0, padding: 0) + "</TD>")
    }
    let cardCell = "<TD PORT=\"card\" HEIGHT=\"\(plan.cardBoxHeight)\">"
    let grid = "<TD>\(curve.grid(column))</TD>"
    // Lanes for edges that jump over columns run above the cards.
    // Inside a column the node draws the lane's line itself, as the fill of the lane's port
    // cell (a loop's dashes are cells of a nested table that stretches to the column's
    // width), so the edge's pieces only join the columns' sides, the line stays straight,
    // and it is centred on the port: no step where the pieces meet.
    let busy = plan.busyLanes[column.index] ?? [:]
    for lane in 0..<plan.laneCount {
      gap(laneHeight / 2)
      var line = ""
      if let loop = busy[lane] {
        line = loop ? ">" + dashes(Style.mutedInk) : " BGCOLOR=\"\(Style.ink)\">"
      } else {
        line = ">"
      }
      rows.append("<TD PORT=\"l\(lane)\" HEIGHT=\"\(laneLine)\"\(line)</TD>")
      gap(laneHeight / 2)
    }
    if plan.laneCount > 0 { gap(4) }
    guard let step = column.step else {
      rows.append(cardCell + Cards.emptyStage(height: plan.cardHeight) + "</TD>")
      gap(10)
      rows.append(grid)
      band(nil)
      backstage([], height: 0)
      out.add(node(column.names.node, rows))
      return
    }
    let card = cardCell + Cards.card(step, rows: Cards.cardRows(step, plan: plan),
                                     height: plan.cardHeight) + "</TD>"
    let annotations = Cards.annotations(step)
    if step.isBackstage {
      // Where a card would be, so that the lanes above and the grid stay level with the
      // other columns'.
      gap(plan.cardBoxHeight + 10)
      rows.append(grid)
      band(nil)
      var cells = [card]
      var height = plan.cardBoxHeight
      if let annotations {
        cells += ["<TD HEIGHT=\"6\"></TD>", "<TD>\(annotations.cells)</TD>"]
        height += 6 + annotations.height
      }
      backstage(cells, height: height)
    } else {
      rows.append(card)
      gap(10)
      rows.append(grid)
      band(annotations)
      backstage([], height: 0)
    }
    out.add(node(column.names.node, rows))
  }

  /// The thickness of a lane's line inside a column, in points.
  static let laneLine = 2

  /// A dashed line as a row of filled and empty cells: the table stretches to its cell's
  /// width, and Graphviz shares the extra width evenly, so the dashes stay regular.
  private static func dashes(_ color: String) -> String {
    let dash = "<TD WIDTH=\"5\" HEIGHT=\"\(laneLine)\" BGCOLOR=\"\(color)\"></TD>"
    let gap = "<TD WIDTH=\"2\" HEIGHT=\"\(laneLine)\"></TD>"
    return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>"
      + String(repeating: dash + gap, count: 12) + dash + "</TR></TABLE>"
  }

  private static func node(_ name: String, _ rows: [String]) -> String {
    "\"\(name)\" [id=\(DOTText.quoted(name)) shape=plaintext margin=0 label=<"
      + "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
      + rows.map { "<TR>\($0)</TR>" }.joined() + "</TABLE>>]"
  }

  /// The neutral baseline, the line of visibility and the experience curve, all between
  /// ports of neighbouring columns, drawn through the ports' centres.
  private static func writeGridLines(_ plan: Plan, curve: Curve, into out: inout DOTLines) {
    var previous = Curve.axisName
    for column in plan.columns {
      let name = column.names.node
      let key = column.names.key
      // The baseline is what lines the grids up. Its weight must beat the weights dot gives
      // its own cluster-compaction edges (at 100 a nested cluster could bend it).
      out.add("\"\(previous)\":z:c -> \"\(name)\":z:c [id=\(DOTText.quoted("baseline-" + key)) "
        + "weight=1000 style=dashed color=\"\(Style.hairline)\" arrowhead=none "
        + "tailclip=false headclip=false]")
      if plan.hasBackstage {
        out.add("\"\(previous)\":vis:c -> \"\(name)\":vis:c "
          + "[id=\(DOTText.quoted("visibility-" + key)) weight=300 style=dashed penwidth=2 "
          + "color=\"\(Style.mutedInk)\" arrowhead=none tailclip=false headclip=false]")
      }
      previous = name
    }
    for (from, to) in curve.segments {
      out.add("\"\(from.names.node)\":pt:c -> \"\(to.names.node)\":pt:c "
        + "[id=\(DOTText.quoted("curve-\(from.names.key)-\(to.names.key)")) constraint=false "
        + "weight=0 penwidth=3 color=\"\(Style.ink)\" arrowhead=none tailclip=false "
        + "headclip=false]")
    }
  }

  /// Flow edges between cards. An answer (a labelled branch, a loop back) leaves from its
  /// own row on the card, so edges need no labels: labels would put a rank of label nodes
  /// between every two columns and bend the curve.
  private static func writeFlow(_ flow: Flow, plan: Plan, into out: inout DOTLines) {
    var used: Set<String> = []
    var answerIndex: [String: Int] = [:]
    for (edgeIndex, edge) in flow.edges.enumerated() {
      // An answer's port is counted before an edge is skipped: on a page, an answer that
      // leads off the page keeps its row, and the rows below keep their ports.
      var tail = ":card"
      if plan.answers[edge.from]?.contains(edge) == true {
        let index = answerIndex[edge.from, default: 0]
        answerIndex[edge.from] = index + 1
        tail = ":a\(index)"
      }
      guard let from = plan.cardName[edge.from], let to = plan.cardName[edge.to] else {
        continue
      }
      var id = "flow-\(edge.from)-\(edge.to)"
      var n = 2
      while used.contains(id) {
        id = "flow-\(edge.from)-\(edge.to)-\(n)"
        n += 1
      }
      used.insert(id)
      var attributes: [String] = []
      var head = ":card"
      let backstage = plan.isBackstage(edge.from) || plan.isBackstage(edge.to)
      if edge.isLoop {
        // A loop back (renewal, retry) is not a constraint on the columns; it arcs over the
        // cards to the top of the step it returns to.
        attributes += ["constraint=false"]
        if !backstage {
          head = ":card:n"
          attributes += ["style=dashed", "penwidth=2.2", "color=\"\(Style.mutedInk)\""]
        }
      }
      if backstage { attributes.append("style=dotted penwidth=1.6") }
      func style(_ id: String) -> String {
        (["id=\(DOTText.quoted(id))"] + attributes).joined(separator: " ")
      }
      guard let lane = plan.lanes[edgeIndex], let i = plan.columnOf[edge.from],
        let j = plan.columnOf[edge.to]
      else {
        out.add("\"\(from)\"\(tail) -> \"\(to)\"\(head) [\(style(id))]")
        continue
      }
      // Over the columns it jumps, the edge runs through its lane's ports, in pieces that
      // join the columns' sides; a loop runs the lane from right to left.
      let passed = j > i ? Array((i + 1)..<j) : Array((j + 1)..<i).reversed()
      let (enter, leave) = j > i ? (":w", ":e") : (":e", ":w")
      var previous = "\"\(from)\"\(tail)"
      var pieceID = id
      for c in passed {
        let column = plan.columns[c].names
        out.add("\(previous) -> \"\(column.node)\":l\(lane)\(enter) [\(style(pieceID)) "
          + "arrowhead=none]")
        previous = "\"\(column.node)\":l\(lane)\(leave)"
        pieceID = id + "-over-" + column.key
      }
      let last = pieceID
      out.add("\(previous) -> \"\(to)\"\(head) [\(style(last))]")
    }
  }
}

extension JourneyView {
  /// DOT text built line by line with two-space indentation.
  struct DOTLines {
    private(set) var text = ""
    private var depth = 0

    mutating func add(_ line: String) {
      text += String(repeating: "  ", count: depth) + line + "\n"
    }

    mutating func open(_ line: String) {
      add(line)
      depth += 1
    }

    mutating func close(_ line: String) {
      depth = max(depth - 1, 0)
      add(line)
    }
  }
}
