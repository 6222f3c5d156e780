/// A picture before layout, whatever the view: a grid of columns (grouped into stages and
/// phases) and labelled rows (bands), cells holding boxes, connectors between boxes, and a
/// header and footer around the grid.
///
/// A view is a function from a checked journey to a board (`JourneyBoard`); `BoardLayout`
/// places everything on a grid from what the cells hold and routes the connectors in the
/// gutters; `DOTPrinter` writes the one DOT text Graphviz draws. Media cut a board into rows
/// and pages by choosing its stages (`Board.slice`), never by editing DOT or SVG.
public struct Board: Sendable {
  /// The id of the picture's root group: `journey`, `silo`.
  public var id: String
  /// The picture's `<title>` and `<desc>`.
  public var title: String
  public var summary: String
  /// Title and description lines, top left.
  public var headline: [Line] = []
  /// Boxes under the headline, placed side by side and wrapped: personas, legend.
  public var header: [Box] = []
  public var phases: [Phase] = []
  public var stages: [Stage] = []
  public var columns: [Column] = []
  public var rows: [Row] = []
  /// What each cell holds, top to bottom: `cells[Cell(column, row)]`.
  public var cells: [Cell: [Box]] = [:]
  public var connectors: [Connector] = []
  /// The experience curve: segments between points in a `.scale` row.
  public var segments: [Segment] = []
  /// Boxes under the grid (the overview's numbered details), placed like the header.
  public var footer: [Box] = []
  /// The width the header and footer may flow into when the grid is narrower (a cover page).
  public var flowWidth: Double?
  /// The header's and the footer's boxes in newspaper columns, in order (a cover page, a page
  /// of details, where the blocks differ in height), instead of in lines left to right.
  public var blocksInColumns = false
  /// The footer right of the grid, in columns no taller than the grid (a page's own details
  /// beside its steps), instead of under it.
  public var footerBeside = false
  /// Stage frames filled (the journey map) or drawn as outlines over the lanes (silo).
  public var filledStages = true

  public init(id: String, title: String, summary: String) {
    self.id = id
    self.title = title
    self.summary = summary
  }

  /// A run of consecutive stages drawn in one frame, with a label above it.
  public struct Phase: Sendable {
    public var id: String
    public var label: Box
    /// Indices into `stages`.
    public var stages: Range<Int>
  }

  /// A frame around consecutive columns, its label box (name, evidence, notes) on top.
  public struct Stage: Sendable {
    public var id: String
    public var classes: [String]
    public var label: Box
    /// Indices into `columns`.
    public var columns: Range<Int>
    /// For a part of a stage split over pages, the whole stage's id.
    public var origin: String?
    /// Which part of its stage this is ("part 2 of 3"), when split over pages.
    public var part: String?
  }

  /// One column of the grid: usually a step, and the steps drawn under it.
  public struct Column: Sendable {
    public var id: String
  }

  /// A labelled band across the grid.
  public struct Row: Sendable {
    public enum Kind: Sendable, Equatable {
      /// Boxes stacked top to bottom; the row is as tall as its tallest cell, or absent when
      /// every cell is empty.
      case stack
      /// Boxes placed at a level from `-levels` to `+levels` (the experience curve); the
      /// area below zero is shaded.
      case scale(levels: Int)
      /// A line across the grid (the line of visibility), drawn when a later row has boxes.
      case divider
    }

    public var id: String
    public var kind: Kind
    /// The band's name in the left margin; scale rows name their levels too.
    public var label: [Line]
    /// Connectors leave and enter the boxes of this row from its sides and from the lanes
    /// above it; boxes in other rows connect through the gutters.
    public var isPrimary = false
    /// Names of the levels of a scale row, from the top (+levels) down.
    public var levelNames: [String] = []
    /// The height of one level of a scale row, when not the theme's.
    public var levelHeight: Double?
    /// A band drawn as a lane across the grid (the silo diagram's owners): its tint, whether
    /// its border is dashed (an outside partner), and the least height it takes when empty.
    public var fill: String?
    public var stroke: String?
    public var dashed = false
    public var minimumHeight = 0.0

    public init(id: String, kind: Kind, label: [Line], isPrimary: Bool = false) {
      self.id = id
      self.kind = kind
      self.label = label
      self.isPrimary = isPrimary
    }
  }

  public struct Cell: Hashable, Sendable {
    public var column: Int
    public var row: Int

