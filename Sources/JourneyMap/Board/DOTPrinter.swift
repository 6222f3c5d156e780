/// Writes a laid-out board as the DOT text Graphviz draws with the `nop2` layout: every node
/// at the position we chose (`pos`, fixed size), every frame a cluster at its `bb`, every
/// connector along the path we routed. Graphviz measures nothing and moves nothing, so the
/// picture is exactly the layout, and its time is linear in the map.
///
/// Every cell is as large as `Theme.measure` made it with `FontMetrics`; for SVG, Graphviz
/// measures text with `FontMetrics` too instead of Pango (`Graphviz.leanContext`).
///
/// The labels are kept small, since Graphviz's time goes mostly into reading and sizing them:
/// a card is a table of one column (one cell per line; the padding and the gaps between lines
/// are the outer cell's padding and the inner table's spacing), which Graphviz sizes in one
/// pass instead of solving a constraint graph per card.
///
/// Coordinates: the layout's y grows downwards from the top; Graphviz's grows upwards, so
/// every y is written as `height - y`.
public enum DOTPrinter {
  public static func dot(_ layout: BoardLayout, board: Board, theme: Theme = .standard,
                         canvas: Picture.Canvas? = nil) -> String {
    dot(layout, board: board, theme: theme, canvas: canvas, limit: .max) ?? ""
  }

  /// The DOT, or nil as soon as it passes `limit` bytes (nothing larger is ever built).
  public static func dot(_ layout: BoardLayout, board: Board, theme: Theme = .standard,
                         canvas: Picture.Canvas? = nil, limit: Int) -> String? {
    bytes(layout, board: board, theme: theme, canvas: canvas, limit: limit)
      .map { String(decoding: $0, as: UTF8.self) }
  }

  /// The DOT as UTF-8 bytes, for a caller that hands it on as bytes (the layout worker's
  /// stdin): a 1,000-step map's 2.6 MB need not be checked as a `String` and copied back.
  /// With `prelude`, the DOT starts with it (see `Prelude`).
  public static func bytes(_ layout: BoardLayout, board: Board, theme: Theme = .standard,
                           canvas: Picture.Canvas? = nil, prelude: Prelude? = nil,
                           limit: Int) -> [UInt8]? {
    let estimate = layout.boxes.count * 900 + layout.paths.count * 200 + 1024
    var out = DOTWriter(capacity: min(estimate, limit))
    if let prelude, !prelude.write(into: &out, limit: limit) { return nil }
    let printer = Printer(layout: layout, board: board, theme: theme, limit: limit)
    guard printer.print(into: &out, canvas: canvas, after: prelude) else { return nil }
    return out.bytes
  }

  /// Writes the DOT in pieces of about `piece` bytes to `sink` as it is made, so that the
  /// layout worker reads and parses the start while the rest is written; false, after
  /// handing on at most about `limit` bytes, when it would pass `limit` (the reader must then
  /// discard what it got). With `prelude`, what follows it: the prelude was written before.
  public static func write(_ layout: BoardLayout, board: Board, theme: Theme = .standard,
                           canvas: Picture.Canvas? = nil, after prelude: Prelude? = nil,
                           limit: Int, piece: Int = 1 << 16,
                           to sink: @escaping (UnsafeRawBufferPointer) -> Void) -> Bool {
    var out = DOTWriter(piece: piece, sink: sink)
    let printer = Printer(layout: layout, board: board, theme: theme,
                          limit: limit - (prelude?.size ?? 0))
    guard printer.print(into: &out, canvas: canvas, after: prelude) else { return false }
    out.spill(all: true)
    return true
  }

  /// The start of a board's DOT that needs no layout, written while the board is laid out:
  /// the graph's defaults and the label of every box in a cell whose drawing its place
  /// cannot change (every box without answer ports, which the layout orders by where the
  /// answers go). Graphviz reads it meanwhile (reading is most of what paces the DOT into
  /// the worker); the rest of the DOT (`write(after:)`) gives those boxes their places, and
  /// the layout takes their measures from here (`measures`) instead of measuring again.
  public struct Prelude: Sendable {
    let board: Board
    let theme: Theme
    /// The boxes written, measured at the column's width, in the order of the cells.
    let boxes: [MeasuredBox]
    /// `boxes` by id, for the layout and the rest of the DOT.
    let measures: [String: MeasuredBox]
    /// Its size in bytes, once written.
    public private(set) var size = 0

