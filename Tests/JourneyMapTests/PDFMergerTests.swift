import Foundation
import JourneyMapGraphviz
import Testing
@testable import JourneyMap

/// A PDF read the way a reader starts: through its cross-reference table. Enough of it to
/// find the pages, their boxes, the document information and the outline.
struct ReadPDF {
  let bytes: [UInt8]
  /// Object number → its text from `N 0 obj` (streams' data included, decoded loosely).
  var objects: [Int: String] = [:]
  /// Object number → where it starts.
  var offsets: [Int: Int] = [:]
  var trailer = ""

  init(_ bytes: [UInt8]) throws {
    self.bytes = bytes
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(PDFTitleTests.crossReferencesHold(bytes), "the cross-reference table should hold")
    let start = try #require(text.range(of: "startxref\n", options: .backwards))
    let xref = try #require(Int(text[start.upperBound...].prefix { $0.isNumber }))
    let table = String(decoding: bytes[xref...], as: UTF8.self)
    let lines = table.split(separator: "\n")
    let counts = lines[1].split(separator: " ").compactMap { Int($0) }
    for (k, line) in lines.dropFirst(2).prefix(counts[1]).enumerated() where line.contains(" n") {
      let offset = try #require(Int(line.prefix(10)))
      let end = Self.find("endobj", in: bytes, from: offset) ?? bytes.count
      offsets[counts[0] + k] = offset
      objects[counts[0] + k] = String(decoding: bytes[offset..<end], as: UTF8.self)
    }
    trailer = String(table[try #require(table.range(of: "trailer")).lowerBound...])
  }

  static func find(_ word: String, in bytes: [UInt8], from start: Int) -> Int? {
    let pattern = Array(word.utf8)
    var index = start
    while index + pattern.count <= bytes.count {
      if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
      index += 1
    }
    return nil
  }

  /// The number `N` of `KEY N 0 R` in `text`.
  static func reference(_ key: String, in text: String) -> Int? {
    guard let range = text.range(of: "/\(key) ") else { return nil }
    return Int(text[range.upperBound...].prefix { $0.isNumber })
  }

  /// Every `N 0 R` in `text`, in order.
  static func references(in text: Substring) -> [Int] {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    return words.indices.compactMap { i in
      i + 2 < words.count && words[i + 1] == "0" && words[i + 2].hasPrefix("R") ? Int(words[i]) : nil
    }
  }

  var catalog: String { objects[Self.reference("Root", in: trailer) ?? -1] ?? "" }
  var info: String { objects[Self.reference("Info", in: trailer) ?? -1] ?? "" }

  /// The page objects, in the page tree's order.
  var pages: [String] {
    guard let tree = objects[Self.reference("Pages", in: catalog) ?? -1],
      let kids = tree.range(of: "/Kids [")
    else { return [] }
    return Self.references(in: tree[kids.upperBound...].prefix { $0 != "]" })
      .map { objects[$0] ?? "" }
  }

  /// Page `page`'s MediaBox.
  static func mediaBox(_ page: String) -> [Double] {
    guard let start = page.range(of: "/MediaBox [") else { return [] }
    return page[start.upperBound...].prefix { $0 != "]" }.split(separator: " ")
      .compactMap { Double($0) }
  }

  /// The bookmarks' titles, in order, and the page (from 1) each leads to.
  var bookmarks: [(title: String, page: Int)] {
    guard let outline = objects[Self.reference("Outlines", in: catalog) ?? -1] else { return [] }
    let numbers = pages.map { page in Int(page.prefix { $0.isNumber }) ?? -1 }
    var out: [(String, Int)] = []
    var item = Self.reference("First", in: outline)
    while let number = item, let text = objects[number], out.count < 1000 {
      let title = PDFTitleTests.hexTitle(Array(text.utf8)) ?? "?"
      let dest = text.range(of: "/Dest [ ").map { Int(text[$0.upperBound...].prefix { $0.isNumber }) ?? -1 }
      out.append((title, (dest.flatMap { numbers.firstIndex(of: $0) } ?? -2) + 1))
      item = Self.reference("Next", in: text)
    }
    return out
  }
}

/// Poppler's `pdfinfo` and `pdftoppm` on `pdf`, when they are installed: the page count
/// pdfinfo reads, the pages pdftoppm draws, and anything either says on stderr.
func popplerReading(_ pdf: URL) throws -> (pages: Int, drawn: Int, complaints: String)? {
  let tools = ["/usr/bin/pdfinfo", "/usr/bin/pdftoppm"]
  guard tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
  func run(_ tool: String, _ arguments: [String]) throws -> (String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    nonisolated(unsafe) var errors = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errors = (try? err.fileHandleForReading.readToEnd()) ?? Data()
    }
    let output = (try? out.fileHandleForReading.readToEnd()) ?? Data()
    process.waitUntilExit()
    group.wait()
    return (String(decoding: output, as: UTF8.self),
            "\(tool) exit \(process.terminationStatus): " + String(decoding: errors, as: UTF8.self))
  }
  let (info, infoErrors) = try run(tools[0], [pdf.path])
  let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
  let pages = Int(line.split(separator: " ").last ?? "") ?? -1
  let directory = try temporaryDirectory()
  let (_, drawErrors) = try run(tools[1], ["-r", "12", "-png", pdf.path,
                                           directory.appendingPathComponent("p").path])
  let drawn = try FileManager.default.contentsOfDirectory(atPath: directory.path).count
  let complaints = [infoErrors, drawErrors].filter { !$0.hasSuffix("exit 0: ") }
  return (pages, drawn, complaints.joined(separator: "\n"))
}

/// `PDFMerger`: cairo's one-page PDFs joined into one document.
@Suite struct PDFMergerTests {
  /// A one-page PDF of a graph with `label`, by the real worker (cairo, as `render` gets it).
  static func cairoPage(_ label: String, nodes: Int = 1) throws -> [UInt8] {
    let names = (0..<nodes).map { "n\($0)" }
    let dot = "digraph g { node [fontname=\"DejaVu Sans\", shape=box]; "
      + names.map { "\($0) [label=\"\(label) \($0)\"]; " }.joined()
      + (nodes > 1 ? names.joined(separator: " -> ") + "; " : "") + "}\n"
    return try worker().render(dot, as: .pdf).bytes
  }

