/// Text helpers shared by the views: everything a user wrote reaches Graphviz through these,
/// so that it appears exactly as written and can never become markup.
public enum DOTText {
  /// Escapes text for a Graphviz HTML-like label: `& < > " '` become entities and every
  /// backslash is doubled. Graphviz 2.43 does expand `\N \G \E` inside HTML labels,
  /// after decoding entities (so `&#92;N` is expanded too), and reads `\\` as one backslash.
  public static func html(_ text: String) -> String {
    xml(text, doublingBackslashes: true)
  }

  /// Escapes text for XML character data or a double-quoted attribute value: `& < > " '`
  /// become entities, line breaks and tabs spaces, and characters XML 1.0 forbids (which would
  /// make Graphviz reject a label, or a reader the file) U+FFFD. The one escaper for labels
  /// and for the finished SVG.
  public static func xml(_ text: String, doublingBackslashes: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\\" where doublingBackslashes: out += "\\\\"
      case "\n", "\r", "\t": out += " "
      default:
        if isXMLSafe(scalar) {
          out.unicodeScalars.append(scalar)
        } else {
          out += "&#xFFFD;"
        }
      }
    }
    return out
  }

  /// Quotes text as a DOT string for an attribute that Graphviz reads literally (ids, colours,
  /// tooltips). Backslashes are doubled so `\N`, `\G` and friends are not expanded.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n", "\r", "\t": out += " "
      default:
        if !isXMLSafe(scalar) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// False for the characters that must not reach an XML file or a Graphviz label: controls
  /// (tab, newline and return are handled by the callers), DEL, and the noncharacters U+FFFE
  /// and U+FFFF, which XML 1.0 forbids. The one policy for DOT labels and the finished SVG.
  public static func isXMLSafe(_ scalar: Unicode.Scalar) -> Bool {
    !(scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE
      || scalar.value == 0xFFFF)
  }
}