    public init(_ column: Int, _ row: Int) {
      self.column = column
      self.row = row
    }
  }

  /// A flow between two boxes.
  public struct Connector: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
      case next, answer, loop, handoff, backstage
    }

    public var id: String
    public var kind: Kind
    public var from: String
    /// The line of `from` it leaves from (an answer's row), nil for the box's middle.
    public var port: String?
    public var to: String
    /// Keys in the class list: `from-KEY`, `to-KEY`.
    public var fromKey: String
    public var toKey: String
  }

  /// A piece of the experience curve between two points.
  public struct Segment: Sendable {
    public var id: String
    public var from: String
    public var to: String
    public var fromKey: String
    public var toKey: String
  }
}

/// A rectangle of text lines: a card, a note, a legend block, a point on the curve.
public struct Box: Sendable {
  public enum Border: Sendable, Equatable {
    case none, solid, dashed, thick, double
  }

  public enum Width: Sendable, Equatable {
    /// As wide as the column.
    case column
    /// As wide as its longest line, up to the given width.
    case fit(Double)
    case fixed(Double)
  }

  public enum Shape: Sendable, Equatable {
    case box, circle
  }

  public var id: String
  public var classes: [String]
  public var lines: [Line]
  public var fill: String?
  public var stroke: String?
  public var border: Border = .none
  public var rounded = true
  public var width: Width = .column
  public var shape: Shape = .box
  /// The level of a box in a `.scale` row.
  public var level: Int?
  /// A tooltip for viewers that show one (the full label when the box shortens it).
  public var tooltip: String?
  /// A step card's number, as written on it: what a page's markers refer to.
  public var number: Int?

  public init(id: String, classes: [String], lines: [Line]) {
    self.id = id
    self.classes = classes
    self.lines = lines
  }
}

/// One paragraph of a box: an optional glyph or chip that is never wrapped, then text wrapped
/// to the box's width.
public struct Line: Sendable {
  public enum Align: Sendable, Equatable { case left, center, right }

  public var prefix: Run?
  public var text: Run
  public var align: Align = .left
  /// A tint behind the line (a finding on a card).
  public var fill: String?
  /// Connectors may leave from this line, by this name.
  public var port: String?
  /// At most this many lines; the last one ends in "…".
  public var maxLines: Int?

  public init(_ text: Run, prefix: Run? = nil, align: Align = .left, fill: String? = nil,
              port: String? = nil) {
    self.text = text
    self.prefix = prefix
    self.align = align
    self.fill = fill
    self.port = port
  }
}

/// Text in one size, weight and colour.
public struct Run: Sendable {
  public var text: String
  public var size: Double
  public var bold = false
  public var italic = false
  public var color: String?

  public init(_ text: String, size: Double, bold: Bool = false, italic: Bool = false,
              color: String? = nil) {
    self.text = text
    self.size = size
    self.bold = bold
    self.italic = italic
    self.color = color
  }
}

extension Board {
  /// The board of only `stages` (a range of stage indices): their columns, cells,
  /// connectors and segments between boxes that stay; for a row, a page or a slide.
  /// Connectors to boxes left out are returned as `cut`, for the media to mark.
  public func slice(stages range: Range<Int>) -> (board: Board, cut: [Connector]) {
    guard !range.isEmpty else { return (self, []) }
    return slice(columns: stages[range.lowerBound].columns.lowerBound
      ..< stages[range.upperBound - 1].columns.upperBound)
  }

  /// Where a board's cells, connectors and segments are, by column: what cutting many pages
  /// from one board looks up, so that each page costs what it holds, not the whole board.
  public struct Columns: Sendable {
    /// The rows of each column that hold boxes, by column.
    var cells: [[Int]]
    /// The connectors and segments with an end in each column, by index, in order.
    var connectors: [[Int]]
    var segments: [[Int]]

    public init(_ board: Board) {
      let count = max(board.columns.count, (board.cells.keys.map(\.column).max() ?? -1) + 1)
      cells = Array(repeating: [], count: count)
      connectors = cells
      segments = cells
      var column: [String: Int] = [:]
      column.reserveCapacity(board.cells.count)
      for (cell, boxes) in board.cells where cell.column >= 0 {
        cells[cell.column].append(cell.row)
        for box in boxes { column[box.id] = cell.column }
      }
      func ends(_ from: String, _ to: String, _ index: Int, into lists: inout [[Int]]) {
        let a = column[from]
        let b = column[to]
        if let a { lists[a].append(index) }
        if let b, b != a { lists[b].append(index) }
      }
      for (index, connector) in board.connectors.enumerated() {
        ends(connector.from, connector.to, index, into: &connectors)
      }
      for (index, segment) in board.segments.enumerated() {
        ends(segment.from, segment.to, index, into: &segments)
      }
    }

