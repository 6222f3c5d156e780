/// Cuts a board into the pictures a medium needs: rows of whole stages for a poster or a
/// document column, pages of several stages for paper, slides for a projector. Everything is
/// cut from the board (stages, cells, connectors) and laid out again; nothing edits DOT or SVG.
public enum Cutting {
  /// The pictures of one view for `medium`. `make` builds the view's board at a detail.
  /// A poster is one picture of the whole board: its DOT's prelude (`DOTPrinter.Prelude`) is
  /// handed to `early` before the board is laid out, for the caller to send on meanwhile,
  /// and the picture carries it.
  public static func pictures(medium: Medium, detail: Detail, width: Double = 480,
                              theme: Theme = .standard,
                              early: ((inout DOTPrinter.Prelude) -> Void)? = nil,
                              make: (Detail, Theme) -> Board)
    -> [Picture]
  {
    switch medium {
    case .poster:
      let board = make(detail, theme)
      var prelude = DOTPrinter.Prelude(board, theme: theme)
      early?(&prelude)
      let layout = poster(board, theme: theme, measures: prelude.measures)
      return [Picture(source: .board(board, layout, theme), prelude: prelude, title: board.title,
                      summary: board.summary)]
    case .column:
      return [column(make(detail, theme), width: width, theme: theme)]
    case .screen:
      // Slides promise large labels: a theme whose labels are larger for the same layout
      // lets more of the journey on a slide at that size.
      let screen = Theme.screen
      return slides(make(detail, screen), overview: make(.overview, screen), theme: screen)
    case .a4, .a3, .letter:
      // Paper: narrower cards, so a sheet at 8 pt holds more columns.
      let paper = Theme.paper
      return Cutting.paper(make(detail, paper), overview: make(.overview, paper), medium: medium,
                           theme: paper)
    }
  }

  // MARK: Poster

  /// Full detail, wrapped onto as few rows of stages as keep it at most 3:1.
  static func poster(_ board: Board, theme: Theme, measures: [String: MeasuredBox]? = nil)
    -> BoardLayout
  {
    let widths = BoardLayout.stageWidths(board, theme: theme)
    // The number of rows from a sample: a few stages laid out alone give a row's height, the
    // stages' widths the single row's width; a long journey is not laid out in one row first.
    let sample = min(board.stages.count, 4)
    let probe = BoardLayout(marked(board, columns: board.stages.isEmpty ? 0..<0
      : 0..<board.stages[sample - 1].columns.upperBound, theme: theme), rows: [0..<sample],
                            theme: theme)
    let rowHeight = max(probe.height - headerHeight(probe), 1)
    let single = widths.reduce(0, +) + fixedWidth(board, theme)
    let header = headerHeight(probe)
    var k = 1
    while k < board.stages.count
      && single / Double(k) > Medium.posterAspect * (header + Double(k) * rowHeight)
    {
      k += 1
    }
    var layout = BoardLayout(board, rows: rows(widths, count: k), theme: theme,
                             measures: measures)
    while layout.width > Medium.posterAspect * layout.height && k < board.stages.count {
      k += 1
      layout = BoardLayout(board, rows: rows(widths, count: k), theme: theme, measures: measures)
    }
    return layout
  }

  /// The height above the first stage frame.
  static func headerHeight(_ layout: BoardLayout) -> Double {
    layout.frames.filter { $0.kind == .stage || $0.kind == .phase }.map(\.rect.y).min() ?? 0
  }

  // MARK: Column

  /// Laid out at the column's width: as many rows as the text size needs, height following.
  static func column(_ whole: Board, width: Double, theme: Theme) -> Picture {
    let scale = Medium.column.minimumScale(theme) ?? 1
    let fixed = fixedWidth(whole, theme)
    var budget = width / scale
    func laid(_ budget: Double) -> (Board, BoardLayout) {
      // Stages wider than a row are split into parts of whole columns.
      let board = splitStages(whole, budget: budget - fixed, theme: theme)
      let widths = BoardLayout.stageWidths(board, theme: theme)
      return (board, BoardLayout(board, rows: greedy(widths, budget: budget - fixed),
                                 theme: theme))
    }
    var (board, layout) = laid(budget)
    // Connector tracks widen a row past its estimate: take less per row until it fits.
    var tries = 0
    while layout.width > width / scale && tries < 6 {
      budget *= 0.9
      tries += 1
      (board, layout) = laid(budget)
    }
    let s = width / layout.width
    return Picture(source: .board(board, layout, theme), title: board.title, summary: board.summary,
                   canvas: .init(width: width, height: (layout.height * s).rounded(.up),
                                 scale: s, unit: "pt"))
  }