    public init(_ board: Board, theme: Theme) {
      self.board = board
      self.theme = theme
      var boxes: [MeasuredBox] = []
      for (_, list) in board.cells.sorted(by: { ($0.key.column, $0.key.row)
        < ($1.key.column, $1.key.row) })
      {
        for box in list where !box.lines.contains(where: { $0.port != nil }) {
          boxes.append(theme.measure(box, columnWidth: theme.cardWidth))
        }
      }
      self.boxes = boxes
      measures = Dictionary(boxes.map { ($0.box.id, $0) }) { first, _ in first }
    }

    /// Writes the prelude to `sink` in pieces of about `piece` bytes; false when it alone
    /// would pass `limit` bytes. Remembers its size, which `write(after:)` counts.
    public mutating func write(limit: Int, piece: Int = 1 << 16,
                               to sink: @escaping (UnsafeRawBufferPointer) -> Void) -> Bool {
      var out = DOTWriter(piece: piece, sink: sink)
      guard write(into: &out, limit: limit) else { return false }
      out.spill(all: true)
      size = out.count
      return true
    }

    func write(into out: inout DOTWriter, limit: Int) -> Bool {
      let printer = Printer(layout: BoardLayout(width: 0, height: 0), board: board,
                            theme: theme, limit: limit)
      printer.head(into: &out, bounds: nil, canvas: nil)
      for m in boxes {
        printer.label(m, into: &out)
        if out.count > limit { return false }
        out.spill()
      }
      return true
    }
  }

  /// The size every label's text has unless its run says otherwise (`fontsize` of nodes).
  static func defaultSize(_ theme: Theme) -> Double { theme.small }

  /// For PDF and PNG: the graph's box, in natural points. cairo makes the page the box scaled
  /// to `size`; margins would be rounded to whole points by Graphviz, a slide then a pixel too
  /// narrow or too wide. So the box itself is the canvas at the picture's scale, the drawing
  /// in its middle, and the page comes out exactly the canvas (1920 × 1080 px, 842 × 595 pt).
  static func bounds(_ canvas: Picture.Canvas?, _ layout: BoardLayout)
    -> (x0: Double, y0: Double, x1: Double, y1: Double)
  {
    guard let canvas, canvas.scale > 0 else { return (0, 0, layout.width, layout.height) }
    let width = max(canvas.width / canvas.scale, layout.width)
    let height = max(canvas.height / canvas.scale, layout.height)
    let dx = (width - layout.width) / 2
    let dy = (height - layout.height) / 2
    return (-dx, -dy, layout.width + dx, layout.height + dy)
  }

  /// For PDF and PNG: the page's size, the graph's box (`bounds`) filling it.
  static func cairo(_ canvas: Picture.Canvas?) -> String {
    guard let canvas else { return "" }
    let toPoints = canvas.unit == "px" ? 0.75 : 1.0
    var text = " size=\"\(inches(canvas.width * toPoints)),\(inches(canvas.height * toPoints))!\""
      + " margin=0"
    if canvas.unit == "px" { text += " dpi=96" }
    return text
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

  static func inches(_ points: Double) -> String { number(points / 72, decimals: 4) }

  /// Fixed decimals without Foundation's locale-dependent formatting, trailing zeros dropped.
  static func number(_ value: Double, decimals: Int = 2) -> String {
    var out = DOTWriter(capacity: 16)
    out.number(value, decimals: decimals)
    return out.text
  }
}

/// One board's DOT, written into a `DOTWriter`.
private struct Printer {
  let layout: BoardLayout
  let board: Board
  let theme: Theme
  let size: Double
  /// The most bytes to write.
  let limit: Int

  init(layout: BoardLayout, board: Board, theme: Theme, limit: Int) {
    self.layout = layout
    self.board = board
    self.theme = theme
    self.limit = limit
    size = DOTPrinter.defaultSize(theme)
  }

