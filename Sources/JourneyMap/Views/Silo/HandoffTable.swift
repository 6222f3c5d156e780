/// The hand-offs of a map as a table, for the people who turn them into actions: one row per
/// hand-off and owner pair it crosses, numbered as on both pictures (H1 first, in flow order).
///
/// Columns: `number` (H1…), `from_owners` and `to_owners` (owner names joined by " + ", or
/// "No owner"), `from_step` and `to_step` (the keys of the flow edge it is drawn on, as in the
/// SVG's `from-KEY` and `to-KEY` classes), `to_label` (the step the customer arrives at),
/// `stage` (that step's stage), `loop` (true when the edge goes back).
public enum HandoffTable {
  public struct Row: Sendable, Equatable {
    public var number: Int
    public var fromOwners: String
    public var toOwners: String
    public var fromStep: String
    public var toStep: String
    public var toLabel: String
    public var stage: String
    public var isLoop: Bool
  }

  public static func rows(_ checked: CheckedJourney) -> [Row] {
    let journey = checked.journey
    let facts = MapFacts(checked)
    var stageOf: [String: String] = [:]
    var labelOf: [String: String] = [:]
    for stage in journey.stages {
      for step in stage.steps where labelOf[step.key] == nil {
        stageOf[step.key] = stage.label
        labelOf[step.key] = step.label
      }
    }
    func names(_ owners: [Int]) -> String {
      owners.isEmpty ? "No owner" : owners.map { journey.owners[$0].name }.joined(separator: " + ")
    }
    return facts.handoffs.all.flatMap { handoff in
      let edge = checked.flow.edges[handoff.edge]
      return handoff.pairs.map { pair in
        Row(number: handoff.number, fromOwners: names(pair.from), toOwners: names(pair.to),
            fromStep: edge.from, toStep: edge.to, toLabel: labelOf[edge.to] ?? edge.to,
            stage: stageOf[edge.to] ?? "", isLoop: edge.isLoop)
      }
    }
  }

  static let header = ["number", "from_owners", "to_owners", "from_step", "to_step", "to_label",
                       "stage", "loop"]

  /// RFC 4180 CSV with a header line, CRLF line ends; a field with a comma, a quote or a line
  /// break is quoted, quotes doubled.
  public static func csv(_ checked: CheckedJourney) -> String {
    func field(_ text: String) -> String {
      let special = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      return special ? "\"" + text.replacingAll("\"", with: "\"\"") + "\"" : text
    }
    var lines = [header.joined(separator: ",")]
    for row in rows(checked) {
      lines.append([ "H\(row.number)", row.fromOwners, row.toOwners, row.fromStep, row.toStep,
                     row.toLabel, row.stage, row.isLoop ? "true" : "false" ]
        .map(field).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// `{"version": 1, "map": TITLE, "handoffs": [{…}, …]}`, keys in the order of the CSV's
  /// columns, one hand-off pair per line.
  public static func json(_ checked: CheckedJourney) -> String {
    let s = DiagnosticFormatter.jsonString
    let items = rows(checked).map { row in
      "    {\"number\": \(s("H\(row.number)")), \"from_owners\": \(s(row.fromOwners)), "
        + "\"to_owners\": \(s(row.toOwners)), \"from_step\": \(s(row.fromStep)), "
        + "\"to_step\": \(s(row.toStep)), \"to_label\": \(s(row.toLabel)), "
        + "\"stage\": \(s(row.stage)), \"loop\": \(row.isLoop)}"
    }
    return "{\n  \"version\": 1,\n  \"map\": \(s(MapFacts(checked).title)),\n  \"handoffs\": ["
      + (items.isEmpty ? "" : "\n" + items.joined(separator: ",\n") + "\n  ") + "]\n}\n"
  }
}

extension String {
  /// Every `target` replaced by `replacement`, without Foundation.
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for character in self { if character == target { out += replacement } else { out.append(character) } }
    return out
  }
}
