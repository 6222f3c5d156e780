/// One error or warning Graphviz raised, with its own "Error: " or "Warning: " prefix removed.
public struct GraphvizMessage: Hashable, Sendable {
  public enum Level: String, Sendable {
    case error, warning
  }

  public var level: Level
  public var text: String

  public init(_ level: Level, _ text: String) {
    self.level = level
    self.text = text
  }

  /// Splits what Graphviz's error callback received into messages. Graphviz hands a message
  /// over in pieces ("Warning", ": ", text); a message ends at a newline, and a line without
  /// a level word continues the message above it (e.g. the lines after "in label of node").
  public static func parse(_ captured: String) -> [GraphvizMessage] {
    var messages: [GraphvizMessage] = []
    for line in captured.split(separator: "\n", omittingEmptySubsequences: true) {
      let text = line.trimmingSpaces
      if text.isEmpty { continue }
      if let rest = text.dropPrefix("Error:") {
        messages.append(GraphvizMessage(.error, String(rest.trimmingSpaces)))
      } else if let rest = text.dropPrefix("Warning:") {
        messages.append(GraphvizMessage(.warning, String(rest.trimmingSpaces)))
      } else if let last = messages.indices.last {
        messages[last].text += " " + text
      } else {
        messages.append(GraphvizMessage(.error, String(text)))
      }
    }
    return messages
  }
}

extension GraphvizMessage {
  /// A line a library wrote straight to the worker's stderr, in our words: GLib's
  /// `(process:1234): Pango-CRITICAL **: 10:11:12.123: text` becomes `Pango: text`, without
  /// the pid and the time (they differ every run and mean nothing to a map's author).
  /// CRITICAL and WARNING are warnings; anything else unexplained is an error.
  public static func relayed(_ line: String) -> GraphvizMessage {
    var rest = Substring(line).trimmingSpaces
    // "(process:1234): " or "(journeymap:1234): "
    if rest.hasPrefix("("), let close = rest.firstIndex(of: ")"),
      rest[rest.index(after: close)...].hasPrefix(": "),
      rest[..<close].contains(":")
    {
      rest = rest[rest.index(close, offsetBy: 3)...]
    }
    // "Pango-CRITICAL **: " → domain "Pango", level "CRITICAL"
    guard let stars = rest.range(of: " **: ") else {
      return GraphvizMessage(.error, String(rest))
    }
    let head = rest[..<stars.lowerBound]
    var text = rest[stars.upperBound...]
    let parts = head.split(separator: "-", maxSplits: 1)
    let domain = parts.count == 2 ? String(parts[0]) : "GLib"
    let level = String(parts.last ?? "")
    // "10:11:12.123: "
    if let colon = text.range(of: ": "),
      text[..<colon.lowerBound].allSatisfy({ $0.isNumber || $0 == ":" || $0 == "." }),
      text[..<colon.lowerBound].contains(":")
    {
      text = text[colon.upperBound...]
    }
    let isWarning = ["CRITICAL", "WARNING", "Message", "INFO", "DEBUG"].contains(level)
    return GraphvizMessage(isWarning ? .warning : .error, "\(domain): \(text.trimmingSpaces)")
  }
}

extension Substring {
  fileprivate var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return self[first...last]
  }

  fileprivate func dropPrefix(_ prefix: String) -> Substring? {
    hasPrefix(prefix) ? dropFirst(prefix.count) : nil
  }
}