  /// Width that does not belong to any stage: margins, band labels, channels.
  static func fixedWidth(_ board: Board, _ theme: Theme) -> Double {
    BoardLayout.leftWidth(board, theme: theme) + 2 * theme.margin + 3 * theme.track
  }

  // MARK: Paper

  static func paper(_ board: Board, overview: Board, medium: Medium, theme: Theme)
    -> [Picture]
  {
    guard let landscape = medium.sheet, let minimum = medium.minimumScale(theme) else { return [] }
    // Landscape, unless the board is so tall (a swimlane of many lanes) that portrait pages
    // take fewer sheets.
    var best: (sheet: (width: Double, height: Double),
               parts: [(board: Board, rows: [Range<Int>], theme: Theme)])?
    let tall = board.rows.filter(\.isPrimary).count >= Medium.portraitLanes
    for sheet in [landscape] + (tall ? [(width: landscape.height, height: landscape.width)] : []) {
      let budget = (width: (sheet.width - 2 * Medium.paperMargin) / minimum,
                    height: (sheet.height - 2 * Medium.paperMargin) / minimum)
      let parts = pages(board, overview: overview, budget: budget, theme: theme)
      if best == nil || parts.count < best!.parts.count { best = (sheet, parts) }
      // A board that fits landscape pages well needs no second try.
      if sheet == landscape && fitsSheets(parts, budget: budget) { break }
    }
    guard let (sheet, parts) = best else { return [] }
    let room = (width: sheet.width - 2 * Medium.paperMargin,
                height: sheet.height - 2 * Medium.paperMargin)
    let budget = (width: room.width / minimum, height: room.height / minimum)
    var cover = Board(id: board.id, title: board.title, summary: board.summary)
    cover.headline = board.headline
    cover.header = board.header
    cover.blocksInColumns = true
    cover.flowWidth = (budget.width - 2 * theme.margin - 20).rounded(.down)
    let total = parts.count + 1
    cover.footer = [pageList(parts.map(\.board), theme: theme)]
    var laid: [(Board, [Range<Int>], Theme)] = [(cover, [], theme)]
    for (index, part) in parts.enumerated() {
      var page = part.board
      page.headline = [pageHeadline(board, page: page, number: index + 2, total: total,
                                    theme: theme)]
      laid.append((page, part.rows, part.theme))
    }
    return laid.enumerated().map { index, entry in
      let (page, layout, scale) = filling(entry.0, rows: entry.1, room: room, minimum: minimum,
                                          theme: entry.2)
      return Picture(source: .board(page, layout, entry.2), part: "page-\(index + 1)",
                     title: board.title + ", page \(index + 1) of \(total)",
                     summary: board.summary,
                     canvas: .init(width: sheet.width, height: sheet.height, scale: scale,
                                   unit: "pt"),
                     heading: index == 0 ? "Cover" : heading(page))
    }
  }

  /// The scale at which a page of stages fills `room` (up to twice the medium's smallest), and
  /// the page laid out again for it: its headline runs across the sheet at that scale. Packing
  /// kept every page within the sheet at the smallest scale; one that holds less is drawn
  /// larger rather than left half empty; so is a page of details. The cover keeps the
  /// smallest scale.
  static func filling(_ page: Board, rows: [Range<Int>], room: (width: Double, height: Double),
                      minimum: Double, most: Double = 2, theme: Theme)
    -> (Board, BoardLayout, Double)
  {
    let layout = BoardLayout(page, rows: rows, theme: theme)
    func fit(_ layout: BoardLayout) -> Double {
      min(room.width / layout.width, room.height / layout.height)
    }
    let larger = min(room.width / max(layout.gridWidth, 1), room.height / layout.height,
                     most * minimum)
    let details = page.stages.isEmpty && page.header.isEmpty && !page.footer.isEmpty
    guard !page.stages.isEmpty || details, page.flowWidth != nil, larger > minimum * 1.02 else {
      return (page, layout, min(fit(layout), most * minimum))
    }
    // The headline (and a page of details) flows to the sheet's width at the scale drawn, and
    // flowed narrower may take more lines: the largest scale at which it still fits, halving
    // the interval a few times.
    var best = (page, layout, min(fit(layout), most * minimum))
    var (low, high) = (best.2, larger)
    for _ in 0..<6 where high > low * 1.01 {
      let target = (low + high) / 2
      var relaid = page
      relaid.flowWidth = (room.width / target - 2 * theme.margin - 20).rounded(.down)
      let again = BoardLayout(relaid, rows: rows, theme: theme)
      if fit(again) >= target {
        best = (relaid, again, target)
        low = target
      } else {
        high = target
      }
    }
    return best
  }

