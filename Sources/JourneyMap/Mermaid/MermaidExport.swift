/// Writes a map as a Mermaid `journey` diagram: the title, a section per stage, a task per
/// touchpoint the customer sees (its feeling -2…+2 as the score 1…5, its owners' names as the
/// actors), the journey's descriptions as `accDescr`. What Mermaid has no place for is
/// counted in a `%%` comment under the `journey` line.
public enum MermaidExport {
  /// How the comment on what was dropped starts; `import mermaid` leaves it out, since it
  /// describes an export, not the journey.
  static let note = "exported by journeymap; Mermaid has no place for "

  /// The score of a touchpoint without a feeling: neutral.
  static let neutralScore = 3

  public static func export(_ journey: Journey) -> String {
    var out = ["journey"]
    if let title = journey.title { out.append("  title " + clean(title, ["#", ";"])) }
    let dropped = droppedParts(journey)
    if !dropped.isEmpty {
      out.append("  %% " + note + dropped)
    }
    let descriptions = journey.descriptions.map { clean($0, ["}"]) }
    if descriptions.count == 1 {
      out.append("  accDescr: " + descriptions[0])
    } else if descriptions.count > 1 {
      out += ["  accDescr {"] + descriptions.map { "    " + $0 } + ["  }"]
    }
    for stage in journey.stages {
      out.append("  section " + clean(stage.label, ["#", ";", ":"]))
      for step in stage.steps where step.kind == .touchpoint && !step.isBackstage {
        let score = step.feel.map { $0 + 3 } ?? neutralScore
        var line = "    " + taskName(step.label) + ": \(score)"
        let actors = step.owners.map { clean(journey.owner($0.name)?.name ?? $0.name, ["#", ";", ":", ","]) }
        if !actors.isEmpty { line += ": " + actors.joined(separator: ", ") }
        out.append(line)
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// A touchpoint's label as a task name. Mermaid reads a line that starts with `journey`,
  /// `title `, `section `, `accTitle:` or `accDescr` as that statement, whatever follows; such
  /// a label gets "· " in front.
  static func taskName(_ label: String) -> String {
    let name = clean(label, ["#", ";", ":"])
    let lower = name.lowercased()
    let first = lower.prefix { !$0.isWhitespace && $0 != "{" }
    let statement = lower.hasPrefix("journey") || lower.hasPrefix("acctitle")
      || lower.hasPrefix("accdescr") || ((first == "title" || first == "section") && first.count < lower.count)
    return statement ? "· " + name : name
  }

  /// `text` without the characters Mermaid reads as syntax there: `:` becomes " –", `,`
  /// a space, `;` a comma, `#` "no.", `}` ")", and `%%` (a comment) a single `%`.
  static func clean(_ text: String, _ forbidden: Set<Character>) -> String {
    var out = ""
    for c in text {
      guard forbidden.contains(c) else {
        if c == "%", out.last == "%" { continue }
        out.append(c)
        continue
      }
      switch c {
      case ":": out += " –"
      case ",": out += " "
      case ";": out += ","
      case "#": out += "no."
      case "}": out += ")"
      default: out.append(c)
      }
    }
    // Spaces Mermaid would trim, or that the replacements doubled.
    var words = out.split(separator: " ", omittingEmptySubsequences: true)
    if words.isEmpty { words = ["-"] }
    return words.joined(separator: " ")
  }

  /// "1 persona, 3 decisions, …" for what the map holds that Mermaid cannot show.
  static func droppedParts(_ journey: Journey) -> String {
    let steps = journey.steps
    let touchpoints = steps.filter { $0.kind == .touchpoint }
    var parts: [(Int, String)] = [
      (journey.personas.count, "persona"),
      (journey.phases.count, "phase"),
      (steps.filter { $0.kind == .decision }.count, "decision"),
      (steps.filter { $0.kind == .outcome }.count, "outcome"),
      (steps.reduce(0) { $0 + $1.branches.count }, "branch"),
      (touchpoints.filter(\.isBackstage).count, "backstage touchpoint"),
      (touchpoints.filter { $0.channel != nil }.count, "channel"),
      (steps.reduce(0) { $0 + $1.pains.count }, "pain"),
      (steps.reduce(0) { $0 + $1.opportunities.count }, "opportunity"),
      (steps.reduce(0) { $0 + $1.metrics.count }
         + journey.stages.reduce(0) { $0 + $1.metrics.count }, "metric"),
      (steps.reduce(0) { $0 + $1.tools.count }, "tool"),
      (steps.filter { $0.workshop.status != nil }.count
         + journey.stages.filter { $0.workshop.status != nil }.count, "status"),
      (steps.reduce(0) { $0 + $1.workshop.notes.count }
         + journey.stages.reduce(0) { $0 + $1.workshop.notes.count }, "note"),
      (steps.reduce(0) { $0 + $1.workshop.questions.count }
         + journey.stages.reduce(0) { $0 + $1.workshop.questions.count }, "question"),
      (journey.owners.filter { $0.color != nil }.count, "owner colour"),
      (journey.owners.filter(\.isExternal).count, "external mark"),
    ]
    let unfelt = touchpoints.filter { !$0.isBackstage && $0.feel == nil }.count
    parts = parts.filter { $0.0 > 0 }
    var text = parts.map { "\($0.0) " + plural($0.1, $0.0) }.joined(separator: ", ")
    if unfelt > 0 {
      text += (text.isEmpty ? "" : "; ")
        + "\(unfelt) " + plural("touchpoint", unfelt) + " without a feeling scored \(neutralScore)"
    }
    return text
  }

  static func plural(_ word: String, _ n: Int) -> String {
    if n == 1 { return word }
    if word.hasSuffix("ch") || word.hasSuffix("s") { return word + "es" }
    if word.hasSuffix("y") { return word.dropLast() + "ies" }
    return word + "s"
  }
}
