/// The columns every view puts the steps in, the same on the journey map and the silo
/// diagram, so a step is in the same place on both: a column per front-stage step in file
/// order under its stage (one for a stage with none), and each backstage step in the column
/// of the step it serves.
struct Placement {
  /// The column of each step, by key: its own for a front-stage step, the column of the
  /// step it serves for a backstage step.
  var column: [String: Int] = [:]
  /// For each column: the stage index and the front-stage step (nil: an empty stage, or a
  /// stage of only backstage steps).
  var columns: [(stage: Int, step: Step?)] = []
  /// The backstage steps under each column, in file order.
  var backstage: [Int: [Step]] = [:]
  /// The columns of each stage, by stage index.
  var stageColumns: [Int: Range<Int>] = [:]
  /// The indices of the flow's edges by the step they leave, in flow order: one pass over the
  /// edges, not one per step (a map of thousands of steps made that quadratic).
  var leaving: [String: [Int]] = [:]

  init(_ journey: Journey, flow: Flow) {
    leaving = Dictionary(grouping: flow.edges.indices) { flow.edges[$0].from }
    var partners: [String: [String]] = [:]
    for edge in flow.edges {
      partners[edge.from, default: []].append(edge.to)
      partners[edge.to, default: []].append(edge.from)
    }
    for (stageIndex, stage) in journey.stages.enumerated() {
      let first = columns.count
      for step in stage.steps where !step.isBackstage && column[step.key] == nil {
        column[step.key] = columns.count
        columns.append((stageIndex, step))
      }
      if columns.count == first { columns.append((stageIndex, nil)) }
      let own = first..<columns.count
      stageColumns[stageIndex] = own
      // A backstage step sits under the step of its stage it is joined to (its branch's
      // target first), else under the front-stage step written before it.
      var previous = first
      for step in stage.steps {
        if !step.isBackstage {
          previous = column[step.key] ?? previous
          continue
        }
        guard column[step.key] == nil else { continue }
        let served = (partners[step.key] ?? []).compactMap { column[$0] }
          .first { own.contains($0) && columns[$0].step != nil }
        let c = served ?? previous
        column[step.key] = c
        backstage[c, default: []].append(step)
      }
    }
  }

  /// The flow edges that leave from a row of the step's card (answers and loops), in the
  /// order that keeps them from crossing: loops first (nearest target first), then forward
  /// jumps (farthest first), then the edge to the next column.
  func answers(of step: Step, in flow: Flow) -> [Flow.Edge] {
    answerIndices(of: step, in: flow).map { flow.edges[$0] }
  }

  /// `answers`, as indices into the flow's edges.
  func answerIndices(of step: Step, in flow: Flow) -> [Int] {
    guard let from = column[step.key] else { return [] }
    let all = flow.edges
    let edges = (leaving[step.key] ?? []).filter { index in
      let edge = all[index]
      return (edge.label != nil || edge.isLoop) && !(edge.label == nil && step.isBackstage)
    }
    if edges.count < 2 { return edges }
    func rank(_ index: Int) -> (Int, Int) {
      let edge = all[index]
      let to = column[edge.to] ?? from
      if edge.isLoop || to <= from { return (0, from - to) }
      return (1, -to)
    }
    return edges.enumerated().sorted { a, b in
      let (ra, rb) = (rank(a.element), rank(b.element))
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map(\.element)
  }
}
