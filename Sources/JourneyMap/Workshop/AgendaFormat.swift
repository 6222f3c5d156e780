/// The agenda as the facilitator reads it: Markdown, a printable HTML sheet (A4, one stage
/// after another), or JSON for tools (README, "report": the schema, version 1).
public enum AgendaFormat: String, CaseIterable, Sendable {
  case md, html, json

  /// The version of the JSON form: it changes only when a key changes meaning or goes away.
  public static let jsonVersion = 1

  public func text(_ agendas: [Agenda]) -> String {
    switch self {
    case .md: agendas.map(Self.markdown).joined(separator: "\n")
    case .html: Self.page(agendas)
    case .json: Self.json(agendas)
    }
  }

  // MARK: Markdown

  static func markdown(_ agenda: Agenda) -> String {
    var out = "# Agenda: \(agenda.title)\n\n"
    out += "`\(agenda.file)` \u{00B7} evidence: \(agenda.coverage.text) validated or observed\n"
    if let signOff = agenda.signOff.sentence { out += "\n**\(signOff)**\n" }
    for stage in agenda.stages {
      out += "\n## \(stage.label)\n\nEvidence: \(stage.coverage.text) validated or observed\n"
      if stage.items.isEmpty { out += "\nNothing to resolve.\n" }
      var heading: Agenda.Kind?
      for item in stage.items {
        if item.kind != heading {
          out += "\n### \(item.kind.heading)\n\n"
          heading = item.kind
        }
        out += "- \(line(item)) (line \(item.line))\n"
      }
    }
    return out
  }

  /// "“Calls the hotline”: Do callers know the warranty number?"
  static func line(_ item: Agenda.Item) -> String {
    let subject = (item.step == nil ? "stage " : "") + "\u{201C}\(item.subject)\u{201D}"
    return item.text.isEmpty ? subject : "\(subject): \(item.text)"
  }

  // MARK: HTML

  /// A whole page: the sheet for printing, each map after the other.
  static func page(_ agendas: [Agenda]) -> String {
    let title = agendas.count == 1 ? "Agenda: \(agendas[0].title)" : "Workshop agenda"
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(DOTText.xml(title))</title>
      <style>
      \(stylesheet)
      </style>
      </head>
      <body>
      \(agendas.map(html).joined(separator: "\n"))
      </body>
      </html>

      """
  }

  /// The sheet's CSS: A4 portrait, each stage kept together where it fits.
  public static let stylesheet = """
    @page { size: A4; margin: 16mm 14mm; }
    .agenda { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #1a1a1a; }
    .agenda h1 { font-size: 17pt; margin: 0 0 4pt; }
    .agenda h2 { font-size: 13pt; margin: 14pt 0 2pt; border-bottom: 1px solid #999; }
    .agenda h3 { font-size: 10.5pt; margin: 8pt 0 2pt; }
    .agenda ul { margin: 0 0 4pt 16pt; padding: 0; }
    .agenda .meta, .agenda .coverage, .agenda .line { color: #555; }
    .agenda .signoff { font-weight: bold; }
    .agenda .changed { color: #a03000; }
    .agenda section.stage { break-inside: avoid; }
    .agenda + .agenda { break-before: page; }
    """

  /// One map's agenda as an `<article class="agenda">`, also the serve page's panel.
  public static func html(_ agenda: Agenda) -> String {
    func x(_ text: String) -> String { DOTText.xml(text) }
    var out = "<article class=\"agenda\">\n<h1>Agenda: \(x(agenda.title))</h1>\n"
    out += "<p class=\"meta\">\(x(agenda.file)) \u{00B7} evidence: "
      + "\(x(agenda.coverage.text)) validated or observed</p>\n"
    if let signOff = agenda.signOff.sentence {
      let changed = if case .changed = agenda.signOff { " changed" } else { "" }
      out += "<p class=\"signoff\(changed)\">\(x(signOff))</p>\n"
    }
    for stage in agenda.stages {
      out += "<section class=\"stage\" data-stage=\"\(x(stage.key))\">\n"
      out += "<h2>\(x(stage.label))</h2>\n<p class=\"coverage\">Evidence: "
        + "\(x(stage.coverage.text)) validated or observed</p>\n"
      if stage.items.isEmpty { out += "<p>Nothing to resolve.</p>\n" }
      var heading: Agenda.Kind?
      for item in stage.items {
        if item.kind != heading {
          if heading != nil { out += "</ul>\n" }
          out += "<h3>\(x(item.kind.heading))</h3>\n<ul class=\"\(item.kind.rawValue)\">\n"
          heading = item.kind
        }
        let step = item.step.map { " data-step=\"\(x($0))\"" } ?? ""
        out += "<li\(step)>\(x(line(item))) <span class=\"line\">(line \(item.line))</span></li>\n"
      }
      if heading != nil { out += "</ul>\n" }
      out += "</section>\n"
    }
    return out + "</article>"
  }

  // MARK: JSON

  /// `{"version": 1, "maps": [...]}` with keys in a fixed order (README, "report").
  static func json(_ agendas: [Agenda]) -> String {
    func s(_ text: String?) -> String { text.map(DiagnosticFormatter.jsonString) ?? "null" }
    func coverage(_ c: Agenda.Coverage) -> String {
      let share = c.share.map { String(Double(Int(($0 * 1000).rounded())) / 1000) } ?? "null"
      return "{\"confirmed\": \(c.confirmed), \"total\": \(c.total), \"share\": \(share)}"
    }
    func signOff(_ state: SignOffState) -> String {
      switch state {
      case .none: return "null"
      case .valid(let by, let date, let hash), .changed(let by, let date, let hash):
        let current = if case .valid = state { "true" } else { "false" }
        return "{\"by\": \(s(by)), \"date\": \(s(date)), \"hash\": \(s(hash)), "
          + "\"current\": \(current), \"text\": \(s(state.sentence))}"
      }
    }
    let maps = agendas.map { agenda -> String in
      let stages = agenda.stages.map { stage -> String in
        let items = stage.items.map { item in
          "{\"kind\": \(s(item.kind.rawValue)), \"step\": \(s(item.step)), "
            + "\"subject\": \(s(item.subject)), \"text\": \(s(item.text)), "
            + "\"line\": \(item.line)}"
        }
        let list = items.isEmpty ? "[]"
          : "[\n" + items.map { "          " + $0 }.joined(separator: ",\n") + "\n        ]"
        return "      {\n        \"key\": \(s(stage.key)),\n        \"label\": \(s(stage.label)),\n"
          + "        \"coverage\": \(coverage(stage.coverage)),\n        \"items\": \(list)\n      }"
      }
      return "    {\n      \"file\": \(s(agenda.file)),\n      \"title\": \(s(agenda.title)),\n"
        + "      \"signOff\": \(signOff(agenda.signOff)),\n"
        + "      \"coverage\": \(coverage(agenda.coverage)),\n"
        + "      \"stages\": [\n" + stages.joined(separator: ",\n") + "\n      ]\n    }"
    }
    let list = maps.isEmpty ? "[]" : "[\n" + maps.joined(separator: ",\n") + "\n  ]"
    return "{\n  \"version\": \(jsonVersion),\n  \"maps\": \(list)\n}\n"
  }
}
