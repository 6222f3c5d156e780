/// The resolution of a PNG: Graphviz's cairo renderer draws 96 pixels to the inch unless the
/// graph says otherwise (`render --dpi N`, `--scale N`).
public enum Resolution {
  /// Graphviz's own resolution for bitmaps, and a scale of 1.
  public static let standardDPI = 96.0
  /// What `--dpi` accepts: below 10 no text can be read; past 2400 a poster is gigapixels.
  public static let dpiRange = 10.0...2400.0

  /// `dot` drawn at `dpi` pixels to the inch. A graph attribute assigned last wins, so it
  /// goes just before the closing brace, after any `dpi` a medium wrote (the slides' 96).
  public static func dot(_ dot: String, dpi: Double) -> String {
    guard let close = dot.lastIndex(of: "}") else { return dot }
    return String(dot[..<close]) + "  dpi=\(text(dpi))\n" + String(dot[close...])
  }

  /// A resolution as DOT and messages write it: `150`, `192.5`.
  public static func text(_ dpi: Double) -> String { DOTPrinter.number(dpi) }
}
