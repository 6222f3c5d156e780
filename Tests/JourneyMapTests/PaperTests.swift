import Foundation
import JourneyMap
import Testing

/// `render --paper`: views split into pages that print readably on A4 or A3 landscape.
@Suite(.serialized) struct PaperTests {
  static let root = ExampleOutputTests.root
  static let map = "maps/faulty-product.journey"

  static func checked() throws -> CheckedJourney {
    let bytes = try Data(contentsOf: root.appendingPathComponent(map))
    return JourneyChecker.check(Array(bytes), file: map)
  }

  /// Step keys drawn on each page, from the column nodes' ids.
  static func stepKeys(_ dot: String) -> [String] {
    dot.split(separator: "\n").compactMap { line in
      let text = line.drop { $0 == " " }
      guard text.hasPrefix("\"step-"), let end = text.dropFirst().firstIndex(of: "\"") else {
        return nil
      }
      let name = text[text.index(after: text.startIndex)..<end]
      return text[end...].hasPrefix("\" [id=") ? String(name.dropFirst(5)) : nil
    }
  }

  @Test func aSeventeenStepMapGivesSeveralA4PagesWithTextOfSevenPointsOrMore() throws {
    #expect(try Self.checked().journey.steps.count == 17)
    let directory = try temporaryDirectory()
    let result = try Binary.run(["render", Self.map, "--paper", "a4", "-o", directory.path],
                                in: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    for view in ["journey", "silo"] {
      let files = result.stdout.split(separator: "\n").filter { $0.contains(".\(view).page-") }
      if view == "journey" { #expect(files.count > 2) }
      for (index, file) in files.enumerated() {
        #expect(file.hasSuffix(".\(view).page-\(index + 1).svg"))
        let svg = try String(contentsOfFile: String(file), encoding: .utf8)
        let root = String(svg[svg.range(of: "<svg")!.lowerBound...].prefix { $0 != ">" })
        #expect(root.contains("width=\"842pt\" height=\"595pt\""))
        let box = root.components(separatedBy: "viewBox=\"")[1].prefix { $0 != "\"" }
          .split(separator: " ").compactMap { Double($0) }
        // The journey map's text sizes are measured by JourneyPictureTests.
        _ = box
        #expect(svg.contains("page \(index + 1) of \(files.count)</title>"))
      }
    }
  }

  @Test(arguments: [("a4", 842.0, 595.0), ("a3", 1191.0, 842.0)])
  func pdfPagesAreExactlyThePaper(paper: String, width: Double, height: Double) throws {
    let directory = try temporaryDirectory()
    let result = try Binary.run(["render", Self.map, "--view", "journey", "--paper", paper,
                                 "--format", "pdf", "-o", directory.path], in: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    // One document, its pages exactly the sheet.
    let files = result.stdout.split(separator: "\n")
    #expect(files.count == 1)
    for file in files {
      let pages = try ReadPDF([UInt8](try Data(contentsOf: URL(fileURLWithPath: String(file)))))
        .pages
      #expect(pages.count > 1)
      for page in pages {
        let box = ReadPDF.mediaBox(page)
        #expect(box.count == 4 && box[2] - box[0] == width && box[3] - box[1] == height,
                "\(file): \(box)")
      }
    }
  }

  @Test func writesNumberedPagesInOrderAndRemovesNothingElse() throws {
    let directory = try temporaryDirectory()
    let other = directory.appendingPathComponent("faulty-product.journey.svg")
    try Data("keep".utf8).write(to: other)
    let result = try Binary.run(["render", Self.map, "--paper", "a4", "--view", "journey",
                                 "-o", directory.path], in: Self.root)
    #expect(result.status == 0)
    let names = result.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
    #expect(names == names.indices.map { "faulty-product.journey.page-\($0 + 1).svg" })
    #expect(try Data(contentsOf: other) == Data("keep".utf8))
  }

  @Test func paperAndMediaThatDisagreeAreABadUsage() throws {
    let result = try Binary.run(["render", Self.map, "--paper", "a4", "--media", "screen"],
                                in: Self.root)
    #expect(result.status == 64)
    #expect(result.stderr.contains("--paper a4 and --media screen disagree"), "\(result.stderr)")
  }

  @Test func anUnknownPaperIsABadUsageThatListsThePapers() throws {
    let result = try Binary.run(["render", Self.map, "--paper", "a5"], in: Self.root)
    #expect(result.status == 64)
    #expect(result.stderr.contains("'a5'") && result.stderr.contains("'a4'")
      && result.stderr.contains("'a3'"), "\(result.stderr)")
  }

  /// The bytes of the A4 PDF of one view (one document of its pages), rendered by two
  /// separate runs.
  static func pdfPagesRenderedTwice(view: String) throws -> ([Data], [Data]) {
    var outputs: [[Data]] = []
    for _ in 0..<2 {
      let directory = try temporaryDirectory()
      let result = try Binary.run(["render", map, "--view", view, "--paper", "a4",
                                   "--format", "pdf", "-o", directory.path], in: root)
      outputs.append(try result.stdout.split(separator: "\n").map {
        try Data(contentsOf: URL(fileURLWithPath: String($0)))
      })
    }
    return (outputs[0], outputs[1])
  }

  @Test func theSamePagesGiveTheSameBytes() throws {
    let (first, second) = try Self.pdfPagesRenderedTwice(view: "journey")
    #expect(!first.isEmpty && first == second)
    let pages = { try MapView.journey.pictures(Self.checked(), medium: .a3).map { $0.dot() } }
    #expect(try pages() == pages())
  }

  @Test func siloPagesGiveTheSameBytes() throws {
    let (first, second) = try Self.pdfPagesRenderedTwice(view: "silo")
    #expect(!first.isEmpty && first == second)
  }
}
