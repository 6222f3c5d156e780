import Foundation
import Testing

/// Paths tell the truth: whatever below a given path cannot be read is an error, never
/// skipped, and "no .journey files" is said only when it is true.
@Suite struct MapPathTests {
  static let clean = "journey \"Help\"\n"

  /// Runs `journeymap arguments` in `directory` as an unprivileged user: as root through
  /// `setpriv` as nobody (root may read any folder, whatever its mode), otherwise as is.
  func runUnprivileged(_ arguments: [String], in directory: URL) throws -> Binary.Result {
    guard getuid() == 0 else { return try Binary.run(arguments, in: directory) }
    let setpriv = "/usr/bin/setpriv"
    try #require(FileManager.default.isExecutableFile(atPath: setpriv), "setpriv is needed as root")
    return try Binary.run(arguments, in: directory, launcher: [
      setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
    ])
  }

  func tree(_ files: [String: String]) throws -> URL {
    let root = try temporaryDirectory()
    chmod(root.path, 0o755)
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                              withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  @Test func anUnreadableFolderBelowAPathIsAnError() throws {
    let root = try tree(["maps/a/ok.journey": Self.clean, "maps/b/secret.journey": Self.clean])
    #expect(chmod(root.appendingPathComponent("maps/b").path, 0) == 0)
    let result = try runUnprivileged(["check", "maps"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == """
      maps/b: error: cannot read the directory: permission denied
        hint: check that you may read and enter it; its maps are not checked
      1 error, 0 warnings in 1 file

      """)
  }

  @Test func aFolderThatCannotBeReadAtAllIsNotCalledEmpty() throws {
    let root = try tree(["maps/b/secret.journey": Self.clean])
    #expect(chmod(root.appendingPathComponent("maps").path, 0o311) == 0)  // enter, not list
    let result = try runUnprivileged(["check", "maps"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("maps: error: cannot read the directory: permission denied\n"))
    #expect(!result.stderr.contains("no .journey files"))
  }

  @Test func aFolderWithNoMapsSaysSo() throws {
    let root = try tree(["maps/notes.txt": "x"])
    let result = try Binary.run(["check", "maps"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("maps: error: no .journey files in this directory\n"))
  }

  @Test func aPathTooLongToOpenSaysSo() throws {
    let root = try tree([:])
    let long = String(repeating: "x", count: 300) + ".journey"
    let result = try Binary.run(["check", long], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == """
      \(long): error: the path is too long to open
        hint: move the maps to a shorter path, or name them from nearer
      1 error, 0 warnings in 0 files

      """)
    let deep = (0..<40).map { _ in String(repeating: "d", count: 120) }.joined(separator: "/")
    let rendered = try Binary.run(["render", deep + "/m.journey"], in: root)
    #expect(rendered.status == 1)
    #expect(rendered.stderr.contains(": error: the path is too long to open\n"))
  }
}
