/// Places a board on a grid and routes its connectors: our code decides every position, and
/// Graphviz only draws (`nop2`), so a picture's size and the time to lay it out grow linearly
/// with the map.
///
/// The grid, for each **board row** (a run of whole stages; a long journey wraps onto
/// several, read like lines of text), top to bottom: phase labels, stage labels, the lanes
/// where connectors jump over cards, then the board's rows (bands) as tall as what their cells
/// hold, then a gap where connectors pass to the next board row. Between columns run
/// **gutters**; left and right of everything run the **margins**, where connectors pass
/// between board rows.
///
/// A connector leaves its box on the right (from its port's line), turns into the gutter
/// beside it, and reaches its target by one of a few fixed routes: straight into the left side
/// of the next card; up into the lanes and down onto the top of a card further on or back (a
/// loop); through the channel under the cards onto a card's bottom (from backstage); down a
/// gutter to a backstage card's right side; or through the gap and a margin to another board
/// row. Each vertical piece gets a track of its own in its gutter, each horizontal piece a
/// track in its channel shared only where the pieces do not overlap, so no two connectors are
/// drawn on top of each other and none passes through a box.
public struct BoardLayout: Sendable {
  public struct Rect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
  }

  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
  }

  /// A placed box, top-left at `rect.x`, `rect.y` (y grows downwards).
  public struct Placed: Sendable {
    public var measured: MeasuredBox
    public var rect: Rect
  }

  /// A frame drawn behind the boxes: a phase, a stage, the shaded lows of the curve, the line
  /// of visibility.
  public struct Frame: Sendable {
    public enum Kind: Sendable { case phase, band, stage, low, divider }
    public var id: String
    public var classes: [String]
    public var kind: Kind
    public var rect: Rect
    /// For a band: its tint and border.
    public var fill: String?
    public var stroke: String?
    public var dashed = false
  }

  /// A drawn line: a connector (with an arrowhead) or a piece of the curve.
  public struct Path: Sendable {
    public var id: String
    public var classes: [String]
    public var from: String
    public var to: String
    public var points: [Point]
    public var kind: Board.Connector.Kind?
  }

  public var width: Double
  public var height: Double
  /// The width of the grid and what stands beside it, without the headline and header, which
  /// flow to any width given: how much of a page the drawing needs.
  public var gridWidth = 0.0
  public var boxes: [Placed] = []
  public var frames: [Frame] = []
  public var paths: [Path] = []
  public var segments: [Path] = []

  init(width: Double, height: Double, boxes: [Placed] = [], frames: [Frame] = [],
       paths: [Path] = [], segments: [Path] = []) {
    self.width = width
    self.height = height
    self.boxes = boxes
    self.frames = frames
    self.paths = paths
    self.segments = segments
  }

  /// Lays out `board` with its stages in board rows `rows` (ranges of stage indices, in
  /// order, covering every stage).
  /// `measures`: boxes of this very board already measured at the column's width (the DOT
  /// prelude's), by id; the others are measured here.
  public init(_ board: Board, rows: [Range<Int>], theme: Theme = .standard,
              measures: [String: MeasuredBox]? = nil) {
    var engine = Engine(board: board, rows: rows, theme: theme, measures: measures)
    engine.run()
    self = engine.result
  }

  /// The natural width of each stage in points (columns, gutters and frame) before any
  /// connector track, for media to choose board rows.
  public static func stageWidths(_ board: Board, theme: Theme = .standard) -> [Double] {
    board.stages.map { stage in
      let columns = Double(max(stage.columns.count, 1))
      return columns * theme.cardWidth + (columns - 1) * theme.gutter + 2 * theme.stageInset
        + theme.gutter + 12
    }
  }

  /// The width taken left of the columns: margin, band labels and the left channel.
  static func leftWidth(_ board: Board, theme: Theme) -> Double {
    theme.margin + labelWidth(board, theme: theme) + 8
  }

  /// The width of the band labels: the theme's, or wider when a word of a label (an owner's
  /// name) would not fit on a line of its own, so that no word is broken, or a lane's name
  /// on one line; at most one and a half times it.
  static func labelWidth(_ board: Board, theme: Theme) -> Double {
    var widest = theme.bandLabelWidth
    for row in board.rows {
      for line in row.label {
        let prefix = line.prefix.map {
          FontMetrics.width($0.text, size: $0.size, bold: $0.bold) + 4
        } ?? 0
        for word in line.text.text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
          let width = prefix + FontMetrics.width(String(word), size: line.text.size,
                                                  bold: line.text.bold) + 2 * theme.padding + 2
          widest = max(widest, width.rounded(.up))
        }
      }
      // A lane's name on one line where it can be: a thin lane shows only its name.
      if row.fill != nil, let name = row.label.first {
        let prefix = name.prefix.map {
          FontMetrics.width($0.text, size: $0.size, bold: $0.bold) + 4
        } ?? 0
        let width = prefix + FontMetrics.width(name.text.text, size: name.text.size,
                                               bold: name.text.bold) + 2 * theme.padding + 2
        widest = max(widest, width.rounded(.up))
      }
    }
    return min(widest, 1.5 * theme.bandLabelWidth)
  }
}

// MARK: - The engine

private enum XRef: Hashable {
  case right(Int)
  case left(Int)
  case gutter(row: Int, gutter: Int, track: Int)
  case landTop(Int, slot: Int)
  case landBottom(Int, slot: Int)
  case leftMargin(Int)
  case rightMargin(Int)
}

private indirect enum YRef: Hashable {
  case port(Int, String?)
  case top(Int)
  case bottom(Int)
  case middle(Int)
  case entry(Int)
  /// The height `from` if `Int`'s left side spans it, else `Int`'s entry.
  case into(Int, from: YRef)
  /// Near the bottom of a box: where a connector without a port leaves when answers of the
  /// same box rise past its middle.
  case low(Int)
  /// A track of the lanes above the boxes of band `band`.
  case lane(row: Int, band: Int, track: Int)
  case under(row: Int, track: Int)
  case gap(row: Int, track: Int)
}

private enum Corridor: Hashable {
  case lane(Int, Int), under(Int), gap(Int)
}