  /// True when every page laid out from `parts` fits `budget` (no page had to be shrunk).
  static func fitsSheets(_ parts: [(board: Board, rows: [Range<Int>], theme: Theme)],
                         budget: (width: Double, height: Double)) -> Bool {
    parts.allSatisfy { part in
      let layout = BoardLayout(part.board, rows: part.rows, theme: part.theme)
      return layout.height <= budget.height && layout.width <= budget.width
    }
  }

  /// Consecutive stages packed into pages within `budget` (natural points), each page's
  /// stages in rows, its cards as wide as fill the sheet (`arranged`). Stages whose full
  /// detail is too tall for a page are drawn in the overview's detail instead, with their
  /// details beside or under them on the page (a page of several units must hold them; one
  /// unit alone that has no room for them has them on pages of details at the end). Of the
  /// ways to cut it into the fewest pages, the one whose emptiest page is fullest.
  /// Markers name the `unit` ("page", "slide") a step at the other end is on, counting the
  /// cover or overview as the first; `most` is the largest scale a page holding less is drawn
  /// at (see `filling`), as a multiple of the smallest.
  static func pages(_ full: Board, overview: Board, budget: (width: Double, height: Double),
                    theme: Theme, unit: String = "page", most: Double = 2)
    -> [(board: Board, rows: [Range<Int>], theme: Theme)]
  {
    let room = budget.width - fixedWidth(full, theme)
    // What a page is packed from: a stage of one or two columns whole, a longer one column by
    // column, so that a page is filled with the start of the next stage rather than left half
    // empty (its parts then say "part 1 of 2").
    var units: [Range<Int>] = []
    for stage in full.stages {
      if stage.columns.count <= 2 {
        units.append(stage.columns)
      } else {
        units += stage.columns.map { $0..<($0 + 1) }
      }
    }
    let boards = [full, overview]
    // Looked up once for the many pages tried.
    let indices = boards.map(Board.Columns.init)
    let names = boards.map(markerNames)
    func columns(_ range: Range<Int>) -> Range<Int> {
      units[range.lowerBound].lowerBound..<units[range.upperBound - 1].upperBound
    }
    // While packing, markers say "on page 99": as long as the real ones, at most.
    func page(_ range: Range<Int>, _ detail: Int,
              parts: (Int) -> Line? = { _ in partLine("part 9 of 9", theme) },
              place: (String) -> String? = { _ in "page 99" }, spare: Double = 12)
      -> (Board, [Range<Int>], BoardLayout, Theme)
    {
      var part = marked(boards[detail], columns: columns(range), theme: theme, part: parts,
                        place: place, index: indices[detail], names: names[detail])
        .droppingEmptyLanes()
      part.header = []
      part.footer = []
      part.blocksInColumns = true
      part.headline = [pageHeadline(full, page: part, number: 99, total: 99, theme: theme)]
      // The headline runs across the page, not only across the page's columns.
      part.flowWidth = (budget.width - 2 * theme.margin - 20).rounded(.down)
      // In the overview's detail, the page's own details under its grid or beside it, which
      // ever fills the sheet more, when they fit there; else they follow on pages of details.
      let own = detail == 1 ? Cutting.details(of: [part], in: overview) : []
      var told: (board: Board, way: Way, fill: Double)?
      for beside in own.isEmpty ? [] : [false, true] {
        var page = part
        page.footer = own
        page.footerBeside = beside
        let way = arranged(page, budget: budget, room: room, theme: theme, most: most,
                           spare: spare)
        let fill = drawn(way.layout, budget, most: most).fill
        if fits(way.layout, budget, spare: spare) && fill > (told?.fill ?? -1) {
          told = (page, way, fill)
        }
      }
      if let told { return (told.board, told.way.rows, told.way.layout, told.way.theme) }
      let way = arranged(part, budget: budget, room: room, theme: theme, most: most,
                         spare: spare)
      return (part, way.rows, way.layout, way.theme)
    }
    // Each page's layout once: packing asks about the same pages many times.
    struct Key: Hashable { var lower, upper, detail: Int }
    var measured: [Key: (fits: Bool, fill: Double)] = [:]
    func measure(_ range: Range<Int>, _ detail: Int) -> (fits: Bool, fill: Double) {
      let key = Key(lower: range.lowerBound, upper: range.upperBound, detail: detail)
      if let known = measured[key] { return known }
      // The fill is as drawn: a page holding less is drawn larger (see `drawn`). A page in
      // the overview's detail holds its own details, unless it is one unit alone.
      let (part, _, layout, _) = page(range, detail)
      let holds = detail == 0 || !part.footer.isEmpty
        || Cutting.details(of: [part], in: overview).isEmpty
      let result = (fits: fits(layout, budget) && holds,
                    fill: drawn(layout, budget, most: most).fill)
      measured[key] = result
      return result
    }
    // Full detail where a page starting at a unit holds at least three columns of it (or the
    // rest of the map); else the overview's detail, with the details on the page (`page`).
    let details = units.indices.map { start -> Int in
      var probe = start + 1
      while probe < units.count && columns(start..<probe).count < 3 { probe += 1 }
      return measure(start..<probe, 0).fits ? 0 : 1
    }
    // The fewest pages, and of those the cut whose emptiest page is fullest: from the last
    // unit back, the best way to lay out the rest from each unit on. A page holds as many
    // units as fit (one always, even when too tall: it is then drawn smaller).
    var best: [(pages: Int, worst: Double, end: Int)?] = Array(repeating: nil,
                                                               count: units.count + 1)
    best[units.count] = (0, .infinity, units.count)
    for start in units.indices.reversed() {
      let detail = details[start]
      var end = start + 1
      while end <= units.count {
        let page = measure(start..<end, detail)
        guard end == start + 1 || page.fits else { break }
        if let rest = best[end] {
          let candidate = (pages: rest.pages + 1, worst: min(page.fill, rest.worst), end: end)
          // Fewer pages first; then a fuller emptiest page, by more than rounding.
          let better = best[start].map { known in
            candidate.pages < known.pages
              || (candidate.pages == known.pages && candidate.worst > known.worst + 0.005)
          } ?? true
          if better { best[start] = candidate }
        }
        end += 1
      }
    }
    var ranges: [(Range<Int>, Int)] = []
    var start = 0
    while start < units.count, let next = best[start] {
      ranges.append((start..<next.end, details[start]))
      start = next.end
    }
    // Which part of its stage each page holds.
    var pieces: [Int: [Int]] = [:]  // stage → pages holding some of it
    for (n, (range, _)) in ranges.enumerated() {
      let cols = columns(range)
      for (s, stage) in full.stages.enumerated() where stage.columns.overlaps(cols) {
        pieces[s, default: []].append(n)
      }
    }
    // Where each step is: the page after the cover (or overview) that holds its column.
    var number: [Int: Int] = [:]  // column → page
    for (n, (range, _)) in ranges.enumerated() {
      for column in columns(range) { number[column] = n + 2 }
    }
    var at: [String: Int] = [:]
    for (cell, boxes) in full.cells {
      for box in boxes { at[box.id] = number[cell.column] }
    }
    var out: [(board: Board, rows: [Range<Int>], theme: Theme)] = []
    var briefed: [Board] = []
    for (n, (range, detail)) in ranges.enumerated() {
      let (part, rows, _, laid) = page(range, detail, parts: { s in
        guard let pages = pieces[s], pages.count > 1, let k = pages.firstIndex(of: n) else {
          return nil
        }
        return partLine("part \(k + 1) of \(pages.count)", theme)
      }, place: { id in at[id].map { "\(unit) \($0)" } }, spare: 0)
      out.append((part, rows, laid))
      if detail == 1 && part.footer.isEmpty { briefed.append(part) }
    }
    // The details that had no room on their page follow, filling pages of their own.
    return out + notes(overview, briefed, budget: budget, theme: theme)
  }