  /// Writes the board's DOT; false when it passed `limit` (then the text is incomplete).
  /// After `prelude` (written before), the graph's box and what the prelude has not written.
  func print(into out: inout DOTWriter, canvas: Picture.Canvas?,
             after prelude: DOTPrinter.Prelude? = nil) -> Bool {
    let bounds = DOTPrinter.bounds(canvas, layout)
    if prelude == nil {
      head(into: &out, bounds: bounds, canvas: canvas)
    } else {
      out.put("  graph [bb=\"")
      out.box(bounds.x0, bounds.y0, bounds.x1, bounds.y1)
      out.put("\"")
      out.put(DOTPrinter.cairo(canvas))
      out.put("]\n")
    }
    body(into: &out, bounds: bounds, labelled: prelude?.measures)
    out.put("}\n")
    return out.count <= limit
  }

  /// The graph's attributes (its box when `bounds` is given) and the defaults of its nodes
  /// and edges.
  func head(into out: inout DOTWriter, bounds: (x0: Double, y0: Double, x1: Double, y1: Double)?,
            canvas: Picture.Canvas?) {
    out.put("digraph ")
    out.quoted(board.id)
    out.put(" {\n  graph [layout=nop2")
    if let bounds {
      out.put(" bb=\"")
      out.box(bounds.x0, bounds.y0, bounds.x1, bounds.y1)
      out.put("\"")
    }
    out.put(" splines=true outputorder=edgesfirst pad=0 bgcolor=\"")
    out.put(theme.paper)
    out.put("\" fontname=")
    out.quoted(theme.font)
    out.put(" id=")
    out.quoted(board.id)
    out.put(DOTPrinter.cairo(canvas))
    out.put("]\n  node [shape=none margin=0 fixedsize=true label=\"\" fontname=")
    out.quoted(theme.font)
    out.put(" fontsize=")
    out.number(size)
    out.put(" fontcolor=\"")
    out.put(theme.ink)
    out.put("\"]\n  edge [color=\"")
    out.put(theme.ink)
    out.put("\" penwidth=")
    out.number(theme.connectorWidth)
    out.put(" arrowsize=")
    out.number(theme.arrowSize)
    out.put(" fontname=")
    out.quoted(theme.font)
    out.put("]\n")
  }

  /// Everything after the head; boxes in `labelled` (the prelude's) get only their places.
  /// Stops early once past `limit`.
  func body(into out: inout DOTWriter, bounds: (x0: Double, y0: Double, x1: Double, y1: Double),
            labelled: [String: MeasuredBox]?) {
    // The whole canvas as an empty frame: Graphviz moves a drawing to the origin by its
    // bounding box (not the graph's `bb`), and this keeps our margins in it.
    out.put("  subgraph \"cluster_canvas\" { bb=\"")
    out.box(bounds.x0, bounds.y0, bounds.x1, bounds.y1)
    out.put("\" label=\"\" id=\"canvas\" class=\"canvas\" peripheries=0 }\n")
    frames(into: &out)
    out.spill()
    for placed in layout.boxes {
      box(placed, labelled: labelled?[placed.measured.box.id] != nil, into: &out)
      if out.count > limit { return }
      out.spill()
    }
    for path in layout.segments where path.points.count >= 2 {
      segment(path, into: &out)
      if out.count > limit { return }
      out.spill()
    }
    for path in layout.paths where path.points.count >= 2 {
      connector(path, into: &out)
      if out.count > limit { return }
      out.spill()
    }
  }

  // MARK: Frames, connectors

  /// Frames, back to front: phases, bands, stages, the shaded lows, dividers.
  func frames(into out: inout DOTWriter) {
    let h = layout.height
    let order: [BoardLayout.Frame.Kind] = [.phase, .band, .stage, .low, .divider]
    for kind in order {
      for frame in layout.frames where frame.kind == kind {
        let r = frame.rect
        out.put("  subgraph ")
        out.quoted("cluster_" + frame.id)
        out.put(" { bb=\"")
        out.box(r.x, h - r.maxY, r.maxX, h - r.y)
        out.put("\" id=")
        out.quoted(frame.id)
        out.put(" class=")
        out.quoted(frame.classes.joined(separator: " "))
        out.put(" label=\"\" ")
        switch kind {
        case .phase:
          out.put("style=\"filled,rounded\" fillcolor=\"\(theme.phaseFill)\" "
            + "color=\"\(theme.hairline)\" penwidth=1")
        case .stage where !board.filledStages:
          out.put("style=rounded bgcolor=transparent color=\"\(theme.mutedInk)\" penwidth=1.2")
        case .stage:
          out.put("style=\"filled,rounded\" fillcolor=\"\(theme.stageFill)\" "
            + "color=\"\(theme.hairline)\" penwidth=1.2")
        case .band:
          out.put("style=\"filled\(frame.dashed ? ",dashed" : "")\" "
            + "fillcolor=\"\(frame.fill ?? theme.paper)\" "
            + "color=\"\(frame.stroke ?? theme.hairline)\" penwidth=1")
        case .low:
          out.put("style=filled fillcolor=\"\(theme.lowFill)\" color=\"\(theme.lowFill)\" "
            + "penwidth=0")
        case .divider:
          out.put("style=filled fillcolor=\"\(theme.mutedInk)\" color=\"\(theme.mutedInk)\" "
            + "penwidth=0")
        }
        out.put(" }\n")
      }
    }
  }

