import Foundation
import Testing

@testable import JourneyMap

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `--embed-fonts`: the DejaVu Sans subset a picture uses, carried inside its SVG.
@Suite struct FontEmbeddingTests {
  static let regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

  func font() throws -> [UInt8] {
    [UInt8](try #require(FileManager.default.contents(atPath: Self.regular),
                         "DejaVu Sans is installed where the layout is measured"))
  }

  /// The glyph drawn for `scalar` in `font`: its outline bytes (nil when it has none).
  func outline(_ font: [UInt8], _ scalar: Unicode.Scalar) throws -> [UInt8]? {
    let tables = try FontSubset.Reader(font).tables()
    let map = try FontSubset.characterMap(font[try #require(tables["cmap"])])
    guard let gid = map(scalar.value) else { return nil }
    let head = font[try #require(tables["head"])]
    let loca = font[try #require(tables["loca"])]
    let glyf = try #require(tables["glyf"])
    let long = FontSubset.Reader.u16(head, 50) == 1
    let a = long ? Int(FontSubset.Reader.u32(loca, gid * 4)) : Int(FontSubset.Reader.u16(loca, gid * 2)) * 2
    let b = long ? Int(FontSubset.Reader.u32(loca, gid * 4 + 4))
      : Int(FontSubset.Reader.u16(loca, gid * 2 + 2)) * 2
    var bytes = Array(font[(glyf.lowerBound + a)..<(glyf.lowerBound + b)])
    while bytes.count % 4 != 0 { bytes.append(0) }  // the subset pads each glyph
    return bytes
  }

  @Test func theSubsetDrawsEachCharacterWithTheFontsOwnOutline() throws {
    let font = try font()
    // Symbols the pictures use that Arial lacks, letters, and a composite accented letter.
    let text = "Calls the hotline ⚑◉╌⚠★✎ Δ⇄− é"
    let subset = try FontSubset.subset(font, characters: Set(text.unicodeScalars))
    #expect(subset.count < 20_000, "\(subset.count) bytes")
    #expect(subset.count * 20 < font.count)
    for scalar in text.unicodeScalars where scalar != " " && scalar != "é" {
      let original = try #require(try outline(font, scalar), "\(scalar)")
      let kept = try #require(try outline(subset, scalar), "\(scalar)")
      if original.first.map({ $0 & 0x80 != 0 }) == true {
        // A composite (⇄ is two arrows): the same bytes but its components' renumbered ids.
        #expect(kept.count == original.count, "\(scalar)")
      } else {
        #expect(kept == original, "\(scalar)")
      }
    }
    // A composite glyph keeps its components (renumbered), so it is not empty.
    #expect((try outline(subset, "é"))?.isEmpty == false)
    // Characters that were not asked for are not there.
    #expect(try outline(subset, "Z") == nil)
  }

  @Test func theSubsetIsAFontFreeTypeReads() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/fc-query") else { return }
    let subset = try FontSubset.subset(try font(), characters: Set("Hotline ⚑".unicodeScalars))
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("subset.ttf")
    try Data(subset).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/fc-query")
    process.arguments = ["--format=%{family}|%{style}|%{charset}", file.path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(text.hasPrefix("DejaVu Sans|Book|"), "\(text)")
  }

  @Test func renderEmbedsOneFontFacePerFaceUsed() throws {
    let cli = CheckCommandTests()
    let dir = try cli.directory(["help.journey": RenderDocumentTests.map])
    let result = try cli.run(["render", "help.journey", "--view", "journey", "-o", "-",
                              "--embed-fonts"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(ParsedSVG(result.stdout).parsed)
    let faces = result.stdout.components(separatedBy: "@font-face{").dropFirst()
    #expect(faces.count == 2)  // regular and bold: this small map has no italic answer
    #expect(faces.first?.hasPrefix("font-family:\"DejaVu Sans\";font-weight:normal;") == true)
    let plain = try cli.run(["render", "help.journey", "--view", "journey", "-o", "-"], in: dir)
    #expect(!plain.stdout.contains("@font-face"))
    #expect(result.stdout.utf8.count - plain.stdout.utf8.count < 80_000)
    let png = try cli.run(["render", "help.journey", "--format", "png", "--embed-fonts"], in: dir)
    #expect(png.status == 64)
  }

  @Test func textIsReadWithItsEntities() {
    let svg = "<text font-family=\"DejaVu Sans,Verdana\" font-weight=\"bold\">A&amp;B &#45;&#x2691;</text>"
      + "<text font-family=\"DejaVu Sans\">x</text><text font-family=\"Other\">q</text>"
    let found = FontEmbedding.characters(in: svg)
    #expect(found[.bold] == Set("A&B -⚑".unicodeScalars))
    #expect(found[.regular] == ["x"])
    #expect(FontEmbedding.base64(Array("Man".utf8)) == "TWFu")
    #expect(FontEmbedding.base64(Array("Ma".utf8)) == "TWE=")
  }
}