    /// The indices listed for the columns of `range`, each once, in order.
    static func gather(_ lists: [[Int]], _ range: Range<Int>) -> [Int] {
      var out: [Int] = []
      for c in range.clamped(to: 0..<lists.count) { out.append(contentsOf: lists[c]) }
      out.sort()
      var unique: [Int] = []
      unique.reserveCapacity(out.count)
      for i in out where unique.last != i { unique.append(i) }
      return unique
    }
  }

  /// The board of only `range` of its columns. A stage cut by the range keeps the part inside
  /// it, its name followed by the line `part(stage index)` ("part 2 of 3") when given.
  /// `index` (of this board, made when not given) spares a look at every cell and connector
  /// when many ranges are cut from one board.
  public func slice(columns range: Range<Int>, part: (Int) -> Line? = { _ in nil },
                    index: Columns? = nil)
    -> (board: Board, cut: [Connector])
  {
    var board = self
    let first = range.lowerBound
    let kept = stages.indices.filter { stages[$0].columns.overlaps(range) }
    guard let low = kept.first, let high = kept.last else { return (self, []) }
    board.stages = kept.map { index in
      var stage = stages[index]
      let inside = stage.columns.clamped(to: range)
      if inside != stage.columns {
        if let line = part(index), let name = stage.label.lines.first {
          stage.part = line.text.text
          stage.label.lines = [name, line] + (inside.lowerBound == stage.columns.lowerBound
            ? Array(stage.label.lines.dropFirst()) : [])
        }
        if inside.lowerBound != stage.columns.lowerBound {
          stage.origin = stage.id
          stage.id += "-from-\(inside.lowerBound - stage.columns.lowerBound + 1)"
          stage.label.id += "-from-\(inside.lowerBound - stage.columns.lowerBound + 1)"
        }
      }
      stage.columns = (inside.lowerBound - first)..<(inside.upperBound - first)
      return stage
    }
    board.phases = phases.compactMap { phase in
      let inside = phase.stages.clamped(to: low..<(high + 1))
      guard !inside.isEmpty else { return nil }
      var phase = phase
      phase.stages = (inside.lowerBound - low)..<(inside.upperBound - low)
      return phase
    }
    board.columns = Array(columns[range])
    board.cells = [:]
    var ids: Set<String> = []
    let index = index ?? Columns(self)
    for c in range {
      for row in c < index.cells.count ? index.cells[c] : [] {
        guard let boxes = cells[Cell(c, row)] else { continue }
        board.cells[Cell(c - first, row)] = boxes
        for box in boxes { ids.insert(box.id) }
      }
    }
    // Only connectors and segments with an end in the range can stay or be cut.
    let near = Columns.gather(index.connectors, range).map { connectors[$0] }
    let nearSegments = Columns.gather(index.segments, range).map { segments[$0] }
    board.connectors = near.filter { ids.contains($0.from) && ids.contains($0.to) }
    let cut = near.filter { ids.contains($0.from) != ids.contains($0.to) }
    board.segments = nearSegments.filter { ids.contains($0.from) && ids.contains($0.to) }
    return (board, cut)
  }
}

extension Board {
  /// The board without its lanes (rows drawn as tinted bands, the silo diagram's owners) that
  /// hold nothing: a page or a slide of a few stages shows the lanes its steps are in, in
  /// their order and colours, and leaves the others to the pages that need them.
  public func droppingEmptyLanes() -> Board {
    let used = Set(cells.filter { !$0.value.isEmpty }.map(\.key.row))
    let kept = rows.indices.filter { rows[$0].fill == nil || used.contains($0) }
    guard kept.count < rows.count, !kept.isEmpty else { return self }
    var index: [Int: Int] = [:]
    for (new, old) in kept.enumerated() { index[old] = new }
    var board = self
    board.rows = kept.map { rows[$0] }
    board.cells = [:]
    for (cell, boxes) in cells {
      guard let row = index[cell.row] else { continue }
      board.cells[Cell(cell.column, row)] = boxes
    }
    return board
  }
}
