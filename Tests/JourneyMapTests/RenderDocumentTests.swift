import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `render` in pipes and documents: standard input and output, one file, PNG resolution, id
/// prefixes; run as the built binary, as a user runs it.
@Suite struct RenderDocumentTests {
  let cli = CheckCommandTests()

  static let map = """
    journey "Help"
    owner service "Customer Service"
    stage ask "Ask"
      touchpoint call "Calls the hotline" owner service feel -1
      touchpoint fixed "Fridge fixed" owner service feel +2

    """

  func entries(_ dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
  }

  @Test func dashReadsStandardInputAndDashOutputWritesStandardOutput() throws {
    let dir = try cli.directory([:])
    let result = try cli.run(["render", "-", "--view", "journey", "-o", "-"], in: dir,
                             input: Self.map)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let svg = ParsedSVG(result.stdout)
    #expect(svg.parsed)
    #expect(svg.topLevel.first?.text == "Help: journey map")
    #expect(svg.elements.contains { $0.attributes["id"] == "step-call" })
    // Nothing was written beside it.
    #expect(entries(dir) == [])
  }

  @Test func errorsInStandardInputAreNamedStdinAndWriteNothing() throws {
    let dir = try cli.directory([:])
    let result = try cli.run(["render", "-", "--view", "journey", "-o", "-"], in: dir,
                             input: Self.map + "  touchpoint t \"T\" owner servcie\n")
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("<stdin>:6:26: error: unknown owner 'servcie'"))
  }

  @Test func dashOutputOfAPNGIsThePNGItself() throws {
    let dir = try cli.directory(["help.journey": Self.map])
    let result = try cli.run(["render", "help.journey", "--view", "silo", "--format", "png",
                              "-o", "-"], in: dir)
    #expect(result.status == 0)
    // The PNG signature and its last chunk reach standard output untouched (read as UTF-8
    // here, the signature's first byte, 0x89, becomes U+FFFD).
    let starts = result.stdout.hasPrefix("\u{FFFD}PNG\r\n\u{1A}\n")
    let ends = result.stdout.suffix(12).contains("IEND")
    #expect(starts && ends)
  }

  @Test func oneFileHoldsOneViewAndItsFormatComesFromItsName() throws {
    let dir = try cli.directory(["help.journey": Self.map])
    let result = try cli.run(["render", "help.journey", "--view", "journey", "-o", "help.pdf"],
                             in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "help.pdf\n")
    let pdf = try Data(contentsOf: dir.appendingPathComponent("help.pdf"))
    #expect(pdf.starts(with: Data("%PDF".utf8)))
    #expect(entries(dir) == ["help.journey", "help.pdf"])
  }

  @Test func aFileForSeveralPicturesIsAUsageErrorAndCreatesNothing() throws {
    let dir = try cli.directory(["help.journey": Self.map, "maps/b.journey": Self.map])
    let cases: [([String], String)] = [
      (["render", "help.journey", "-o", "x.svg"], "add --view journey or --view silo"),
      (["render", "help.journey", "maps/b.journey", "--view", "journey", "-o", "x.svg"],
       "2 maps are named"),
      (["render", "maps", "--view", "journey", "-o", "x.svg"], "a directory of maps"),
      (["render", "--view", "journey", "-o", "x.svg"], "no map is named"),
      (["render", "help.journey", "--view", "journey", "--media", "a4", "-o", "x.svg"],
       "--media a4 writes several"),
      (["render", "help.journey", "--view", "journey", "--format", "png", "-o", "x.svg"],
       "names a .svg file, but --format is png"),
      (["render", "help.journey", "--view", "journey", "-o", "-", "--media", "screen"],
       "-o - (standard output) holds one picture"),
    ]
    for (arguments, message) in cases {
      let result = try cli.run(arguments, in: dir)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stdout == "")
    }
    // Neither a file nor a folder named x.svg.
    #expect(entries(dir) == ["help.journey", "maps"])
  }

  @Test func anExistingDirectoryWithAnExtensionStillTakesEveryPicture() throws {
    let dir = try cli.directory(["help.journey": Self.map, "x.svg/.keep": ""])
    let result = try cli.run(["render", "help.journey", "-o", "x.svg"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "x.svg/help.journey.svg\nx.svg/help.silo.svg\n")
  }

  /// The width of a PNG, from its IHDR chunk.
  func pngWidth(_ url: URL) throws -> Int {
    let bytes = [UInt8](try Data(contentsOf: url))
    try #require(bytes.count > 24)
    return bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
  }

  @Test func scaleAndDPIMultiplyThePixelsOfAPNG() throws {
    let dir = try cli.directory(["help.journey": Self.map])
    for (name, options) in [("plain", [String]()), ("scale", ["--scale", "2"]),
                            ("dpi", ["--dpi", "144"])] {
      let result = try cli.run(["render", "help.journey", "--view", "journey", "-o",
                                "\(name).png"] + options, in: dir)
      #expect(result.status == 0, "\(result.stderr)")
    }
    let plain = try pngWidth(dir.appendingPathComponent("plain.png"))
    let scaled = try pngWidth(dir.appendingPathComponent("scale.png"))
    let dpi = try pngWidth(dir.appendingPathComponent("dpi.png"))
    #expect(abs(scaled - 2 * plain) <= 2, "\(plain) → \(scaled)")
    #expect(abs(Double(dpi) - 1.5 * Double(plain)) <= 2, "\(plain) → \(dpi)")

    for (options, message) in [
      (["--scale", "2", "--format", "svg"], "apply to PNG only"),
      (["--dpi", "5", "--format", "png"], "--dpi must be from 10 to 2400, not 5"),
      (["--dpi", "96", "--scale", "1", "--format", "png"], "give one of them"),
    ] {
      let result = try cli.run(["render", "help.journey"] + options, in: dir)
      #expect(result.status == 64)
      #expect(result.stderr.contains(message), "\(result.stderr)")
    }
  }

  @Test func idPrefixesKeepTwoInlinedPicturesFromSharingAnId() throws {
    let other = Self.map.replacingOccurrences(of: "Help", with: "Other")
    let dir = try cli.directory(["help.journey": Self.map, "other.journey": other])
    var pictures: [ParsedSVG] = []
    for (map, prefix) in [("help", "a-"), ("other", "b-")] {
      let result = try cli.run(["render", "\(map).journey", "--view", "journey", "-o", "-",
                                "--id-prefix", prefix], in: dir)
      #expect(result.status == 0)
      let svg = ParsedSVG(result.stdout)
      #expect(svg.parsed)
      let ids = svg.elements.compactMap { $0.attributes["id"] }
      #expect(!ids.isEmpty)
      #expect(ids.allSatisfy { $0.hasPrefix(prefix) }, "\(ids.filter { !$0.hasPrefix(prefix) })")
      #expect(ids.contains(prefix + "step-call"))
      // Every reference names an id of the same picture.
      let known = Set(ids)
      for element in svg.elements {
        for (name, value) in element.attributes {
          if name == "aria-labelledby" {
            #expect(value.split(separator: " ").allSatisfy { known.contains(String($0)) })
          }
          if name.hasSuffix("href"), value.hasPrefix("#") {
            #expect(known.contains(String(value.dropFirst())))
          }
        }
      }
      pictures.append(svg)
    }
    let first = Set(pictures[0].elements.compactMap { $0.attributes["id"] })
    let second = Set(pictures[1].elements.compactMap { $0.attributes["id"] })
    #expect(first.isDisjoint(with: second))

    let bad = try cli.run(["render", "help.journey", "--id-prefix", "1 x"], in: dir)
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("invalid --id-prefix '1 x'"))
  }
}