  /// How a page is laid out: its rows of stages, the layout, and the theme it is drawn with.
  typealias Way = (rows: [Range<Int>], layout: BoardLayout, theme: Theme)

  /// True when `layout` fits `budget` (natural points at the smallest scale) with `spare`
  /// points to spare: while packing, a page's markers say "page 99", and the final ones may
  /// take another line ("2, 3 on page 2; 8 on page 4").
  static func fits(_ layout: BoardLayout, _ budget: (width: Double, height: Double),
                   spare: Double = 12) -> Bool {
    layout.width <= budget.width - spare && layout.height <= budget.height - spare
  }

  /// How a page is drawn on its sheet of `budget` (natural points at the smallest scale): the
  /// scale, as a multiple of the smallest (a page holding less is drawn larger, up to `most`:
  /// see `filling`), the part of the sheet it then fills, and whether its width (rather than
  /// its height) sets the scale. The headline's width does not count: it flows to any width.
  static func drawn(_ layout: BoardLayout, _ budget: (width: Double, height: Double),
                    most: Double) -> (scale: Double, fill: Double, widthBound: Bool)
  {
    let across = budget.width / max(layout.gridWidth, 1)
    let down = budget.height / max(layout.height, 1)
    let scale = min(across, down, most)
    return (scale, layout.gridWidth * layout.height * scale * scale
      / (budget.width * budget.height), across < down)
  }

