/// Splits a view's stages into pages of paper, left to right, keeping stages whole.
///
/// Widths are estimated before layout from a column's typical width: the split must be pure
/// (no Graphviz), and the page is scaled to the paper afterwards, so an estimate a little off
/// only changes the scale a little. A stage wider than a page is split by its columns into
/// parts of its own ("part 1 of 2"): scaling it down to fit instead would print its text
/// at 5 pt and less.
struct PageSplit {
  /// The columns of one stage that a page holds.
  struct Slice: Equatable {
    var stage: Int
    /// Columns counted from the stage's first.
    var columns: Range<Int>
    /// 1-based part of a stage split over pages, and how many parts it has (1 when whole).
    var part = 1
    var parts = 1
  }

  /// The pages, each a run of slices in stage order.
  var pages: [[Slice]] = []

  /// Splits stages of `columnCounts` columns each so that a page's estimated width, `fixed`
  /// plus `perStage` for each stage plus `perColumn` for each column, stays within `budget`.
  init(columnCounts: [Int], perColumn: Double, perStage: Double, fixed: Double,
       budget: Double) {
    self.init(columnWidths: columnCounts.map { Array(repeating: perColumn, count: max($0, 1)) },
              perStage: perStage, fixed: fixed, budget: budget)
  }

  /// Splits stages whose columns are estimated at `columnWidths` (one array per stage) so
  /// that a page's estimated width, `fixed` plus `perStage` for each stage plus its columns,
  /// stays within `budget`.
  init(columnWidths: [[Double]], perStage: Double, fixed: Double, budget: Double) {
    let room = budget - fixed - perStage
    var slices: [Slice] = []
    for (stage, widths) in columnWidths.enumerated() {
      let widths = widths.isEmpty ? [0] : widths
      guard widths.reduce(0, +) > room, widths.count > 1 else {
        slices.append(Slice(stage: stage, columns: 0..<widths.count))
        continue
      }
      let parts = Self.parts(widths, room: room)
      for (index, columns) in parts.enumerated() {
        slices.append(Slice(stage: stage, columns: columns, part: index + 1,
                            parts: parts.count))
      }
    }
    var page: [Slice] = []
    var width = fixed
    for slice in slices {
      let needed = perStage + columnWidths[slice.stage].indices
        .filter { slice.columns.contains($0) }.map { columnWidths[slice.stage][$0] }
        .reduce(0, +)
      if !page.isEmpty && width + needed > budget {
        pages.append(page)
        page = []
        width = fixed
      }
      page.append(slice)
      width += needed
    }
    if !page.isEmpty { pages.append(page) }
  }

  /// A stage too wide for a page as parts that each fit `room` (a column wider than `room`
  /// alone): as few parts as filling them in turn gives, of even sizes when those fit too
  /// (5 columns in pages of 4 become 3 + 2, not 4 + 1).
  private static func parts(_ widths: [Double], room: Double) -> [Range<Int>] {
    var greedy: [Range<Int>] = []
    var start = 0
    var width = 0.0
    for (index, w) in widths.enumerated() {
      if index > start && width + w > room {
        greedy.append(start..<index)
        start = index
        width = 0
      }
      width += w
    }
    greedy.append(start..<widths.count)
    let size = (widths.count + greedy.count - 1) / greedy.count
    let even = stride(from: 0, to: widths.count, by: size).map {
      $0..<min($0 + size, widths.count)
    }
    let fits = even.count == greedy.count
      && even.allSatisfy { widths[$0].reduce(0, +) <= room || $0.count == 1 }
    return fits ? even : greedy
  }

  /// "stages Ask for help – Get it fixed", "stage Get it fixed (part 1 of 2)".
  static func stageRange(_ slices: [Slice], label: (Int) -> String) -> String {
    func name(_ slice: Slice) -> String {
      label(slice.stage) + (slice.parts > 1 ? " (part \(slice.part) of \(slice.parts))" : "")
    }
    guard let first = slices.first, let last = slices.last else { return "" }
    if slices.count == 1 { return "stage " + name(first) }
    return "stages " + name(first) + " \u{2013} " + name(last)
  }
}
