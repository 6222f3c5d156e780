import Foundation
import Testing
@testable import JourneyMap

/// A PDF names its map: the title in the document information, the file still well formed.
@Suite struct PDFTitleTests {
  /// Every object the cross-reference table points at starts there, and startxref points at
  /// the table: what a reader checks before it trusts the file.
  static func crossReferencesHold(_ pdf: [UInt8]) -> Bool {
    let text = String(decoding: pdf, as: UTF8.self)
    guard let start = text.range(of: "startxref\n", options: .backwards) else { return false }
    let number = text[start.upperBound...].prefix { $0.isNumber }
    guard let xref = Int(number), xref < pdf.count,
      String(decoding: pdf[xref..<min(xref + 4, pdf.count)], as: UTF8.self) == "xref"
    else { return false }
    let lines = String(decoding: pdf[xref...], as: UTF8.self).split(separator: "\n")
    guard lines.count > 2 else { return false }
    let counts = lines[1].split(separator: " ").compactMap { Int($0) }
    guard counts.count == 2 else { return false }
    for (k, line) in lines.dropFirst(2).prefix(counts[1]).enumerated() where line.hasSuffix("n ")
      || line.hasSuffix("n")
    {
      guard let offset = Int(line.prefix(10)), offset < pdf.count else { return false }
      let head = String(decoding: pdf[offset..<min(offset + 12, pdf.count)], as: UTF8.self)
      if !head.hasPrefix("\(counts[0] + k) 0 obj") { return false }
    }
    return true
  }

  static func hexTitle(_ pdf: [UInt8]) -> String? {
    let text = String(decoding: pdf, as: UTF8.self)
    guard let start = text.range(of: "/Title <FEFF") else { return nil }
    let hex = text[start.upperBound...].prefix { $0 != ">" }
    var units: [UInt16] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 4, limitedBy: hex.endIndex) ?? hex.endIndex
      guard let unit = UInt16(hex[index..<next], radix: 16) else { return nil }
      units.append(unit)
      index = next
    }
    return String(decoding: units, as: UTF16.self)
  }

  @Test(arguments: [[], ["--media", "a4"]])
  func theTitleIsInTheFileAndItsCrossReferencesHold(_ extra: [String]) throws {
    let directory = try temporaryDirectory()
    let map = directory.appendingPathComponent("café.journey")
    try Data("journey \"Café & crème (été)\"\nstage s \"S\"\n  outcome o \"Leaves\"\n".utf8)
      .write(to: map)
    let result = try Binary.run(["render", map.path, "--view", "journey", "--format", "pdf",
                                 "-o", directory.path] + extra, in: ExampleOutputTests.root)
    #expect(result.status == 0, "\(result.stderr)")
    let files = result.stdout.split(separator: "\n").map(String.init)
    #expect(!files.isEmpty)
    for file in files {
      let pdf = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
      #expect(Self.hexTitle(pdf)?.hasPrefix("Café & crème (été): journey map") == true, "\(file)")
      #expect(Self.crossReferencesHold(pdf), "\(file)")
    }
  }

  @Test func aFileNotLaidOutAsCairoWritesItIsLeftAlone() {
    let bytes = Array("%PDF-1.5\nno information here\n".utf8)
    #expect(PDFFinisher.titled(bytes, "T") == bytes)
  }
}
