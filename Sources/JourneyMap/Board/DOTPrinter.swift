/// Writes a laid-out board as the DOT text Graphviz draws with the `nop2` layout: every node
/// at the position we chose (`pos`, fixed size), every frame a cluster at its `bb`, every
/// connector along the path we routed. Graphviz measures nothing and moves nothing, so the
/// picture is exactly the layout, and its time is linear in the map.
///
/// Coordinates: the layout's y grows downwards from the top; Graphviz's grows upwards, so
/// every y is written as `height - y`.
public enum DOTPrinter {
  public static func dot(_ layout: BoardLayout, board: Board, theme: Theme = .standard,
                         canvas: Picture.Canvas? = nil) -> String {
    var out = ""
    out.reserveCapacity(layout.boxes.count * 600 + layout.paths.count * 200 + 1024)
    let h = layout.height
    func n(_ value: Double) -> String { number(value) }
    func point(_ p: BoardLayout.Point) -> String { "\(n(p.x)),\(n(h - p.y))" }
    let font = DOTText.quoted(theme.font)
    out += "digraph \(DOTText.quoted(board.id)) {\n"
    out += "  graph [layout=nop2 bb=\"0,0,\(n(layout.width)),\(n(h))\" splines=true "
      + "outputorder=edgesfirst pad=0 bgcolor=\"\(theme.paper)\" fontname=\(font) "
      + "id=\(DOTText.quoted(board.id))\(cairo(canvas, layout))]\n"
    out += "  node [shape=none margin=0 fixedsize=true label=\"\" fontname=\(font) "
      + "fontcolor=\"\(theme.ink)\"]\n"
    out += "  edge [color=\"\(theme.ink)\" penwidth=\(n(theme.connectorWidth)) "
      + "arrowsize=\(n(theme.arrowSize)) fontname=\(font)]\n"

    // The whole canvas as an empty frame: Graphviz moves a drawing to the origin by its
    // bounding box, and this keeps our margins in it.
    out += "  subgraph \"cluster_canvas\" { bb=\"0,0,\(n(layout.width)),\(n(h))\" label=\"\" id=\"canvas\" class=\"canvas\" "
      + "peripheries=0 }\n"
    // Frames, back to front: phases, stages, the shaded lows, dividers.
    let order: [BoardLayout.Frame.Kind] = [.phase, .band, .stage, .low, .divider]
    for kind in order {
      for frame in layout.frames where frame.kind == kind {
        let r = frame.rect
        let bb = "\(n(r.x)),\(n(h - r.maxY)),\(n(r.maxX)),\(n(h - r.y))"
        let style: String
        switch kind {
        case .phase:
          style = "style=\"filled,rounded\" fillcolor=\"\(theme.phaseFill)\" "
            + "color=\"\(theme.hairline)\" penwidth=1"
        case .stage where !board.filledStages:
          style = "style=rounded bgcolor=transparent color=\"\(theme.mutedInk)\" penwidth=1.2"
        case .stage:
          style = "style=\"filled,rounded\" fillcolor=\"\(theme.stageFill)\" "
            + "color=\"\(theme.hairline)\" penwidth=1.2"
        case .band:
          style = "style=\"filled\(frame.dashed ? ",dashed" : "")\" "
            + "fillcolor=\"\(frame.fill ?? theme.paper)\" color=\"\(frame.stroke ?? theme.hairline)\" "
            + "penwidth=1"
        case .low:
          style = "style=filled fillcolor=\"\(theme.lowFill)\" color=\"\(theme.lowFill)\" "
            + "penwidth=0"
        case .divider:
          style = "style=filled fillcolor=\"\(theme.mutedInk)\" color=\"\(theme.mutedInk)\" "
            + "penwidth=0"
        }
        out += "  subgraph \(DOTText.quoted("cluster_" + frame.id)) { bb=\"\(bb)\" "
          + "id=\(DOTText.quoted(frame.id)) class=\(DOTText.quoted(frame.classes.joined(separator: " "))) "
          + "label=\"\" \(style) }\n"
      }
    }

    for placed in layout.boxes {
      let m = placed.measured
      let r = placed.rect
      let center = BoardLayout.Point(x: r.x + r.width / 2, y: r.y + r.height / 2)
      var attributes = "pos=\"\(point(center))!\" width=\(inches(r.width)) "
        + "height=\(inches(r.height)) id=\(DOTText.quoted(m.box.id)) "
        + "class=\(DOTText.quoted(m.box.classes.joined(separator: " ")))"
      if let tooltip = m.box.tooltip { attributes += " tooltip=\(DOTText.quoted(tooltip))" }
      if m.box.shape == .circle {
        let line = m.lines.first
        attributes += " shape=circle style=filled fillcolor=\"\(m.box.fill ?? theme.paper)\" "
          + "color=\"\(m.box.stroke ?? theme.ink)\" penwidth=2 label=<"
          + runHTML(line?.line.text ?? Run("", size: theme.small), text: line?.texts.first ?? "",
                    theme: theme) + ">"
      } else {
        attributes += " label=<" + table(m, theme: theme) + ">"
      }
      out += "  \(DOTText.quoted(m.box.id)) [\(attributes)]\n"
    }

    for path in layout.segments {
      guard path.points.count >= 2 else { continue }
      out += "  \(DOTText.quoted(path.from)) -> \(DOTText.quoted(path.to)) "
        + "[id=\(DOTText.quoted(path.id)) class=\(DOTText.quoted(path.classes.joined(separator: " "))) "
        + "penwidth=3 arrowhead=none"
        + (path.classes.contains("continued") ? " style=dashed" : "")
        + " pos=\"\(spline(path.points, point: point))\"]\n"
    }
    for path in layout.paths {
      guard path.points.count >= 2 else { continue }
      var points = path.points
      // The arrowhead sits between the last point and the target: shorten the line by it.
      let arrow = 10 * theme.arrowSize
      let tip = points[points.count - 1]
      points[points.count - 1] = toward(tip, from: points[points.count - 2], by: arrow)
      var style = ""
      var start = ""
      switch path.kind {
      case .loop?:
        style = " style=dashed color=\"\(theme.loopInk)\" dir=both arrowtail=dot"
        let origin = points[0]
        points[0] = toward(origin, from: points[1], by: 6 * theme.arrowSize)
        start = "s,\(point(origin)) "
      case .handoff?:
        style = " color=\"\(theme.handoffLine)\" penwidth=\(n(theme.connectorWidth + 0.8))"
      case .backstage?:
        style = " style=dotted penwidth=\(n(theme.connectorWidth + 0.4))"
      default:
        break
      }
      out += "  \(DOTText.quoted(path.from)) -> \(DOTText.quoted(path.to)) "
        + "[id=\(DOTText.quoted(path.id)) class=\(DOTText.quoted(path.classes.joined(separator: " ")))"
        + style + " pos=\"\(start)e,\(point(tip)) \(spline(points, point: point))\"]\n"
    }
    out += "}\n"
    return out
  }

