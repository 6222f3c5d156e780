import Foundation
import JourneyMap
import JourneyMapGraphviz
import Testing

/// `render` under hostile conditions: odd paths and variables, signals, other zones and
/// languages, a binary deleted under it.
@Suite struct RenderRobustnessTests {
  func project(_ maps: [String: String] = ["help": "journey \"Help\"\n"]) throws -> URL {
    try projectDirectory(maps)
  }

  func files(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
  }

  @Test func theSameRenderGivesTheSameBytesInEveryZoneAndLanguage() throws {
    let root = try project()
    let places: [[String: String]] = [
      ["TZ": "UTC", "LANG": "C"], ["TZ": "Asia/Kathmandu", "LANG": "de_DE.UTF-8"],
      ["TZ": "America/St_Johns", "LANG": "C"], ["TZ": "Asia/Kathmandu", "LC_ALL": "de_DE.UTF-8"],
    ]
    for format in ["svg", "pdf"] {
      var seen: [String: Data] = [:]
      for (index, place) in places.enumerated() {
        let out = "out\(index)"
        let result = try Binary.run(["render", "--view", "journey", "--format", format, "-o", out],
                                    in: root, environment: place)
        #expect(result.status == 0, "\(place): \(result.stderr)")
        let bytes = try #require(FileManager.default.contents(
          atPath: root.appendingPathComponent("\(out)/help.journey.\(format)").path))
        if let first = seen.values.first { #expect(bytes == first, "\(format) under \(place)") }
        seen[out] = bytes
      }
    }
  }

  @Test func aPDFDateInAnyZoneBecomesTheEpochInUTCInTheSameBytes() {
    for (zone, utc) in [("Z", "Z"), ("+05'45", "+00'00"), ("-03'30'", "+00'00'")] {
      let pdf = Array("1 0 obj << /CreationDate (D:20261201163232\(zone)) >>".utf8)
      let fixed = PDFFinisher.finish(pdf)
      #expect(fixed.count == pdf.count)
      #expect(String(decoding: fixed, as: UTF8.self)
        == "1 0 obj << /CreationDate (D:19700101000000\(utc)) >>")
    }
  }

  @Test(arguments: ["1e-300", "0", "0.001", "-1", "90000", "inf", "nan", "soon"])
  func aTimeLimitOutsideTenMillisecondsToADayIsBadUsage(value: String) throws {
    let result = try Binary.run(["render"], in: try project(),
                                environment: ["JOURNEYMAP_LAYOUT_TIMEOUT": value])
    #expect(result.status == 64)
    #expect(result.stderr.contains(
      "JOURNEYMAP_LAYOUT_TIMEOUT must be a number of seconds from 0.01 to 86400 (a day), "
        + "not '\(value)'"))
  }

  @Test func anEscapeSequenceGivenAsAnArgumentIsShownNotObeyed() throws {
    let result = try Binary.run(["render", "--view", "\u{1B}]0;owned\u{7}"], in: try project())
    #expect(result.status == 64)
    #expect(!result.stderr.contains("\u{1B}"))
    #expect(result.stderr.hasPrefix(#"Error: The value '\u{1B}]0;owned\u{7}' is invalid"#))
  }

  @Test func anEmptyOutputDirectoryIsBadUsage() throws {
    let result = try Binary.run(["render", "-o", ""], in: try project())
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: the output directory ('-o') cannot be empty\n"))
  }

  @Test func anOutputDirectoryBelowAFileSaysSoInOurWords() throws {
    let root = try project()
    try Data().write(to: root.appendingPathComponent("file"))
    let result = try Binary.run(["render", "-o", "file/sub"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr == "file/sub: error: cannot create the output directory: 'file' is a "
      + "file, not a directory\n")
  }

  @Test func aFileNameWithANewlineIsListedOnOneLine() throws {
    let root = try project(["a\nb\u{1B}[2J": "journey \"Odd\"\n"])
    let result = try Binary.run(["render", "--view", "journey"], in: root)
    #expect(result.status == 0)
    #expect(result.stdout == "output/a\\nb\\u{1B}[2J.journey.svg\n")
    #expect(files(root.appendingPathComponent("output")) == ["a\nb\u{1B}[2J.journey.svg"])
  }

  @Test func manyMapsRenderSideBySideAndAreListedInMapOrder() throws {
    var maps: [String: String] = [:]
    for index in 0..<9 { maps["m\(index)"] = "journey \"Map \(index)\"\n" }
    maps["m4"] = "frobnicate\n"
    let root = try project(maps)
    let result = try Binary.run(["render", "--view", "silo"], in: root)
    #expect(result.status == 1)
    #expect(result.stdout == (0..<9).filter { $0 != 4 }.map { "output/m\($0).silo.svg\n" }
      .joined())
    #expect(result.stderr.hasPrefix("maps/m4.journey:1:1: error: unknown keyword 'frobnicate'"))
  }

  /// Starts `journeymap arguments` in `root`, returning its pid (stdout and stderr to files).
  func start(_ arguments: [String], in root: URL, environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = arguments
    process.currentDirectoryURL = root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits up to 10 s for a temporary file of ours in `directory`.
  func waitForTemporaryFile(in directory: URL) -> Bool {
    for _ in 0..<200 {
      if files(directory).contains(where: { $0.hasPrefix(".journeymap-") }) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
  func anInterruptedRenderLeavesNoTemporaryFile(signal: Int32) throws {
    let root = try project()
    let output = root.appendingPathComponent("output")
    let render = try start(["render"], in: root,
                           environment: ["JOURNEYMAP_TEST_WRITE_DELAY": "30"])
    #expect(waitForTemporaryFile(in: output), "no write began")
    kill(render.processIdentifier, signal)
    render.waitUntilExit()
    #expect(render.terminationReason == .uncaughtSignal)
    #expect(render.terminationStatus == signal)
    #expect(files(output).isEmpty, "left \(files(output))")
  }

  /// The picture is published as soon as the worker has answered, not once it has exited:
  /// a worker stopped on its way out holds nothing up, and leaves nothing behind.
  @Test func aWorkerStoppedAfterAnsweringNeitherHoldsUpNorSpoilsTheFile() throws {
    let root = try project()
    let id = UUID().uuidString
    let start = Date()
    let result = try Binary.run(["render", "--view", "journey"], in: root, environment: [
      "JOURNEYMAP_CHAOS_TAG": id, "JOURNEYMAP_WORKER_FAULT": "stop-after",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Date().timeIntervalSince(start) < 1 + WorkerProcessLimits.grace + 1)
    let svg = try String(contentsOf: root.appendingPathComponent("output/help.journey.svg"),
                         encoding: .utf8)
    #expect(svg.hasSuffix("</svg>\n"))
    #expect(files(root.appendingPathComponent("output")) == ["help.journey.svg"])
    #expect(WorkerChaosTests.processes(tagged: "JOURNEYMAP_CHAOS_TAG=\(id)").isEmpty)
  }

  @Test func anInterruptedRenderLeavesNoWorkerBehind() throws {
    let id = UUID().uuidString
    let tag = "JOURNEYMAP_CHAOS_TAG=\(id)"
    let render = try start(["render"], in: try project(), environment: [
      "JOURNEYMAP_CHAOS_TAG": id, "JOURNEYMAP_WORKER_FAULT": "linger,hang",
    ])
    // Both views' workers and the child each leaves: five processes with render itself.
    var running: [pid_t] = []
    for _ in 0..<200 where running.count < 5 {
      Thread.sleep(forTimeInterval: 0.05)
      running = WorkerChaosTests.processes(tagged: tag)
    }
    #expect(running.count == 5, "running \(running)")
    kill(render.processIdentifier, SIGTERM)
    render.waitUntilExit()
    var left = WorkerChaosTests.processes(tagged: tag)
    for _ in 0..<40 where !left.isEmpty {
      Thread.sleep(forTimeInterval: 0.05)
      left = WorkerChaosTests.processes(tagged: tag)
    }
    #expect(left.isEmpty, "left \(left)")
  }

  @Test func aRenderKilledWithSIGKILLLeavesAFileTheNextRunRemoves() throws {
    let root = try project()
    let output = root.appendingPathComponent("output")
    let render = try start(["render", "--view", "journey"], in: root,
                           environment: ["JOURNEYMAP_TEST_WRITE_DELAY": "30"])
    #expect(waitForTemporaryFile(in: output), "no write began")
    kill(render.processIdentifier, SIGKILL)
    render.waitUntilExit()
    #expect(files(output).count == 1, "SIGKILL cannot be caught: its temporary file stays")
    let next = try Binary.run(["render", "--view", "journey"], in: root)
    #expect(next.status == 0)
    #expect(files(output) == ["help.journey.svg"])
  }

  @Test func theNextRunRemovesWhatAKilledRunLeft() throws {
    let root = try project()
    let output = root.appendingPathComponent("output")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    // A run that died (no such pid), an old one from before pids were in the name, and one
    // of a live render (this test's own pid stands for it), which must stay.
    let dead = output.appendingPathComponent(".journeymap-2147483646-abc123.tmp")
    let old = output.appendingPathComponent(".journeymap-abc123.tmp")
    let live = output.appendingPathComponent(".journeymap-\(getpid())-abc123.tmp")
    for file in [dead, old, live] { try Data("half".utf8).write(to: file) }
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: old.path)
    let result = try Binary.run(["render", "--view", "journey"], in: root)
    #expect(result.status == 0)
    #expect(files(output) == [live.lastPathComponent, "help.journey.svg"])
  }

  @Test func aDeletedBinaryStopsTheRunWithOneMessage() throws {
    var maps: [String: String] = [:]
    for index in 0..<10 { maps["m\(index)"] = "journey \"Map \(index)\"\n" }
    let root = try project(maps)
    let copy = root.appendingPathComponent("journeymap")
    try FileManager.default.copyItem(at: Binary.url, to: copy)
    // The first maps wait in their writes while the binary is deleted; the next cannot start.
    let stderr = Pipe()
    func start() -> Process {
      let process = Process()
      process.executableURL = copy
      process.arguments = ["render", "--view", "journey"]
      process.currentDirectoryURL = root
      process.environment = ProcessInfo.processInfo.environment
        .merging(["JOURNEYMAP_TEST_WRITE_DELAY": "1"]) { $1 }
      process.standardOutput = FileHandle.nullDevice
      process.standardError = stderr
      return process
    }
    // A process another test spawns meanwhile may inherit the copy's file still open for
    // writing, and exec then fails with ETXTBSY for a moment: try again, with a new Process.
    var process = start()
    for attempt in 1...50 {
      do {
        try process.run()
        break
      } catch let error as NSError where attempt < 50 {
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        guard underlying?.code == Int(ETXTBSY) || error.code == Int(ETXTBSY) else { throw error }
        Thread.sleep(forTimeInterval: 0.05)
        process = start()
      }
    }
    #expect(waitForTemporaryFile(in: root.appendingPathComponent("output")))
    try FileManager.default.removeItem(at: copy)
    let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 69)
    #expect(!files(root.appendingPathComponent("output")).contains { $0.hasSuffix(".tmp") })
    #expect(errors == "error: cannot start the layout worker '\(copy.path)': no such file or "
      + "directory; reinstall or rebuild journeymap\n")
  }
}

/// What Pango or GLib print reaches the user in our words, without pids or times.
@Suite struct RelayedMessageTests {
  @Test func aPangoComplaintBecomesAPlainWarning() {
    #expect(GraphvizMessage.relayed(
      "(process:1234): Pango-CRITICAL **: 10:11:12.123: pango_x: assertion 'font' failed")
      == GraphvizMessage(.warning, "Pango: pango_x: assertion 'font' failed"))
    #expect(GraphvizMessage.relayed("(journeymap:77): GLib-ERROR **: 01:02:03.456: out of memory")
      == GraphvizMessage(.error, "GLib: out of memory"))
    #expect(GraphvizMessage.relayed("something else entirely")
      == GraphvizMessage(.error, "something else entirely"))
  }

  @Test func throughRenderNoPidOrTimeIsShown() throws {
    let root = try projectDirectory(["h": "journey \"Help\"\n"])
    let result = try Binary.run(["render", "--view", "journey"], in: root,
                                environment: ["JOURNEYMAP_WORKER_FAULT": "pango"])
    #expect(result.status == 0)
    #expect(result.stderr == "maps/h.journey: warning: Graphviz, in the journey map: Pango: "
      + "pango_font_describe: assertion 'font != NULL' failed\n")
  }
}
