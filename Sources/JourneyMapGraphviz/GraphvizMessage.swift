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
