import Foundation
import Testing

/// `journeymap import mermaid` and `export mermaid` as a user runs them.
@Suite struct MermaidCommandTests {
  let cli = CheckCommandTests()

  @Test func importWritesAMapThatChecksClean() throws {
    let dir = try cli.directory(["day.mmd": MermaidTests.documented])
    let result = try cli.run(["import", "mermaid", "day.mmd", "-o", "day.journey"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "" && result.stderr == "")
    let check = try cli.run(["check", "--strict", "day.journey"], in: dir)
    #expect(check.status == 0)
    #expect(check.stderr == "no problems in 1 file\n")
    let printed = try cli.run(["import", "mermaid", "day.mmd"], in: dir)
    #expect(printed.stdout == (try String(contentsOf: dir.appendingPathComponent("day.journey"),
                                          encoding: .utf8)))
  }

  @Test func badMermaidExitsOneWithALocatedErrorAndWritesNothing() throws {
    let dir = try cli.directory(["bad.mmd": "journey\n  Make tea\n"])
    let result = try cli.run(["import", "mermaid", "bad.mmd", "-o", "bad.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("bad.mmd:2:11: error: missing ':' and a score after the task name\n"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.journey").path))
  }

  @Test func exportWritesMermaidAndRefusesAMapWithErrors() throws {
    let dir = try cli.directory(["a.journey": FmtCommandTests.canonical,
                                 "b.journey": CheckCommandTests.broken])
    let result = try cli.run(["export", "mermaid", "a.journey"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == """
      journey
        title Help
        section Ask
          Calls: 4: Customer Service

      """)
    let broken = try cli.run(["export", "mermaid", "b.journey", "-o", "b.mmd"], in: dir)
    #expect(broken.status == 1)
    #expect(broken.stderr == (try cli.run(["check", "b.journey"], in: dir)).stdout)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.mmd").path))
  }
}