  func point(_ p: BoardLayout.Point, into out: inout DOTWriter) {
    out.number(p.x)
    out.put(",")
    out.number(layout.height - p.y)
  }

  /// A polyline as Graphviz's cubic B-spline control points: each straight piece as one
  /// Bézier segment with its control points on the line.
  func spline(_ points: [BoardLayout.Point], into out: inout DOTWriter) {
    point(points[0], into: &out)
    for (a, b) in zip(points, points.dropFirst()) {
      out.put(" ")
      point(.init(x: a.x + (b.x - a.x) / 3, y: a.y + (b.y - a.y) / 3), into: &out)
      out.put(" ")
      point(.init(x: a.x + 2 * (b.x - a.x) / 3, y: a.y + 2 * (b.y - a.y) / 3), into: &out)
      out.put(" ")
      point(b, into: &out)
    }
  }

  func edgeHead(_ path: BoardLayout.Path, into out: inout DOTWriter) {
    out.put("  ")
    out.quoted(path.from)
    out.put(" -> ")
    out.quoted(path.to)
    out.put(" [id=")
    out.quoted(path.id)
    out.put(" class=")
    out.quoted(path.classes.joined(separator: " "))
  }

  /// A piece of the experience curve: no arrowhead.
  func segment(_ path: BoardLayout.Path, into out: inout DOTWriter) {
    edgeHead(path, into: &out)
    out.put(" penwidth=3 arrowhead=none")
    if path.classes.contains("continued") { out.put(" style=dashed") }
    out.put(" pos=\"")
    spline(path.points, into: &out)
    out.put("\"]\n")
  }

  func connector(_ path: BoardLayout.Path, into out: inout DOTWriter) {
    var points = path.points
    // The arrowhead sits between the last point and the target: shorten the line by it.
    let tip = points[points.count - 1]
    points[points.count - 1] = DOTPrinter.toward(tip, from: points[points.count - 2],
                                                 by: 10 * theme.arrowSize)
    var start: BoardLayout.Point?
    edgeHead(path, into: &out)
    switch path.kind {
    case .loop?:
      out.put(" style=dashed color=\"\(theme.loopInk)\" dir=both arrowtail=dot")
      start = points[0]
      points[0] = DOTPrinter.toward(points[0], from: points[1], by: 6 * theme.arrowSize)
    case .handoff?:
      out.put(" color=\"\(theme.handoffLine)\" penwidth=")
      out.number(theme.connectorWidth + 0.8)
    case .backstage?:
      out.put(" style=dotted penwidth=")
      out.number(theme.connectorWidth + 0.4)
    default:
      break
    }
    out.put(" pos=\"")
    if let start {
      out.put("s,")
      point(start, into: &out)
      out.put(" ")
    }
    out.put("e,")
    point(tip, into: &out)
    out.put(" ")
    spline(points, into: &out)
    out.put("\"]\n")
  }

  // MARK: Boxes

  /// A box at its place; `labelled`: its label was written before (`label`), only the
  /// place is written now.
  func box(_ placed: BoardLayout.Placed, labelled: Bool = false, into out: inout DOTWriter) {
    let m = placed.measured
    let r = placed.rect
    out.put("  ")
    out.quoted(m.box.id)
    out.put(" [pos=\"")
    point(.init(x: r.x + r.width / 2, y: r.y + r.height / 2), into: &out)
    out.put("!\" width=")
    out.number(r.width / 72, decimals: 4)
    out.put(" height=")
    out.number(r.height / 72, decimals: 4)
    if labelled {
      out.put("]\n")
      return
    }
    attributes(m, into: &out)
  }

