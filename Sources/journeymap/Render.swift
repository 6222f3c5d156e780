import ArgumentParser
import Foundation
import JourneyMap
import JourneyMapGraphviz

/// `journeymap render`: check each map, lay out its views in worker processes, write files.
///
/// The steps, in the order data flows: read → check → DOT → lay out (worker) → finish SVG →
/// write atomically. A map with errors is reported and skipped; the others still render.
/// Standard output lists the files written, one per line; diagnostics go to standard error.
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render maps as journey maps and silo diagrams.",
    discussion: """
      Each NAME.journey gives DIR/NAME.journey.svg and DIR/NAME.silo.svg (or .png, .pdf, \
      .dot). A map with errors renders nothing; the others still render, and the run exits 1. \
      Files are replaced atomically: a failed render leaves the previous file as it was.
      """)

  /// Which views `--view` draws.
  enum ViewChoice: String, CaseIterable, ExpressibleByArgument {
    case journey, silo, all

    var views: [MapView] {
      switch self {
      case .journey: [.journey]
      case .silo: [.silo]
      case .all: MapView.allCases
      }
    }
  }

  /// Seconds a single layout may take; for tests and for very large maps.
  static let timeLimitVariable = "JOURNEYMAP_LAYOUT_TIMEOUT"

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  @Option(name: [.customShort("o"), .customLong("output")],
          help: ArgumentHelp("The directory to write into (created when missing).",
                             valueName: "dir"))
  var output = "output"

  @Option(help: "The views to draw.")
  var view: ViewChoice = .all

  @Option(help: "The file format: svg, png and pdf are laid out by Graphviz; dot is its input.")
  var format: GraphvizFormat = .svg

  @Option(help: ArgumentHelp(
    "Where the picture goes: poster (one picture, at most 3:1), screen (1920x1080 slides), "
      + "a4, a3, letter (landscape pages, text at 8 pt or more) or column (a document column, "
      + "--width wide). Pages and slides are written as NAME.VIEW.page-N.FORMAT and "
      + "NAME.VIEW.slide-N.FORMAT."))
  var media: Medium = .poster

  @Option(help: "Same as --media a4, a3 or letter (the older name).")
  var paper: Paper?

  @Option(help: ArgumentHelp(
    "full: everything on the cards; overview: numbered steps, two-line labels, counts, and "
      + "the details listed under the picture."))
  var detail: Detail = .full

  @Option(help: ArgumentHelp("The width of a document column, in points, for --media column.",
                             valueName: "pt"))
  var width: Double = 480

  /// The medium asked for: --paper is the old name of the paper media.
  var medium: Medium {
    switch paper {
    case .a4?: .a4
    case .a3?: .a3
    case .letter?: .letter
    case nil: media
    }
  }

  func validate() throws {
    _ = try Self.timeLimit()
    if output.isEmpty { throw ValidationError("the output directory ('-o') cannot be empty") }
    if let paper, media != .poster, media.paper != paper {
      throw ValidationError("--paper \(paper.rawValue) and --media \(media.rawValue) disagree; "
        + "give one of them")
    }
    if !(width >= 100 && width <= 5000) {
      throw ValidationError("--width must be between 100 and 5000 points, not \(width)")
    }
    if paths.isEmpty && !Self.isDirectory("maps") {
      throw ValidationError("no maps/ directory here; name the maps or directories to render")
    }
  }

  func run() throws {
    // This process never loads Graphviz (about 10 ms of plugins): the first worker checks for
    // the dot layout and the text plugins before anything else, and a missing one stops the
    // run with status 69 (see `render`).
    let worker = LayoutWorker(executable: Self.ownExecutable(), timeLimit: try Self.timeLimit())
    Interruption.cleanUpOnSignals()

    let inputs = MapFiles.resolve(paths.isEmpty ? [MapFiles.defaultDirectory] : paths)
    if let problem = AtomicFile.createDirectory(output) {
      Self.report("\(TerminalText.escaped(output)): error: cannot create the output directory: "
        + problem)
      throw ExitCode(1)
    }
    AtomicFile.removeStaleTemporaryFiles(in: directory)
    if try !renderAll(inputs.files, with: worker) || !inputs.problems.isEmpty {
      throw ExitCode(1)
    }
  }

  /// Renders `maps` a few at a time (each map's views lay out side by side too, so two maps
  /// keep two cores busy), printing each map's files and messages in map order. False when
  /// any map failed; throws the status that stops the run (a missing plugin or worker).
  private func renderAll(_ maps: [String], with worker: LayoutWorker) throws -> Bool {
    var claimed: [String: String] = [:]  // output base name → map that claimed it
    let bases = maps.map { map -> (base: String, other: String?) in
      let base = Self.baseName(map)
      defer { if claimed[base] == nil { claimed[base] = map } }
      return (base, claimed[base])
    }
    let failures = Failures()
    let width = min(max(ProcessInfo.processInfo.activeProcessorCount, 2), 4)
    let stop = Transcript.inOrder(maps.count, width: width) { index, log in
      let map = maps[index]
      if let other = bases[index].other {
        let target = "\(directory)/\(bases[index].base).*"
        log.error("\(TerminalText.escaped(map)): error: '\(TerminalText.escaped(other))' also "
          + "renders to \(TerminalText.escaped(target)); rename one")
        failures.add()
      } else if !render(map, base: bases[index].base, with: worker, log: log) {
        failures.add()
      }
    }
    if let stop {
      // Later maps may still be laying out or writing: end them, and leave no file half-made.
      LayoutWorker.stopAll()
      TemporaryFiles.shared.removeAll()
      throw ExitCode(stop)
    }
    return failures.count == 0
  }

  /// The output directory as the user wrote it, without trailing slashes.
  private var directory: String {
    var path = Substring(output)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    return String(path)
  }

  /// Renders every chosen view of the map at `path` and says so in `log`; false when anything
  /// failed. Asks the run to stop with status 69 when Graphviz lacks a plugin or no worker can
  /// start, since no other map can render either.
  private func render(_ path: String, base: String, with worker: LayoutWorker,
                      log: Transcript) -> Bool {
    // The time limit covers the whole map: what our own steps take is left out of the time
    // the layouts may take.
    let started = DispatchTime.now().uptimeNanoseconds
    let shownPath = TerminalText.escaped(path)
    let bytes: [UInt8]
    do {
      bytes = try MapFiles.contents(of: path)
    } catch {
      log.error(MapFiles.describe(error))
      return false
    }
    if let tooLarge = RenderBounds.mapTooLarge(bytes.count) {
      log.error("\(shownPath): error: \(tooLarge)")
      return false
    }
    let checked = JourneyChecker.check(bytes, file: path)
    // Reported exactly as `check` reports them, on standard error: stdout lists files.
    let report = DiagnosticFormatter(file: path, source: bytes).text(checked.diagnostics)
    if !report.isEmpty { log.error(report) }
    if checked.hasErrors { return false }

    // Every picture of every view lays out side by side, each in its own worker (so the
    // bytes cannot depend on it); results are reported and written in view and page order.
    var jobs: [Job] = []
    for view in view.views {
      for picture in view.pictures(checked, medium: medium, detail: detail, width: width) {
        guard let dot = picture.dotBytes(forCairo: format == .png || format == .pdf,
                                         limit: RenderBounds.dotBytes)
        else {
          log.error("\(shownPath): error: \(view.name): \(RenderBounds.pictureTooLarge)")
          return false
        }
        jobs.append(Job(view: view, picture: picture, dot: dot))
      }
    }
    let ours = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    var worker = worker
    let limit = worker.timeLimit
    guard ours < limit else {
      log.error("\(shownPath): error: \(Self.tookTooLong(ours, limit: limit))")
      return false
    }
    worker.timeLimit = limit - ours
    // The silo diagram's pages are laid out by `dot`, so their size is known only afterwards:
    // the SVG comes first, and its size gives the scale that fits the page.
    let paper = medium.paper
    let measuring = paper != nil && format != .dot
    let results = Results(count: jobs.count)
    let dots = jobs.map(\.dot)
    let formats = jobs.map { job -> GraphvizFormat in
      if case .dot = job.picture.source, measuring { return .svg }
      return format
    }
    DispatchQueue.concurrentPerform(iterations: jobs.count) { [worker] index in
      results[index] = Result { () throws(GraphvizError) in
        try worker.render(bytes: dots[index], as: formats[index])
      }.mapError { error -> GraphvizError in
        // The map's limit, of which the layout had what our own steps left.
        if case .timedOut = error { return .timedOut(seconds: limit) }
        return error
      }
    }
    if let paper, measuring {
      fitToPaper(paper, jobs: &jobs, results: results, with: worker)
    }

    var succeeded = true
    for (index, job) in jobs.enumerated() {
      let view = job.view
      var file = "\(directory)/\(base).\(view.rawValue)"
      let title = job.picture.title
      var id = "\(base)-\(view.rawValue)"
      if let part = job.picture.part {
        file += "." + part
        id += "-" + part
      }
      file += "." + format.fileExtension
      do {
        let result = results[index] ?? .failure(.workerFailed("the layout did not run"))
        let laidOut = try result.get()
        for warning in laidOut.warnings {
          log.error("\(shownPath): warning: Graphviz, in the \(view.name): "
            + TerminalText.escaped(warning.text))
        }
        var bytes = laidOut.bytes
        if format == .svg {
          bytes = SVGFinisher.finish(bytes, title: title, description: job.picture.summary,
                                     id: id)
          if let canvas = job.picture.canvas {
            bytes = Array(Paper.fitted(svg: String(decoding: bytes, as: UTF8.self),
                                       width: canvas.width, height: canvas.height,
                                       scale: canvas.scale, unit: canvas.unit).utf8)
          } else if let paper, let scale = job.scale {
            bytes = Array(paper.fitted(svg: String(decoding: bytes, as: UTF8.self),
                                       scale: scale).utf8)
          }
        } else if format == .pdf {
          let canvas = job.picture.canvas.map { ($0.width, $0.height) }
          bytes = PDFFinisher.finish(bytes, paper: canvas ?? paper.map { ($0.width, $0.height) },
                                     title: title)
        }
        try AtomicFile.write(bytes, to: file)
        log.written(file)
      } catch let error as GraphvizError {
        switch error {
        case .missingPlugins, .cannotStartWorker:
          log.error("error: \(TerminalText.escaped(error.message))")
          // EX_UNAVAILABLE: neither the maps (1) nor the command line (64) is at fault.
          log.stop(69)
          return false
        default:
          log.error("\(shownPath): error: \(view.name): \(TerminalText.escaped(error.message))")
          succeeded = false
        }
      } catch {
        log.error("\(shownPath): error: \(TerminalText.escaped("\(error)"))")
        succeeded = false
      }
    }
    return succeeded
  }

  /// Sets each page's scale from its laid-out SVG, and for PDF and PNG lays the page out
  /// again with Graphviz's `size` and `margin` set so the file is exactly the paper.
  ///
  /// The pages of a view after its cover share one scale, the smallest any of them needs,
  /// so text prints at one size across the wall; the cover is scaled on its own.
  private func fitToPaper(_ paper: Paper, jobs: inout [Job], results: Results,
                          with worker: LayoutWorker) {
    var sizes: [(width: Double, height: Double)?] = []
    for index in jobs.indices {
      guard case .dot = jobs[index].picture.source, case .success(let output)? = results[index]
      else {
        sizes.append(nil)
        continue
      }
      sizes.append(Paper.drawingSize(svg: String(decoding: output.bytes, as: UTF8.self)))
    }
    for view in MapView.allCases {
      let pages = jobs.indices.filter {
        jobs[$0].view == view && sizes[$0] != nil && jobs[$0].picture.part != "page-1"
      }
      let shared = pages.compactMap { sizes[$0].map { paper.scale(width: $0.width,
                                                                  height: $0.height) } }.min()
      for index in jobs.indices where jobs[index].view == view {
        guard let size = sizes[index] else { continue }
        let own = paper.scale(width: size.width, height: size.height)
        jobs[index].scale = jobs[index].picture.part == "page-1" ? own : (shared ?? own)
      }
    }
    guard format != .svg else { return }
    let fitted = jobs.indices.map { index -> String? in
      guard let size = sizes[index], let scale = jobs[index].scale else { return nil }
      return paper.fitted(dot: String(decoding: jobs[index].dot, as: UTF8.self),
                          width: size.width, height: size.height,
                          scale: scale)
    }
    DispatchQueue.concurrentPerform(iterations: jobs.count) { [format] index in
      guard let dot = fitted[index] else { return }
      results[index] = Result { () throws(GraphvizError) in
        try worker.render(dot, as: format)
      }
    }
  }

  /// Our own steps (check, board, layout, DOT) used up the time limit before any worker
  /// started: the message says it was our side.
  static func tookTooLong(_ seconds: Double, limit: Double) -> String {
    let shownLimit = limit == limit.rounded() ? String(Int(limit)) : String(limit)
    return "drawing the map took \(String(format: "%.2f", seconds)) s in journeymap itself, "
      + "before Graphviz started, past the time limit of \(shownLimit) s "
      + "(a smaller map, or JOURNEYMAP_LAYOUT_TIMEOUT, may help)"
  }

  /// `NAME` of `dir/NAME.journey` (or of any other file name, without its extension).
  static func baseName(_ path: String) -> String {
    let name = URL(fileURLWithPath: path).lastPathComponent
    return name.hasSuffix(".journey") ? String(name.dropLast(".journey".count)) : name
  }

  /// The time limits `JOURNEYMAP_LAYOUT_TIMEOUT` may set: below 10 ms no layout can finish,
  /// and past a day nobody is waiting.
  static let timeLimits = 0.01...86_400.0

  static func timeLimit() throws -> Double {
    guard let text = ProcessInfo.processInfo.environment[timeLimitVariable] else {
      return LayoutWorker.defaultTimeLimit
    }
    guard let seconds = Double(text), timeLimits.contains(seconds) else {
      throw ValidationError("\(timeLimitVariable) must be a number of seconds from 0.01 to "
        + "86400 (a day), not '\(TerminalText.escaped(text))'")
    }
    return seconds
  }

  /// Our own binary, which the workers run: the real path, so `argv[0]` tricks do not matter.
  static func ownExecutable() -> URL {
    #if os(Linux)
      if var path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        // A binary deleted while it runs (a rebuild) is named so; name the path it had.
        if path.hasSuffix(" (deleted)") { path.removeLast(" (deleted)".count) }
        return URL(fileURLWithPath: path)
      }
    #endif
    return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  static func report(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

/// One picture to lay out: a view, or one page or slide of it.
private struct Job {
  var view: MapView
  var picture: Picture
  /// The DOT text, UTF-8.
  var dot: [UInt8]
  /// On paper: the scale that fits the drawing inside the margins.
  var scale: Double?
}

extension Paper: ExpressibleByArgument {}
extension Medium: ExpressibleByArgument {}
extension Detail: ExpressibleByArgument {}

/// How many maps failed, counted from the threads that render them.
private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var failed = 0
  func add() { lock.withLock { failed += 1 } }
  var count: Int { lock.withLock { failed } }
}

/// Layout results filled in by concurrent workers, one slot per view.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<Graphviz.Output, GraphvizError>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Result<Graphviz.Output, GraphvizError>? {
    get { lock.withLock { slots[index] } }
    set { lock.withLock { slots[index] = newValue } }
  }
}
