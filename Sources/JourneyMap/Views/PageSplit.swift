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
    let room = budget - fixed - perStage
    let maxColumns = max(1, Int(room / perColumn))
    var slices: [Slice] = []
    for (stage, count) in columnCounts.enumerated() {
      let count = max(count, 1)
      guard count > maxColumns else {
        slices.append(Slice(stage: stage, columns: 0..<count))
        continue
      }
      let parts = (count + maxColumns - 1) / maxColumns
      // Even parts: 5 columns in pages of 4 become 3 + 2, not 4 + 1.
      let size = (count + parts - 1) / parts
      for part in 0..<parts {
        let start = part * size
        slices.append(Slice(stage: stage, columns: start..<min(start + size, count),
                            part: part + 1, parts: parts))
      }
    }
    var page: [Slice] = []
    var width = fixed
    for slice in slices {
      let needed = perStage + perColumn * Double(slice.columns.count)
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
