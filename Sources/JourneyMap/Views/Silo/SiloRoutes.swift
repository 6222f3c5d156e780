/// How each flow edge of the silo diagram is drawn: a chain of pieces that each join
/// neighbouring columns, through invisible waypoints that sit inside a lane.
///
/// Why: dot turns an edge that spans several ranks into virtual nodes that belong to no
/// cluster. With crossing minimisation held down (`mclimit`, for the lane order) those land
/// at the ends of their rank, below every lane, or on the line of a card they then run
/// through. A waypoint is a real node inside a lane cluster, pinned to its column, so dot
/// orders it beside the cards of that column, never on one, and the edge stays in the lanes.
struct SiloRoute {
  /// Index into `Flow.edges`.
  var edge: Int
  /// The step the edge leaves and the step it enters.
  var from: Int
  var to: Int
  /// True when the edge goes back to an earlier column (a loop): it is then written left to
  /// right, from `to` to `from`, with its arrow at the tail.
  var backwards: Bool
  /// One waypoint per column the edge passes, left to right: its column and lane position.
  var via: [Waypoint]
  /// True when the pieces that leave or enter a card leave from its right side and enter
  /// the next card's left side: when a piece between two columns has to cross the lanes
  /// between where they hold cards. dot would start it at the card's top or bottom, inside
  /// the column of those cards; from the side it climbs in the gap between the columns.
  /// Only then: two edges leaving one card by the same port can get their labels stacked.
  var sidePorts = false

  /// An invisible node the edge passes through, in one column and one lane.
  struct Waypoint {
    var column: Int
    var lane: Int
  }

  /// The routes of every flow edge whose ends are known steps, in `Flow.edges` order.
  ///
  /// A piece that stays in its lane is safe: dot orders its waypoint beside the cards of
  /// its column. A piece that changes lane is one slanted line across the lanes between,
  /// through the right half of one column and the left half of the next, so it crosses any
  /// card those lanes have there; the waypoints' lanes are chosen to avoid that (see
  /// `cost`), one lane per column, by dynamic programming over the columns.
  static func of(_ d: SiloDiagram) -> [SiloRoute] {
    // Cards (steps and their dashed copies) per lane and column.
    var cards = Array(repeating: Array(repeating: 0, count: d.columns.count),
                      count: d.lanes.lanes.count)
    for i in d.steps.indices {
      cards[d.lanes.position(of: d.lanes.home[i])][d.column[i]] += 1
      for o in d.owners(of: i).dropFirst() {
        cards[d.lanes.position(of: .owner(o))][d.column[i]] += 1
      }
    }
    var routes: [SiloRoute] = []
    for (e, edge) in d.flow.edges.enumerated() {
      guard let u = d.index[edge.from], let v = d.index[edge.to] else { continue }
      let backwards = d.column[v] < d.column[u]
      let (left, right) = backwards ? (v, u) : (u, v)
      let lo = d.column[left]
      let hi = d.column[right]
      var via: [Waypoint] = []
      if lo + 1 < hi {
        let lanes = plan(
          from: (lo, d.lanes.position(of: d.lanes.home[left])),
          to: (hi, d.lanes.position(of: d.lanes.home[right])),
          leaving: backwards ? .right : .left, cards: cards)
        via = lanes.enumerated().map { Waypoint(column: lo + 1 + $0.offset, lane: $0.element) }
      }
      var route = SiloRoute(edge: e, from: u, to: v, backwards: backwards, via: via)
      let laneOf = route.lanes(in: d)
      for j in 0..<(laneOf.count - 1) where j == 0 || j == laneOf.count - 2 {
        if lo != hi, via.isEmpty,
          crossed(from: laneOf[j], to: laneOf[j + 1], column: lo + j, cards: cards) > 0
        {
          route.sidePorts = true
        }
      }
      routes.append(route)
    }
    // Two edges that leave one card by the same port can get their labels stacked.
    var leaving = Array(repeating: 0, count: d.steps.count)
    for route in routes { leaving[route.backwards ? route.to : route.from] += 1 }
    for r in routes.indices where leaving[routes[r].backwards ? routes[r].to : routes[r].from] > 1 {
      routes[r].sidePorts = false
    }
    return routes
  }

  /// One end of a route, as drawn left to right.
  enum End { case left, right }