  /// The rows and theme a page of stages is laid out with: of a few ways, the one that fills
  /// its sheet most as drawn (see `drawn`), of those that fit `budget`. First its stages in as
  /// few rows as fit `room` (the width rows may take); when that is narrower than the sheet
  /// at the scale drawn, the same with wider cards (up to `Theme.widestCards` times, as wide
  /// as keeps the page within the sheet's shape): their text takes fewer lines, so the page is
  /// shorter and drawn larger; when it is wider, its stages in two or three rows.
  static func arranged(_ page: Board, budget: (width: Double, height: Double), room: Double,
                       theme: Theme, most: Double, spare: Double = 12)
    -> Way
  {
    func way(_ theme: Theme, rows: [Range<Int>]? = nil) -> Way {
      let rows = rows ?? greedy(BoardLayout.stageWidths(page, theme: theme), budget: room)
      return (rows, BoardLayout(page, rows: rows, theme: theme), theme)
    }
    let first = way(theme)
    let start = drawn(first.layout, budget, most: most)
    guard start.scale < most, !page.stages.isEmpty else { return first }
    var best = (way: first, fill: start.fill)
    func consider(_ candidate: Way) -> (scale: Double, fill: Double, widthBound: Bool) {
      let seen = drawn(candidate.layout, budget, most: most)
      // A fuller sheet by more than rounding.
      if fits(candidate.layout, budget, spare: spare) && seen.fill > best.fill + 0.005 {
        best = (candidate, seen.fill)
      }
      return seen
    }
    if !start.widthBound {
      // The widest cards that keep the page's width from setting its scale: the widest first,
      // then halving the interval a few times.
      var (low, high) = (1.0, theme.widestCards)
      for k in 0..<5 where high > low * 1.02 {
        let factor = k == 0 ? high : (low + high) / 2
        var wider = theme
        wider.cardWidth = (theme.cardWidth * factor).rounded()
        if consider(way(wider)).widthBound { high = factor } else { low = factor }
      }
    } else if page.stages.count > 1 {
      let widths = BoardLayout.stageWidths(page, theme: theme)
      for count in 2...min(page.stages.count, 3) where count > first.rows.count {
        _ = consider(way(theme, rows: rows(widths, count: count)))
      }
    }
    return best.way
  }

  /// The numbered details (the overview's footer) of the steps on `pages`, in order.
  static func details(of pages: [Board], in overview: Board) -> [Box] {
    var ids: Set<String> = []
    for page in pages { for boxes in page.cells.values { for box in boxes { ids.insert(box.id) } } }
    return overview.footer.filter { ids.contains("step-" + $0.id.dropFirst(7)) }
  }