  /// For PDF and PNG: cairo makes the page the drawing (scaled to `size`) plus its
  /// margins, so the margins take what the canvas leaves around the scaled drawing.
  static func cairo(_ canvas: Picture.Canvas?, _ layout: BoardLayout) -> String {
    guard let canvas else { return "" }
    let toPoints = canvas.unit == "px" ? 0.75 : 1.0
    let w = layout.width * canvas.scale * toPoints
    let h = layout.height * canvas.scale * toPoints
    // cairo rounds the image to whole pixels: a little more margin on each side keeps most
    // 1920-pixel slides from coming out 1919 wide (a PDF's MediaBox is set later).
    let slack = canvas.unit == "px" ? 0.15 : 0
    var text = " size=\"\(inches(w)),\(inches(h))!\" "
      + "margin=\"\(inches((canvas.width * toPoints - w) / 2 + slack)),"
      + "\(inches((canvas.height * toPoints - h) / 2 + slack))\""
    if canvas.unit == "px" { text += " dpi=96" }
    return text
  }

  /// A polyline as Graphviz's cubic B-spline control points: each straight piece as one
  /// Bézier segment with its control points on the line.
  static func spline(_ points: [BoardLayout.Point], point: (BoardLayout.Point) -> String)
    -> String
  {
    var parts = [point(points[0])]
    for (a, b) in zip(points, points.dropFirst()) {
      let c1 = BoardLayout.Point(x: a.x + (b.x - a.x) / 3, y: a.y + (b.y - a.y) / 3)
      let c2 = BoardLayout.Point(x: a.x + 2 * (b.x - a.x) / 3, y: a.y + 2 * (b.y - a.y) / 3)
      parts += [point(c1), point(c2), point(b)]
    }
    return parts.joined(separator: " ")
  }

  /// `p` moved `distance` towards `q`.
  static func toward(_ p: BoardLayout.Point, from q: BoardLayout.Point, by distance: Double)
    -> BoardLayout.Point
  {
    let dx = q.x - p.x
    let dy = q.y - p.y
    let length = (dx * dx + dy * dy).squareRoot()
    guard length > distance else { return q }
    return .init(x: p.x + dx / length * distance, y: p.y + dy / length * distance)
  }

