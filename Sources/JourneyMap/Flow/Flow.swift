/// The path through a journey: which step leads to which, derived from the order of lines
/// and the explicit branches.
///
/// The rules (README, "Flow"):
/// - the journey starts at the first step that is not backstage;
/// - a touchpoint with no branches goes on to the next step in the file that is not backstage;
///   the last one ends the journey;
/// - a step with branches goes only where its branches say; a branch to a stage goes to that
///   stage's first step that is not backstage (or its first step if all are backstage);
/// - a decision goes only where its branches say; an outcome ends the journey;
/// - a backstage touchpoint never joins the customer's path by itself: it has edges only where
///   it has branches.
public struct Flow: Sendable {
  public struct Edge: Hashable, Sendable {
    /// Key of the step the edge leaves.
    public var from: String
    /// Key of the step the edge enters.
    public var to: String
    /// The branch label, nil for implicit "next step" edges and unlabelled branches.
    public var label: String?
    /// True when the edge was written as a branch, false when it follows from line order.
    public var isExplicit: Bool
    /// True when the edge goes back to the same step or one earlier in the file (renewal).
    /// Never true out of a backstage step: the customer does not go round again there.
    public var isLoop: Bool
  }

  /// Key of the first step of the customer's path, nil for a journey with no front-stage step.
  public var start: String?
  /// Every edge, ordered by the source step's position, then by branch order.
  public var edges: [Edge]
  /// Keys of every step reachable from `start`, in source order.
  public var reachable: [String]

  /// Derives the flow of `journey`. Branch targets that name nothing are skipped: the checker
  /// reports them.
  public init(_ journey: Journey) {
    let steps = journey.steps
    var index: [String: Int] = [:]
    for (i, step) in steps.enumerated() where index[step.key] == nil {
      index[step.key] = i
    }
    var stageEntry: [String: Int] = [:]
    for stage in journey.stages {
      guard let id = stage.id,
        let first = stage.steps.first(where: { !$0.isBackstage }) ?? stage.steps.first,
        let i = index[first.key]
      else { continue }
      stageEntry[id] = i
    }
    // A step id wins over a stage id of the same name; the checker reports the clash.
    func resolve(_ name: String) -> Int? { index[name] ?? stageEntry[name] }

    let frontstage = steps.indices.filter { !steps[$0].isBackstage }
    var nextFrontstage: [Int: Int] = [:]
    for (n, i) in frontstage.enumerated() where n + 1 < frontstage.count {
      nextFrontstage[i] = frontstage[n + 1]
    }

    var edges: [Edge] = []
    var outgoing: [[Int]] = Array(repeating: [], count: steps.count)
    for (i, step) in steps.enumerated() {
      if !step.branches.isEmpty {
        guard step.kind != .outcome else { continue }
        for branch in step.branches {
          guard let j = resolve(branch.target.name) else { continue }
          edges.append(Edge(from: step.key, to: steps[j].key, label: branch.label,
                            isExplicit: true, isLoop: j <= i && !step.isBackstage))
          outgoing[i].append(j)
        }
      } else if step.kind == .touchpoint, !step.isBackstage, let j = nextFrontstage[i] {
        edges.append(Edge(from: step.key, to: steps[j].key, label: nil,
                          isExplicit: false, isLoop: false))
        outgoing[i].append(j)
      }
    }
    self.edges = edges
    self.start = frontstage.first.map { steps[$0].key }

    var seen = Array(repeating: false, count: steps.count)
    var queue = frontstage.first.map { [$0] } ?? []
    if let first = queue.first { seen[first] = true }
    while let i = queue.popLast() {
      for j in outgoing[i] where !seen[j] {
        seen[j] = true
        queue.append(j)
      }
    }
    self.reachable = steps.indices.filter { seen[$0] }.map { steps[$0].key }
  }
}
