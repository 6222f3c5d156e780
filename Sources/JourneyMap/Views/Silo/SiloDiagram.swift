/// The silo diagram of one journey, worked out once and written as DOT (see `SiloView`).
struct SiloDiagram {
  let journey: Journey
  let flow: Flow
  let steps: [Step]
  let parties: [SiloParty]
  let lanes: SiloLanes
  let handoffs: Handoffs
  /// The columns left to right: a step each, and one for each stage that has no steps.
  let columns: [Column]
  /// The column of each step, in `steps` order.
  let column: [Int]
  /// Step positions by key (the first step with a key wins; the checker reports duplicates).
  let index: [String: Int]

  /// One rank of the layout.
  struct Column {
    var stage: Int
    var step: Int?
  }

  init(_ journey: Journey, flow: Flow) {
    self.journey = journey
    self.flow = flow
    steps = journey.steps
    parties = SiloParty.of(journey)
    lanes = SiloLanes(journey, parties: parties)
    handoffs = Handoffs(parties: parties, keys: steps.map(\.key), flow: flow)
    var columns: [Column] = []
    var column: [Int] = []
    var n = 0
    for (s, stage) in journey.stages.enumerated() {
      if stage.steps.isEmpty { columns.append(Column(stage: s, step: nil)) }
      for _ in stage.steps {
        column.append(columns.count)
        columns.append(Column(stage: s, step: n))
        n += 1
      }
    }
    self.columns = columns
    self.column = column
    var index: [String: Int] = [:]
    for (i, step) in steps.enumerated() where index[step.key] == nil { index[step.key] = i }
    self.index = index
  }

  /// The owners of step `i` (empty for customer and unowned steps).
  func owners(of i: Int) -> [Int] {
    if case .owners(let owners) = parties[i] { return owners }
    return []
  }

  /// Steps with more than one owner, in file order.
  var sharedSteps: [Int] { steps.indices.filter { owners(of: $0).count > 1 } }

  /// Steps nobody owns, in file order.
  var unownedSteps: [Int] { steps.indices.filter { parties[$0] == .owners([]) } }

  /// Above this many steps, edge labels become `xlabel`s. A `label` makes dot put a label rank
  /// between every two columns, which gives loops and long hand-offs room to pass between
  /// cards, but doubles the ranks every lane cluster spans: measured on generated maps, dot
  /// takes 0.4 s for 200 steps with labels and about 8 s for 1,000 (2.7 s with `xlabel`).
  static let largeMap = 300

  var isLarge: Bool { steps.count > SiloDiagram.largeMap }

  // MARK: - DOT

  func dot() -> String {
    var out = "digraph silo {\n"
    out += """
        graph [id="silo", rankdir=LR, newrank=true, fontname=\(font), fontsize=11, \
      fontcolor="\(Style.ink)", bgcolor="\(Style.paper)", pad=0.25, nodesep=0.2, ranksep=0.3, \
      labelloc=b, labeljust=l, mclimit=0.01];
        node [fontname=\(font), fontsize=11, fontcolor="\(Style.ink)", shape=box, \
      style="rounded,filled", fillcolor="\(Style.paper)", color="\(Style.ink)", penwidth=1.2, \
      width=1.9, margin="0.1,0.05"];
        edge [fontname=\(font), fontsize=10, fontcolor="\(Style.ink)", color="\(Style.mutedInk)", \
      penwidth=1.3, arrowsize=0.7];

      """
    writeStageRow(&out)
    for (position, lane) in lanes.lanes.enumerated() {
      writeLane(lane, position: position, &out)
    }
    writeRanks(&out)
    writeEdges(&out)
    out += "  label=\(SiloText.summary(self));\n"
    out += "}\n"
    return out
  }

  private var font: String { DOTText.quoted(Style.font) }

  /// The top row: the title in the corner, then a box per stage over its columns.
  private func writeStageRow(_ out: inout String) {
    out += "  subgraph cluster_stages {\n    label=\"\"; style=invis;\n"
    out += "    corner [id=\"silo-title\", shape=plaintext, style=\"\", width=2.6, "
    out += "label=\(SiloText.corner(journey))];\n"
    var c = 0
    for (s, stage) in journey.stages.enumerated() {
      let id = "silo-stage-" + (stage.id ?? "\(s + 1)")
      out += "    subgraph cluster_stage_\(s) {\n"
      out += "      id=\(DOTText.quoted(id)); label=\(SiloText.stageHeader(stage)); "
      out += "labelloc=t; labeljust=c; style=filled; fillcolor=\"#EEF1F4\"; "
      out += "color=\"\(Style.hairline)\"; penwidth=1;\n      "
      while c < columns.count, columns[c].stage == s {
        out += "c\(c) [shape=box, style=invis, width=1.9, height=0.02, label=\"\"]; "
        c += 1
      }
      out += "\n    }\n"
    }
    out += "    ctail [shape=point, style=invis, width=0.01];\n  }\n"
    out += "  corner -> " + columns.indices.map { "c\($0) -> " }.joined()
    out += "ctail [style=invis, weight=100];\n"
  }