  /// The lanes of the waypoints in the columns strictly between `from` and `to` (each given
  /// as column and lane), left to right: the cheapest path by `cost`. Ties go to the path
  /// found first, which stays in the lane of the step the edge leaves (`leaving`) longest.
  static func plan(from: (column: Int, lane: Int), to: (column: Int, lane: Int), leaving: End,
                   cards: [[Int]]) -> [Int] {
    let laneCount = cards.count
    let stay = leaving == .left ? from.lane : to.lane
    let other = leaving == .left ? to.lane : from.lane
    // Lanes tried in this order, so ties keep the route in the lane it leaves, then in the
    // lane it enters.
    let order = [stay, other] + (0..<laneCount).filter { $0 != stay && $0 != other }
    func step(_ p: Int, _ q: Int, at c: Int) -> Int {
      cost(from: p, to: q, column: c, cards: cards,
           ends: (c == from.column ? from.lane : nil, c + 1 == to.column ? to.lane : nil))
        + ((q == stay || q == other || c + 1 == to.column) ? 0 : 2)
    }
    let count = to.column - from.column - 1
    // best[k][lane]: cost of reaching waypoint k in `lane`; back[k][lane]: its previous lane.
    var best = Array(repeating: Array(repeating: Int.max, count: laneCount), count: count)
    var back = Array(repeating: Array(repeating: 0, count: laneCount), count: count)
    for q in order { best[0][q] = step(from.lane, q, at: from.column) }
    for k in stride(from: 1, to: count, by: 1) {
      for q in order {
        for p in order where best[k - 1][p] != Int.max {
          let total = best[k - 1][p] + step(p, q, at: from.column + k)
          if total < best[k][q] {
            best[k][q] = total
            back[k][q] = p
          }
        }
      }
    }
    var last = stay
    var lowest = Int.max
    for p in order {
      let total = best[count - 1][p] + step(p, to.lane, at: to.column - 1)
      if total < lowest {
        lowest = total
        last = p
      }
    }
    var lanes = [last]
    for k in stride(from: count - 1, to: 0, by: -1) {
      lanes.append(back[k][lanes[lanes.count - 1]])
    }
    return lanes.reversed()
  }

  /// The cost of a piece from lane `p` in `column` to lane `q` in the next column: nothing
  /// in one lane; else ten for each card of the lanes between in either column, three for
  /// each other card of lane `p` in `column` and of lane `q` in the next (dot may put the
  /// waypoint on the wrong side of them), and one per lane crossed. `ends` are the lanes
  /// whose card in that column is the route's own end, not in the way.
  static func cost(from p: Int, to q: Int, column c: Int, cards: [[Int]],
                   ends: (left: Int?, right: Int?)) -> Int {
    guard p != q else { return 0 }
    var total = abs(p - q) + 10 * crossed(from: p, to: q, column: c, cards: cards)
    total += 10 * (cards[p][c] - (ends.left == p ? 1 : 0))
    total += 10 * (cards[q][c + 1] - (ends.right == q ? 1 : 0))
    return total
  }

  /// The cards of the lanes strictly between `p` and `q` in `column` and the next one.
  static func crossed(from p: Int, to q: Int, column c: Int, cards: [[Int]]) -> Int {
    var total = 0
    for lane in cards.indices where lane > min(p, q) && lane < max(p, q) {
      total += cards[lane][c] + cards[lane][c + 1]
    }
    return total
  }

  /// The DOT name of waypoint `k` (left to right).
  func waypoint(_ k: Int) -> String { "w\(edge)_\(k)" }

  /// The nodes the pieces join, left to right.
  var nodes: [String] {
    let left = backwards ? to : from
    let right = backwards ? from : to
    return ["s\(left)"] + via.indices.map(waypoint) + ["s\(right)"]
  }

  /// The lane position of each node the pieces join, left to right.
  func lanes(in d: SiloDiagram) -> [Int] {
    let left = backwards ? to : from
    let right = backwards ? from : to
    return [d.lanes.position(of: d.lanes.home[left])] + via.map(\.lane)
      + [d.lanes.position(of: d.lanes.home[right])]
  }

  /// True when piece `j` (left to right) joins two lanes.
  func changesLane(piece j: Int, in d: SiloDiagram) -> Bool {
    let lanes = lanes(in: d)
    return lanes[j] != lanes[j + 1]
  }
}