private struct Engine {
  let board: Board
  let rows: [Range<Int>]
  let theme: Theme
  var result = BoardLayout(width: 0, height: 0)

  /// Every box in a cell: its measure, cell and board row.
  var measured: [MeasuredBox] = []
  var cellOf: [Board.Cell] = []
  var rowOf: [Int] = []
  var indexOf: [String: Int] = [:]
  /// Board row and row-local column of each column.
  var columnRow: [Int] = []
  var localColumn: [Int] = []
  var rowColumns: [Range<Int>] = []
  /// For each column, whether a stage starts there (its left gutter is a stage boundary).
  var stageStart: Set<Int> = []
  var stageOfColumn: [Int] = []

  // Routing state.
  var gutterCount: [GutterKey: Int] = [:]
  var leftMarginCount = 0
  var rightMarginCount = 0
  var channelTracks: [Corridor: [[(Int, Int)]]] = [:]
  var topLandings: [Int: [(path: Int, fromLeft: Bool, order: Int)]] = [:]
  var bottomLandings: [Int: [(path: Int, fromLeft: Bool, order: Int)]] = [:]
  var routes: [(connector: Board.Connector, points: [(XRef, YRef)])] = []
  /// Boxes with answers that rise into the lanes from their rows.
  var risingFrom: Set<Int> = []
  /// The boxes on top of their cells (others stand under a box of the same cell).
  var firstInCell: Set<Int> = []

  struct GutterKey: Hashable {
    var row: Int
    var gutter: Int
  }

  /// The width of the band labels left of the grid.
  let labelWidth: Double

  /// Boxes measured before, by id (see `BoardLayout.init`).
  let measures: [String: MeasuredBox]?

  init(board: Board, rows: [Range<Int>], theme: Theme, measures: [String: MeasuredBox]?) {
    self.board = board
    self.measures = measures
    labelWidth = BoardLayout.labelWidth(board, theme: theme)
    self.rows = rows.isEmpty ? [0..<board.stages.count] : rows
    self.theme = theme
  }

  mutating func run() {
    index()
    route()
    place()
  }

  // MARK: Index

  mutating func index() {
    columnRow = Array(repeating: 0, count: board.columns.count)
    localColumn = Array(repeating: 0, count: board.columns.count)
    stageOfColumn = Array(repeating: 0, count: board.columns.count)
    for (r, stages) in rows.enumerated() {
      guard let first = stages.first, let last = stages.last else {
        rowColumns.append(0..<0)
        continue
      }
      let columns = board.stages[first].columns.lowerBound..<board.stages[last].columns.upperBound
      rowColumns.append(columns)
      for c in columns {
        columnRow[c] = r
        localColumn[c] = c - columns.lowerBound
      }
      for s in stages {
        stageStart.insert(board.stages[s].columns.lowerBound)
        for c in board.stages[s].columns { stageOfColumn[c] = s }
      }
    }
    var boxes: [Box] = []
    for (cell, list) in board.cells.sorted(by: { ($0.key.column, $0.key.row)
      < ($1.key.column, $1.key.row) })
    {
      guard cell.column < board.columns.count else { continue }
      if !list.isEmpty { firstInCell.insert(boxes.count) }
      for box in list {
        indexOf[box.id] = boxes.count
        boxes.append(box)
        cellOf.append(cell)
        rowOf.append(columnRow[cell.column])
      }
    }
    // A card's answers leave in the order that keeps them apart: those that rise into the
    // lanes first, then the one straight into the next card, then those that go down.
    var ranks: [Int: [String: Int]] = [:]
    for connector in board.connectors {
      guard let port = connector.port, let s = indexOf[connector.from],
        let t = indexOf[connector.to]
      else { continue }
      ranks[s, default: [:]][port] = direction(connector, s, t)
    }
    for (s, byPort) in ranks where byPort.count > 1 {
      var lines = boxes[s].lines
      let slots = lines.indices.filter { lines[$0].port.map { byPort[$0] != nil } ?? false }
      let ordered = slots.map { lines[$0] }.enumerated().sorted { a, b in
        let ra = byPort[a.element.port ?? ""] ?? 1
        let rb = byPort[b.element.port ?? ""] ?? 1
        return ra != rb ? ra < rb : a.offset < b.offset
      }.map(\.element)
      for (slot, line) in zip(slots, ordered) { lines[slot] = line }
      boxes[s].lines = lines
    }
    measured = boxes.map { measures?[$0.id] ?? theme.measure($0, columnWidth: theme.cardWidth) }
  }

  /// Which way a connector leaves its box's gutter: 0 up (into the lanes or the channel under
  /// the cards), 1 straight into the next card, 2 down (to backstage or a later board row).
  func direction(_ connector: Board.Connector, _ s: Int, _ t: Int) -> Int {
    let (rs, rt) = (rowOf[s], rowOf[t])
    if !isPrimary(t) || rt > rs { return 2 }
    if rt < rs || !isPrimary(s) { return 0 }
    // Between bands of one board row (the lanes of a swimlane): down to a lower band's
    // corridor or card, up to a higher one's.
    let (bs, bt) = (cellOf[s].row, cellOf[t].row)
    if bt != bs { return bt > bs ? 2 : 0 }
    if cellOf[s].column == cellOf[t].column { return t > s ? 2 : 0 }
    if connector.kind == .loop { return 0 }
    let (cs, ct) = (localColumn[cellOf[s].column], localColumn[cellOf[t].column])
    return ct == cs + 1 ? 1 : 0
  }

  /// True when the connector runs down into the corridor above a lower band of its own
  /// board row, whose tracks are counted upwards.
  func fallsIntoLane(_ connector: Board.Connector, _ s: Int, _ t: Int) -> Bool {
    rowOf[s] == rowOf[t] && isPrimary(s) && isPrimary(t) && cellOf[t].row > cellOf[s].row
      && cellOf[s].column != cellOf[t].column
  }

  func isPrimary(_ box: Int) -> Bool { board.rows[cellOf[box].row].isPrimary }

  /// The first band connectors run above.
  var primaryBand: Int { board.rows.firstIndex(where: \.isPrimary) ?? 0 }

  /// The gutter right of the box's column, in its board row.
  func rightGutter(_ box: Int) -> Int { localColumn[cellOf[box].column] + 1 }

