import Foundation
import Testing

/// `journeymap fmt` as a user runs it: files rewritten or listed, stdin, errors, exit codes.
@Suite struct FmtCommandTests {
  let cli = CheckCommandTests()

  static let messy = """
    journey   "Help"
    owner service "Customer Service"
    stage ask "Ask"
    touchpoint call "Calls" feel 1 owner service   # the hotline

    """
  static let canonical = """
    journey "Help"
    owner service "Customer Service"
    stage ask "Ask"
      touchpoint call "Calls" owner service feel +1  # the hotline

    """

  func contents(_ dir: URL, _ path: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
  }

  func modified(_ dir: URL, _ path: String) throws -> Date? {
    try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(path).path)[
      .modificationDate] as? Date
  }

  @Test func rewritesMapsAndListsThem() throws {
    let dir = try cli.directory(["maps/a.journey": Self.messy, "maps/b.journey": Self.canonical])
    let old = Date(timeIntervalSince1970: 1_000_000)
    try FileManager.default.setAttributes([.modificationDate: old],
                                          ofItemAtPath: dir.appendingPathComponent("maps/b.journey").path)
    let result = try cli.run(["fmt"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "maps/a.journey\n")
    #expect(result.stderr == "")
    #expect(try contents(dir, "maps/a.journey") == Self.canonical)
    // A canonical file is not written at all.
    #expect(try modified(dir, "maps/b.journey") == old)
    let again = try cli.run(["fmt", "maps"], in: dir)
    #expect(again.status == 0 && again.stdout == "")
  }

  @Test func checkListsWhatWouldChangeAndExitsOne() throws {
    let dir = try cli.directory(["a.journey": Self.messy, "b.journey": Self.canonical])
    let result = try cli.run(["fmt", "--check", "a.journey", "b.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stdout == "a.journey\n")
    #expect(try contents(dir, "a.journey") == Self.messy)
    #expect(try cli.run(["fmt", "--check", "b.journey"], in: dir).status == 0)
  }

  @Test func dashReadsStandardInputAndWritesStandardOutput() throws {
    let dir = try cli.directory([:])
    let result = try cli.run(["fmt", "-"], in: dir, input: Self.messy)
    #expect(result.status == 0)
    #expect(result.stdout == Self.canonical)
    let check = try cli.run(["fmt", "--check", "-"], in: dir, input: Self.messy)
    #expect(check.status == 1)
    #expect(check.stdout == "<stdin>\n")
  }

  @Test func aMapWithErrorsIsReportedAsCheckDoesAndLeftAlone() throws {
    let broken = Self.messy + "  touchpoint t \"T\" owner servcie\n"
    let dir = try cli.directory(["maps/bad.journey": broken, "maps/good.journey": Self.messy])
    let result = try cli.run(["fmt"], in: dir)
    let check = try cli.run(["check", "maps/bad.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr == check.stdout)
    #expect(result.stderr.contains("maps/bad.journey:5:26: error: unknown owner 'servcie'"))
    #expect(result.stdout == "maps/good.journey\n")
    #expect(try contents(dir, "maps/bad.journey") == broken)
    #expect(try contents(dir, "maps/good.journey") == Self.canonical)
    let stdin = try cli.run(["fmt", "-"], in: dir, input: broken)
    #expect(stdin.status == 1)
    #expect(stdin.stdout == "")
    #expect(stdin.stderr.hasPrefix("<stdin>:5:26: error: unknown owner 'servcie'"))
  }

  @Test func aRewrittenMapKeepsItsPermissions() throws {
    let dir = try cli.directory(["a.journey": Self.messy])
    let path = dir.appendingPathComponent("a.journey").path
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    #expect(try cli.run(["fmt", "a.journey"], in: dir).status == 0)
    #expect(try contents(dir, "a.journey") == Self.canonical)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o640)
  }

  @Test func aLinkedMapStaysALink() throws {
    let dir = try cli.directory(["real/a.journey": Self.messy])
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("a.journey").path, withDestinationPath: "real/a.journey")
    let result = try cli.run(["fmt", "a.journey"], in: dir)
    #expect(result.status == 0)
    #expect(try contents(dir, "real/a.journey") == Self.canonical)
    let kind = try FileManager.default.attributesOfItem(
      atPath: dir.appendingPathComponent("a.journey").path)[.type] as? FileAttributeType
    #expect(kind == .typeSymbolicLink)
  }
}
