/// Every size, colour and font a board is drawn with: views say what a thing is (a card, a
/// pain, a stage name), the theme says how big and in which colour, so one change reaches
/// every view and medium.
///
/// Sizes are natural points: the picture as laid out. A medium scales the whole picture (a
/// document column shrinks it, a projector slide enlarges it), so the smallest size here,
/// `small`, is what the media's promises are computed from.
public struct Theme: Sendable {
  public var font = "DejaVu Sans"

  // MARK: Text sizes
  public var title = 26.0
  public var subtitle = 13.0
  public var phase = 15.0
  public var stage = 18.0
  /// A step's label on its card.
  public var label = 13.0
  public var owner = 11.0
  public var answer = 11.0
  public var note = 10.5
  public var score = 11.0
  /// Small print: the card's kind and channel, badges, legend, band labels. Nothing smaller.
  public var small = 10.0
  /// Line height as a multiple of the text size.
  public var lineSpacing = 1.25

  // MARK: Boxes and spaces
  public var cardWidth = 176.0
  /// A page or slide whose stages are narrower than its sheet widens its cards up to this
  /// many times `cardWidth`, so that it fills the sheet: shorter cards, drawn larger.
  public var widestCards = 2.0
  /// Space inside a card or a note between its border and its text.
  public var padding = 6.0
  /// The space between two columns, before connector tracks are added.
  public var gutter = 26.0
  /// The distance between two connectors running side by side.
  public var track = 8.0
  /// Vertical space between two boxes stacked in one cell.
  public var stackGap = 6.0
  /// Height of one feeling level on the experience curve (−2…+2 is four steps).
  public var level = 30.0
  public var point = 26.0
  /// Space around each board row and the whole picture.
  public var margin = 20.0
  public var rowGap = 28.0
  /// The left column that names the bands.
  public var bandLabelWidth = 104.0
  /// The room taken by a stage's frame above, around and below its columns.
  public var stageInset = 10.0
  public var arrowSize = 0.8
  public var connectorWidth = 1.6

  // MARK: Colours
  public var ink = "#1F2933"
  public var mutedInk = "#4A5560"
  public var hairline = "#9AA5B1"
  public var paper = "#FFFFFF"
  public var phaseFill = "#EEF1F4"
  public var stageFill = "#FFFFFF"
  public var backstageFill = "#EEF1F4"
  /// Behind the experience curve below neutral, so the lows jump out.
  public var lowFill = "#FBEAEA"
  public var loopInk = "#4A5560"
  public var painFill = "#FCE3CF"
  public var opportunityFill = "#D5F0E6"
  public var metricFill = "#E4E7EB"
  public var noteFill = "#FFF4B3"
  public var questionFill = "#DCEFFB"
  /// Several owners share a step: an ownership finding, never used for anything else.
  public var sharedFill = "#E9DDF7"
  /// No owner: the other ownership finding, with its own tint.
  public var unownedFill = "#F2E1E6"
  /// The ink of hand-off numbers (H1, H2, …), the silo diagram's vermilion made dark enough
  /// for text.
  public var handoffInk = "#A33A00"
  /// The silo diagram's lanes: the Customer lane's tint, how much of an owner's colour its
  /// lane is tinted with (percent; the No-owner lane takes the hand-off vermilion), and the
  /// least height of a lane that holds a step.
  public var customerLaneFill = "#F5F7FA"
  public var laneTint = 13
  public var laneHeight = 36.0
  /// The line of a hand-off: the Okabe–Ito vermilion, distinct for the common colour
  /// blindnesses, and drawn heavier than other connectors so it shows without colour too.
  public var handoffLine = "#D55E00"

  public init() {}

  /// The theme every view and medium starts from.
  public static let standard = Theme()

  /// The theme of slides: labels and stage names larger against the rest, so that a slide
  /// holds more of the journey at the sizes a projector needs.
  public static let screen: Theme = {
    var theme = Theme()
    theme.label = 16
    theme.stage = 22
    theme.owner = 12
    theme.answer = 12
    theme.cardWidth = 196
    return theme
  }()

  /// The theme of paper pages: narrower cards and gutters, and text sizes closer to the
  /// smallest, so that a landscape sheet at 8 pt holds more of the journey (print is read
  /// close up: the names need less lead over the small print than on a wall or a screen).
  public static let paper: Theme = {
    var theme = Theme()
    theme.cardWidth = 150
    theme.gutter = 20
    theme.bandLabelWidth = 84
    theme.margin = 14
    theme.rowGap = 16
    theme.stage = 15
    theme.phase = 13
    theme.label = 12
    theme.owner = 10.5
    theme.answer = 10.5
    theme.note = 10
    theme.score = 10.5
    theme.padding = 5
    theme.stackGap = 5
    return theme
  }()

  /// The height of one line of text at `size`.
  /// `hex` mixed with white: `percent` 0 is white, 100 the colour itself. Integer arithmetic,
  /// so the bytes never depend on floating-point rounding.
  public static func tint(_ hex: String, _ percent: Int) -> String {
    let digits = Array(hex.utf8.dropFirst())
    guard hex.hasPrefix("#"), digits.count == 6 else { return "#F5F7FA" }
    var out = "#"
    for c in 0..<3 {
      guard let value = UInt8(String(decoding: digits[(2 * c)..<(2 * c + 2)], as: UTF8.self),
                              radix: 16)
      else { return "#F5F7FA" }
      let mixed = 255 - ((255 - Int(value)) * percent + 50) / 100
      let text = String(mixed, radix: 16, uppercase: true)
      out += text.count == 1 ? "0" + text : text
    }
    return out
  }

  public func lineHeight(_ size: Double) -> Double { (size * lineSpacing).rounded(.up) }

  /// The tint behind an evidence badge and the ink on it (each pair at least 4.5:1).
  public func badgeColors(_ status: Evidence) -> (fill: String, ink: String) {
    switch status {
    case .assumed: ("#E4E7EB", "#3E4C59")
    case .observed: ("#D3E6F3", "#00507D")
    case .validated: ("#CCEDE3", "#00664A")
    case .disputed: ("#F5D0D6", "#8A1C2B")
    case .proposed: ("#E6E0F5", "#4B3A7A")
    }
  }

  /// The glyph and word that show an evidence status without colour.
  public func badge(_ status: Evidence) -> String {
    switch status {
    case .assumed: "◌ assumed"
    case .observed: "◉ observed"
    case .validated: "✓ validated"
    case .disputed: "✗ disputed"
    case .proposed: "✚ proposed"
    }
  }

  /// The fill and ring of a point on the experience curve; the score written in it is always
  /// in `ink`, on a light fill, so it reads at every level.
  public func feelColors(_ feel: Int) -> (fill: String, ring: String) {
    switch feel {
    case ...(-2): ("#F6C6A8", "#D55E00")
    case -1: ("#FBE0B0", "#C98800")
    case 0: ("#E4E7EB", "#7B8794")
    case 1: ("#CBE6F7", "#2B8CC4")
    default: ("#BFE8D9", "#009E73")
    }
  }

  /// Owner colours in the order owners get them: Okabe–Ito first (yellow last, it is faint
  /// on white), then a darker shade of each for owners 9 to 16, drawn with another chip
  /// shape so they stay apart without colour.
  public static let ownerPalette: [String] = [
    "#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#D55E00", "#999999", "#F0E442",
    "#003F63", "#8A5F00", "#005C43", "#1F6F9E", "#8A3F6A", "#803800", "#5C5C5C", "#8C8420",
  ]

  /// The chip glyphs, one for each round of the palette.
  public static let ownerChips = ["■", "▲", "●", "◆"]
}
