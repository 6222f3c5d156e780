/// Text from a map or a file name made safe to print on a terminal: the one sanitizer for
/// everything `journeymap` shows that it did not write itself.
///
/// A control character could clear the screen, retitle the window or fake a line of output;
/// a bidirectional override could reorder what follows. Each is written in a visible form
/// instead (`\n`, `\t`, `\u{1B}`, `\u{202E}`), so a name stays on one line and reads as
/// what it is.
public enum TerminalText {
  /// `text` with every control, bidirectional-override and line-separator character escaped.
  public static func escaped(_ text: String) -> String {
    if isPrintableASCII(text) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      guard isUnsafe(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      }
    }
    return out
  }

  /// True when `text` is ASCII without controls: nothing to escape, decided fast.
  public static func isPrintableASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// C0 and C1 controls, DEL, the bidirectional embeddings, overrides and isolates, and the
  /// line and paragraph separators.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F..<0xA0, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069, 0x061C:
      return true
    default:
      return false
    }
  }
}
