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
    guard used < Self.budget, work > 0 else { return [] }
    used += 1
    return names.closest(to: name, work: &work).map { [Self.hint($0)] } ?? []
  }

  /// The work all hints of one file may do among declared names, in candidates looked at
  /// plus cells of distance tables filled: a few tens of milliseconds. A map of 2,000 unknown names
  /// against 50,000 declared ones gets its first hints and then no more, instead of
  /// costing minutes.
  static let workBudget = 5_000_000
  private var work = workBudget

  /// Declared names indexed by length, each with a signature of the characters it holds:
  /// a hint looks only at names whose length is within reach of the misspelt one, skips in
  /// one instruction those whose characters differ too much, and computes the distance of
  /// the few left. Exact, as `closest(to:in:)` is, until the file's work budget runs out.
  struct Names {
    struct Entry {
      var order: Int
      var name: String
      var chars: [Character]
      var signature: UInt64
    }

    private var byLength: [Int: [Entry]] = [:]

    init(_ names: [String]) {
      for (order, name) in names.enumerated() where name.utf8.count <= maxLength {
        let chars = Array(name.lowercased())
        byLength[chars.count, default: []].append(
          Entry(order: order, name: name, chars: chars, signature: Self.signature(chars)))
      }
    }

    /// One bit per character present (its first scalar modulo 64, the same every run): an
    /// insertion, deletion or substitution changes at most two bits and a swap none, so two
    /// names `d` edits apart differ in at most `2 d` bits.
    static func signature(_ chars: [Character]) -> UInt64 {
      chars.reduce(0) { $0 | 1 << UInt64(($1.unicodeScalars.first?.value ?? 0) % 64) }
    }

    /// The smallest distance within the limit, the first declared winning a tie; nil when
    /// none is close or `work` ran out first.
    func closest(to name: String, work: inout Int) -> String? {
      guard name.utf8.count <= maxLength else { return nil }
      let target = Array(name.lowercased())
      let signature = Self.signature(target)
      var bound = Suggestions.limit(target.count)
      var best: Entry?
      for delta in [0, -1, 1, -2, 2, -3, 3] where abs(delta) <= bound {
        for candidate in byLength[target.count + delta] ?? [] where candidate.name != name {
          work -= 1
          guard work > 0 else { return nil }
          guard (candidate.signature ^ signature).nonzeroBitCount <= 2 * bound else { continue }
          work -= target.count * candidate.chars.count
          let d = distance(target, candidate.chars)
          if d < bound + (best == nil ? 1 : 0)
            || (d == bound && best.map { candidate.order < $0.order } == true)
          {
            best = candidate
            bound = d
          }
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