  @Test func twoCairoPagesBecomeOneDocumentWithBothPagesInOrder() throws {
    let first = try Self.cairoPage("First page")
    let second = try Self.cairoPage("Second page", nodes: 3)
    let firstBox = ReadPDF.mediaBox(try ReadPDF(first).pages.first ?? "")
    let secondBox = ReadPDF.mediaBox(try ReadPDF(second).pages.first ?? "")
    #expect(firstBox.count == 4 && secondBox.count == 4 && firstBox != secondBox)

    let merged = try PDFMerger.merge([first, second], title: "Café: journey map",
                                     bookmarks: ["Cover", "Stages Ask – Pay"])
    let pdf = try ReadPDF(merged)
    #expect(pdf.pages.count == 2)
    #expect(pdf.pages.map(ReadPDF.mediaBox) == [firstBox, secondBox])
    // Each page's parent is the one page tree; one catalog, one information.
    let tree = ReadPDF.reference("Pages", in: pdf.catalog)
    #expect(pdf.pages.allSatisfy { ReadPDF.reference("Parent", in: $0) == tree })
    #expect(pdf.objects.values.filter { $0.contains("/Type /Catalog") }.count == 1)
    #expect(pdf.objects.values.filter { $0.contains("/Type /Pages") }.count == 1)
    #expect(pdf.objects.values.filter { $0.contains("/Producer") }.count == 1)
    #expect(pdf.catalog.contains("/Type /Catalog"))
    #expect(PDFTitleTests.hexTitle(Array(pdf.info.utf8)) == "Café: journey map")
    #expect(pdf.info.contains("/CreationDate (D:19700101000000Z)"))
    #expect(pdf.info.contains("/Producer (cairo 1.16"))
    #expect(pdf.bookmarks.map(\.title) == ["Cover", "Stages Ask – Pay"])
    #expect(pdf.bookmarks.map(\.page) == [1, 2])
    #expect(pdf.trailer.contains("/Size \(pdf.objects.count + 1)"))
    // The same parts give the same bytes.
    #expect(try PDFMerger.merge([first, second], title: "Café: journey map",
                                bookmarks: ["Cover", "Stages Ask – Pay"]) == merged)

