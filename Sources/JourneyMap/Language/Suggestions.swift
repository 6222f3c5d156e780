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

  /// The hint for `name` among the declared `names`, or no hint when none is close.
  mutating func hints(for name: String, in names: Names) -> [String] {
    guard used < Self.budget else { return [] }
    used += 1
    return names.closest(to: name).map { [Self.hint($0)] } ?? []
  }

  /// Declared names indexed by length, so that a hint looks only at names whose length is
  /// within reach of the misspelt one, and at no more than `comparisons` of them: 50,000
  /// owners cost one pass to index, not one pass per hint.
  struct Names {
    /// Distances computed per hint at the most; names of the same length come first, as a
    /// typo keeps the length more often than not.
    static let comparisons = 400

    private var byLength: [Int: [(order: Int, name: String, chars: [Character])]] = [:]

    init(_ names: [String]) {
      for (order, name) in names.enumerated() where name.utf8.count <= maxLength {
        let chars = Array(name.lowercased())
        byLength[chars.count, default: []].append((order, name, chars))
      }
    }

    /// As `Suggestions.closest`: the smallest distance within the limit, the first declared
    /// winning a tie; but among at most `comparisons` candidates.
    func closest(to name: String) -> String? {
      guard name.utf8.count <= maxLength else { return nil }
      let target = Array(name.lowercased())
      let limit = Suggestions.limit(target.count)
      var best: (order: Int, name: String, distance: Int)?
      var budget = Self.comparisons
      for delta in [0, -1, 1, -2, 2, -3, 3] where abs(delta) <= limit {
        for candidate in byLength[target.count + delta] ?? [] where candidate.name != name {
          guard budget > 0 else { return best?.name }
          budget -= 1
          let d = distance(target, candidate.chars)
          guard d <= limit else { continue }
          if let current = best, (d, candidate.order) >= (current.distance, current.order) {
            continue
          }
          best = (candidate.order, candidate.name, d)
        }
      }
      return best?.name
    }
  }

  /// The largest distance still worth a hint for a name of `length` characters.
  static func limit(_ length: Int) -> Int { length <= 3 ? 1 : length <= 6 ? 2 : 3 }

  /// The candidate with the smallest edit distance to `name` within a limit that grows with
  /// the name's length; the first declared wins a tie.
  static func closest(to name: String, in candidates: [String]) -> String? {
    // Nobody mistypes a name this long, and comparing two of them costs their lengths'
    // product: a map of a few long ids took half a minute.
    guard name.utf8.count <= maxLength else { return nil }
    let target = Array(name.lowercased())
    let limit = limit(target.count)
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
