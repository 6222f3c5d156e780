import Foundation
import Testing

/// `journeymap check` as a user runs it: the built binary, real files, exit codes and output.
@Suite struct CheckCommandTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `journeymap` built next to the test bundle (SwiftPM puts every product in one
  /// directory), falling back to the package's default debug build directory.
  static let binary: URL? = {
    var candidates: [URL] = []
    let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(arg0.deletingLastPathComponent())
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(bundle.bundleURL.deletingLastPathComponent())
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug"))
    return candidates.map { $0.appendingPathComponent("journeymap") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  func run(_ arguments: [String], in directory: URL, input: String? = nil) throws -> Run {
    let binary = try #require(Self.binary, "journeymap binary not found next to the tests")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    if input != nil { process.standardInput = stdin }
    try process.run()
    if let input {
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
    }
    // Read before waiting, so that a full pipe cannot block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
               stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// A fresh directory holding `files` (relative path → contents).
  func directory(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeymap-tests-\(UUID().uuidString)")
    for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
      let url = dir.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                              withIntermediateDirectories: true)
      try Data(contents.utf8).write(to: url)
    }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static let clean = """
    journey "Help"
    owner service "Customer Service"
    stage ask "Ask"
      touchpoint call "Calls" owner service

    """
  static let warning = clean + "stage later \"Later\"\n"
  static let broken = clean + "  touchpoint t \"T\" owner servcie\n"

  @Test func cleanMapsExitZeroAndDefaultToMaps() throws {
    let dir = try directory(["maps/a.journey": Self.clean, "maps/sub/b.journey": Self.clean])
    let result = try run(["check"], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout == "")
    #expect(result.stderr == "no problems in 2 files\n")
  }

  @Test func errorsExitOneWithCompilerStyleOutput() throws {
    let dir = try directory(["maps/b.journey": Self.broken, "maps/a.journey": Self.warning])
    let result = try run(["check", "maps"], in: dir)
    #expect(result.status == 1)
    #expect(result.stdout == """
      maps/a.journey:5:7: warning: stage 'later' has no steps
        stage later "Later"
              ^~~~~
      maps/b.journey:5:26: error: unknown owner 'servcie'
          touchpoint t "T" owner servcie
                                 ^~~~~~~
        hint: did you mean 'service'?

      """)
    #expect(result.stderr == "1 error, 1 warning in 2 files\n")
  }

  @Test func warningsFailOnlyWhenStrict() throws {
    let dir = try directory(["w.journey": Self.warning])
    #expect(try run(["check", "w.journey"], in: dir).status == 0)
    #expect(try run(["check", "--strict", "w.journey"], in: dir).status == 1)
  }

  @Test func jsonOutputParses() throws {
    let dir = try directory(["b.journey": Self.broken])
    let result = try run(["check", "--format", "json", "b.journey"], in: dir)
    #expect(result.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["version"] as? Int == 1)
    let array = object?["diagnostics"] as? [[String: Any]]
    #expect(array?.count == 1)
    #expect(array?.first?["file"] as? String == "b.journey")
    #expect(array?.first?["line"] as? Int == 5)
    #expect(array?.first?["hints"] as? [String] == ["did you mean 'service'?"])
    #expect(array?.first?["code"] as? String == "JM204")
    #expect(result.stderr == "1 error, 0 warnings in 1 file\n")
  }

  @Test func badUsageExitsSixtyFour() throws {
    let dir = try directory([:])
    let badFormat = try run(["check", "--format", "xml"], in: dir)
    #expect(badFormat.status == 64)
    #expect(badFormat.stderr.contains("Please provide one of 'text', 'json', 'github' or 'sarif'"))
    #expect(try run(["check", "--bogus"], in: dir).status == 64)
  }

  @Test func pathsThatDoNotWork() throws {
    let dir = try directory(["empty/readme.txt": "not a map", "x.journey/inner.txt": "no"])
    let missing = try run(["check", "nope.journey"], in: dir)
    #expect(missing.status == 1)
    #expect(missing.stderr == """
      nope.journey: error: no such file or directory
        hint: check the path; with no path, journeymap looks in maps/
      1 error, 0 warnings in 0 files

      """)
    let noMaps = try run(["check", "empty"], in: dir)
    #expect(noMaps.status == 1)
    #expect(noMaps.stderr.hasPrefix("""
      empty: error: no .journey files in this directory
        hint: a map is a text file whose name ends in .journey

      """))
    // A directory named like a map is searched, not read.
    let directoryMap = try run(["check", "x.journey"], in: dir)
    #expect(directoryMap.status == 1)
    #expect(directoryMap.stderr.hasPrefix("x.journey: error: no .journey files in this directory"))
    #expect(try run(["check"], in: dir).stderr.hasPrefix("maps: error: no such file or directory"))
  }

  @Test func aLinkedDirectoryIsSearchedAndAFileNamedTwiceIsReadOnce() throws {
    let dir = try directory(["shared/a.journey": Self.clean])
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("maps").path, withDestinationPath: "shared")
    let linked = try run(["check"], in: dir)
    #expect(linked.status == 0)
    #expect(linked.stderr == "no problems in 1 file\n")
    let twice = try run(["check", "shared/a.journey", "./shared/a.journey", "maps"], in: dir)
    #expect(twice.status == 0)
    #expect(twice.stderr == "no problems in 1 file\n")
  }

  @Test func unreadableFiles() throws {
    let dir = try directory(["maps/ok.journey": Self.clean])
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("maps/dangling.journey").path,
      withDestinationPath: "/nonexistent/target.journey")
    #expect(mkfifo(dir.appendingPathComponent("maps/fifo.journey").path, 0o644) == 0)
    let result = try run(["check", "maps"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr == """
      maps/dangling.journey: error: cannot read the file: no such file or directory
        hint: check that the file exists and that you may read it
      maps/fifo.journey: error: cannot read the file: not a regular file
        hint: check that the file exists and that you may read it
      2 errors, 0 warnings in 1 file

      """)
  }

  @Test(.disabled(if: getuid() == 0, "root may read any file"))
  func permissionDenied() throws {
    let dir = try directory(["secret.journey": Self.clean])
    let path = dir.appendingPathComponent("secret.journey").path
    #expect(chmod(path, 0) == 0)
    let result = try run(["check", "secret.journey"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix(
      "secret.journey: error: cannot read the file: permission denied\n"))
  }
}
