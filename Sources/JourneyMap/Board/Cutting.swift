/// Cuts a board into the pictures a medium needs: rows of whole stages for a poster or a
/// document column, pages of several stages for paper, slides for a projector. Everything is
/// cut from the board (stages, cells, connectors) and laid out again; nothing edits DOT or SVG.
public enum Cutting {
  /// The pictures of one view for `medium`. `make` builds the view's board at a detail.
  public static func pictures(medium: Medium, detail: Detail, width: Double = 480,
                              theme: Theme = .standard, make: (Detail) -> Board) -> [Picture] {
    let board = make(detail)
    switch medium {
    case .poster:
      let layout = poster(board, theme: theme)
      return [Picture(source: .board(board, layout), title: board.title, summary: board.summary)]
    case .column:
      return [column(board, width: width, theme: theme)]
    case .a4, .a3, .letter:
      return paper(board, medium: medium, theme: theme)
    case .screen:
      return slides(board, overview: detail == .overview ? board : make(.overview), theme: theme)
    }
  }

  // MARK: Poster

  /// Full detail, wrapped onto as few rows of stages as keep it at most 3:1.
  static func poster(_ board: Board, theme: Theme) -> BoardLayout {
    let widths = BoardLayout.stageWidths(board, theme: theme)
    var k = 1
    var layout = BoardLayout(board, rows: rows(widths, count: 1), theme: theme)
    let single = layout
    while layout.width > Medium.posterAspect * layout.height && k < board.stages.count {
      // Each extra row adds about one row's height and takes a share of the width.
      let rowHeight = max(single.height - headerHeight(single), 1)
      let estimate = Int((single.width / (Medium.posterAspect * rowHeight)).squareRoot())
      k = max(k + 1, min(estimate, board.stages.count))
      layout = BoardLayout(board, rows: rows(widths, count: k), theme: theme)
    }
    return layout
  }

  /// The height above the first stage frame.
  static func headerHeight(_ layout: BoardLayout) -> Double {
    layout.frames.filter { $0.kind == .stage || $0.kind == .phase }.map(\.rect.y).min() ?? 0
  }

  // MARK: Column

  /// Laid out at the column's width: as many rows as the text size needs, height following.
  static func column(_ board: Board, width: Double, theme: Theme) -> Picture {
    let scale = Medium.column.minimumScale(theme, width: width) ?? 1
    var budget = width / scale
    let board = splitStages(board, budget: budget - fixedWidth(theme), theme: theme)
    let widths = BoardLayout.stageWidths(board, theme: theme)
    var layout = BoardLayout(board, rows: greedy(widths, budget: budget - fixedWidth(theme)),
                             theme: theme)
    // Connector tracks widen a row past its estimate: take less per row until it fits.
    var tries = 0
    while layout.width > width / scale && tries < 6 {
      budget *= 0.9
      tries += 1
      layout = BoardLayout(board, rows: greedy(widths, budget: budget - fixedWidth(theme)),
                           theme: theme)
    }
    let s = width / layout.width
    return Picture(source: .board(board, layout), title: board.title, summary: board.summary,
                   canvas: .init(width: width, height: (layout.height * s).rounded(.up),
                                 scale: s, unit: "pt"))
  }

  /// Width that does not belong to any stage: margins, band labels, channels.
  static func fixedWidth(_ theme: Theme) -> Double {
    BoardLayout.leftWidth(theme) + 2 * theme.margin + 3 * theme.track
  }

  // MARK: Paper

  static func paper(_ board: Board, medium: Medium, theme: Theme) -> [Picture] {
    guard let sheet = medium.sheet, let minimum = medium.minimumScale(theme) else { return [] }
    let room = (width: sheet.width - 2 * Medium.paperMargin,
                height: sheet.height - 2 * Medium.paperMargin)
    let budget = (width: room.width / minimum, height: room.height / minimum)
    let parts = pages(board, budget: budget, theme: theme)
    var cover = Board(id: board.id, title: board.title, summary: board.summary)
    cover.headline = board.headline
    cover.header = board.header
    var pictures: [Picture] = []
    let total = parts.count + 1
    cover.footer = [pageList(parts.map(\.board), theme: theme)]
    var laid: [(Board, BoardLayout)] = [(cover, BoardLayout(cover, rows: [], theme: theme))]
    for (index, part) in parts.enumerated() {
      var page = part.board
      page.headline = [pageHeadline(board, page: page, number: index + 2, total: total,
                                    theme: theme)]
      page.header = []
      page.footer = []
      laid.append((page, BoardLayout(page, rows: part.rows, theme: theme)))
    }
    // The pages after the cover share one scale, so text prints at one size on the wall.
    let shared = laid.dropFirst().map { min(room.width / $0.1.width, room.height / $0.1.height) }
      .min() ?? 1
    for (index, (page, layout)) in laid.enumerated() {
      let own = min(room.width / layout.width, room.height / layout.height)
      let scale = min(index == 0 ? own : shared, 1.5)
      pictures.append(Picture(source: .board(page, layout), part: "page-\(index + 1)",
                              title: board.title + ", page \(index + 1) of \(total)",
                              summary: board.summary,
                              canvas: .init(width: sheet.width, height: sheet.height,
                                            scale: scale, unit: "pt")))
    }
    return pictures
  }