  /// The box as one HTML table of fixed-size cells: a row per line, spacers for the padding.
  static func table(_ m: MeasuredBox, theme: Theme) -> String {
    let box = m.box
    var width = m.width
    var height = m.height
    var style: [String] = []
    if box.rounded && box.border != .none { style.append("rounded") }
    if box.border == .dashed { style.append("dashed") }
    var border = box.border == .none ? 0 : box.border == .thick ? 3 : 1
    var outer = ""
    var close = ""
    if box.border == .double {
      // An end of the journey: a double border, like an end state in a flow chart.
      outer = "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\" "
        + "COLOR=\"\(box.stroke ?? theme.ink)\" STYLE=\"rounded\" FIXEDSIZE=\"TRUE\" "
        + "WIDTH=\"\(width)\" HEIGHT=\"\(height)\"><TR><TD FIXEDSIZE=\"TRUE\" "
        + "WIDTH=\"\(width - 6)\" HEIGHT=\"\(height - 6)\">"
      close = "</TD></TR></TABLE>"
      width -= 6
      height -= 6
      border = 1
    }
    var html = outer + "<TABLE BORDER=\"\(border)\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
      + "CELLPADDING=\"0\" FIXEDSIZE=\"TRUE\" WIDTH=\"\(width)\" HEIGHT=\"\(height)\""
    if let fill = box.fill { html += " BGCOLOR=\"\(fill)\"" }
    if border > 0 { html += " COLOR=\"\(box.stroke ?? theme.ink)\"" }
    if !style.isEmpty { html += " STYLE=\"\(style.joined(separator: ","))\"" }
    html += ">"
    let inset = box.border == .double ? 3 : 0
    let innerWidth = width - 2 * border
    let textWidth = innerWidth - 2 * m.padding
    var y = border + inset
    // Three columns, the same widths in every row: padding, the text, padding.
    let pad = m.padding
    func spacer(_ h: Int) {
      guard h > 0 else { return }
      html += "<TR><TD COLSPAN=\"\(pad > 0 ? 3 : 1)\" FIXEDSIZE=\"TRUE\" WIDTH=\"\(innerWidth)\" HEIGHT=\"\(h)\">"
        + "</TD></TR>"
    }
    for line in m.lines {
      spacer(line.top - y)
      let h = line.height
      html += "<TR>"
      let padCell = pad > 0
        ? "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(pad)\" HEIGHT=\"\(h)\"></TD>" : ""
      html += padCell
      html += lineCell(line, width: textWidth, theme: theme)
      html += padCell + "</TR>"
      y = line.top + h
    }
    spacer(height - border - y + inset)
    return html + "</TABLE>" + close
  }

  /// One line's cell: its text, or a small table of the prefix's column and the text, on the
  /// line's tint when it has one.
  static func lineCell(_ line: MeasuredBox.MeasuredLine, width: Int, theme: Theme) -> String {
    let align: String
    switch line.line.align {
    case .left: align = "LEFT"
    case .center: align = "CENTER"
    case .right: align = "RIGHT"
    }
    let h = line.height
    let port = line.line.port.map { " PORT=\"\($0)\"" } ?? ""
    let text = line.texts.map { runHTML(line.line.text, text: $0, theme: theme) }
      .joined(separator: "<BR ALIGN=\"\(align)\"/>")
    let open = "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(width)\" HEIGHT=\"\(h)\"\(port)"
    guard line.line.prefix != nil || line.line.fill != nil else {
      return open + " ALIGN=\"\(align)\" BALIGN=\"\(align)\">" + text + "</TD>"
    }
    let tint = line.line.fill != nil ? 4 : 0
    var inner = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\" "
      + "FIXEDSIZE=\"TRUE\" WIDTH=\"\(width)\" HEIGHT=\"\(h)\""
    if let fill = line.line.fill { inner += " BGCOLOR=\"\(fill)\" STYLE=\"rounded\"" }
    inner += "><TR>"
    let gap = "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(tint)\" HEIGHT=\"\(h)\"></TD>"
    if tint > 0 { inner += gap }
    var rest = width - 2 * tint
    if let prefix = line.line.prefix, line.prefixWidth > 0 {
      inner += "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(line.prefixWidth)\" HEIGHT=\"\(h)\" "
        + "ALIGN=\"LEFT\" VALIGN=\"TOP\">" + runHTML(prefix, text: prefix.text, theme: theme)
        + "</TD>"
      rest -= line.prefixWidth
    }
    inner += "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(max(rest, 1))\" HEIGHT=\"\(h)\" "
      + "ALIGN=\"\(align)\" BALIGN=\"\(align)\">" + text + "</TD>"
    if tint > 0 { inner += gap }
    return open + ">" + inner + "</TR></TABLE></TD>"
  }

  static func runHTML(_ run: Run, text: String, theme: Theme) -> String {
    var body = DOTText.html(text)
    if body.isEmpty { body = " " }
    if run.bold { body = "<B>" + body + "</B>" }
    if run.italic { body = "<I>" + body + "</I>" }
    return "<FONT POINT-SIZE=\"\(number(run.size))\" COLOR=\"\(run.color ?? theme.ink)\">"
      + body + "</FONT>"
  }

  static func inches(_ points: Double) -> String { number(points / 72, decimals: 4) }

  /// Fixed decimals without Foundation's locale-dependent formatting, trailing zeros dropped.
  static func number(_ value: Double, decimals: Int = 2) -> String {
    var factor = 1.0
    for _ in 0..<decimals { factor *= 10 }
    let scaled = Int((abs(value) * factor).rounded())
    let whole = scaled / Int(factor)
    var fraction = String(scaled % Int(factor))
    fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
  }
}