  /// A box before its place is known: its label and what else a place does not change.
  func label(_ m: MeasuredBox, into out: inout DOTWriter) {
    out.put("  ")
    out.quoted(m.box.id)
    out.put(" [")
    attributes(m, into: &out, first: true)
  }

  /// A box's id, classes, tooltip and label, and the end of its statement.
  func attributes(_ m: MeasuredBox, into out: inout DOTWriter, first: Bool = false) {
    out.put(first ? "id=" : " id=")
    out.quoted(m.box.id)
    out.put(" class=")
    out.quoted(m.box.classes.joined(separator: " "))
    if let tooltip = m.box.tooltip {
      out.put(" tooltip=")
      out.quoted(tooltip)
    }
    if m.box.shape == .circle {
      circle(m, into: &out)
    } else {
      out.put(" label=<")
      table(m, into: &out)
      out.put(">")
    }
    out.put("]\n")
  }

  /// A point of the curve, its score in it.
  func circle(_ m: MeasuredBox, into out: inout DOTWriter) {
    let line = m.lines.first
    let run = line?.line.text ?? Run("", size: theme.small)
    let text = line?.texts.first ?? ""
    out.put(" shape=circle style=filled fillcolor=\"")
    out.put(m.box.fill ?? theme.paper)
    out.put("\" color=\"")
    out.put(m.box.stroke ?? theme.ink)
    out.put("\" penwidth=2 label=<")
    runHTML(run, text: text, into: &out)
    out.put(">")
  }

  /// ` FIXEDSIZE="TRUE" WIDTH="w" HEIGHT="h"`.
  func fixed(_ width: Int, _ height: Int, into out: inout DOTWriter) {
    out.put(" FIXEDSIZE=\"TRUE\" WIDTH=\"")
    out.int(width)
    out.put("\" HEIGHT=\"")
    out.int(height)
    out.put("\"")
  }