  // MARK: Route

  mutating func track(_ row: Int, _ gutter: Int) -> Int {
    let key = GutterKey(row: row, gutter: gutter)
    let t = gutterCount[key, default: 0]
    gutterCount[key] = t + 1
    return t
  }

  /// A track in `channel` free over `span` (gutter/column half-units), lowest first.
  mutating func horizontal(_ channel: Corridor, _ a: Int, _ b: Int) -> Int {
    let span = (min(a, b), max(a, b))
    // Appended in place: copying the channel's tracks out and back made a channel of many
    // crossing connectors (one decision with thousands of answers) quadratic.
    let t = freeTrack(channel, span)
    if t < channelTracks[channel, default: []].count {
      channelTracks[channel, default: []][t].append(span)
    } else {
      channelTracks[channel, default: []].append([span])
    }
    return t
  }

  /// The first track of `channel` that `span` does not overlap (the count when none).
  func freeTrack(_ channel: Corridor, _ span: (Int, Int)) -> Int {
    guard let tracks = channelTracks[channel] else { return 0 }
    return tracks.firstIndex { used in
      !used.contains { $0.0 <= span.1 && span.0 <= $0.1 }
    } ?? tracks.count
  }

  /// Half-units along a board row: gutter g is 2g, local column c is 2c + 1.
  func unit(column box: Int) -> Int { 2 * localColumn[cellOf[box].column] + 1 }

  mutating func route() {
    // Ports in order per box, so answers of one card take gutter tracks top row first.
    // The keys found once per connector: looked up in every comparison, they hashed an id
    // and parsed a port some 20 times per connector.
    let keys = board.connectors.map { (indexOf[$0.from] ?? 0, portRank($0)) }
    let order = board.connectors.indices.sorted { a, b in
      keys[a].0 != keys[b].0 ? keys[a].0 < keys[b].0
        : keys[a].1 != keys[b].1 ? keys[a].1 < keys[b].1 : a < b
    }.map { board.connectors[$0] }
    var planned: [(Board.Connector, Int, Int)] = []
    for connector in order {
      guard let s = indexOf[connector.from], let t = indexOf[connector.to] else { continue }
      planned.append((connector, s, t))
    }
    // Each card's connectors take a block of tracks in its right gutter: rising ones from the
    // card outwards in row order, then the straight one, then falling ones from the outside
    // in, so that none crosses another of the same card.
    var exits: [Int] = []
    var i = 0
    while i < planned.count {
      var j = i
      while j < planned.count && planned[j].1 == planned[i].1 { j += 1 }
      let s = planned[i].1
      let key = GutterKey(row: rowOf[s], gutter: rightGutter(s))
      let base = gutterCount[key, default: 0]
      gutterCount[key] = base + (j - i)
      let group = (i..<j).map { ($0, direction(planned[$0].0, s, planned[$0].2)) }
      let order = group.filter { $0.1 < 2 }.map(\.0) + group.filter { $0.1 == 2 }.map(\.0).reversed()
      var track = Array(repeating: 0, count: j - i)
      for (k, index) in order.enumerated() { track[index - i] = base + k }
      exits += track
      i = j
    }
    // Lanes and gap tracks go to the outermost rising connector first (it turns lowest) and
    // to the uppermost falling one first (it turns highest), so their turns nest too.
    for (connector, s, t) in planned where connector.port != nil && direction(connector, s, t) == 0 {
      risingFrom.insert(s)
    }
    var sequence: [Int] = []
    i = 0
    while i < planned.count {
      var j = i
      while j < planned.count && planned[j].1 == planned[i].1 { j += 1 }
      let rank = (i..<j).map { direction(planned[$0].0, planned[$0].1, planned[$0].2) }
      sequence += (i..<j).filter { rank[$0 - i] == 0 }.reversed()
      // Those falling into a lane's corridor turn lowest first (its tracks count upwards);
      // those falling into a gap, highest first.
      let falling = (i..<j).filter { rank[$0 - i] != 0 }
      let intoLanes = falling.filter { fallsIntoLane(planned[$0].0, planned[$0].1, planned[$0].2) }
      sequence += intoLanes.reversed() + falling.filter { !intoLanes.contains($0) }
      i = j
    }
    var routed: [Int: [(XRef, YRef)]] = [:]
    for k in sequence {
      let (connector, s, t) = planned[k]
      routed[k] = path(connector, s, t, exit: exits[k], index: k)
    }
    for k in planned.indices { routes.append((planned[k].0, routed[k] ?? [])) }
  }

  func portRank(_ connector: Board.Connector) -> Int {
    guard let port = connector.port, port.hasPrefix("a"), let n = Int(port.dropFirst()) else {
      return 1_000_000
    }
    return n
  }

