/// The visual vocabulary both views share, so a facilitator reads them the same way.
/// Nothing here relies on colour alone: every colour comes with a glyph, a word or a line style.
public enum Style {
  /// The font every layout is measured with. DejaVu Sans is wide, so the fallbacks the SVG
  /// names (which are narrower) never overflow a box.
  public static let font = "DejaVu Sans"
  public static let boldFont = "DejaVu Sans Bold"

  public static let ink = "#1F2933"
  public static let mutedInk = "#52606D"
  public static let hairline = "#9AA5B1"
  public static let paper = "#FFFFFF"
  /// A red that stays distinct for the common colour blindnesses (Okabe–Ito vermilion).
  public static let alarm = "#D55E00"

  /// The colour of `owner`: its own, or the palette's next colour in declaration order.
  public static func color(of owner: Owner, in journey: Journey) -> String {
    switch owner.color {
    case .named(let named): return named.hex
    case .hex(let hex): return hex
    case nil:
      let index = journey.owners.firstIndex { $0.id == owner.id } ?? 0
      return automaticPalette[index % automaticPalette.count].hex
    }
  }

  /// Palette colours in the order owners get them (yellow last: it is faint on white).
  static let automaticPalette: [PaletteColor] = [
    .blue, .orange, .green, .sky, .purple, .vermilion, .grey, .yellow,
  ]

  /// The glyph and word that show an evidence status without colour (the theme's).
  public static func badge(_ status: Evidence) -> String { Theme.standard.badge(status) }

  /// The feeling score as signed text, with a true minus sign: "+2", "0", "−1".
  public static func feelText(_ feel: Int) -> String {
    feel > 0 ? "+\(feel)" : feel < 0 ? "−\(-feel)" : "0"
  }

  /// The word for who decides, shown on decision diamonds.
  public static func deciderText(_ decider: Decider?) -> String {
    switch decider {
    case .customer: "customer decides"
    case .employee: "employee decides"
    case .system: "automated decision"
    case nil: "who decides?"
    }
  }
  /// The tint behind an evidence badge and the ink on it (the theme's): the glyph and word
  /// carry the meaning, the colour only helps the eye find the same status again.
  public static func badgeColors(_ status: Evidence) -> (fill: String, ink: String) {
    Theme.standard.badgeColors(status)
  }

  /// The fill of a point on the experience curve and the ink of its score, from vermilion
  /// (very bad) to bluish green (very good); the score is always written in the point too.
  public static func feelColors(_ feel: Int) -> (fill: String, ink: String) {
    switch feel {
    case ...(-2): (PaletteColor.vermilion.hex, paper)
    case -1: (PaletteColor.orange.hex, ink)
    case 0: ("#D9DDE1", ink)
    case 1: (PaletteColor.sky.hex, ink)
    default: (PaletteColor.green.hex, paper)
    }
  }

  /// The words under the feel scale of a legend.
  public static func feelWord(_ feel: Int) -> String {
    switch feel {
    case ...(-2): "very bad"
    case -1: "bad"
    case 0: "neutral"
    case 1: "good"
    default: "very good"
    }
  }
}