  /// Consecutive stages packed into pages within `budget` (natural points), each page's
  /// stages in rows; the last page is balanced with the one before when it would be less than
  /// half full.
  static func pages(_ board: Board, budget: (width: Double, height: Double), theme: Theme)
    -> [(board: Board, rows: [Range<Int>])]
  {
    let board = splitStages(board, budget: budget.width - fixedWidth(theme), theme: theme)
    let widths = BoardLayout.stageWidths(board, theme: theme)
    func fits(_ range: Range<Int>) -> (Board, [Range<Int>], BoardLayout)? {
      var part = marked(board, range)
      part.header = []
      part.footer = []
      part.headline = [Line(Run("Title, page 1 of 9", size: theme.title, bold: true))]
      let rows = greedy(Array(widths[range]), budget: budget.width - fixedWidth(theme))
      let layout = BoardLayout(part, rows: rows, theme: theme)
      guard layout.width <= budget.width, layout.height <= budget.height else { return nil }
      return (part, rows, layout)
    }
    var ranges: [Range<Int>] = []
    var start = 0
    while start < board.stages.count {
      var end = start + 1
      while end < board.stages.count, fits(start..<(end + 1)) != nil { end += 1 }
      ranges.append(start..<end)
      start = end
    }
    // Balance the last two pages when the last is small: at least half of a page each.
    if ranges.count >= 2, let last = ranges.last, let fitted = fits(last) {
      let fill = fitted.2.width * fitted.2.height / (budget.width * budget.height)
      if fill < 0.5 {
        let previous = ranges[ranges.count - 2]
        let both = previous.lowerBound..<last.upperBound
        var best: (Int, Double)?
        for cut in (both.lowerBound + 1)..<both.upperBound {
          guard let a = fits(both.lowerBound..<cut), let b = fits(cut..<both.upperBound) else {
            continue
          }
          let fa = a.2.width * a.2.height
          let fb = b.2.width * b.2.height
          let worst = min(fa, fb)
          if best == nil || worst > best!.1 { best = (cut, worst) }
        }
        if let (cut, _) = best {
          ranges.removeLast(2)
          ranges += [both.lowerBound..<cut, cut..<both.upperBound]
        }
      }
    }
    return ranges.map { range in
      let rows = greedy(Array(widths[range]), budget: budget.width - fixedWidth(theme))
      return (marked(board, range), rows)
    }
  }

  static func pageHeadline(_ board: Board, page: Board, number: Int, total: Int, theme: Theme)
    -> Line
  {
    let first = page.stages.first?.label.lines.first?.text.text ?? ""
    let last = page.stages.last?.label.lines.first?.text.text ?? ""
    let range = first == last ? "stage \(first)" : "stages \(first) – \(last)"
    let title = board.headline.first?.text.text ?? board.title
    return Line(Run("\(title) · \(range) · page \(number) of \(total)", size: theme.stage,
                    bold: true))
  }

