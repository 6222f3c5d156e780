/// "Did you mean" hints: the declared name closest to a misspelt one.
struct Suggestions {
  /// Suggestions are a courtesy: past this many in one file, a pathological map of thousands
  /// of unknown names against thousands of declared ones would otherwise cost seconds.
  static let budget = 1000
  private var used = 0

  static func hint(_ name: String) -> String { "did you mean '\(name)'?" }

  /// Names longer than this get no suggestion and are never suggested.
  static let maxLength = 64

  /// The hint for `name` among `candidates`, or no hint when none is close.
  mutating func hints(for name: String, in candidates: [String]) -> [String] {
    guard used < Self.budget else { return [] }
    used += 1
    return Self.closest(to: name, in: candidates).map { [Self.hint($0)] } ?? []
  }

  /// The candidate with the smallest edit distance to `name` within a limit that grows with
  /// the name's length; the first declared wins a tie.
  static func closest(to name: String, in candidates: [String]) -> String? {
    // Nobody mistypes a name this long, and comparing two of them costs their lengths'
    // product: a map of a few long ids took half a minute.
    guard name.utf8.count <= maxLength else { return nil }
    let target = Array(name.lowercased())
    let limit = target.count <= 3 ? 1 : target.count <= 6 ? 2 : 3
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
      let other = Array(candidate.lowercased())
      guard candidate.utf8.count <= Self.maxLength, abs(other.count - target.count) <= limit
      else { continue }
      let d = distance(target, other)
      if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    return best?.name
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
  /// two neighbours ("servcie" is one step from "service").
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, before[j - 2] + 1)
        }
        current[j] = value
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}