  /// Pages of the numbered details of the steps on overview pages that had no room for them,
  /// in newspaper columns, shared out evenly over as few pages as hold them.
  static func notes(_ overview: Board, _ pages: [Board], budget: (width: Double, height: Double),
                    theme: Theme) -> [(board: Board, rows: [Range<Int>], theme: Theme)] {
    let details = Cutting.details(of: pages, in: overview)
    guard !details.isEmpty else { return [] }
    func board(_ boxes: ArraySlice<Box>) -> Board {
      var notes = Board(id: overview.id, title: overview.title, summary: overview.summary)
      notes.footer = Array(boxes)
      notes.blocksInColumns = true
      notes.flowWidth = (budget.width - 2 * theme.margin - 20).rounded(.down)
      notes.headline = [pageHeadline(overview, page: notes, number: 99, total: 99, theme: theme)]
      return notes
    }
    var count = 0
    var start = 0
    while start < details.count {
      var end = start + 1
      while end < details.count,
        BoardLayout(board(details[start...end]), rows: [], theme: theme).height
          <= budget.height - 12
      {
        end += 1
      }
      count += 1
      start = end
    }
    let size = (details.count + count - 1) / count
    return stride(from: 0, to: details.count, by: size).map {
      (board(details[$0..<min($0 + size, details.count)]), [], theme)
    }
  }

  /// The line under a stage's name saying which part of it a page holds.
  static func partLine(_ text: String, _ theme: Theme) -> Line {
    Line(Run(text, size: theme.small, bold: true, color: theme.mutedInk))
  }

  /// A stage's name, with the part a page holds: "Ask for help (part 2 of 3)".
  static func name(_ stage: Board.Stage) -> String {
    (stage.label.lines.first?.text.text ?? "") + (stage.part.map { " (\($0))" } ?? "")
  }

  /// The stages on a page: "stage Ask", "stages Ask – Pay", or "details" for a page of notes.
  static func stages(_ page: Board) -> String {
    let first = page.stages.first.map(name) ?? ""
    let last = page.stages.last.map(name) ?? ""
    return page.stages.isEmpty ? "details"
      : first == last ? "stage \(first)" : "stages \(first) – \(last)"
  }

  /// A page's bookmark: its stages, capitalised ("Stages Ask – Pay", "Details").
  static func heading(_ page: Board) -> String {
    let text = stages(page)
    return text.prefix(1).uppercased() + text.dropFirst()
  }

  static func pageHeadline(_ board: Board, page: Board, number: Int, total: Int, theme: Theme,
                           unit: String = "page") -> Line
  {
    // One line across the page: the stage names below are the larger text.
    Line(Run("\(board.title) · \(stages(page)) · \(unit) \(number) of \(total)",
             size: theme.phase, bold: true))
  }

  static func pageList(_ pages: [Board], theme: Theme) -> Box {
    let entries = pages.enumerated().map { index, page in
      let names = page.stages.map(name)
      return "\(index + 2). " + (names.isEmpty ? "details" : names.joined(separator: ", "))
    }
    let lines = [Line(Run("Pages", size: theme.owner, bold: true)),
                 Line(Run(entries.joined(separator: "  ·  "), size: theme.small))]
    var box = Box(id: "pages", classes: ["page-list"], lines: lines)
    box.width = .fit(900)
    return box
  }

  // MARK: Slides