  static func pageList(_ pages: [Board], theme: Theme) -> Box {
    var lines = [Line(Run("Pages", size: theme.owner, bold: true))]
    for (index, page) in pages.enumerated() {
      let names = page.stages.compactMap { $0.label.lines.first?.text.text }
      lines.append(Line(Run(names.joined(separator: ", "), size: theme.small),
                        prefix: Run("\(index + 2).", size: theme.small, bold: true)))
    }
    var box = Box(id: "pages", classes: ["page-list"], lines: lines)
    box.width = .fit(700)
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
      pictures.append(Picture(source: .board(whole, layout), part: "slide-1",
                              title: board.title + ", overview", summary: board.summary,
                              canvas: .init(width: slide.width, height: slide.height,
                                            scale: scale, unit: "px")))
    }
    let budget = (width: slide.width / minimum, height: slide.height / minimum)
    var parts = pages(board, budget: budget, theme: theme)
    // A stage whose full detail is too tall for a slide is shown in the overview's detail.
    parts = parts.map { part in
      let layout = BoardLayout(part.board, rows: part.rows, theme: theme)
      guard layout.height > budget.height else { return part }
      let names = Set(part.board.stages.map(\.id))
      guard let range = rangeOf(names, in: overview) else { return part }
      var brief = marked(overview, range)
      brief.footer = []
      return (brief, greedy(BoardLayout.stageWidths(brief, theme: theme),
                            budget: budget.width - fixedWidth(theme)))
    }
    let total = parts.count + 1
    for (index, part) in parts.enumerated() {
      var page = part.board
      page.headline = [pageHeadline(board, page: page, number: index + 2, total: total,
                                    theme: theme)]
      page.header = []
      let layout = BoardLayout(page, rows: part.rows, theme: theme)
      let scale = min(slide.width / layout.width, slide.height / layout.height, 2 * minimum)
      pictures.append(Picture(source: .board(page, layout), part: "slide-\(index + 2)",
                              title: board.title + ", slide \(index + 2) of \(total)",
                              summary: board.summary,
                              canvas: .init(width: slide.width, height: slide.height,
                                            scale: scale, unit: "px")))
    }
    return pictures
  }

  static func rangeOf(_ stageIDs: Set<String>, in board: Board) -> Range<Int>? {
    let indices = board.stages.indices.filter { stageIDs.contains(board.stages[$0].id) }
    guard let first = indices.first, let last = indices.last else { return nil }
    return first..<(last + 1)
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
    let fit = max(1, Int((budget - 2 * theme.stageInset - theme.gutter - 12 + theme.gutter)
      / perColumn))
    guard board.stages.contains(where: { $0.columns.count > fit }) else { return board }
    var out = board
    out.stages = []
    var newIndex: [Int: Range<Int>] = [:]
    for (s, stage) in board.stages.enumerated() {
      let first = out.stages.count
      let count = stage.columns.count
      let parts = count > fit ? (count + fit - 1) / fit : 1
      let size = (count + parts - 1) / parts
      for k in 0..<parts {
        var part = stage
        let lower = stage.columns.lowerBound + k * size
        part.columns = lower..<min(lower + size, stage.columns.upperBound)
        if parts > 1 {
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

  /// The board of stages `range`, with a marker beside each card whose flow leaves for or
  /// arrives from a stage outside it: "→ Pays a deposit", "← from Calls the hotline".
  static func marked(_ board: Board, _ range: Range<Int>) -> Board {
    var (part, cut) = board.slice(stages: range)
    guard !cut.isEmpty else { return part }
    var label: [String: String] = [:]
    for boxes in board.cells.values {
      for box in boxes { label[box.id] = box.tooltip ?? box.lines.first?.text.text ?? box.id }
    }
    // Markers beside a card go in the first stacked band below the cards.
    let primary = board.rows.firstIndex(where: \.isPrimary) ?? 0
    let besideRow = board.rows.indices.first { $0 > primary && board.rows[$0].kind == .stack }
    var kept: [String: Board.Cell] = [:]
    for (cell, boxes) in part.cells { for box in boxes { kept[box.id] = cell } }
    var ids = Set<String>()
    for (n, connector) in cut.enumerated() {
      let leaving = kept[connector.from] != nil
      guard let cell = kept[leaving ? connector.from : connector.to] else { continue }
      let other = label[leaving ? connector.to : connector.from] ?? ""
      let text = leaving ? "continues at \u{201C}\(other)\u{201D}"
        : "from \u{201C}\(other)\u{201D}"
      let theme = Theme.standard
      var id = "mark-\(connector.id)"
      if !ids.insert(id).inserted { id += "-\(n)" }
      var box = Box(id: id, classes: ["marker", leaving ? "out" : "in"], lines: [
        Line(Run(text, size: theme.note, italic: true),
             prefix: Run(leaving ? "→" : "←", size: theme.note, bold: true)),
      ])
      box.fill = theme.paper
      box.stroke = theme.ink
      box.border = .dashed
      // The marker goes beside the box, in the band below its own (notes' band for cards).
      let target = cell.row == primary && besideRow != nil
        ? Board.Cell(cell.column, besideRow ?? cell.row) : cell
      var list = part.cells[target] ?? []
      if leaving { list.append(box) } else { list.insert(box, at: 0) }
      part.cells[target] = list
    }
    return part
  }
}
