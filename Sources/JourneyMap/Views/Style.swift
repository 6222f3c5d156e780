/// The visual vocabulary both views share, so a facilitator reads them the same way.
/// Nothing here relies on colour alone: every colour comes with a glyph, a word or a line style.
public enum Style {
  /// The font every layout is measured with. DejaVu Sans is wide, so the fallbacks the SVG
  /// names (which are narrower) never overflow a box.
  public static let font = "DejaVu Sans"


  /// The colour of `owner` on every view (see `ownerChips`).
  public static func color(of owner: Owner, in journey: Journey) -> String {
    ownerChips(journey)[owner.id]?.color ?? Theme.ownerPalette[0]
  }

  /// The colour and chip glyph of every owner, by id, the same on every view: a declared
  /// colour as written; the others take the palette's colours in declaration order, skipping
  /// those declared by someone else, the Okabe–Ito colours first with a square chip, then
  /// darker shades with a triangle, then again with other shapes, so that 16 owners and more
  /// stay apart without colour too.
  public static func ownerChips(_ journey: Journey) -> [String: (color: String, glyph: String)] {
    var declared: Set<String> = []
    for owner in journey.owners {
      switch owner.color {
      case .named(let named)?: declared.insert(named.hex.uppercased())
      case .hex(let hex)?: declared.insert(hex.uppercased())
      case nil: break
      }
    }
    let free = Theme.ownerPalette.filter { !declared.contains($0.uppercased()) }
    let palette = free.isEmpty ? Theme.ownerPalette : free
    var chips: [String: (color: String, glyph: String)] = [:]
    var next = 0
    for owner in journey.owners where chips[owner.id] == nil {
      switch owner.color {
      case .named(let named)?: chips[owner.id] = (named.hex, Theme.ownerChips[0])
      case .hex(let hex)?: chips[owner.id] = (hex, Theme.ownerChips[0])
      case nil:
        let round = next / 8
        chips[owner.id] = (palette[next % palette.count],
                           Theme.ownerChips[round % Theme.ownerChips.count])
        next += 1
      }
    }
    return chips
  }

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