  mutating func path(_ connector: Board.Connector, _ s: Int, _ t: Int, exit out: Int,
                     index pathIndex: Int) -> [(XRef, YRef)]
  {
    let rs = rowOf[s]
    let rt = rowOf[t]
    var sy: YRef = isPrimary(s) ? .port(s, connector.port) : .middle(s)
    if connector.port == nil && risingFrom.contains(s) { sy = .low(s) }
    let g = rightGutter(s)
    let start: [(XRef, YRef)] = []
    var points = start
    points.append((.right(s), sy))
    points.append((.gutter(row: rs, gutter: g, track: out), sy))
    let x0 = XRef.gutter(row: rs, gutter: g, track: out)
    let forward = (rt, localColumn[cellOf[t].column]) > (rs, localColumn[cellOf[s].column])

    if rs == rt && isPrimary(s) && isPrimary(t) && cellOf[s].column == cellOf[t].column {
      // A box of the same column (a lane above or below, or the same cell): into its right
      // side, from the gutter right of both.
      points.append((x0, .entry(t)))
      points.append((.right(t), .entry(t)))
      return points
    }
    if !isPrimary(t) {
      // To a backstage box: its right side, from the gutter right of it.
      let gt = rightGutter(t)
      if rs == rt && gt == g {
        points.append((x0, .middle(t)))
        points.append((.right(t), .middle(t)))
        return points
      }
      let channel: Corridor = rs == rt && isPrimary(s) ? .under(rs) : .gap(rs)
      let lane = horizontal(channel, 2 * g, rs == rt ? 2 * gt : (forward ? 1 << 30 : -1))
      let y: YRef = channel == .under(rs) ? .under(row: rs, track: lane)
        : .gap(row: rs, track: lane)
      points.append((x0, y))
      var yNear = y
      if rs != rt {
        let m = forward ? XRef.rightMargin(rightMarginCount) : XRef.leftMargin(leftMarginCount)
        if forward { rightMarginCount += 1 } else { leftMarginCount += 1 }
        let back = horizontal(.gap(rt), forward ? -1 : 1 << 30, 2 * gt)
        yNear = .gap(row: rt, track: back)
        points.append((m, y))
        points.append((m, yNear))
      }
      let into = track(rt, gt)
      points.append((.gutter(row: rt, gutter: gt, track: into), yNear))
      points.append((.gutter(row: rt, gutter: gt, track: into), .middle(t)))
      points.append((.right(t), .middle(t)))
      return points
    }

    let tc = localColumn[cellOf[t].column]
    if rs == rt && connector.kind != .loop && isPrimary(s) && tc == g && forward {
      // The next card: straight into its left side, at the port's height when the card
      // reaches down that far.
      points.append((x0, .into(t, from: sy)))
      points.append((.left(t), .into(t, from: sy)))
      return points
    }
    if rs == rt && !isPrimary(s) {
      // From backstage, through the channel under the cards, onto the card's bottom.
      let lane = horizontal(.under(rs), 2 * g, unit(column: t))
      points.append((x0, .under(row: rs, track: lane)))
      let slot = bottomLandings[t, default: []].count
      bottomLandings[t, default: []].append((pathIndex, unit(column: t) > 2 * g, lane))
      points.append((.landBottom(t, slot: slot), .under(row: rs, track: lane)))
      points.append((.landBottom(t, slot: slot), .bottom(t)))
      return points
    }
    if rs == rt {
      // Over the cards, in a lane, onto the top of the target.
      return points + landing(t, from: 2 * g, x: x0, path: pathIndex,
                              fromLeft: unit(column: t) > 2 * g)
    }
    // Another board row: down to the gap (forward) or up to the lanes (back), along a margin,
    // then in at the target's stage boundary.
    let stageGutter = localColumn[board.stages[stageOfColumn[cellOf[t].column]].columns
      .lowerBound]
    var near: YRef
    if forward {
      let lane = horizontal(.gap(rs), 2 * g, rt == rs + 1 ? 2 * stageGutter : 1 << 30)
      let y = YRef.gap(row: rs, track: lane)
      points.append((x0, y))
      near = y
      if rt > rs + 1 {
        let m = XRef.rightMargin(rightMarginCount)
        rightMarginCount += 1
        let lane2 = horizontal(.gap(rt - 1), 2 * stageGutter, 1 << 30)
        near = .gap(row: rt - 1, track: lane2)
        points.append((m, y))
        points.append((m, near))
      }
    } else {
      let bs = isPrimary(s) ? cellOf[s].row : primaryBand
      let lane = horizontal(.lane(rs, bs), -1, 2 * g)
      let y = YRef.lane(row: rs, band: bs, track: lane)
      points.append((x0, y))
      let m = XRef.leftMargin(leftMarginCount)
      leftMarginCount += 1
      points.append((m, y))
      return points + landing(t, from: -1, x: m, path: pathIndex, fromLeft: true)
    }
    let gin = track(rt, stageGutter)
    let xin = XRef.gutter(row: rt, gutter: stageGutter, track: gin)
    points.append((xin, near))
    if tc == stageGutter {
      points.append((xin, .entry(t)))
      points.append((.left(t), .entry(t)))
    } else {
      points += landing(t, from: 2 * stageGutter, x: xin, path: pathIndex, fromLeft: true)
    }
    return points
  }

  /// From `x` into the lane above `t`'s band in `t`'s board row, along it from half-unit
  /// `from`, and down onto `t`'s top; or, when a box stands above `t` in its cell, down the
  /// gutter left of `t` into its left side, so that the line never crosses the box above.
  mutating func landing(_ t: Int, from a: Int, x: XRef, path: Int, fromLeft: Bool)
    -> [(XRef, YRef)]
  {
    let r = rowOf[t]
    let bt = cellOf[t].row
    let tc = localColumn[cellOf[t].column]
    if !firstInCell.contains(t) {
      let lane = horizontal(.lane(r, bt), a, 2 * tc)
      let y = YRef.lane(row: r, band: bt, track: lane)
      let down = XRef.gutter(row: r, gutter: tc, track: track(r, tc))
      return [(x, y), (down, y), (down, .entry(t)), (.left(t), .entry(t))]
    }
    let lane = horizontal(.lane(r, bt), a, unit(column: t))
    let y = YRef.lane(row: r, band: bt, track: lane)
    let slot = topLandings[t, default: []].count
    topLandings[t, default: []].append((path, fromLeft, lane))
    return [(x, y), (.landTop(t, slot: slot), y), (.landTop(t, slot: slot), .top(t))]
  }

  // MARK: Place