    let file = try temporaryDirectory().appendingPathComponent("merged.pdf")
    try Data(merged).write(to: file)
    if let poppler = try popplerReading(file) {
      #expect(poppler.pages == 2 && poppler.drawn == 2)
      #expect(poppler.complaints == "", "\(poppler.complaints)")
    }
  }

  @Test func withoutBookmarksThereIsNoOutline() throws {
    let page = try Self.cairoPage("Only")
    let pdf = try ReadPDF(PDFMerger.merge([page], title: "T"))
    #expect(pdf.pages.count == 1)
    #expect(!pdf.catalog.contains("/Outlines"))
    #expect(pdf.bookmarks.isEmpty)
  }

  @Test func aPartGivenTwiceSharesItsFontsButNotItsPage() throws {
    let page = try Self.cairoPage("Twice", nodes: 2)
    let once = try ReadPDF(PDFMerger.merge([page], title: "T"))
    let twice = try ReadPDF(PDFMerger.merge([page, page], title: "T"))
    #expect(twice.pages.count == 2)
    let fonts = { (pdf: ReadPDF) in pdf.objects.values.filter { $0.contains("/FontFile2") }.count }
    #expect(fonts(once) >= 1 && fonts(twice) == fonts(once))
    // Only the page and its contents (and their lengths) are new.
    #expect(twice.objects.count < once.objects.count + 5)
    #expect(Set(twice.pages).count == 2)
  }

  /// Content whose bytes hold `endobj` and `endstream`, on lines of their own too (in a
  /// string, which a reader takes as it is).
  static let withEndobj = "% endobj\n/Note << /Text (\nendobj\nendstream\n) >> DP\n"
    + "0 0 1 rg 10 10 50 50 re f\n"

  /// A hand-made PDF laid out as cairo writes it, whose only page's stream holds the bytes
  /// `endobj` and `endstream` (compressed data may hold any bytes); `length` is written in
  /// the stream's /Length object.
  static func handMade(stream: String = withEndobj,
                       length: Int? = nil) -> [UInt8] {
    var out = "%PDF-1.5\n%\u{B5}\u{ED}\n"
    var offsets: [Int: Int] = [:]
    func object(_ n: Int, _ body: String) {
      offsets[n] = out.unicodeScalars.count
      out += "\(n) 0 obj\n\(body)\nendobj\n"
    }
    object(4, "<< /Length 5 0 R\n>>\nstream\n\(stream)\nendstream")
    object(5, "   \(length ?? stream.utf8.count)")
    object(3, "<< >>")
    object(2, "<< /Type /Page % 1\n   /Parent 1 0 R\n   /MediaBox [ 0 0 200 100 ]\n"
      + "   /Contents 4 0 R\n   /Resources 3 0 R\n>>")
    object(1, "<< /Type /Pages\n   /Kids [ 2 0 R ]\n   /Count 1\n>>")
    object(6, "<< /Producer (hand \\(made\\))\n   /CreationDate (D:20261201152656Z)\n>>")
    object(7, "<< /Type /Catalog\n   /Pages 1 0 R\n>>")
    let xref = out.unicodeScalars.count
    out += "xref\n0 8\n0000000000 65535 f \n"
    for n in 1...7 {
      let digits = String(offsets[n]!)
      out += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
    }
    out += "trailer\n<< /Size 8\n   /Root 7 0 R\n   /Info 6 0 R\n>>\nstartxref\n\(xref)\n%%EOF\n"
    // Latin-1 for the binary comment line, as a file's bytes.
    return out.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
  }

  @Test func aStreamHoldingEndobjIsCopiedWholeByItsLength() throws {
    let data = Self.withEndobj
    let cairo = try Self.cairoPage("Cairo")
    let merged = try PDFMerger.merge([Self.handMade(stream: data), cairo], title: "T",
                                     bookmarks: ["Hand", "Cairo"])
    let pdf = try ReadPDF(merged)
    #expect(pdf.pages.count == 2)
    #expect(ReadPDF.mediaBox(pdf.pages[0]) == [0, 0, 200, 100])
    // The stream's bytes, whole, between its keywords, and its length object still right.
    let page = pdf.pages[0]
    let contents = try #require(ReadPDF.reference("Contents", in: page))
    let body = String(decoding: merged[try #require(pdf.offsets[contents])...], as: UTF8.self)
    let start = try #require(body.range(of: "stream\n"))
    #expect(body[start.upperBound...].hasPrefix(data + "\nendstream\nendobj\n"))
    let length = try #require(ReadPDF.reference("Length", in: body))
    #expect(pdf.objects[length]?.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces)
      == String(data.utf8.count))
    // The hand-made file's comment after /Type /Page stays a comment.
    #expect(page.contains("/Type /Page % 1\n"))
    #expect(pdf.info.contains("/Producer (hand \\(made\\))"))

    let file = try temporaryDirectory().appendingPathComponent("hand.pdf")
    try Data(merged).write(to: file)
    if let poppler = try popplerReading(file) {
      #expect(poppler.pages == 2 && poppler.drawn == 2)
      #expect(poppler.complaints == "", "\(poppler.complaints)")
    }
  }

  @Test func aStreamWhoseLengthIsWrongIsRefusedNotGuessed() {
    // Too short by the last line, a comment: it must not pass for a line end.
    let data = "0 0 1 rg\n% endobj\n"
    for wrong in [data.utf8.count - 9, data.utf8.count - 3, data.utf8.count + 2, 100_000] {
      #expect(throws: PDFMerger.Failure(part: 2, reason: "object 4's stream "
        + (wrong == 100_000 ? "runs past the end of the file"
          : "is not \(wrong) bytes long, as its /Length says"))) {
        try PDFMerger.merge([Self.handMade(stream: data), Self.handMade(stream: data, length: wrong)],
                            title: "T")
      }
    }
  }

  @Test func partsNotLaidOutAsCairoWritesThemAreRefusedWithTheReason() throws {
    let good = Self.handMade()
    func failure(_ bytes: [UInt8]) -> String? {
      do {
        _ = try PDFMerger.merge([good, bytes], title: "T")
        return nil
      } catch {
        return error.description
      }
    }
    func edited(_ old: String, _ new: String) -> [UInt8] {
      let text = String(decoding: good.map { $0 < 0x80 ? $0 : 0x2A }, as: UTF8.self)
      let bytes = Array(text.replacingOccurrences(of: old, with: new).utf8)
      // Same length edits keep the offsets; the table is then still right.
      #expect(bytes.count == good.count)
      return bytes
    }
    #expect(failure(Array("GIF89a".utf8)) == "cannot join the PDF pages: page 2: not a PDF")
    #expect(failure(Array(good.prefix(200))) == "cannot join the PDF pages: page 2: no startxref")
    #expect(failure(edited("xref\n0 8", "xre \n0 8"))?.contains("no cross-reference table") == true)
    #expect(failure(edited("/Size 8\n", "/Prev 8\n"))
      == "cannot join the PDF pages: page 2: an incrementally updated file")
    #expect(failure(edited("/Type /Catalog\n  ", "/Type/Catalog/A 1"))
      == "cannot join the PDF pages: page 2: the catalog has /A, which joining would lose")
    #expect(failure(edited("/Count 1\n", "/Rotate 9"))
      == "cannot join the PDF pages: page 2: the page tree passes /Rotate down to its pages")
    #expect(failure(edited("/Contents 4 0 R", "/Contents 9 0 R"))
      == "cannot join the PDF pages: page 2: object 2 refers to object 9, which is not there")
    #expect(failure(edited("2 0 obj", "3 0 obj"))
      == "cannot join the PDF pages: page 2: object 2 is not at offset \(Self.offset(of: "2 0 obj", in: good))")
    #expect(throws: PDFMerger.Failure(part: 0, reason: "no pages")) {
      try PDFMerger.merge([], title: "T")
    }
    #expect(throws: PDFMerger.Failure(part: 0, reason: "1 bookmarks for 2 parts")) {
      try PDFMerger.merge([good, good], title: "T", bookmarks: ["One"])
    }
    #expect(failure(good) == nil)
  }

  static func offset(of text: String, in bytes: [UInt8]) -> Int {
    ReadPDF.find(text, in: bytes, from: 0) ?? -1
  }
}
