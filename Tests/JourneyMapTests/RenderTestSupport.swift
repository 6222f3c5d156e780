import Foundation
import JourneyMapGraphviz

/// The built `journeymap` binary, run as a user would run it.
enum Binary {
  /// `swift test` builds the executable next to the test bundle; fall back to the package's
  /// debug build when the tests run from somewhere else.
  static let url: URL = {
    let testBundle = Bundle.main.bundleURL
    for directory in [testBundle, testBundle.deletingLastPathComponent()] {
      let candidate = directory.appendingPathComponent("journeymap")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/journeymap")
  }()

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `journeymap arguments` in `directory` with `environment` added to ours; through
  /// `launcher` when given (e.g. `setpriv` and its options, which then run our binary).
  static func run(_ arguments: [String], in directory: URL,
                  environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
    let process = Process()
    process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? url
    process.arguments =
      launcher.isEmpty ? arguments : launcher.dropFirst() + [url.path] + arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Outputs here are small; read stderr on its own thread all the same.
    nonisolated(unsafe) var errors = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errors = (try? stderr.fileHandleForReading.readToEnd()) ?? Data()
    }
    let output = (try? stdout.fileHandleForReading.readToEnd()) ?? Data()
    process.waitUntilExit()
    group.wait()
    return Result(status: process.terminationStatus,
                  stdout: String(decoding: output, as: UTF8.self),
                  stderr: String(decoding: errors, as: UTF8.self))
  }
}

/// A fresh directory with maps/ holding `maps` (name → text), as a project checkout has.
func projectDirectory(_ maps: [String: String]) throws -> URL {
  let root = try temporaryDirectory()
  let directory = root.appendingPathComponent("maps")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for (name, text) in maps {
    try Data(text.utf8).write(to: directory.appendingPathComponent("\(name).journey"))
  }
  return root
}

/// A fresh directory under the system's temporary directory.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("journeymap-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// `dot` laid out as SVG by the real libgvc, through the worker `render` uses.
func laidOut(_ dot: String) throws -> String {
  let output = try LayoutWorker(executable: Binary.url).render(dot, as: .svg)
  return String(decoding: output.bytes, as: UTF8.self)
}

/// Runs `dot` from Graphviz's own command line with `arguments`, `input` on stdin.
func runDot(_ arguments: [String], input: String) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["dot"] + arguments
  let stdin = Pipe()
  let stdout = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = FileHandle.nullDevice
  try process.run()
  let writer = stdin.fileHandleForWriting
  let bytes = Data(input.utf8)
  DispatchQueue.global().async {
    try? writer.write(contentsOf: bytes)
    try? writer.close()
  }
  let output = (try? stdout.fileHandleForReading.readToEnd()) ?? Data()
  process.waitUntilExit()
  return output
}
