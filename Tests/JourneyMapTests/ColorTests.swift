import Foundation
import Testing
@testable import JourneyMap

/// Colours a reader can tell apart: text on its background, owners from each other.
@Suite struct ColorTests {
  /// WCAG relative luminance of `#RRGGBB`.
  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16) ?? 0
    func channel(_ c: Int) -> Double {
      let v = Double(c) / 255
      return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channel(value >> 16 & 255) + 0.7152 * channel(value >> 8 & 255)
      + 0.0722 * channel(value & 255)
  }

  static func contrast(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
  }

  @Test func everyTextAndItsBackgroundAreAtLeastFourAndAHalfToOne() {
    let t = Theme.standard
    var pairs: [(String, String, String)] = []
    for background in [t.paper, t.painFill, t.opportunityFill, t.metricFill, t.noteFill,
                       t.questionFill, t.sharedFill, t.unownedFill, t.backstageFill, t.phaseFill,
                       t.lowFill] {
      pairs.append(("ink", t.ink, background))
      pairs.append(("muted ink", t.mutedInk, background))
    }
    for status in Evidence.allCases {
      let colors = t.badgeColors(status)
      pairs.append((status.rawValue, colors.ink, colors.fill))
    }
    for feel in -2...2 { pairs.append(("score \(feel)", t.ink, t.feelColors(feel).fill)) }
    pairs.append(("hand-off number", t.handoffInk, t.paper))
    pairs.append(("hand-off number on backstage", t.handoffInk, t.backstageFill))
    for (name, ink, background) in pairs {
      #expect(Self.contrast(ink, background) >= 4.5,
              "\(name) \(ink) on \(background): \(Self.contrast(ink, background))")
    }
  }

  @Test func sixteenOwnersGetSixteenColourAndChipPairs() {
    var text = ""
    for n in 1...16 { text += "owner o\(n) \"Team \(n)\"\n" }
    let journey = JourneyChecker.check(Array(text.utf8), file: "o.journey").journey
    let board = JourneyBoard.board(JourneyChecker.check(Array((text
      + "stage s \"S\"\n" + (1...16).map { "  touchpoint t\($0) \"T\" owner o\($0)\n" }
      .joined()).utf8), file: "o.journey"))
    #expect(journey.owners.count == 16)
    let legend = board.header.first { $0.id == "legend-owners" }
    let chips = legend?.lines.dropFirst().map { "\($0.prefix?.text ?? "") \($0.prefix?.color ?? "")" }
    #expect(Set(chips ?? []).count == 16, "\(chips ?? [])")
  }

  @Test func anOwnerWithoutAColourNeverGetsOneSomebodyDeclared() {
    var text = ""
    for (n, colour) in ["grey", "blue", "", "", "", "", "", "", ""].enumerated() {
      text += "owner o\(n) \"Team \(n)\"" + (colour.isEmpty ? "" : " color \(colour)") + "\n"
    }
    let journey = JourneyChecker.check(Array(text.utf8), file: "o.journey").journey
    let chips = Style.ownerChips(journey)
    let pairs = journey.owners.map { "\(chips[$0.id]?.color ?? "") \(chips[$0.id]?.glyph ?? "")" }
    #expect(Set(pairs).count == journey.owners.count, "\(pairs)")
    // The silo diagram asks the same function: both views colour an owner alike.
    #expect(journey.owners.allSatisfy { Style.color(of: $0, in: journey) == chips[$0.id]?.color })
  }

  @Test func ownerColoursThatLookAlikeAreAWarning() {
    expectDiagnostics("""
      owner a "A" color "#0072B2"
      owner ⟦b⟧ "B" color "#0070B5"
      owner c "C" color orange
      stage s "S"
        touchpoint t "T" owner a

      """, [.warning("the colour of owner 'b' looks like the colour of 'a'",
                     "choose a colour apart, such as: orange, sky, green, yellow, blue, "
                       + "vermilion, purple, grey; the lanes and chips would be told apart by "
                       + "their names only")])
  }
}