  /// The box as a table of one column, a cell per line.
  ///
  /// With padding (every card): the bordered table's one cell is padded by `padding - 2` and
  /// holds a table whose cell spacing of 2 gives the rest of the padding and the 2-point gap
  /// between lines, as `Theme.measure` placed them. Without padding (labels of rows and
  /// lanes): one table, the gaps as empty rows.
  func table(_ m: MeasuredBox, into out: inout DOTWriter) {
    let box = m.box
    var width = m.width
    var height = m.height
    var border = box.border == .none ? 0 : box.border == .thick ? 3 : 1
    let stroke = box.stroke ?? theme.ink
    let double = box.border == .double
    if double {
      // An end of the journey: a double border, like an end state in a flow chart.
      out.put("<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\" COLOR=\"")
      out.put(stroke)
      out.put("\" STYLE=\"rounded\"")
      fixed(width, height, into: &out)
      out.put("><TR><TD")
      fixed(width - 6, height - 6, into: &out)
      out.put(">")
      width -= 6
      height -= 6
      border = 1
    }
    let inset = double ? 3 : 0
    let pad = m.padding
    let nested = pad >= 2 && !m.lines.isEmpty
    out.put("<TABLE BORDER=\"")
    out.int(border)
    out.put("\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"")
    out.int(nested ? pad - 2 : 0)
    out.put("\"")
    fixed(width, height, into: &out)
    if let fill = box.fill {
      out.put(" BGCOLOR=\"")
      out.put(fill)
      out.put("\"")
    }
    if border > 0 {
      out.put(" COLOR=\"")
      out.put(stroke)
      out.put("\"")
    }
    var style: [String] = []
    if box.rounded && box.border != .none { style.append("rounded") }
    if box.border == .dashed { style.append("dashed") }
    if !style.isEmpty {
      out.put(" STYLE=\"")
      out.put(style.joined(separator: ","))
      out.put("\"")
    }
    out.put(">")
    let innerWidth = width - 2 * border
    let textWidth = nested ? innerWidth - 2 * pad : innerWidth
    if nested {
      let rows = m.lines.reduce(2) { $0 + $1.height + 2 }
      out.put("<TR><TD VALIGN=\"TOP\"")
      fixed(innerWidth, height - 2 * border, into: &out)
      out.put("><TABLE BORDER=\"0\" CELLPADDING=\"0\"")
      fixed(textWidth + 4, rows, into: &out)
      out.put(">")
      for line in m.lines { lineRow(line, width: textWidth, into: &out) }
      out.put("</TABLE></TD></TR>")
    } else {
      var y = border + inset
      func spacer(_ h: Int, into out: inout DOTWriter) {
        guard h > 0 else { return }
        out.put("<TR><TD")
        fixed(innerWidth, h, into: &out)
        out.put("></TD></TR>")
      }
      for line in m.lines {
        spacer(line.top - y, into: &out)
        lineRow(line, width: textWidth, into: &out)
        y = line.top + line.height
      }
      spacer(height - border - y + inset, into: &out)
    }
    out.put("</TABLE>")
    if double { out.put("</TD></TR></TABLE>") }
  }

  /// One line's row: its text, or a small table of the prefix's column and the text, on the
  /// line's tint when it has one.
  func lineRow(_ line: MeasuredBox.MeasuredLine, width: Int, into out: inout DOTWriter) {
    let h = line.height
    let run = line.line.text
    out.put("<TR>")
    guard line.line.prefix != nil || line.line.fill != nil else {
      textCell(line.texts, run: run, align: line.line.align, width: width, height: h,
               port: line.line.port, into: &out)
      out.put("</TR>")
      return
    }
    out.put("<TD")
    fixed(width, h, into: &out)
    port(line.line.port, into: &out)
    out.put("><TABLE BORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\"")
    fixed(width, h, into: &out)
    if let fill = line.line.fill {
      out.put(" BGCOLOR=\"")
      out.put(fill)
      out.put("\" STYLE=\"rounded\"")
    }
    out.put("><TR>")
    let tint = line.line.fill != nil ? 4 : 0
    func gap(into out: inout DOTWriter) {
      out.put("<TD")
      fixed(tint, h, into: &out)
      out.put("></TD>")
    }
    if tint > 0 { gap(into: &out) }
    var rest = width - 2 * tint
    if let prefix = line.line.prefix, line.prefixWidth > 0 {
      out.put("<TD ALIGN=\"LEFT\" VALIGN=\"TOP\"")
      fixed(line.prefixWidth, h, into: &out)
      out.put(">")
      runHTML(prefix, text: prefix.text, into: &out)
      out.put("</TD>")
      rest -= line.prefixWidth
    }
    textCell(line.texts, run: run, align: line.line.align, width: max(rest, 1), height: h,
             port: nil, into: &out)
    if tint > 0 { gap(into: &out) }
    out.put("</TR></TABLE></TD></TR>")
  }

  func port(_ port: String?, into out: inout DOTWriter) {
    guard let port else { return }
    out.put(" PORT=")
    out.quoted(port)
  }

  /// The cell of a line's wrapped texts, joined by line breaks.
  func textCell(_ texts: [String], run: Run, align: Line.Align, width: Int, height: Int,
                port: String?, into out: inout DOTWriter) {
    out.put("<TD")
    fixed(width, height, into: &out)
    self.port(port, into: &out)
    let name: StaticString
    switch align {
    case .left: name = "LEFT"
    case .center: name = "CENTER"
    case .right: name = "RIGHT"
    }
    out.put(" ALIGN=\"")
    out.put(name)
    if texts.count > 1 {
      out.put("\" BALIGN=\"")
      out.put(name)
    }
    out.put("\">")
    for (index, text) in texts.enumerated() {
      if index > 0 { out.put("<BR/>") }
      runHTML(run, text: text, into: &out)
    }
    out.put("</TD>")
  }

  /// The text in its run's font: size and colour only where they differ from the node's.
  func runHTML(_ run: Run, text: String, into out: inout DOTWriter) {
    let sized = run.size != size
    let coloured = run.color != nil && run.color != theme.ink
    if sized || coloured {
      out.put("<FONT")
      if sized {
        out.put(" POINT-SIZE=\"")
        out.number(run.size)
        out.put("\"")
      }
      if let color = run.color, coloured {
        out.put(" COLOR=\"")
        out.put(color)
        out.put("\"")
      }
      out.put(">")
    }
    if run.italic { out.put("<I>") }
    if run.bold { out.put("<B>") }
    if text.isEmpty { out.put(" ") } else { out.html(text) }
    if run.bold { out.put("</B>") }
    if run.italic { out.put("</I>") }
    if sized || coloured { out.put("</FONT>") }
  }
}
