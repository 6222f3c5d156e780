/// Reads a Mermaid `journey` diagram and writes it as a `.journey` map.
///
/// What Mermaid accepts: YAML front matter (`---` … `---`, of which `title:` is kept),
/// `%%{init: …}%%` directives (ignored), `%%` and `#` comments (kept as `#` comments), and
/// statements ended by a line break or `;`: `journey` first, `title …`, `accTitle: …`,
/// `accDescr: …` or `accDescr { … }`, `section …` and tasks `Task name: score: actor, actor`.
/// Keywords are case-insensitive. Sections become stages, tasks touchpoints, the score 1 to 5
/// a feeling of -2 to +2, and each actor an owner, declared once with an id made from its
/// name. Problems come back as diagnostics located in the Mermaid file.
public enum MermaidImport {
  public struct Result: Sendable {
    /// The map in canonical layout; nil when the Mermaid file has errors.
    public var journey: String?
    /// Problems in the Mermaid file (errors and warnings), in order.
    public var diagnostics: [Diagnostic]
  }

  enum Messages {
    static let missingHeader = "expected 'journey' before the first statement"
    static func otherDiagram(_ word: String) -> String {
      "'\(word)' is not a user journey diagram"
    }
    static let headerHint = "a Mermaid user journey starts with the line: journey"
    static let openFrontMatter = "front matter is not closed"
    static let openFrontMatterHint = "end it with a line holding only ---"
    static let openDirective = "directive is not closed"
    static let openDirectiveHint = "end it with }%%"
    static let openDescription = "'accDescr {' is not closed"
    static let openDescriptionHint = "close it with '}'"
    static func missingText(_ keyword: String) -> String { "missing text after '\(keyword)'" }
    static let missingScore = "missing ':' and a score after the task name"
    static func unknownKeyword(_ word: String) -> String { "unknown keyword '\(word)'" }
    static func taskHint(_ name: String) -> String { "write: \(name): 3: Me" }
    static let missingTaskName = "missing task name before ':'"
    static let sectionColon = "a section name cannot hold ':'"
    static let sectionHint = "write the section on its own line, then its tasks below it"
    static func invalidScore(_ text: String) -> String {
      "invalid score '\(text)': expected a whole number from 1 to 5"
    }
    static let scoreHint = "a score runs from 1 (very bad) to 5 (very good)"
    static func clampedScore(_ text: String, _ score: Int) -> String {
      "score '\(text)' is out of range: taken as \(score)"
    }
    static func ignoredText(_ text: String) -> String { "text after the actors is ignored: '\(text)'" }
    static let ignoredHint = "a task is written: Task name: score: actor, actor"
    static let repeatedHeader = "repeated 'journey' line"
  }

  /// The stage for tasks written before any section.
  static let implicitSection = "Tasks"

  enum Item {
    case comment(String)
    /// A section or task, with the comment written at the end of its line.
    case section(String, comment: String?)
    case task(name: String, feel: Int, actors: [String], comment: String?)

    func with(comment: String) -> Item {
      switch self {
      case .comment: self
      case .section(let name, _): .section(name, comment: comment)
      case .task(let name, let feel, let actors, _):
        .task(name: name, feel: feel, actors: actors, comment: comment)
      }
    }
  }

  public static func convert(_ bytes: [UInt8], file: String) -> Result {
    var reader = Reader(lines: SourceLines(bytes))
    reader.read()
    var diagnostics = reader.diagnostics
    diagnostics.sort { $0.range.start < $1.range.start }
    guard !diagnostics.contains(where: { $0.severity == .error }) else {
      return Result(journey: nil, diagnostics: diagnostics)
    }
    let text = reader.journeyText(file: file)
    let formatted = JourneyFormatter.format(Array(text.utf8), file: file)
    guard let out = formatted.formatted else {
      // Our own output has an error: say so rather than write a broken map.
      return Result(journey: nil, diagnostics: formatted.checked.diagnostics)
    }
    return Result(journey: String(decoding: out, as: UTF8.self), diagnostics: diagnostics)
  }
}

extension MermaidImport.Reader {
  /// The map as `.journey` text (not yet in canonical layout).
  func journeyText(file: String) -> String {
    var out: [String] = header.map { "# " + $0 }
    var shownTitle = title ?? accTitle
    var descriptions = descriptions
    if title != nil, let accTitle, accTitle != title { descriptions.insert(accTitle, at: 0) }
    if shownTitle == nil, !descriptions.isEmpty { shownTitle = Self.baseName(file) }
    if let shownTitle {
      out.append("journey " + JourneyFormatter.quoted(shownTitle))
      for d in descriptions { out.append("  description " + JourneyFormatter.quoted(d)) }
    }
    out += preamble.map { "# " + $0 }
    var ids: [String: String] = [:]  // actor name → owner id
    var used = Set<String>()
    var owners: [String] = []
    for case .task(_, _, let actors, _) in items {
      for actor in actors where ids[actor] == nil {
        var base = StepKeys.slug(actor, empty: "actor")
        if !(base.first.map(Lexer.isIdStart) ?? false) { base = "_" + base }
        let id = StepKeys.numbered(base) { used.contains($0) }
        used.insert(id)
        ids[actor] = id
        owners.append("owner \(id) " + JourneyFormatter.quoted(actor))
      }
    }
    if !owners.isEmpty { out += [""] + owners }
    var inStage = false
    for item in items {
      switch item {
      case .comment(let text):
        out.append("# " + text)
      case .section(let name, let comment):
        out += ["", "stage " + JourneyFormatter.quoted(name) + trailing(comment)]
        inStage = true
      case .task(let name, let feel, let actors, let comment):
        if !inStage {
          out += ["", "stage " + JourneyFormatter.quoted(MermaidImport.implicitSection)]
          inStage = true
        }
        var line = "  touchpoint " + JourneyFormatter.quoted(name)
        if !actors.isEmpty { line += " owner " + actors.compactMap { ids[$0] }.joined(separator: ", ") }
        out.append(line + " feel \(feel)" + trailing(comment))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  func trailing(_ comment: String?) -> String { comment.map { "  # " + $0 } ?? "" }

  /// `dir/My day.mmd` → `My day`.
  static func baseName(_ file: String) -> String {
    let name = file.split(separator: "/").last.map(String.init) ?? file
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }
}
