/// The customer's view: stages left to right, steps as cards, the experience curve below.
///
/// How the picture is built (dot, `rankdir=LR`): every step gets a **column** (a rank of its
/// own, in file order). A column holds, top to bottom, the step's card, its pains,
/// opportunities and metrics, its sticky notes, then one **curve node**: a fixed-height table
/// in which the feeling score sits at the row of its level. All curve nodes are chained by the
/// baseline (heavy weight, so they line up on one straight row); the experience curve is drawn
/// between their score cells; a curve node whose step has no score gets an invisible cell on
/// the straight line between its neighbours, so the curve never leaves the grid. Backstage
/// steps sit below the curve, under a drawn line of visibility. Stages and phases are clusters
/// around their columns; the title, personas and legend are the graph label.
///
/// Every edge but loops and the curve joins neighbouring columns or runs forward, which keeps
/// dot away from its slow cases.
public enum JourneyView {
  /// The DOT text for `checked`'s journey map.
  public static func dot(_ checked: CheckedJourney) -> String {
    let journey = checked.journey
    let plan = Plan(journey)
    var out = DOTLines()
    out.open("digraph \"journey\" {")
    out.add("graph [rankdir=LR newrank=true nodesep=0.18 ranksep=0.28 pad=0.3 "
      + "outputorder=edgesfirst bgcolor=\"\(Style.paper)\" fontname=\(DOTText.quoted(Style.font)) "
      + "fontsize=12 fontcolor=\"\(Style.ink)\" id=\"journey\"]")
    out.add("node [fontname=\(DOTText.quoted(Style.font)) fontsize=11 fontcolor=\"\(Style.ink)\" "
      + "color=\"\(Style.ink)\" margin=\"0.08,0.05\"]")
    out.add("edge [fontname=\(DOTText.quoted(Style.font)) fontsize=10 fontcolor=\"\(Style.ink)\" "
      + "color=\"\(Style.ink)\" arrowsize=0.7 penwidth=1.3]")

    let curve = Curve(plan: plan)
    out.add(curve.axisNode())
    writeClusters(plan, curve: curve, into: &out)
    writeGridLines(plan, curve: curve, into: &out)
    writeFlow(checked.flow, plan: plan, into: &out)
    // The root label is set last: subgraphs inherit root attributes written before them.
    out.add("label=<\(Header.label(journey, hasBackstage: plan.hasBackstage))>")
    out.add("labelloc=t")
    out.add("labeljust=l")
    out.close("}")
    return out.text
  }

  /// Phases and stages as nested clusters, each stage holding its columns.
  private static func writeClusters(_ plan: Plan, curve: Curve, into out: inout DOTLines) {
    for group in plan.groups {
      if let phase = group.phase {
        out.open("subgraph \"cluster_\(phase.id)\" {")
        out.add("id=\(DOTText.quoted(phase.id))")
        out.add("label=<\(Cards.phaseLabel(phase.name))>")
        out.add("labelloc=t labeljust=l style=\"filled,rounded\" fillcolor=\"#EEF1F4\" "
          + "color=\"\(Style.hairline)\" penwidth=1 margin=10")
      }
      for stageIndex in group.stages {
        writeStage(stageIndex, plan: plan, curve: curve, into: &out)
      }
      if group.phase != nil { out.close("}") }
    }
  }

  private static func writeStage(_ stageIndex: Int, plan: Plan, curve: Curve,
                                 into out: inout DOTLines) {
    let stage = plan.journey.stages[stageIndex]
    let id = plan.stageIDs[stageIndex]
    out.open("subgraph \"cluster_\(id)\" {")
    out.add("id=\(DOTText.quoted(id))")
    out.add("label=<\(Cards.stageLabel(stage))>")
    out.add("labelloc=t labeljust=l style=\"filled,rounded\" fillcolor=\"\(Style.paper)\" "
      + "color=\"\(Style.hairline)\" penwidth=1.2 margin=10")
    for column in plan.columns where column.stageIndex == stageIndex {
      writeColumn(column, plan: plan, curve: curve, into: &out)
    }
    out.close("}")
  }