  mutating func place() {
    let m = theme.margin
    let inset = theme.stageInset
    let phaseInset = 6.0
    let hasCurve = board.rows.contains { $0.kind != .stack && $0.kind != .divider }
      && measured.contains { $0.box.level != nil }
    let backstageRows = Set(board.rows.indices.filter { r in
      r > 0 && board.rows[r - 1].kind == .divider
    })
    let hasBackstage = cellOf.contains { backstageRows.contains($0.row) }

    // Horizontal: columns of each board row.
    let left = BoardLayout.leftWidth(board, theme: theme) + Double(leftMarginCount) * theme.track
    var columnX = Array(repeating: 0.0, count: board.columns.count)
    var gutterX: [GutterKey: Double] = [:]  // x of track 0
    var rowRight: [Double] = []
    for (r, columns) in rowColumns.enumerated() {
      var x = left
      for c in columns {
        let g = c - columns.lowerBound
        let tracks = Double(gutterCount[GutterKey(row: r, gutter: g)] ?? 0)
        let boundary = stageStart.contains(c)
        let before = boundary && g > 0 ? inset + phaseInset : 0
        let after = boundary ? inset + phaseInset : 0
        x += before
        gutterX[GutterKey(row: r, gutter: g)] = x + theme.gutter / 2 + theme.track / 2
        x += theme.gutter + tracks * theme.track + after
        columnX[c] = x
        x += theme.cardWidth
      }
      let g = columns.count
      let tracks = Double(gutterCount[GutterKey(row: r, gutter: g)] ?? 0)
      x += inset + phaseInset
      gutterX[GutterKey(row: r, gutter: g)] = x + theme.gutter / 2 + theme.track / 2
      x += theme.gutter + tracks * theme.track
      rowRight.append(x)
    }
    let gridRight = (rowRight.max() ?? left)
    let rightMarginX = gridRight + theme.track / 2
    let contentWidth = gridRight + Double(rightMarginCount) * theme.track + m

    // The header, as wide as the grid (or its own width when wider).
    var boxes: [BoardLayout.Placed] = []
    var y = m
    let headlineWidth = max(contentWidth - 2 * m, board.flowWidth ?? 400)
    var headline = Box(id: board.id + "-headline", classes: ["headline"], lines: board.headline)
    headline.width = .fixed(headlineWidth)
    headline.border = .none
    if !board.headline.isEmpty {
      var h = theme.measure(headline, columnWidth: headlineWidth)
      h.padding = 0
      boxes.append(.init(measured: h, rect: .init(x: m, y: y, width: Double(h.width),
                                                    height: Double(h.height))))
      y += Double(h.height) + 8
    }
    let flowed = board.blocksInColumns
      ? columns(board.header, x: m, y: y, width: headlineWidth)
      : flow(board.header, x: m, y: y, width: headlineWidth)
    boxes += flowed.boxes
    y = flowed.bottom + 16
    let gridTop = y

    // Vertical: each board row.
    var boxY = Array(repeating: 0.0, count: measured.count)
    var boxX = Array(repeating: 0.0, count: measured.count)
    var laneY: [GutterKey: Double] = [:]   // (row, band) → y of lane track 0 (tracks go up)
    var underY: [Int: Double] = [:]
    var gapY: [Int: Double] = [:]
    var frames: [BoardLayout.Frame] = []
    // A board of no stages (a cover, a page of details) has no grid to leave room for.
    for (r, stages) in rows.enumerated() where !stages.isEmpty {
      let columns = rowColumns[r]
      let phases = board.phases.filter { $0.stages.overlaps(stages) }
      var phaseLabels: [(Board.Phase, MeasuredBox, Double, Double)] = []
      var phaseHeight = 0.0
      for phase in phases {
        let kept = phase.stages.clamped(to: stages)
        guard let a = kept.first, let b = kept.last else { continue }
        let x0 = columnX[board.stages[a].columns.lowerBound] - inset - phaseInset
        let x1 = columnX[board.stages[b].columns.upperBound - 1] + theme.cardWidth + inset
          + phaseInset
        let label = theme.measure(phase.label, columnWidth: x1 - x0 - 2 * phaseInset)
        phaseLabels.append((phase, label, x0, x1))
        phaseHeight = max(phaseHeight, Double(label.height) + phaseInset)
      }
      let rowTop = y
      let stageTop = rowTop + phaseHeight
      var stageLabels: [(Board.Stage, MeasuredBox, Double, Double)] = []
      var labelHeight = 0.0
      for s in stages {
        let stage = board.stages[s]
        guard let c0 = stage.columns.first, let c1 = stage.columns.last else { continue }
        let x0 = columnX[c0] - inset
        let x1 = columnX[c1] + theme.cardWidth + inset
        var label = stage.label
        label.width = .fixed(x1 - x0 - 2 * inset)
        let measuredLabel = theme.measure(label, columnWidth: x1 - x0 - 2 * inset)
        stageLabels.append((stage, measuredLabel, x0, x1))
        labelHeight = max(labelHeight, Double(measuredLabel.height))
      }
      var bandTop = stageTop + inset + labelHeight + 4
      var bottom = bandTop
      for (b, row) in board.rows.enumerated() {
        let inRow = measured.indices.filter { cellOf[$0].row == b && rowOf[$0] == r }
        switch row.kind {
        case .stack:
          let bandStart = bandTop
          if row.isPrimary {
            // The lanes where connectors to this band's boxes run, above them.
            let lanes = Double(channelTracks[.lane(r, b)]?.count ?? 0)
            let empty = row.fill != nil && lanes == 0 && inRow.isEmpty
            let corridor = lanes * theme.track + (empty ? 2 : 8)
            laneY[GutterKey(row: r, gutter: b)] = bandTop + corridor - 4 - theme.track / 2
            bandTop += corridor
          }
          var height = 0.0
          var stacks: [Int: Double] = [:]
          for i in inRow {
            let c = cellOf[i].column
            let top = stacks[c] ?? 0
            boxX[i] = columnX[c] + (theme.cardWidth - Double(measured[i].width)) / 2
            boxY[i] = bandTop + top
            stacks[c] = top + Double(measured[i].height) + theme.stackGap
            height = max(height, top + Double(measured[i].height))
          }
          if b == primaryBand {
            let unders = Double(channelTracks[.under(r)]?.count ?? 0)
            underY[r] = bandTop + height + 6 + theme.track / 2
            height += unders * theme.track + 12
          } else if height > 0 {
            height += 8
          }
          // A lane with nothing in this board row is drawn thin, with only its name, so that
          // every lane keeps its place and colour without empty lanes filling a page.
          let thin = row.fill != nil && inRow.isEmpty
          var label = row.label
          if thin, var name = row.label.first {
            name.maxLines = 2
            label = [name]
          }
          if row.fill != nil, let first = columns.first, let last = columns.last {
            // A lane is at least as tall as its name beside it.
            var name = bandLabel(row, r, lines: label, y: 0, height: 0)
            height = max(height, thin ? 0 : row.minimumHeight,
                         name.rect.height + 4 - (bandTop - bandStart))
            // A lane: a tinted band across the row, its name in the left margin.
            let x0 = columnX[first] - inset - 6
            let x1 = columnX[last] + theme.cardWidth + inset + 6
            frames.append(.init(id: "\(row.id)-\(r + 1)", classes: ["band", "lane"], kind: .band,
                                rect: .init(x: x0, y: bandStart, width: x1 - x0,
                                            height: bandTop + height - bandStart),
                                fill: row.fill, stroke: row.stroke, dashed: row.dashed))
            name.rect.y = bandStart + (bandTop + height - bandStart - name.rect.height) / 2
            boxes.append(name)
          }
          bandTop += height
        case .scale(let levels):
          guard hasCurve else { continue }
          let level = row.levelHeight ?? theme.level
          let half = theme.point / 2
          let height = 2 * Double(levels) * level + theme.point
          for i in inRow {
            let c = cellOf[i].column
            let value = Double(min(max(measured[i].box.level ?? 0, -levels), levels))
            boxX[i] = columnX[c] + (theme.cardWidth - Double(measured[i].width)) / 2
            boxY[i] = bandTop + half + (Double(levels) - value) * level
              - Double(measured[i].height) / 2
          }
          for (stage, _, x0, x1) in stageLabels {
            frames.append(.init(id: "\(stage.id)-low", classes: ["low"], kind: .low,
                                rect: .init(x: x0 + 1, y: bandTop + half
                                              + Double(levels) * level,
                                            width: x1 - x0 - 2,
                                            height: Double(levels) * level + half)))
          }
          boxes += levelLabels(row, r, levels: levels, level: level, top: bandTop + half)
          bandTop += height + 8
        case .divider:
          guard hasBackstage else { continue }
          let lineY = bandTop + 14
          let x0 = columnX[columns.lowerBound] - inset
          let x1 = columnX[columns.upperBound - 1] + theme.cardWidth + inset
          frames.append(.init(id: "\(row.id)-\(r + 1)", classes: ["band", "divider"],
                              kind: .divider, rect: .init(x: x0, y: lineY, width: x1 - x0,
                                                          height: 2)))
          boxes.append(bandLabel(row, r, y: lineY - 20, height: 42))
          bandTop += 30
        }
        bottom = bandTop
      }
      let frameBottom = bottom + inset
      for (stage, label, x0, x1) in stageLabels {
        frames.append(.init(id: stage.id, classes: stage.classes, kind: .stage,
                            rect: .init(x: x0, y: stageTop, width: x1 - x0,
                                        height: frameBottom - stageTop)))
        boxes.append(.init(measured: label, rect: .init(x: x0 + inset, y: stageTop + inset,
                                                        width: Double(label.width),
                                                        height: Double(label.height))))
      }
      for (phase, label, x0, x1) in phaseLabels {
        frames.append(.init(id: phase.id, classes: ["phase"], kind: .phase,
                            rect: .init(x: x0, y: rowTop, width: x1 - x0,
                                        height: frameBottom + phaseInset - rowTop)))
        boxes.append(.init(measured: label, rect: .init(x: x0 + phaseInset, y: rowTop + 2,
                                                        width: Double(label.width),
                                                        height: Double(label.height))))
      }
      let gapTop = frameBottom + phaseInset + 4
      gapY[r] = gapTop + theme.track / 2
      let gaps = Double(channelTracks[.gap(r)]?.count ?? 0)
      y = gapTop + gaps * theme.track + (r == rows.count - 1 ? 0 : theme.rowGap)
    }

    for i in measured.indices {
      boxes.append(.init(measured: measured[i], rect: .init(
        x: boxX[i], y: boxY[i], width: Double(measured[i].width),
        height: Double(measured[i].height))))
    }
    let beside = board.footerBeside && !board.footer.isEmpty
    let footer = beside
      ? besides(board.footer, x: contentWidth, y: gridTop,
                width: max(m + headlineWidth - contentWidth, theme.cardWidth), height: y - gridTop)
      : board.blocksInColumns ? columns(board.footer, x: m, y: y + 12, width: headlineWidth)
      : flow(board.footer, x: m, y: y + 12, width: headlineWidth)
    boxes += footer.boxes
    let height = (board.footer.isEmpty ? y : beside ? max(y, footer.bottom) : footer.bottom) + m

    // Resolve the routes.
    func rect(_ i: Int) -> BoardLayout.Rect {
      .init(x: boxX[i], y: boxY[i], width: Double(measured[i].width),
            height: Double(measured[i].height))
    }
    /// The x of every landing slot on box `i`, by slot (computed once per box: a box that many
    /// connectors land on would otherwise sort its landings once per landing).
    func slotXs(_ i: Int, _ landings: [(path: Int, fromLeft: Bool, order: Int)]) -> [Double] {
      // Arrivals from the left land on the left half, higher lanes further right; arrivals
      // from the right on the right half, higher lanes further left: no two cross.
      let r = rect(i)
      let lefts = landings.enumerated().filter { $0.element.fromLeft }
        .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.offset)
      let rights = landings.enumerated().filter { !$0.element.fromLeft }
        .sorted { ($0.element.order, $0.offset) > ($1.element.order, $1.offset) }.map(\.offset)
      var xs = Array(repeating: 0.0, count: landings.count)
      let leftSpan = rights.isEmpty ? r.width * 0.8 : r.width * 0.42
      for (k, slot) in lefts.enumerated() {
        xs[slot] = r.x + r.width * 0.1 + leftSpan * Double(k + 1) / Double(lefts.count + 1)
      }
      let start = lefts.isEmpty ? r.x + r.width * 0.1 : r.x + r.width * 0.52
      let span = lefts.isEmpty ? r.width * 0.8 : r.width * 0.38
      for (k, slot) in rights.enumerated() {
        xs[slot] = start + span * Double(k + 1) / Double(rights.count + 1)
      }
      return xs
    }
    let topXs = topLandings.keys.reduce(into: [Int: [Double]]()) {
      $0[$1] = slotXs($1, topLandings[$1] ?? [])
    }
    let bottomXs = bottomLandings.keys.reduce(into: [Int: [Double]]()) {
      $0[$1] = slotXs($1, bottomLandings[$1] ?? [])
    }
    func slotX(_ xs: [Double]?, _ slot: Int) -> Double {
      guard let xs, xs.indices.contains(slot) else { return 0 }
      return xs[slot]
    }
    func xOf(_ ref: XRef) -> Double {
      switch ref {
      case .right(let i): return rect(i).maxX
      case .left(let i): return rect(i).x
      case .gutter(let row, let gutter, let track):
        return (gutterX[GutterKey(row: row, gutter: gutter)] ?? 0) + Double(track) * theme.track
      case .landTop(let i, let slot): return slotX(topXs[i], slot)
      case .landBottom(let i, let slot): return slotX(bottomXs[i], slot)
      case .leftMargin(let t): return left - Double(t + 1) * theme.track
      case .rightMargin(let t): return rightMarginX + Double(t) * theme.track
      }
    }
    // A card with many answers: its ports by name, not searched line by line per connector.
    var portYs: [Int: [String: Double]] = [:]
    for (i, m) in measured.enumerated() where m.lines.count > 16 {
      for line in m.lines.reversed() {
        if let port = line.line.port {
          portYs[i, default: [:]][port] = Double(line.top) + Double(line.height) / 2
        }
      }
    }
    func yOf(_ ref: YRef) -> Double {
      switch ref {
      case .port(let i, let port):
        let y = port.flatMap { portYs[i]?[$0] } ?? measured[i].portY(port)
        return boxY[i] + (y ?? measured[i].entryY)
      case .top(let i): return boxY[i]
      case .bottom(let i): return rect(i).maxY
      case .middle(let i): return boxY[i] + Double(measured[i].height) / 2
      case .entry(let i): return boxY[i] + measured[i].entryY
      case .low(let i): return rect(i).maxY - 10
      case .into(let i, let from):
        let y = yOf(from)
        let r = rect(i)
        return y >= r.y + 8 && y <= r.maxY - 8 ? y : boxY[i] + measured[i].entryY
      case .lane(let row, let band, let track):
        return (laneY[GutterKey(row: row, gutter: band)] ?? 0) - Double(track) * theme.track
      case .under(let row, let track): return (underY[row] ?? 0) + Double(track) * theme.track
      case .gap(let row, let track): return (gapY[row] ?? 0) + Double(track) * theme.track
      }
    }
    var paths: [BoardLayout.Path] = []
    for (connector, refs) in routes {
      var points: [BoardLayout.Point] = []
      for (rx, ry) in refs {
        let p = BoardLayout.Point(x: xOf(rx), y: yOf(ry))
        if let last = points.last, last == p { continue }
        points.append(p)
      }
      paths.append(.init(id: connector.id,
                         classes: ["flow", connector.kind.rawValue, "from-" + connector.fromKey,
                                   "to-" + connector.toKey],
                         from: connector.from, to: connector.to, points: simplified(points),
                         kind: connector.kind))
    }
    var segments: [BoardLayout.Path] = []
    for segment in board.segments {
      guard let a = indexOf[segment.from], let b = indexOf[segment.to] else { continue }
      let ra = rect(a)
      let rb = rect(b)
      if rowOf[a] != rowOf[b] {
        // The flow goes on in another board row: a short dashed stub leaves the one point
        // towards the right and another comes into the other from the left.
        let stub = theme.cardWidth / 2 + theme.gutter / 2
        let exit = BoardLayout.Point(x: ra.x + ra.width / 2 + stub, y: ra.y + ra.height / 2)
        let entry = BoardLayout.Point(x: rb.x + rb.width / 2 - stub, y: rb.y + rb.height / 2)
        let classes = ["feel", "from-" + segment.fromKey, "to-" + segment.toKey, "continued"]
        segments.append(.init(id: segment.id, classes: classes, from: segment.from,
                              to: segment.to, points: [
                                .init(x: ra.x + ra.width / 2, y: ra.y + ra.height / 2), exit,
                              ], kind: nil))
        segments.append(.init(id: segment.id + "-continued", classes: classes,
                              from: segment.from, to: segment.to, points: [
                                entry, .init(x: rb.x + rb.width / 2, y: rb.y + rb.height / 2),
                              ], kind: nil))
        continue
      }
      segments.append(.init(id: segment.id,
                            classes: ["feel", "from-" + segment.fromKey, "to-" + segment.toKey],
                            from: segment.from, to: segment.to,
                            points: [.init(x: ra.x + ra.width / 2, y: ra.y + ra.height / 2),
                                     .init(x: rb.x + rb.width / 2, y: rb.y + rb.height / 2)],
                            kind: nil))
    }
    let width = max(contentWidth, (boxes.map { $0.rect.maxX }.max() ?? 0) + m)
    result = BoardLayout(width: width.rounded(.up), height: height.rounded(.up),
                         boxes: boxes, frames: frames, paths: paths, segments: segments)
    // A footer beside the grid is part of what the drawing needs across.
    let besideRight = beside ? (footer.boxes.map(\.rect.maxX).max() ?? 0) + m : 0
    result.gridWidth = max(contentWidth, besideRight).rounded(.up)
  }

  /// `box` no wider than a column `width` wide: a block that fits its lines to a width, or
  /// has one (a detail), narrowed to the column's when wider.
  func narrowed(_ box: Box, _ width: Double) -> Box {
    var box = box
    switch box.width {
    case .fit(let limit): box.width = .fit(min(limit, width))
    case .fixed(let w): box.width = .fixed(min(w, width))
    case .column: break
    }
    return box
  }

  /// Boxes in newspaper columns: down the first, then the next, in order, the columns as
  /// even as they can be; blocks wider than the columns are narrowed to them (`narrowed`). Of one to four
  /// columns, the count that gives the lowest bottom. Returns the boxes and the bottom edge.
  func columns(_ list: [Box], x: Double, y: Double, width: Double)
    -> (boxes: [BoardLayout.Placed], bottom: Double)
  {
    guard !list.isEmpty else { return flow(list, x: x, y: y, width: width) }
    let gap = 16.0
    var best: (boxes: [BoardLayout.Placed], bottom: Double)?
    for count in 1...4 {
      let columnWidth = ((width - gap * Double(count - 1)) / Double(count)).rounded(.down)
      var measured: [MeasuredBox] = []
      for box in list {
        measured.append(theme.measure(narrowed(box, columnWidth), columnWidth: theme.cardWidth))
      }
      guard measured.allSatisfy({ Double($0.width) <= columnWidth }) else { continue }
      let heights = measured.map { Double($0.height) + 12 }
      // The least column height that holds every box in `count` columns, in order: the
      // tallest box at least, the whole list at most; halved until within a point.
      func columnsNeeded(_ limit: Double) -> Int {
        var used = 1
        var sum = 0.0
        for h in heights {
          if sum > 0 && sum + h > limit { used += 1; sum = 0 }
          sum += h
        }
        return used
      }
      var (low, high) = (heights.max() ?? 0, heights.reduce(0, +))
      while high - low > 1 {
        let mid = (low + high) / 2
        if columnsNeeded(mid) <= count { high = mid } else { low = mid }
      }
      var placed: [BoardLayout.Placed] = []
      var column = 0
      var cy = y
      var bottom = y
      for (m, h) in zip(measured, heights) {
        if cy > y && cy - y + h > high { column += 1; cy = y }
        placed.append(.init(measured: m, rect: .init(
          x: x + Double(column) * (columnWidth + gap), y: cy, width: Double(m.width),
          height: Double(m.height))))
        cy += h
        bottom = max(bottom, cy - 12)
      }
      if best == nil || bottom < best!.bottom - 0.5 { best = (placed, bottom) }
    }
    return best ?? flow(list, x: x, y: y, width: width)
  }

  /// Boxes in columns from `x` in `width`, down the first until the next would pass `height`
  /// below `y`, then the next: in as few columns as keep them within `height` (up to four),
  /// each narrowed to its column (`narrowed`). Returns the boxes and the bottom edge.
  func besides(_ list: [Box], x: Double, y: Double, width: Double, height: Double)
    -> (boxes: [BoardLayout.Placed], bottom: Double)
  {
    let gap = 16.0
    var best: (boxes: [BoardLayout.Placed], bottom: Double)?
    var last: (boxes: [BoardLayout.Placed], bottom: Double) = ([], y)
    for count in 1...4 {
      let columnWidth = ((width - gap * Double(count - 1)) / Double(count)).rounded(.down)
      var placed: [BoardLayout.Placed] = []
      var (column, cy, bottom) = (0, y, y)
      for box in list {
        let m = theme.measure(narrowed(box, columnWidth), columnWidth: theme.cardWidth)
        if cy > y && cy + Double(m.height) > y + height {
          column += 1
          cy = y
        }
        placed.append(.init(measured: m, rect: .init(
          x: x + Double(column) * (columnWidth + gap), y: cy, width: Double(m.width),
          height: Double(m.height))))
        bottom = max(bottom, cy + Double(m.height))
        cy += Double(m.height) + 12
      }
      last = (placed, bottom)
      // Within `count` columns: the first within `height`, else the one that ends highest.
      guard column < count else { continue }
      if best == nil || bottom < best!.bottom - 0.5 { best = (placed, bottom) }
      if bottom <= y + height { break }
    }
    return best ?? last
  }

  /// Boxes placed left to right, wrapping at `width`; returns them and the bottom edge.
  func flow(_ list: [Box], x: Double, y: Double, width: Double)
    -> (boxes: [BoardLayout.Placed], bottom: Double)
  {
    var placed: [BoardLayout.Placed] = []
    var cx = x
    var cy = y
    var lineHeight = 0.0
    for box in list {
      let m = theme.measure(box, columnWidth: theme.cardWidth)
      if cx > x && cx + Double(m.width) > x + width {
        cx = x
        cy += lineHeight + 12
        lineHeight = 0
      }
      placed.append(.init(measured: m, rect: .init(x: cx, y: cy, width: Double(m.width),
                                                   height: Double(m.height))))
      cx += Double(m.width) + 16
      lineHeight = max(lineHeight, Double(m.height))
    }
    return (placed, placed.isEmpty ? y - 16 : cy + lineHeight)
  }

  func bandLabel(_ row: Board.Row, _ r: Int, lines: [Line]? = nil, y: Double, height: Double)
    -> BoardLayout.Placed
  {
    var box = Box(id: "\(row.id)-\(r + 1)-label", classes: ["band-label"],
                  lines: lines ?? row.label)
    box.width = .fixed(labelWidth)
    let m = theme.measure(box, columnWidth: labelWidth)
    return .init(measured: m, rect: .init(x: theme.margin, y: y + (height - Double(m.height)) / 2,
                                          width: Double(m.width), height: Double(m.height)))
  }

  /// The names of a scale row's levels, each beside its level.
  func levelLabels(_ row: Board.Row, _ r: Int, levels: Int, level: Double, top: Double)
    -> [BoardLayout.Placed]
  {
    var placed: [BoardLayout.Placed] = []
    var title = Box(id: "\(row.id)-\(r + 1)-label", classes: ["band-label"], lines: row.label)
    title.width = .fixed(labelWidth)
    let t = theme.measure(title, columnWidth: labelWidth)
    placed.append(.init(measured: t, rect: .init(x: theme.margin, y: top - level / 2
                                                   - Double(t.height) - 2,
                                                 width: Double(t.width), height: Double(t.height))))
    for (k, name) in row.levelNames.enumerated() where k <= 2 * levels {
      var box = Box(id: "\(row.id)-\(r + 1)-level-\(k + 1)", classes: ["level"], lines: [
        Line(Run(name, size: theme.small, color: theme.mutedInk), align: .right),
      ])
      box.width = .fixed(labelWidth)
      var m = theme.measure(box, columnWidth: labelWidth)
      m.padding = 0
      let ly = top + Double(k) * level - Double(m.height) / 2
      placed.append(.init(measured: m, rect: .init(x: theme.margin, y: ly,
                                                   width: Double(m.width),
                                                   height: Double(m.height))))
    }
    return placed
  }

  /// Points without the middle of three in line.
  func simplified(_ points: [BoardLayout.Point]) -> [BoardLayout.Point] {
    var out: [BoardLayout.Point] = []
    for p in points {
      if out.count >= 2 {
        let a = out[out.count - 2]
        let b = out[out.count - 1]
        if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) {
          out[out.count - 1] = p
          continue
        }
      }
      out.append(p)
    }
    return out
  }
}