  static func slides(_ board: Board, overview: Board, theme: Theme) -> [Picture] {
    let slide = Medium.slide
    let minimum = Medium.screen.minimumScale(theme) ?? 1
    var pictures: [Picture] = []
    // The overview: every stage, in as many rows as fill the 16:9 slide best.
    var whole = overview
    whole.footer = []
    let widths = BoardLayout.stageWidths(whole, theme: theme)
    var best: (BoardLayout, Double)?
    for k in 1...max(1, min(whole.stages.count, 8)) {
      let layout = BoardLayout(whole, rows: rows(widths, count: k), theme: theme)
      let scale = min(slide.width / layout.width, slide.height / layout.height)
      if best == nil || scale > best!.1 { best = (layout, scale) }
    }
    if let (layout, scale) = best {
      pictures.append(Picture(source: .board(whole, layout, theme), part: "slide-1",
                              title: board.title + ", overview", summary: board.summary,
                              canvas: .init(width: slide.width, height: slide.height,
                                            scale: scale, unit: "px"),
                              heading: "Overview"))
    }
    let budget = (width: slide.width / minimum, height: slide.height / minimum)
    let parts = pages(board, overview: overview, budget: budget, theme: theme, unit: "slide",
                      most: 1.6)
    let total = parts.count + 1
    for (index, part) in parts.enumerated() {
      var page = part.board
      page.headline = [pageHeadline(board, page: page, number: index + 2, total: total,
                                    theme: theme, unit: "slide")]
      let (drawn, layout, scale) = filling(page, rows: part.rows, room: slide,
                                           minimum: minimum, most: 1.6, theme: part.theme)
      pictures.append(Picture(source: .board(drawn, layout, part.theme),
                              part: "slide-\(index + 2)",
                              title: board.title + ", slide \(index + 2) of \(total)",
                              summary: board.summary,
                              canvas: .init(width: slide.width, height: slide.height,
                                            scale: scale, unit: "px"),
                              heading: heading(page)))
    }
    return pictures
  }

  // MARK: Rows

  /// Stages split into `count` rows of about equal width.
  static func rows(_ widths: [Double], count: Int) -> [Range<Int>] {
    guard !widths.isEmpty else { return [0..<0] }
    let count = max(1, min(count, widths.count))
    let total = widths.reduce(0, +)
    var rows: [Range<Int>] = []
    var start = 0
    var sum = 0.0
    for (i, w) in widths.enumerated() {
      let target = total * Double(rows.count + 1) / Double(count)
      // Cut before this stage when that lands closer to the row's share.
      if i > start && rows.count < count - 1 && abs(sum - target) < abs(sum + w - target) {
        rows.append(start..<i)
        start = i
      }
      sum += w
    }
    rows.append(start..<widths.count)
    return rows
  }

  /// Stages in rows no wider than `budget`, filled in turn.
  static func greedy(_ widths: [Double], budget: Double) -> [Range<Int>] {
    guard !widths.isEmpty else { return [0..<0] }
    var rows: [Range<Int>] = []
    var start = 0
    var sum = 0.0
    for (i, w) in widths.enumerated() {
      if i > start && sum + w > budget {
        rows.append(start..<i)
        start = i
        sum = 0
      }
      sum += w
    }
    rows.append(start..<widths.count)
    return rows
  }

  /// Stages wider than `budget` split into parts of whole columns ("Ask (part 1 of 2)").
  static func splitStages(_ board: Board, budget: Double, theme: Theme) -> Board {
    let perColumn = theme.cardWidth + theme.gutter
    let limit = max(1, Int((budget - 2 * theme.stageInset - 12) / perColumn))
    guard board.stages.contains(where: { $0.columns.count > limit }) else { return board }
    var out = board
    out.stages = []
    var newIndex: [Int: Range<Int>] = [:]
    for (s, stage) in board.stages.enumerated() {
      let first = out.stages.count
      let count = stage.columns.count
      let parts = count > limit ? (count + limit - 1) / limit : 1
      let size = (count + parts - 1) / parts
      for k in 0..<parts {
        var part = stage
        let lower = stage.columns.lowerBound + k * size
        part.columns = lower..<min(lower + size, stage.columns.upperBound)
        if parts > 1 {
          part.origin = stage.id
          part.id = stage.id + (k == 0 ? "" : "-part-\(k + 1)")
          part.label.id = stage.label.id + (k == 0 ? "" : "-part-\(k + 1)")
          if var name = part.label.lines.first {
            name.text.text += " (part \(k + 1) of \(parts))"
            part.label.lines = [name] + (k == 0 ? Array(part.label.lines.dropFirst()) : [])
          }
        }
        out.stages.append(part)
      }
      newIndex[s] = first..<out.stages.count
    }
    out.phases = board.phases.map { phase in
      var phase = phase
      let a = newIndex[phase.stages.lowerBound]?.lowerBound ?? 0
      let b = newIndex[phase.stages.upperBound - 1]?.upperBound ?? a
      phase.stages = a..<b
      return phase
    }
    return out
  }

