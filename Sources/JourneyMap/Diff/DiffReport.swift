/// A journey's changes as people and tools read them: text for a terminal, Markdown for a
/// pull-request comment, JSON for tools. Each map is one entry: the names of its two versions
/// and their diff.
public enum DiffReport {
  public struct Entry: Sendable {
    /// The versions as the user named them: `HEAD:maps/a.journey`, `maps/a.journey`.
    public var old: String
    public var new: String
    public var diff: JourneyDiff

    public init(old: String, new: String, diff: JourneyDiff) {
      self.old = old
      self.new = new
      self.diff = diff
    }

    /// One name when both versions have it, else `OLD → NEW`.
    var title: String { old == new ? new : "\(old) → \(new)" }
  }

  /// The version of the JSON form; it changes only when a key changes meaning or goes.
  public static let jsonVersion = 1

  /// "2 steps added, 1 step changed, 1 hand-off removed", or "the journey is the same".
  public static func summary(_ diff: JourneyDiff) -> String {
    if diff.isEmpty { return "the journey is the same" }
    var parts: [String] = []
    let subjects: [JourneyDiff.Subject] = [.step, .stage, .owner, .persona, .phase, .handoff,
                                           .journey]
    for subject in subjects {
      for kind in [JourneyDiff.Kind.added, .removed, .changed] {
        let n = diff.count(kind, subject)
        guard n > 0 else { continue }
        let noun = subject == .journey ? "title or description" : subject.rawValue
        parts.append(subject == .journey ? "\(noun) changed"
          : "\(n) \(noun)\(n == 1 ? "" : "s") \(kind.rawValue)")
      }
    }
    return parts.joined(separator: ", ")
  }

  /// What a user's text says in quotes; settings (feelings, statuses) as they are.
  private static let quoted: Set<String> = [
    "label", "name", "title", "description", "goal", "pain", "opportunity", "metric", "tool",
    "note", "question", "stage",
  ]

  static func value(_ field: JourneyDiff.Field, _ text: String?) -> String {
    guard let text else { return "none" }
    return quoted.contains(field.name) ? "\u{201C}\(text)\u{201D}" : text
  }

  /// The line for one field: `feeling: −1 → −2`, `+ pain “…”`, `- note “…”`.
  static func line(_ field: JourneyDiff.Field, listed: Bool) -> String {
    if listed && field.old == nil { return "+ \(field.name) \(value(field, field.new))" }
    if listed && field.new == nil { return "- \(field.name) \(value(field, field.old))" }
    return "\(field.name): \(value(field, field.old)) → \(value(field, field.new))"
  }

  /// Fields that are items of a list, added or removed one by one.
  static let lists: Set<String> = [
    "description", "goal", "pain", "opportunity", "metric", "tool", "note", "question",
    "branch",
  ]

  /// The words of a change's head: `step fix.visit “Technician repairs the fridge”`.
  static func head(_ change: JourneyDiff.Change) -> String {
    var text = change.subject.rawValue
    if change.subject == .journey { return "journey \u{201C}\(change.label)\u{201D}" }
    if change.subject == .step || change.subject == .owner || change.subject == .stage {
      text += " " + change.key
    }
    text += change.subject == .handoff ? " " + change.label : " \u{201C}\(change.label)\u{201D}"
    if let oldKey = change.oldKey { text += " (was \(oldKey))" }
    return text
  }

  /// The fields shown under a change; an added or removed step says only its stage.
  static func shown(_ change: JourneyDiff.Change) -> [JourneyDiff.Field] {
    change.kind == .changed || change.subject == .owner || change.subject == .phase
      ? change.fields : []
  }

  static func suffix(_ change: JourneyDiff.Change) -> String {
    guard change.kind != .changed, change.subject == .step,
      let stage = change.fields.first(where: { $0.name == "stage" }),
      let name = stage.new ?? stage.old
    else { return "" }
    return " in stage \u{201C}\(name)\u{201D}"
  }

  static let marks: [JourneyDiff.Kind: String] = [.added: "+", .removed: "-", .changed: "~"]

  // MARK: Text

  /// For a terminal: a line per map with its summary, then a line per change (`+` added, `-`
  /// removed, `~` changed) and its fields below it.
  public static func text(_ entries: [Entry]) -> String {
    var out = ""
    for entry in entries {
      out += "\(entry.title): \(summary(entry.diff))\n"
      for change in entry.diff.changes {
        out += "  \(marks[change.kind] ?? "~") \(head(change))\(suffix(change))\n"
        for field in shown(change) {
          out += "      " + line(field, listed: lists.contains(field.name)) + "\n"
        }
      }
    }
    return out
  }

  // MARK: Markdown

  /// For a pull-request comment: a heading per map with its summary, a bullet per change
  /// with its kind in bold words, its fields nested; the user's text escaped.
  public static func markdown(_ entries: [Entry]) -> String {
    if entries.isEmpty { return "No journey changed.\n" }
    var out = ""
    for (index, entry) in entries.enumerated() {
      if index > 0 { out += "\n" }
      out += "### `\(entry.title.replacing("`", with: "'"))`\n\n"
      out += escaped(summary(entry.diff)) + "\n"
      if !entry.diff.isEmpty { out += "\n" }
      for change in entry.diff.changes {
        out += "- **\(change.kind.rawValue)** \(escaped(head(change) + suffix(change)))\n"
        for field in shown(change) {
          let listed = lists.contains(field.name)
          var text = line(field, listed: listed)
          if listed && field.old == nil { text = "added " + text.dropFirst(2) }
          if listed && field.new == nil { text = "removed " + text.dropFirst(2) }
          out += "  - \(escaped(text))\n"
        }
      }
    }
    return out
  }

  /// `text` with Markdown's punctuation escaped, so a label cannot start a list, a link or
  /// HTML in a comment.
  static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      if "\\`*_[]<>|#!~".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  // MARK: JSON

  /// `{"version": 1, "maps": [{"old", "new", "same", "summary", "changes": [...]}]}`, each
  /// change `{change, subject, key, oldKey, label, fields: [{name, old, new}]}`.
  public static func json(_ entries: [Entry]) -> String {
    func string(_ text: String?) -> String {
      text.map(DiagnosticFormatter.jsonString) ?? "null"
    }
    var maps: [String] = []
    for entry in entries {
      let changes = entry.diff.changes.map { change in
        let fields = change.fields.map {
          "{\"name\": \(string($0.name)), \"old\": \(string($0.old)), \"new\": \(string($0.new))}"
        }
        return "{\"change\": \(string(change.kind.rawValue)), "
          + "\"subject\": \(string(change.subject.rawValue)), \"key\": \(string(change.key)), "
          + "\"oldKey\": \(string(change.oldKey)), \"label\": \(string(change.label)), "
          + "\"fields\": [\(fields.joined(separator: ", "))]}"
      }
      let list = changes.isEmpty ? "[]"
        : "[\n" + changes.map { "        " + $0 }.joined(separator: ",\n") + "\n      ]"
      maps.append("{\n      \"old\": \(string(entry.old)),\n      \"new\": \(string(entry.new)),\n"
        + "      \"same\": \(entry.diff.isEmpty),\n"
        + "      \"summary\": \(string(summary(entry.diff))),\n      \"changes\": \(list)\n    }")
    }
    let list = maps.isEmpty ? "[]" : "[\n    " + maps.joined(separator: ",\n    ") + "\n  ]"
    return "{\n  \"version\": \(jsonVersion),\n  \"maps\": \(list)\n}\n"
  }
}
