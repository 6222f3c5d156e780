import Foundation
import JourneyMap
import Testing

/// `render --media a4|a3|letter|screen --format pdf`: one PDF document for each view, its
/// pages those the same map gives as SVG files, readable by a real PDF reader.
@Suite(.serialized) struct PDFDocumentTests {
  static let root = ExampleOutputTests.root
  static let map = "maps/faulty-product.journey"

  static func checked() throws -> CheckedJourney {
    let bytes = try Data(contentsOf: root.appendingPathComponent(map))
    return JourneyChecker.check(Array(bytes), file: map)
  }

  /// The files a render lists on stdout.
  static func listed(_ result: Binary.Result) -> [String] {
    result.stdout.split(separator: "\n").map(String.init)
  }

  @Test func a4GivesOneDocumentPerViewWithThePagesTheSVGsHave() throws {
    let directory = try temporaryDirectory()
    let result = try Binary.run(["render", Self.map, "--media", "a4", "--format", "pdf",
                                 "-o", directory.path], in: Self.root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "")
    let journey = directory.appendingPathComponent("faulty-product.journey.pdf")
    let silo = directory.appendingPathComponent("faulty-product.silo.pdf")
    #expect(Self.listed(result) == [journey.path, silo.path])
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
      == ["faulty-product.journey.pdf", "faulty-product.silo.pdf"])

    let svgs = try temporaryDirectory()
    let svg = try Binary.run(["render", Self.map, "--media", "a4", "-o", svgs.path], in: Self.root)
    #expect(svg.status == 0)
    let checked = try Self.checked()
    for (view, file) in [(MapView.journey, journey), (MapView.silo, silo)] {
      let pageFiles = Self.listed(svg).filter { $0.contains(".\(view.rawValue).page-") }
      #expect(pageFiles.count > 2)
      let bytes = [UInt8](try Data(contentsOf: file))
      let pdf = try ReadPDF(bytes)
      #expect(pdf.pages.count == pageFiles.count, "\(file.lastPathComponent)")
      for (index, page) in pdf.pages.enumerated() {
        let box = ReadPDF.mediaBox(page)
        #expect(box.count == 4 && box[2] - box[0] == 842 && box[3] - box[1] == 595,
                "page \(index + 1): \(box)")
      }
      #expect(PDFTitleTests.hexTitle(Array(pdf.info.utf8)) == view.title(checked.journey))
      #expect(pdf.info.contains("/CreationDate (D:19700101000000Z)"))
      // A bookmark for each page: the cover, then the stages each page holds.
      let bookmarks = pdf.bookmarks
      #expect(bookmarks.map(\.page) == Array(1...pdf.pages.count))
      #expect(bookmarks.first?.title == "Cover")
      #expect(bookmarks.dropFirst().first?.title.hasPrefix("Stages Notice the problem") == true,
              "\(bookmarks.map(\.title))")
      if let poppler = try popplerReading(file) {
        #expect(poppler.pages == pageFiles.count && poppler.drawn == pageFiles.count)
        #expect(poppler.complaints == "", "\(file.lastPathComponent): \(poppler.complaints)")
      }
    }
  }

  @Test func twoRunsGiveTheSameBytes() throws {
    var outputs: [[Data]] = []
    for _ in 0..<2 {
      let directory = try temporaryDirectory()
      let result = try Binary.run(["render", Self.map, "--media", "a3", "--format", "pdf",
                                   "-o", directory.path], in: Self.root)
      #expect(result.status == 0, "\(result.stderr)")
      outputs.append(try Self.listed(result).map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
    }
    #expect(outputs[0].count == 2 && outputs[0] == outputs[1])
  }

  @Test func aFileOrStandardOutputCarriesTheWholeDocument() throws {
    let directory = try temporaryDirectory()
    let common = ["render", Self.map, "--paper", "letter", "--view", "silo"]
    let inDirectory = try Binary.run(common + ["--format", "pdf", "-o", directory.path],
                                     in: Self.root)
    #expect(inDirectory.status == 0, "\(inDirectory.stderr)")
    let expected = try Data(contentsOf: directory.appendingPathComponent("faulty-product.silo.pdf"))
    let file = directory.appendingPathComponent("handout.pdf")
    let toFile = try Binary.run(common + ["-o", file.path], in: Self.root)
    #expect(toFile.status == 0, "\(toFile.stderr)")
    #expect(toFile.stdout == file.path + "\n")
    #expect(try Data(contentsOf: file) == expected)
    let pdf = try ReadPDF([UInt8](expected))
    #expect(pdf.pages.count == (try MapView.silo.pictures(Self.checked(), medium: .letter).count))
    for page in pdf.pages {
      let box = ReadPDF.mediaBox(page)
      let size = box.count == 4 ? [box[2] - box[0], box[3] - box[1]] : []
      // Landscape, or portrait for a silo diagram of many lanes.
      #expect(size == [792, 612] || size == [612, 792], "\(box)")
    }
    // SVG still writes one file a page, so one file cannot hold them.
    let svg = try Binary.run(common + ["-o", directory.appendingPathComponent("x.svg").path],
                             in: Self.root)
    #expect(svg.status == 64)
    #expect(svg.stderr.contains("writes several (pages or slides; a PDF holds them all)"))
  }

  @Test func standardOutputGetsTheSameBytesAsTheFile() throws {
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("deck.pdf")
    let common = ["render", Self.map, "--media", "screen", "--view", "journey"]
    #expect(try Binary.run(common + ["-o", file.path], in: Self.root).status == 0)
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = common + ["--format", "pdf", "-o", "-"]
    process.currentDirectoryURL = Self.root
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let bytes = try out.fileHandleForReading.readToEnd() ?? Data()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(bytes == (try Data(contentsOf: file)))
    // Slides: one deck, a slide a page, the first the overview.
    let pdf = try ReadPDF([UInt8](bytes))
    #expect(pdf.pages.count == (try MapView.journey.pictures(Self.checked(), medium: .screen).count))
    #expect(pdf.pages.count > 2)
    #expect(pdf.bookmarks.first?.title == "Overview")
    if let poppler = try popplerReading(file) {
      #expect(poppler.pages == pdf.pages.count)
      #expect(poppler.complaints == "", "\(poppler.complaints)")
    }
  }

  @Test func aPageThatFailsWritesNoDocumentAndKeepsThePreviousOne() throws {
    let directory = try temporaryDirectory()
    let previous = directory.appendingPathComponent("faulty-product.journey.pdf")
    try Data("previous document".utf8).write(to: previous)
    // Only the third page's layout crashes (its headline names it).
    let result = try Binary.run(["render", Self.map, "--media", "a4", "--format", "pdf",
                                 "--view", "journey", "-o", directory.path], in: Self.root,
                                environment: ["JOURNEYMAP_WORKER_FAULT": "crash-on:page 3 of"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("maps/faulty-product.journey: error: journey map: layout crashed"),
            "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(try Data(contentsOf: previous) == Data("previous document".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path)
      == ["faulty-product.journey.pdf"])
    // The same fault leaves SVG pages but the third, each a file of its own.
    let svg = try Binary.run(["render", Self.map, "--media", "a4", "--view", "journey",
                              "-o", directory.path], in: Self.root,
                             environment: ["JOURNEYMAP_WORKER_FAULT": "crash-on:page 3 of"])
    #expect(svg.status == 1)
    let pages = Self.listed(svg)
    #expect(!pages.isEmpty && !pages.contains { $0.hasSuffix(".page-3.svg") })
    #expect(pages.contains { $0.hasSuffix(".page-4.svg") })
  }
}