  /// What a marker calls each box: a step card by its number.
  static func markerNames(_ board: Board) -> [String: String] {
    var name: [String: String] = [:]
    for boxes in board.cells.values {
      for box in boxes {
        name[box.id] = box.number.map(String.init)
          ?? box.tooltip ?? box.lines.first?.text.text ?? box.id
      }
    }
    return name
  }

  /// The board of stages `range`, with a marker beside each card whose flow leaves for or
  /// arrives from a stage outside it, one line naming the steps at the other end by their
  /// numbers and, when `place` tells, the page or slide they are on: "← from 2, 3 on page 2",
  /// "→ to 6 on page 4".
  static func marked(_ board: Board, columns range: Range<Int>, theme: Theme,
                     part: (Int) -> Line? = { _ in nil },
                     place: (String) -> String? = { _ in nil },
                     index: Board.Columns? = nil, names: [String: String]? = nil) -> Board {
    var (part, cut) = board.slice(columns: range, part: part, index: index)
    guard !cut.isEmpty else { return part }
    let name = names ?? markerNames(board)
    // Markers beside a card go in the first stacked band below the cards.
    let primary = board.rows.firstIndex(where: \.isPrimary) ?? 0
    let besideRow = board.rows.indices.first {
      $0 > primary && board.rows[$0].kind == .stack && !board.rows[$0].isPrimary
    }
    var kept: [String: Board.Cell] = [:]
    for (cell, boxes) in part.cells { for box in boxes { kept[box.id] = cell } }
    // One marker per cell and direction, naming each step at the other end once.
    var marks: [Board.Cell: (into: [String], out: [String], id: String)] = [:]
    var order: [Board.Cell] = []
    for connector in cut {
      let leaving = kept[connector.from] != nil
      guard let cell = kept[leaving ? connector.from : connector.to] else { continue }
      let target = cell.row == primary && besideRow != nil
        ? Board.Cell(cell.column, besideRow ?? cell.row) : cell
      let other = leaving ? connector.to : connector.from
      if marks[target] == nil {
        marks[target] = ([], [], "mark-" + (leaving ? connector.from : connector.to))
        order.append(target)
      }
      if leaving {
        if !(marks[target]?.out.contains(other) ?? true) { marks[target]?.out.append(other) }
      } else if !(marks[target]?.into.contains(other) ?? true) {
        marks[target]?.into.append(other)
      }
    }
    /// "2, 3 on page 2; 9 on page 5": the steps grouped by where they are, in order.
    func located(_ ids: [String]) -> String {
      var groups: [(place: String?, names: [String])] = []
      for id in ids {
        let at = place(id)
        if let k = groups.firstIndex(where: { $0.place == at }) {
          groups[k].names.append(name[id] ?? id)
        } else {
          groups.append((at, [name[id] ?? id]))
        }
      }
      // By number within a page ("9, 11"); the pages in the order the connectors reach them.
      return groups.map { group in
        let names = group.names.sorted { a, b in
          switch (Int(a), Int(b)) {
          case let (x?, y?): x < y
          case (.some, nil): true
          case (nil, .some): false
          default: a < b
          }
        }
        return names.joined(separator: ", ") + (group.place.map { " on " + $0 } ?? "")
      }.joined(separator: "; ")
    }
    for cell in order {
      guard let mark = marks[cell] else { continue }
      func box(_ ids: [String], _ arrow: String, _ word: String, _ suffix: String) -> Box {
        let lines = [Line(Run(word + " " + located(ids), size: theme.small, italic: true),
                          prefix: Run(arrow, size: theme.small, bold: true))]
        var box = Box(id: mark.id + suffix, classes: ["marker", suffix == "-in" ? "in" : "out"],
                      lines: lines)
        box.fill = theme.paper
        box.stroke = theme.ink
        box.border = .dashed
        return box
      }
      var list = part.cells[cell] ?? []
      // Beside the card: in its own band, before and after what is there; in the card's own
      // cell (a lane), after it, so that nothing stands where arrows land on its top.
      let beside = !part.rows[cell.row].isPrimary
      if !mark.into.isEmpty {
        list.insert(box(mark.into, "←", "from", "-in"), at: beside ? 0 : list.count)
      }
      if !mark.out.isEmpty { list.append(box(mark.out, "→", "to", "-out")) }
      part.cells[cell] = list
    }
    return part
  }
}