  /// One column: its nodes, kept in one rank and stacked in order by invisible flat edges
  /// (in a left-to-right layout the tail of a flat edge is drawn below its head).
  private static func writeColumn(_ column: Column, plan: Plan, curve: Curve,
                                  into out: inout DOTLines) {
    var stack: [String] = []
    var nodes: [String] = []
    func put(_ name: String, _ attributes: String) {
      stack.append(name)
      nodes.append("\"\(name)\" [\(attributes)]")
    }
    let names = column.names
    if let step = column.step {
      let card = Cards.card(step, journey: plan.journey)
      let extras = Cards.extras(step)
      let notes = Cards.notes(step.workshop)
      if step.isBackstage {
        put(names.curve, curve.node(column))
      }
      put(names.card, "id=\(DOTText.quoted(names.card)) \(card)")
      if let extras { put(names.extras, "id=\(DOTText.quoted(names.extras)) \(extras)") }
      if let notes { put(names.notes, "id=\(DOTText.quoted(names.notes)) \(notes)") }
      if !step.isBackstage {
        put(names.curve, curve.node(column))
      }
    } else {
      put(names.card, "id=\(DOTText.quoted(names.card)) \(Cards.emptyStage)")
      put(names.curve, curve.node(column))
    }
    out.add("{ rank=same; " + stack.map { "\"\($0)\";" }.joined(separator: " ") + " }")
    for node in nodes { out.add(node) }
    if stack.count > 1 {
      out.add(stack.reversed().map { "\"\($0)\"" }.joined(separator: " -> ")
        + " [style=invis weight=10]")
    }
  }

  /// The neutral baseline, the line of visibility and the experience curve.
  private static func writeGridLines(_ plan: Plan, curve: Curve, into out: inout DOTLines) {
    var previous = Curve.axisName
    for column in plan.columns {
      let name = column.names.curve
      // The baseline is what lines the curve nodes up: heavy, through the nodes' centres.
      out.add("\"\(previous)\" -> \"\(name)\" [id=\"baseline-\(column.names.key)\" "
        + "weight=100 style=dashed color=\"\(Style.hairline)\" arrowhead=none "
        + (previous == Curve.axisName ? "" : "tailclip=false ") + "headclip=false]")
      if plan.hasBackstage {
        out.add("\"\(previous)\":vis -> \"\(name)\":vis [id=\"visibility-\(column.names.key)\" "
          + "weight=0 style=dashed penwidth=2 color=\"\(Style.mutedInk)\" arrowhead=none "
          + (previous == Curve.axisName ? "" : "tailclip=false ") + "headclip=false]")
      }
      previous = name
    }
    for (from, to) in curve.segments {
      out.add("\"\(from.names.curve)\":pt -> \"\(to.names.curve)\":pt "
        + "[id=\"curve-\(from.names.key)-\(to.names.key)\" constraint=false weight=0 "
        + "penwidth=3 color=\"\(Style.ink)\" arrowhead=none tailclip=false headclip=false]")
    }
  }

  /// Flow edges between cards: next steps, labelled branches, loops back.
  private static func writeFlow(_ flow: Flow, plan: Plan, into out: inout DOTLines) {
    var used: Set<String> = []
    for edge in flow.edges {
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
      var attributes = ["id=\(DOTText.quoted(id))"]
      if edge.isLoop {
        let text = "↺ " + (edge.label ?? "back")
        attributes += ["label=<\(Cards.edgeLabel(text, bold: true))>", "constraint=false",
                       "style=dashed", "penwidth=2.2", "color=\"\(Style.mutedInk)\""]
      } else if let label = edge.label {
        attributes += ["label=<\(Cards.edgeLabel(label, bold: false))>"]
      }
      if plan.isBackstage(edge.from) || plan.isBackstage(edge.to) {
        attributes += ["style=dotted"]
      }
      out.add("\"\(from)\" -> \"\(to)\" [\(attributes.joined(separator: " "))]")
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