  /// A lane: its header, its steps and the dashed copies of shared steps, and its tail.
  private func writeLane(_ lane: SiloLanes.Lane, position l: Int, _ out: inout String) {
    let look = SiloText.laneLook(lane, self)
    out += "  subgraph cluster_lane_\(l) {\n"
    out += "    id=\(DOTText.quoted(look.id)); label=\"\"; style=\"\(look.style)\"; "
    out += "fillcolor=\"\(look.fill)\"; color=\"\(look.pen)\"; penwidth=\(look.penwidth);\n"
    out += "    h\(l) [shape=plaintext, style=\"\", width=2.6, label=\(look.header)];\n"
    for (i, step) in steps.enumerated() {
      if lanes.home[i] == lane {
        out += "    s\(i) [\(SiloText.cardAttributes(i, step, self))];\n"
      } else if case .owner(let o) = lane, let k = owners(of: i).firstIndex(of: o), k > 0 {
        let id = "silo-ghost-\(step.key).\(journey.owners[o].id)"
        out += "    g\(i)_\(k) [id=\(DOTText.quoted(id)), \(SiloText.ghostAttributes(i, step, self))];\n"
      }
    }
    out += "    t\(l) [shape=point, style=invis, width=0.01];\n"
    out += "  }\n"
  }

  /// Pins the headers to rank 0, each step and its copies to its column, the tails to the end,
  /// and orders the lanes.
  ///
  /// Lane order: dot's crossing minimisation moves whole clusters freely and ignores flat edges
  /// between clusters, so instead the lanes get their order from dot's first placement (a
  /// breadth-first walk from the sources, then from the sinks) and `mclimit` keeps it from
  /// iterating. An invisible `root` before rank 0 with edges to the headers in lane order, and
  /// a `sink` after the tails with edges from them in lane order, make both walks meet the
  /// lanes top to bottom. With a step per column there are few crossings to remove anyway.
  private func writeRanks(_ out: inout String) {
    let headers = ["corner"] + lanes.lanes.indices.map { "h\($0)" }
    let tails = ["ctail"] + lanes.lanes.indices.map { "t\($0)" }
    out += "  { rank=same; " + headers.map { "\($0); " }.joined() + "}\n"
    for (c, col) in columns.enumerated() {
      out += "  { rank=same; c\(c);"
      if let i = col.step {
        out += " s\(i);"
        for k in owners(of: i).indices.dropFirst() { out += " g\(i)_\(k);" }
      }
      out += " }\n"
    }
    out += "  { rank=same; " + tails.map { "\($0); " }.joined() + "}\n"
    out += "  root [shape=point, style=invis, width=0.01];\n"
    out += "  sink [shape=point, style=invis, width=0.01];\n"
    for header in headers { out += "  root -> \(header) [style=invis];\n" }
    for tail in tails { out += "  \(tail) -> sink [style=invis];\n" }
  }

  private func writeEdges(_ out: inout String) {
    var used: [String: Int] = [:]
    for (e, edge) in flow.edges.enumerated() {
      guard let u = index[edge.from], let v = index[edge.to] else { continue }
      var attributes: [String] = []
      let handoff = handoffs.handoff(onEdge: e)
      if let handoff {
        attributes.append("id=\"handoff-\(handoff.number)\"")
        attributes.append("color=\"\(Style.alarm):\(Style.paper):\(Style.alarm)\"")
        attributes.append("penwidth=2.2")
        attributes.append("arrowsize=0.9")
      } else {
        var id = "silo-edge-\(edge.from).\(edge.to)"
        let seen = used[id, default: 0] + 1
        used[id] = seen
        if seen > 1 { id += ".\(seen)" }
        attributes.append("id=\(DOTText.quoted(id))")
      }
      if edge.isLoop { attributes.append("constraint=false") }
      if let label = SiloText.edgeLabel(edge, handoff: handoff) {
        attributes.append((isLarge ? "xlabel=" : "label=") + label)
      }
      out += "  s\(u) -> s\(v) [\(attributes.joined(separator: ", "))];\n"
    }
  }
}
