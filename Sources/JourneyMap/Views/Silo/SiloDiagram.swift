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
  /// How each flow edge is drawn (see `SiloRoute`).
  private(set) var routes: [SiloRoute] = []
  /// When set, `dot()` draws only this page's columns (see `SiloPage`).
  var page: SiloPage?

  /// One rank of the layout: a stage's steps that can stand side by side.
  struct Column {
    var stage: Int
    /// In file order; empty for a stage without steps.
    var steps: [Int]
  }

  init(_ journey: Journey, flow: Flow) {
    self.journey = journey
    self.flow = flow
    steps = journey.steps
    parties = SiloParty.of(journey)
    lanes = SiloLanes(journey, parties: parties)
    handoffs = Handoffs(parties: parties, keys: steps.map(\.key), flow: flow)
    let level = SiloDiagram.levels(journey, steps: steps, flow: flow)
    var columns: [Column] = []
    var column: [Int] = []
    var n = 0
    for (s, stage) in journey.stages.enumerated() {
      let first = columns.count
      let width = stage.steps.indices.map { level[n + $0] }.max().map { $0 + 1 } ?? 1
      for _ in 0..<width { columns.append(Column(stage: s, steps: [])) }
      for _ in stage.steps {
        column.append(first + level[n])
        columns[first + level[n]].steps.append(n)
        n += 1
      }
    }
    self.columns = columns
    self.column = column
    var index: [String: Int] = [:]
    for (i, step) in steps.enumerated() where index[step.key] == nil { index[step.key] = i }
    self.index = index
    routes = SiloRoute.of(self)
  }

  /// The column of each step inside its stage, counted from the stage's first column.
  ///
  /// Steps share a column when no flow edge joins them: the branches of one decision that
  /// do not lead into each other stand one above the other. A step goes one column right of
  /// every step of its stage that leads to it, so every edge inside a stage points right;
  /// a loop counts as an edge from its target to its source, which keeps it from running
  /// straight up or down a column. Edges that are not loops point forward in the file, so
  /// one pass in file order finds the longest path.
  static func levels(_ journey: Journey, steps: [Step], flow: Flow) -> [Int] {
    var index: [String: Int] = [:]
    for (i, step) in steps.enumerated() where index[step.key] == nil { index[step.key] = i }
    var stage: [Int] = []
    for (s, st) in journey.stages.enumerated() { stage += st.steps.map { _ in s } }
    var before = Array(repeating: [Int](), count: steps.count)
    for edge in flow.edges {
      guard let u = index[edge.from], let v = index[edge.to], u != v,
        stage.indices.contains(u), stage.indices.contains(v), stage[u] == stage[v]
      else { continue }
      before[max(u, v)].append(min(u, v))
    }
    var level = Array(repeating: 0, count: steps.count)
    for i in steps.indices {
      for p in before[i] { level[i] = max(level[i], level[p] + 1) }
    }
    return level
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
  /// takes 0.4 s for 200 steps with labels and about 8 s for 1,000 (2.4-2.8 s with `xlabel`,
  /// waypoints included).
  static let largeMap = 300

  /// A waypoint is an invisible dot this wide: it keeps the line this far from a card beside
  /// it, which a line that leaves the waypoint at a slant needs to clear the card's corner.
  static let waypointInches = "0.2"

  var isLarge: Bool { steps.count > SiloDiagram.largeMap }

  // MARK: - DOT

  func dot() -> String {
    var out = "digraph silo {\n"
    out += """
        graph [id="silo", rankdir=LR, newrank=true, fontname=\(font), fontsize=11, \
      fontcolor="\(Style.ink)", bgcolor="\(Style.paper)", pad=0.25, nodesep=0.15, ranksep=0.2, \
      labelloc=b, labeljust=l, mclimit=0.01];
        node [fontname=\(font), fontsize=11, fontcolor="\(Style.ink)", shape=box, \
      style="rounded,filled", fillcolor="\(Style.paper)", color="\(Style.ink)", penwidth=1.2, \
      width=\(SiloText.cardInches), margin="0.08,0.05"];
        edge [fontname=\(font), fontsize=10, fontcolor="\(Style.ink)", color="\(Style.mutedInk)", \
      penwidth=1.3, arrowsize=0.7];

      """
    // On paper the margins are the paper's (`Paper.fitted`): Graphviz's pad would add to them.
    if page != nil { out += "  pad=0.1;\n" }
    writeStageRow(&out)
    for (position, lane) in lanes.lanes.enumerated() {
      writeLane(lane, position: position, &out)
    }
    writeRanks(&out)
    writeEdges(&out)
    // On paper the findings are on the cover.
    if page == nil { out += "  label=\(SiloText.summary(self));\n" }
    out += "}\n"
    return out
  }

  private var font: String { DOTText.quoted(Style.font) }

  /// The top row: the title in the corner, then a box per stage over its columns, inside a
  /// band per phase.
  private func writeStageRow(_ out: inout String) {
    out += "  subgraph cluster_stages {\n    id=\"silo-stages\"; label=\"\"; style=invis;\n"
    out += "    corner [id=\"silo-title\", shape=plaintext, style=\"\", width=2.2, "
    out += "label=\(page?.corner ?? SiloText.corner(journey))];\n"
    let bands = phaseBands
    // The stages with a column on the page; a band is drawn over the part of it that is.
    let shown = journey.stages.indices.filter { s in
      columns.indices.contains { columns[$0].stage == s && isShown(column: $0) }
    }
    let first = shown.first ?? 0
    let last = shown.last ?? -1
    let onPage = first..<(last + 1)
    for s in shown {
      var stage = journey.stages[s]
      if let label = page?.stageLabels[s] { stage.label = label }
      if let p = bands.firstIndex(where: {
        $0.stages.overlaps(onPage) && max($0.stages.lowerBound, first) == s
      }) {
        let id = "silo-phase-\(p + 1)"
        out += "    subgraph cluster_phase_\(p) {\n"
        out += "      id=\(DOTText.quoted(id)); label=\(SiloText.phaseHeader(bands[p].phase)); "
        out += "labelloc=t; labeljust=c; style=filled; fillcolor=\"#DCE2E9\"; "
        out += "color=\"\(Style.mutedInk)\"; penwidth=1;\n"
      }
      let id = "silo-stage-" + (stage.id ?? "\(s + 1)")
      out += "    subgraph cluster_stage_\(s) {\n"
      out += "      id=\(DOTText.quoted(id)); label=\(SiloText.stageHeader(stage)); "
      out += "labelloc=t; labeljust=c; style=filled; fillcolor=\"#EEF1F4\"; "
      out += "color=\"\(Style.hairline)\"; penwidth=1;\n      "
      for c in columns.indices where columns[c].stage == s && isShown(column: c) {
        out += "c\(c) [shape=box, style=invis, width=\(SiloText.cardInches), height=0.02, "
        out += "label=\"\"]; "
      }
      out += "\n    }\n"
      if bands.contains(where: {
        $0.stages.overlaps(onPage) && min($0.stages.upperBound, last + 1) == s + 1
      }) {
        out += "    }\n"
      }
    }
    // On a page, a column before the first and after the last for the markers.
    let markers = pageMarkers
    var chain = columns.indices.filter(isShown).map { "c\($0) -> " }
    if markers.contains(where: { $0.side == .left }) {
      out += "    cin [shape=point, style=invis, width=0.01];\n"
      chain.insert("cin -> ", at: 0)
    }
    if markers.contains(where: { $0.side == .right }) {
      out += "    cout [shape=point, style=invis, width=0.01];\n"
      chain.append("cout -> ")
    }
    out += "    ctail [shape=point, style=invis, width=0.01];\n  }\n"
    out += "  corner -> " + chain.joined()
    out += "ctail [style=invis, weight=100];\n"
  }

  /// The phases drawn as bands: those whose stages follow one another in the file, in the
  /// order they start. A phase that names an unknown stage, skips one, or overlaps an
  /// earlier band is left out (the checker reports the first two).
  var phaseBands: [(phase: Phase, stages: Range<Int>)] {
    var stageIndex: [String: Int] = [:]
    for (s, stage) in journey.stages.enumerated() {
      if let id = stage.id, stageIndex[id] == nil { stageIndex[id] = s }
    }
    var bands: [(phase: Phase, stages: Range<Int>)] = []
    for phase in journey.phases {
      let found = phase.stages.compactMap { stageIndex[$0.name] }
      guard found.count == phase.stages.count, let low = found.min(), let high = found.max(),
        Set(found).count == found.count, high - low + 1 == found.count,
        !bands.contains(where: { $0.stages.overlaps(low..<(high + 1)) })
      else { continue }
      bands.append((phase, low..<(high + 1)))
    }
    return bands.sorted { $0.stages.lowerBound < $1.stages.lowerBound }
  }

  /// A lane: its header, its steps and the dashed copies of shared steps, and its tail.
  private func writeLane(_ lane: SiloLanes.Lane, position l: Int, _ out: inout String) {
    let look = SiloText.laneLook(lane, self)
    out += "  subgraph cluster_lane_\(l) {\n"
    out += "    id=\(DOTText.quoted(look.id)); label=\"\"; style=\"\(look.style)\"; "
    out += "fillcolor=\"\(look.fill)\"; color=\"\(look.pen)\"; penwidth=\(look.penwidth);\n"
    out += "    h\(l) [shape=plaintext, style=\"\", width=2.2, label=\(look.header)];\n"
    for (i, step) in steps.enumerated() where isShown(column: column[i]) {
      if lanes.home[i] == lane {
        out += "    s\(i) [\(SiloText.cardAttributes(i, step, self))];\n"
      } else if case .owner(let o) = lane, let k = owners(of: i).firstIndex(of: o), k > 0 {
        let id = "silo-ghost-\(step.key).\(journey.owners[o].id)"
        out += "    g\(i)_\(k) [id=\(DOTText.quoted(id)), \(SiloText.ghostAttributes(i, step, self))];\n"
      }
    }
    for route in routes {
      for (k, point) in route.via.enumerated()
      where point.lane == l && isShown(column: point.column) {
        out += "    \(route.waypoint(k)) [shape=point, style=invis, "
        out += "width=\(SiloDiagram.waypointInches)];\n"
      }
    }
    for marker in pageMarkers where marker.lane == l {
      out += "    \(marker.name) [shape=plaintext, style=\"\", margin=0, "
      out += "label=\(marker.label)];\n"
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
    let markers = pageMarkers
    let left = markers.filter { $0.side == .left }.map { " \($0.name);" }
    if !left.isEmpty { out += "  { rank=same; cin;" + left.joined() + " }\n" }
    // Waypoints by column, gathered once: scanning every route for every column made large
    // maps quadratic.
    var waypoints: [Int: [String]] = [:]
    for route in routes {
      for (k, point) in route.via.enumerated() {
        waypoints[point.column, default: []].append(route.waypoint(k))
      }
    }
    for (c, col) in columns.enumerated() where isShown(column: c) {
      out += "  { rank=same; c\(c);"
      for i in col.steps {
        out += " s\(i);"
        for k in owners(of: i).indices.dropFirst() { out += " g\(i)_\(k);" }
      }
      for waypoint in waypoints[c] ?? [] { out += " \(waypoint);" }
      out += " }\n"
    }
    let right = markers.filter { $0.side == .right }.map { " \($0.name);" }
    if !right.isEmpty { out += "  { rank=same; cout;" + right.joined() + " }\n" }
    out += "  { rank=same; " + tails.map { "\($0); " }.joined() + "}\n"
    out += "  root [shape=point, style=invis, width=0.01];\n"
    out += "  sink [shape=point, style=invis, width=0.01];\n"
    for header in headers { out += "  root -> \(header) [style=invis];\n" }
    for tail in tails { out += "  \(tail) -> sink [style=invis];\n" }
  }

  /// Each flow edge as its route's pieces. The piece that leaves the step carries the id,
  /// the label and the hand-off badge; the others are `ID-part-K`, K counted along the flow.
  /// Only the piece that enters the step has an arrowhead; a loop's chain is written left
  /// to right, so its arrow is at the tail of its first piece (`dir=back`).
  private func writeEdges(_ out: inout String) {
    var used: [String: Int] = [:]
    for route in routes {
      guard let (nodes, cut, fromShown) = shownNodes(route) else { continue }
      let edge = flow.edges[route.edge]
      var style: [String] = []
      let id: String
      let handoff = handoffs.handoff(onEdge: route.edge)
      if let handoff {
        id = "handoff-\(handoff.number)"
        style.append("color=\"\(Style.alarm):\(Style.paper):\(Style.alarm)\"")
        style.append("penwidth=2.2")
        style.append("arrowsize=0.9")
      } else {
        var plain = "silo-edge-\(edge.from).\(edge.to)"
        let seen = used[plain, default: 0] + 1
        used[plain] = seen
        if seen > 1 { plain += ".\(seen)" }
        id = plain
      }
      let label = SiloText.edgeLabel(edge, handoff: handoff)
      let pieces = nodes.count - 1
      for j in 0..<pieces {
        // Part 1 leaves the step `from`; parts count along the flow.
        let part = route.backwards ? pieces - j : j + 1
        var attributes = [DOTText.quoted(part == 1 ? id : "\(id)-part-\(part)")]
        attributes[0] = "id=" + attributes[0]
        attributes += style
        // On paper, the label of an edge from another page is in its marker.
        if part == 1, fromShown, let label {
          attributes.append((isLarge ? "xlabel=" : "label=") + label)
        }
        // Pieces meet at the waypoint's centre, so the line has no gap there.
        if j > 0 { attributes.append("tailclip=false") }
        if j < pieces - 1 { attributes.append("headclip=false") }
        if route.sidePorts, !cut, route.changesLane(piece: j, in: self) {
          if j == 0 { attributes.append("tailport=e") }
          if j == pieces - 1 { attributes.append("headport=w") }
        }
        if part == pieces {
          if route.backwards { attributes.append("dir=back") }
        } else {
          attributes.append("dir=none")
        }
        out += "  \(nodes[j]) -> \(nodes[j + 1]) [\(attributes.joined(separator: ", "))];\n"
      }
    }
  }
}
