import Foundation
import Testing

@testable import JourneyMap

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `journeymap markdown`: ```journey blocks drawn beside the document, the rest untouched.
@Suite struct MarkdownCommandTests {
  let cli = CheckCommandTests()

  static let document = """
    # Our journey\r
    \r
    Text with `inline` code and a ```journey that is not a fence.\r
    \r
    ```journey\r
    journey "Help"\r
    owner service "Customer Service"\r
    stage ask "Ask"\r
      touchpoint call "Calls the hotline" owner service feel -1\r
    ```\r
    \r
    ````markdown\r
    ```journey\r
    not a map\r
    ```\r
    ````\r
    \r
    ~~~ journey\r
    journey "Second"\r
    owner o "O"\r
    stage s "S"\r
      touchpoint t "T" owner o\r
    ~~~\r
    The end, without a line ending.
    """

  @Test func blocksAreFoundAsCommonMarkFindsFences() {
    let blocks = MarkdownBlocks.blocks(Array(Self.document.utf8))
    #expect(blocks.map(\.fenceLine) == [5, 18])
    #expect(blocks.map(\.lineEnding) == ["\r\n", "\r\n"])
    #expect(String(decoding: blocks[0].content, as: UTF8.self).hasPrefix("journey \"Help\"\r\n"))
    // An unclosed fence runs to the end of the document.
    let open = MarkdownBlocks.blocks(Array("a\n```journey\njourney \"X\"\n".utf8))
    #expect(open.map(\.fenceLine) == [2])
    #expect(open.first?.content == Array("journey \"X\"\n".utf8))
  }

  @Test func everyBlockBecomesAPictureAndTheRestStaysByteForByte() throws {
    let dir = try cli.directory(["doc.md": Self.document])
    let result = try cli.run(["markdown", "doc.md", "-o", "out/guide.md"], in: dir)
      // The output's folder must exist, as for any file we write.
    #expect(result.status == 1)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"),
                                            withIntermediateDirectories: true)
    let written = try cli.run(["markdown", "doc.md", "-o", "out/guide.md"], in: dir)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout == "")
    let out = try String(contentsOf: dir.appendingPathComponent("out/guide.md"), encoding: .utf8)
    let first = "![Help: journey map. A journey map of 1 step in 1 stage; the lowest feeling "
      + "(−1) is at “Calls the hotline”.](guide-1.journey.svg)\r\n"
    let second = "![Second: journey map. A journey map of 1 step in 1 stage.]"
      + "(guide-2.journey.svg)\r\n"
    let lines = Self.document.components(separatedBy: "\r\n")
    let expected = lines[0..<4].map { $0 + "\r\n" }.joined() + first
      + lines[10..<17].map { $0 + "\r\n" }.joined() + second + lines[23]
    #expect(out == expected)
    for (name, title) in [("guide-1", "Help: journey map"), ("guide-2", "Second: journey map")] {
      let svg = ParsedSVG(try String(contentsOf: dir.appendingPathComponent("out/\(name).journey.svg"),
                                     encoding: .utf8))
      #expect(svg.parsed)
      #expect(svg.topLevel.first?.text == title)
      // Ids carry the document's name and the block's number.
      let ids = svg.elements.compactMap { $0.attributes["id"] }
      #expect(!ids.isEmpty && ids.allSatisfy { $0.hasPrefix(name + "-") })
    }
    // Without -o, the document goes to standard output and the pictures beside the input.
    let piped = try cli.run(["markdown", "doc.md"], in: dir)
    #expect(piped.status == 0)
    #expect(piped.stdout == expected.replacingOccurrences(of: "guide-", with: "doc-"))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("doc-2.journey.svg").path))
    // In a pipeline: standard input to standard output, the pictures here.
    let pipe = try cli.run(["markdown", "-"], in: dir, input: Self.document)
    #expect(pipe.status == 0)
    #expect(pipe.stdout == expected.replacingOccurrences(of: "guide-", with: "stdin-"))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("stdin-1.journey.svg").path))
  }

  @Test func aBlockWithErrorsIsLocatedInTheDocumentAndNothingIsWritten() throws {
    let broken = Self.document.replacingOccurrences(of: "owner service feel -1",
                                                    with: "owner servcie feel -1")
    let dir = try cli.directory(["doc.md": broken, "out.md": "previous\n"])
    let result = try cli.run(["markdown", "doc.md", "-o", "out.md"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("""
      doc.md:9:45: error: unknown owner 'servcie'
          touchpoint call "Calls the hotline" owner servcie feel -1
                                                    ^~~~~~~
      """))
    #expect(try String(contentsOf: dir.appendingPathComponent("out.md"), encoding: .utf8)
      == "previous\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out-1.journey.svg").path))
  }
}
