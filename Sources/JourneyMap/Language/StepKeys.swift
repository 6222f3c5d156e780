/// Keys for steps written without an id, made from where they are and what they say, so that
/// a step keeps its key (and its SVG id) when other steps are inserted, removed or moved.
///
/// A key is the stage's id (or its label) and the step's label as slugs, joined by a dot:
/// `ask.calls-the-hotline`. Ids never hold a dot, so a key never equals an id someone wrote.
/// Only ASCII letters, digits, `-` and `.` appear: accented Latin letters are folded
/// (`é` → `e`), any other letter or digit is written as its code point (`日` → `u65e5`).
/// Steps that would share a key get `-2`, `-3`, … in file order, skipping any key that
/// another step has without a suffix.
enum StepKeys {
  /// Slugs are cut at a word boundary past this many characters.
  static let maxSlug = 32

  /// Sets `key` on every step (of the stages, then the orphans) that has no id.
  static func assign(_ journey: inout Journey, orphans: inout [Step]) {
    var bases: [String?] = []
    for stage in journey.stages {
      let prefix = slug(stage.id ?? stage.label, empty: "stage")
      for step in stage.steps { bases.append(step.id == nil ? base(prefix, step) : nil) }
    }
    for step in orphans { bases.append(step.id == nil ? base("_", step) : nil) }
    let reserved = Set(bases.compactMap { $0 })
    var used = Set<String>()
    var keys: [String] = []
    for case let base? in bases {
      let key = numbered(base) { used.contains($0) || ($0 != base && reserved.contains($0)) }
      used.insert(key)
      keys.append(key)
    }
    var next = keys.makeIterator()
    for s in journey.stages.indices {
      for j in journey.stages[s].steps.indices where journey.stages[s].steps[j].id == nil {
        journey.stages[s].steps[j].key = next.next() ?? ""
      }
    }
    for o in orphans.indices where orphans[o].id == nil { orphans[o].key = next.next() ?? "" }
  }

  /// `base`, or the first of `base-2`, `base-3`, … that is not `taken`.
  static func numbered(_ base: String, taken: (String) -> Bool) -> String {
    var name = base
    var n = 2
    while taken(name) {
      name = "\(base)-\(n)"
      n += 1
    }
    return name
  }

  private static func base(_ prefix: String, _ step: Step) -> String {
    prefix + "." + slug(step.label, empty: step.kind.rawValue)
  }

  /// `text` in lower case ASCII words joined by `-`; `empty` when no word is left.
  static func slug(_ text: String, empty: String) -> String {
    var words: [String] = []
    var word = ""
    func endWord() {
      if !word.isEmpty { words.append(word) }
      word = ""
    }
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) {
        word.unicodeScalars.append(scalar)
      } else if (0x41...0x5A).contains(v) {
        word.unicodeScalars.append(Unicode.Scalar(v + 0x20) ?? scalar)
      } else if let folded = folding(scalar) {
        word += folded
      } else {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
          continue  // an accent written apart from its letter
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
          .decimalNumber, .letterNumber, .otherNumber:
          endWord()
          words.append("u" + String(v, radix: 16))
        default:
          endWord()
        }
      }
    }
    endWord()
    var out = ""
    for w in words {
      if !out.isEmpty, out.count + 1 + w.count > maxSlug { break }
      out += (out.isEmpty ? "" : "-") + w
    }
    if out.isEmpty { out = String(words.first?.prefix(maxSlug) ?? Substring(empty)) }
    return out
  }

  /// The ASCII letters for an accented Latin letter (U+00C0 to U+017F), if it has any.
  static func folding(_ scalar: Unicode.Scalar) -> String? {
    let index = Int(scalar.value) - 0xC0
    guard index >= 0, index < latinFolds.count, latinFolds[index] != "." else { return nil }
    return latinFolds[index]
  }

  /// U+00C0 to U+017F without their accents, "." where there is no ASCII letter (× ÷ ĳ).
  private static let latinFolds: [String] = (
    "a a a a a a ae c e e e e i i i i d n o o o o o . o u u u u y th ss a a a a a a "
      + "ae c e e e e i i i i d n o o o o o . o u u u u y th y a a a a a a c c c c c c c "
      + "c d d d d e e e e e e e e e e g g g g g g g g h h h h i i i i i i i i i i . . j "
      + "j k k k l l l l l l l l l l n n n n n n n ng ng o o o o o o oe oe r r r r r r s "
      + "s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s"
  ).split(separator: " ").map(String.init)
}
