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
      Files are replaced atomically: a failed render leaves the previous file as it was. '-' \
      reads a map from standard input; '-o FILE' (a name ending in .svg, .png, .pdf or .dot) \
      writes one picture to that file and '-o -' to standard output. Pages and slides are a \
      file each, but one PDF document a view (NAME.journey.pdf), which -o can name.
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

  @Argument(help: """
      Files or directories (every *.journey below); '-' reads a map from standard input. \
      Default: maps/
      """)
  var paths: [String] = []

  @Option(name: [.customShort("o"), .customLong("output")],
          help: ArgumentHelp(
            "The directory to write into (created when missing); or, for one picture, a file "
              + "(a name ending in .svg, .png, .pdf or .dot), or - for standard output.",
            valueName: "dir|file|-"))
  var output = "output"

  @Option(help: "The views to draw.")
  var view: ViewChoice = .all

  @Option(name: .customLong("format"),
          help: ArgumentHelp("The file format: svg, png and pdf are laid out by Graphviz; dot is "
                               + "its input. Default: the -o file's extension, else svg."))
  var chosenFormat: GraphvizFormat?

  @Option(help: ArgumentHelp("PNG: pixels to the inch (Graphviz draws 96).", valueName: "n"))
  var dpi: Double?

  @Option(help: ArgumentHelp("PNG: pixels per point at 96 dpi, a multiple (2 for a "
                               + "high-density screen).", valueName: "n"))
  var scale: Double?

  @Flag(name: .customLong("embed-fonts"),
        help: ArgumentHelp("SVG: carry the characters of DejaVu Sans the picture uses inside "
                             + "it, so it looks the same where the font is not installed."))
  var embedFonts = false

  @Option(name: .customLong("id-prefix"),
          help: ArgumentHelp("SVG: put this in front of every id in the picture (and every "
                               + "reference to one), so pictures inlined in one page never "
                               + "share an id.", valueName: "prefix"))
  var idPrefix: String?

  @Option(help: ArgumentHelp(
    "Where the picture goes: poster (one picture, at most 3:1), screen (1920x1080 slides), "
      + "a4, a3, letter (landscape pages, text at 8 pt or more) or column (a document column, "
      + "--width wide). Pages and slides are written as NAME.VIEW.page-N.FORMAT and "
      + "NAME.VIEW.slide-N.FORMAT; as PDF, as one document NAME.VIEW.pdf."))
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
  var medium: Medium { paper?.medium ?? media }

  /// Where the pictures go.
  enum Destination: Equatable {
    /// `DIR/NAME.VIEW[.PART].FORMAT`, the directory as written without trailing slashes.
    case directory(String)
    /// One picture, to this file.
    case file(String)
    case standardOutput
  }

  /// `-` is standard output; an existing directory, or a name ending in `/`, is a directory;
  /// a name ending in a format's extension is a file; anything else a directory to create.
  var destination: Destination {
    if output == "-" { return .standardOutput }
    if !output.hasSuffix("/"), !Self.isDirectory(output), Self.format(ofFile: output) != nil {
      return .file(output)
    }
    var path = Substring(output)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    return .directory(String(path))
  }

  /// The format a file name's extension names, if any.
  static func format(ofFile name: String) -> GraphvizFormat? {
    GraphvizFormat.allCases.first { name.lowercased().hasSuffix("." + $0.fileExtension) }
  }

  /// The file format: as asked, else the `-o` file's, else SVG.
  var format: GraphvizFormat {
    if let chosenFormat { return chosenFormat }
    if case .file(let name) = destination, let format = Self.format(ofFile: name) {
      return format
    }
    return .svg
  }

  /// The PNG's resolution asked for with --dpi or --scale; nil for Graphviz's own.
  var pngDPI: Double? {
    dpi ?? scale.map { $0 * Resolution.standardDPI }
  }

  func validate() throws {
    _ = try Self.timeLimit()
    if output.isEmpty { throw ValidationError("the output directory ('-o') cannot be empty") }
    try validateDestination()
    if dpi != nil && scale != nil {
      throw ValidationError("--dpi and --scale say the same thing; give one of them")
    }
    if let dpi = pngDPI {
      if format != .png {
        throw ValidationError("--dpi and --scale apply to PNG only; add --format png")
      }
      guard Resolution.dpiRange.contains(dpi) else {
        let range = "\(Int(Resolution.dpiRange.lowerBound)) to \(Int(Resolution.dpiRange.upperBound))"
        throw ValidationError(dpi == self.dpi
          ? "--dpi must be from \(range), not \(Resolution.text(dpi))"
          : "--scale must give \(range) dpi (96 per 1), not \(Resolution.text(dpi))")
      }
    }
    if let idPrefix {
      guard SVGFinisher.isIDPrefix(idPrefix) else {
        throw ValidationError("invalid --id-prefix '\(TerminalText.escaped(idPrefix))': "
          + "expected ASCII letters, digits, '-', '_' and '.', starting with a letter or '_'")
      }
      if format != .svg { throw ValidationError("--id-prefix applies to SVG only") }
    }
    if embedFonts && format != .svg {
      throw ValidationError("--embed-fonts applies to SVG only (PNG and PDF carry their fonts)")
    }
    if let paper, media != .poster, media != paper.medium {
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

  /// One file, or standard output, holds one picture: one map, one view, one page; or, as
  /// PDF, one document of a view's pages or slides.
  private func validateDestination() throws {
    if case .directory = destination { return }
    let target = output == "-" ? "-o - (standard output)" : "-o '\(TerminalText.escaped(output))'"
    let fix = "name a directory instead"
    guard paths.count == 1, paths[0] == "-" || !Self.isDirectory(paths[0]) else {
      throw ValidationError("\(target) holds one picture, but "
        + (paths.count > 1 ? "\(paths.count) maps are named"
          : paths.isEmpty ? "no map is named (every map in maps/ would be rendered)"
          : "a directory of maps is named")
        + "; name one map, or \(fix)")
    }
    if view == .all {
      throw ValidationError("\(target) holds one picture, but both views would be written "
        + "(the journey map and the silo diagram); add --view journey or --view silo, or \(fix)")
    }
    if medium != .poster && medium != .column && format != .pdf {
      throw ValidationError("\(target) holds one picture, but --media \(medium.rawValue) "
        + "writes several (pages or slides; a PDF holds them all); \(fix)")
    }
    if case .file(let name) = destination, let chosenFormat,
      let named = Self.format(ofFile: name), named != chosenFormat
    {
      throw ValidationError("\(target) names a .\(named.fileExtension) file, but --format is "
        + "\(chosenFormat.rawValue); give one of them")
    }
  }

  func run() throws {
    // This process never loads Graphviz (about 10 ms of plugins): the first worker checks for
    // the dot layout and the text plugins before anything else, and a missing one stops the
    // run with status 69 (see `render`).
    let worker = LayoutWorker(executable: Self.ownExecutable(), timeLimit: try Self.timeLimit())
    Interruption.cleanUpOnSignals()

    // Standard input is read first, whole: it is one map, named <stdin> in messages.
    let others = paths.filter { $0 != Self.standardInput }
    let readsInput = others.count < paths.count
    if readsInput { standardInput.bytes = Array(FileHandle.standardInput.readDataToEndOfFile()) }
    let inputs = others.isEmpty && readsInput ? (files: [], problems: [])
      : MapFiles.resolve(others.isEmpty ? [MapFiles.defaultDirectory] : others)
    switch destination {
    case .directory(let directory):
      if let problem = AtomicFile.createDirectory(output) {
        Self.report("\(TerminalText.escaped(output)): error: cannot create the output directory: "
          + problem)
        throw ExitCode(1)
      }
      AtomicFile.removeStaleTemporaryFiles(in: directory)
    case .file(let file):
      AtomicFile.removeStaleTemporaryFiles(in: URL(fileURLWithPath: file)
        .deletingLastPathComponent().path)
    case .standardOutput: break
    }
    let maps = (readsInput ? [Self.standardInput] : []) + inputs.files
    if try !renderAll(maps, with: worker) || !inputs.problems.isEmpty {
      throw ExitCode(1)
    }
  }

  /// Renders `maps` a few at a time (each map's views lay out side by side too, so two maps
  /// keep two cores busy), printing each map's files and messages in map order. False when
  /// any map failed; throws the status that stops the run (a missing plugin or worker).
  private func renderAll(_ maps: [String], with worker: LayoutWorker) throws -> Bool {
    var claimed: [String: String] = [:]  // output base name → map that claimed it
    let bases = maps.map { map -> (base: String, other: String?) in
      let base = map == Self.standardInput ? Self.standardInputBase : Self.baseName(map)
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
      } else if !render(map, base: bases[index].base, with: worker, log: log,
                        keepsUntilExit: maps.count == 1) {
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
    if case .directory(let directory) = destination { return directory }
    return "."
  }

  /// The path that means standard input, and the name it goes by in messages and files.
  static let standardInput = "-"
  static let standardInputName = Fmt.stdinName
  static let standardInputBase = "stdin"

  /// Standard input's bytes, read once before the maps render on threads of their own.
  private var standardInput: StandardInput { StandardInput.shared }

  /// Renders every chosen view of the map at `path` and says so in `log`; false when anything
  /// failed. Asks the run to stop with status 69 when Graphviz lacks a plugin or no worker can
  /// start, since no other map can render either.
  ///
  /// `keepsUntilExit`: the map's model, boards and pictures are left for the system to
  /// reclaim at exit (the run's only map): freeing a 1,000-step map's objects one by one took
  /// milliseconds after its file was written.
  private func render(_ path: String, base: String, with worker: LayoutWorker,
                      log: Transcript, keepsUntilExit: Bool = false) -> Bool {
    // The time limit covers the whole map: the workers start now, and what our own steps
    // take is left out of the time the layouts may take.
    let started = DispatchTime.now().uptimeNanoseconds
    // One worker per view, started before the map is even read: its process start and
    // Graphviz's plugins (tens of ms) overlap our reading, checking and drawing. A map that
    // turns out to have errors, or to need fewer, ends the spare ones unheard.
    let workers = Workers(worker, format: format, count: format == .dot ? 0 : view.views.count)
    defer { workers.cancelRest() }
    let bytes: [UInt8]
    let path = path == Self.standardInput ? Self.standardInputName : path
    let shownPath = TerminalText.escaped(path)
    do {
      bytes = path == Self.standardInputName ? standardInput.bytes
        : try MapFiles.contents(of: path)
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
    // The DOT goes to its worker piece by piece as it is written, so Graphviz parses the
    // start while we write the rest.
    var jobs: [Job] = []
    let forCairo = format == .png || format == .pdf
    let streams = format != .dot && !(format == .png && pngDPI != nil)
    for view in view.views {
      // A poster's prelude goes to its worker before the board is laid out: Graphviz reads
      // it while we lay out. `sent`: the worker it went to and its size.
      var sent: (layout: LayoutWorker.Layout, size: Int)?
      var tooLarge = false
      /// Stops the thread that feeds the prelude to its worker while we lay out.
      var stopFeeding: () -> Void = {}
      let pictures = view.pictures(checked, medium: medium, detail: detail, width: width,
                                   early: !streams ? nil : { prelude in
        let layout = workers.next(started: started)
        if prelude.write(limit: RenderBounds.dotBytes, to: { layout.send($0) }) {
          sent = (layout, prelude.size)
          stopFeeding = layout.pumpMeanwhile()
        } else {
          tooLarge = true
        }
      })
      stopFeeding()
      if tooLarge {
        log.error("\(shownPath): error: \(view.name): \(RenderBounds.pictureTooLarge)")
        return false
      }
      for picture in pictures {
        var id = "\(base)-\(view.rawValue)"
        if let part = picture.part { id += "-" + part }
        var job = Job(view: view, picture: picture, id: id, dot: [], layout: nil)
        if !streams {
          guard var dot = picture.dotBytes(forCairo: forCairo, limit: RenderBounds.dotBytes)
          else {
            log.error("\(shownPath): error: \(view.name): \(RenderBounds.pictureTooLarge)")
            return false
          }
          if format == .png, let dpi = pngDPI {
            dot = Array(Resolution.dot(String(decoding: dot, as: UTF8.self), dpi: dpi).utf8)
          }
          if format == .dot {
            job.dot = dot
          } else {
            let layout = workers.next(started: started)
            dot.withUnsafeBytes { layout.send($0) }
            job.layout = layout
          }
        } else {
          let early = sent.take()
          let layout = early?.layout ?? workers.next(started: started)
          let size = Counter()
          size.count = early?.size ?? 0
          let whole = picture.writeDOT(forCairo: forCairo, afterPrelude: early != nil,
                                       limit: RenderBounds.dotBytes) {
            layout.send($0)
            size.count += $0.count
            workers.pump()  // the other views' workers may have read more of theirs
          }
          job.dotSize = size.count
          guard whole else {
            log.error("\(shownPath): error: \(view.name): \(RenderBounds.pictureTooLarge)")
            return false
          }
          job.layout = layout
        }
        jobs.append(job)
      }
    }
    let ours = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let limit = worker.timeLimit
    guard ours < limit else {
      log.error("\(shownPath): error: \(Self.tookTooLong(ours, limit: limit))")
      return false
    }
    if keepsUntilExit { UntilExit.keep((checked, jobs)) }
    // A view's pages or slides as PDF are one document, written when every page laid out;
    // in any other format each picture is a file of its own.
    let joined = format == .pdf && medium != .poster && medium != .column
    /// A picture's file in the output directory: NAME.VIEW.FORMAT, NAME.VIEW.PART.FORMAT.
    func named(_ view: MapView, part: String?) -> String {
      "\(directory)/\(base).\(view.rawValue)" + (part.map { "." + $0 } ?? "") + "."
        + format.fileExtension
    }
    /// The file job `index` goes to, if any.
    func file(_ index: Int) -> String? {
      switch destination {
      case .standardOutput: return nil
      case .file(let file): return file
      case .directory: return named(jobs[index].view, part: jobs[index].picture.part)
      }
    }
    // An SVG that needs nothing more once finished goes to its temporary file as it arrives,
    // flushed to disk while the worker exits: only the rename is left when the layout is
    // known to have succeeded. (Without a temporary file, it is written at the end.)
    let streamed = Streamed(count: jobs.count)
    if format == .svg && !embedFonts {
      for index in jobs.indices where jobs[index].layout != nil && jobs[index].picture.canvas == nil {
        streamed[index] = file(index)
      }
    }
    let results = Results(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { [jobs, format, idPrefix] index in
      let job = jobs[index]
      results[index] = Result { () throws(GraphvizError) in
        guard let layout = job.layout else { return Graphviz.Output(bytes: job.dot, warnings: []) }
        guard format == .svg else { return try layout.finish() }
        // Finished as Graphviz writes it: little is left when its last byte arrives.
        // Graphviz's SVG of the board is about 1.3 times its DOT.
        let file = streamed.pending(index)
        var svg = SVGFinisher.Stream(title: job.picture.title, description: job.picture.summary,
                                     id: job.id, idPrefix: idPrefix ?? "",
                                     capacity: file == nil ? job.dotSize + job.dotSize / 2
                                       : Streamed.piece)
        var sealed = false
        /// The file gets its last bytes and is flushed to disk; published too when the
        /// worker has answered (while it exits), else once its exit status says it succeeded.
        func seal(answered: Bool) {
          guard let file, !sealed else { return }
          sealed = true
          svg.end().withUnsafeBytes { file.write($0) }
          streamed.seal(index, file, publishing: answered)
        }
        var output = try layout.finish(output: {
          svg.feed($0)
          if let file, svg.finishedCount >= Streamed.piece { svg.take { file.write($0, early: true) } }
        }, ended: seal)
        // (Sealed here when something the worker left kept its output open past its exit.)
        seal(answered: false)
        output.bytes = file == nil ? svg.end() : []
        return output
      }.mapError { error -> GraphvizError in
        // The map's limit, of which the layout had what our own steps left.
        if case .timedOut = error { return .timedOut(seconds: limit) }
        return error
      }
    }

    var succeeded = true
    var stopped = false
    /// The finished bytes of job `index`, or nil when its layout failed (reported).
    func finished(_ index: Int) -> [UInt8]? {
      let job = jobs[index]
      let view = job.view
      do {
        let result = results[index] ?? .failure(.workerFailed("the layout did not run"))
        let laidOut = try result.get()
        for warning in laidOut.warnings {
          log.error("\(shownPath): warning: Graphviz, in the \(view.name): "
            + TerminalText.escaped(warning.text))
        }
        var bytes = laidOut.bytes
        if format == .svg {
          // Finished as it arrived (`SVGFinisher.Stream`); placed on its canvas here.
          bytes = Self.placed(bytes, picture: job.picture)
          if embedFonts { bytes = try FontFiles.embedded(bytes) }
        } else if format == .pdf {
          let canvas = job.picture.canvas.map { ($0.width, $0.height) }
          // A page to be joined gets the document's title when joined.
          bytes = PDFFinisher.finish(bytes, paper: canvas, title: joined ? nil : job.picture.title)
        }
        return bytes
      } catch let error as GraphvizError {
        switch error {
        case .missingPlugins, .cannotStartWorker:
          log.error("error: \(TerminalText.escaped(error.message))")
          // EX_UNAVAILABLE: neither the maps (1) nor the command line (64) is at fault.
          log.stop(69)
          stopped = true
        default:
          log.error("\(shownPath): error: \(view.name): \(TerminalText.escaped(error.message))")
        }
      } catch {
        log.error("\(shownPath): error: \(TerminalText.escaped("\(error)"))")
      }
      return nil
    }
    /// Writes `bytes` to `file` in the directory, or where `-o` says.
    func emit(_ bytes: [UInt8], _ file: String) {
      do {
        switch destination {
        case .directory:
          try AtomicFile.write(bytes, to: file)
          log.written(file)
        case .file(let file):
          try AtomicFile.write(bytes, to: file)
          log.written(file)
        case .standardOutput:
          log.output(bytes)
        }
      } catch {
        log.error("\(shownPath): error: \(TerminalText.escaped("\(error)"))")
        succeeded = false
      }
    }
    for view in self.view.views {
      let indices = jobs.indices.filter { jobs[$0].view == view }
      if joined {
        // Every page is laid out and checked before the document is written: a view with a
        // failed page writes nothing, and the previous file stays as it was.
        let parts = indices.map(finished)
        if stopped { return false }
        guard !parts.contains(where: { $0 == nil }), !indices.isEmpty else {
          succeeded = false
          continue
        }
        do {
          let document = try PDFMerger.merge(parts.compactMap { $0 },
                                             title: view.title(checked.journey),
                                             bookmarks: indices.map {
                                               jobs[$0].picture.heading ?? jobs[$0].picture.title
                                             })
          emit(document, named(view, part: nil))
        } catch {
          log.error("\(shownPath): error: \(view.name): \(TerminalText.escaped(error.description))")
          succeeded = false
        }
        continue
      }
      for index in indices {
        guard let bytes = finished(index) else {
          streamed.discard(index)
          if stopped { return false }
          succeeded = false
          continue
        }
        if let written = streamed.sealed(index) {
          // Laid out, and already on disk: published now, if not already.
          do {
            let pending = try written.get()
            if !pending.published { try pending.publish() }
            log.written(pending.path)
          } catch {
            log.error("\(shownPath): error: \(TerminalText.escaped("\(error)"))")
            succeeded = false
          }
          continue
        }
        emit(bytes, named(view, part: jobs[index].picture.part))
      }
    }
    return succeeded
  }

  /// Graphviz's SVG of `picture` finished: our title and desc, ids (see `SVGFinisher`),
  /// placed on its canvas.
  static func finishedSVG(_ bytes: [UInt8], picture: Picture, id: String, idPrefix: String = "")
    -> [UInt8]
  {
    let svg = SVGFinisher.finish(bytes, title: picture.title, description: picture.summary,
                                 id: id, idPrefix: idPrefix)
    return placed(svg, picture: picture)
  }

  /// A finished SVG placed on its picture's canvas, if it has one.
  static func placed(_ svg: [UInt8], picture: Picture) -> [UInt8] {
    guard let canvas = picture.canvas else { return svg }
    return Array(canvas.placed(svg: String(decoding: svg, as: UTF8.self)).utf8)
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
private struct Job: @unchecked Sendable {
  var view: MapView
  var picture: Picture
  /// The SVG's id: `NAME-VIEW[-PART]`.
  var id: String
  /// The DOT text, UTF-8, when no worker draws it (`--format dot`).
  var dot: [UInt8]
  /// The worker drawing it, which has its DOT.
  var layout: LayoutWorker.Layout?
  /// How many bytes of DOT the worker got.
  var dotSize = 0
}

/// What is left for the system to reclaim when the process exits.
private enum UntilExit {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var kept: [Any] = []
  static func keep(_ value: Any) { lock.withLock { kept.append(value) } }
}

/// A count kept by a closure.
private final class Counter {
  var count = 0
}

/// The workers of one map's pictures: some started ahead, before the map is read, the rest
/// as pictures need them. Used by the map's thread, which spawns every one (they die with it).
private final class Workers {
  private let worker: LayoutWorker
  private let format: GraphvizFormat
  private var ready: [LayoutWorker.Layout]
  private var taken: [LayoutWorker.Layout] = []

  init(_ worker: LayoutWorker, format: GraphvizFormat, count: Int) {
    self.worker = worker
    self.format = format
    ready = (0..<count).map { _ in worker.start(as: format) }
  }

  /// A started worker for the next picture: the time limit counts from `started`, the
  /// map's start, whichever it is.
  func next(started: UInt64) -> LayoutWorker.Layout {
    let layout: LayoutWorker.Layout
    if ready.isEmpty {
      var late = worker
      let spent = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      late.timeLimit = max(worker.timeLimit - spent, 0.001)
      layout = late.start(as: format)
    } else {
      layout = ready.removeFirst()
    }
    taken.append(layout)
    return layout
  }

  /// Writes more of every picture's DOT, if its worker has read some since; never waits.
  func pump() { for layout in taken { layout.pump() } }

  /// Ends the workers not waited for: spare ones, and those of a map that stopped early.
  func cancelRest() { for layout in ready + taken { layout.cancel() } }
}

extension Paper: ExpressibleByArgument {}
extension Medium: ExpressibleByArgument {}
extension Detail: ExpressibleByArgument {}

/// Standard input's bytes, set once before any map renders.
private final class StandardInput: @unchecked Sendable {
  static let shared = StandardInput()
  var bytes: [UInt8] = []
}

/// How many maps failed, counted from the threads that render them.
private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var failed = 0
  func add() { lock.withLock { failed += 1 } }
  var count: Int { lock.withLock { failed } }
}

/// The pictures written to their files as they arrive: for each job, the file it goes to,
/// then its temporary file while it arrives, then that file sealed (or why it could not be).
private final class Streamed: @unchecked Sendable {
  /// How many finished bytes are written at a time.
  static let piece = 1 << 18

  private let lock = NSLock()
  private var files: [String?]
  private var pendings: [AtomicFile.Pending?]
  private var seals: [Result<AtomicFile.Pending, AtomicFile.WriteError>?]

  init(count: Int) {
    files = Array(repeating: nil, count: count)
    pendings = Array(repeating: nil, count: count)
    seals = Array(repeating: nil, count: count)
  }

  subscript(index: Int) -> String? {
    get { lock.withLock { files[index] } }
    set { lock.withLock { files[index] = newValue } }
  }

  /// A temporary file for job `index`, if it goes to a file and one can be made (if not,
  /// the picture is written at the end, which reports why it cannot be).
  func pending(_ index: Int) -> AtomicFile.Pending? {
    guard let path = self[index], let file = try? AtomicFile.Pending(replacing: path) else {
      return nil
    }
    lock.withLock { pendings[index] = file }
    return file
  }

  /// Job `index`'s file has all its bytes: flushed to disk, and published when `publishing`
  /// (its layout is known to have succeeded).
  func seal(_ index: Int, _ file: AtomicFile.Pending, publishing: Bool) {
    let result = Result { () throws(AtomicFile.WriteError) in
      try file.seal()
      if publishing { try file.publish() }
      return file
    }
    lock.withLock { seals[index] = result }
  }

  /// Job `index`'s sealed file, or why it could not be; nil when it was not streamed.
  func sealed(_ index: Int) -> Result<AtomicFile.Pending, AtomicFile.WriteError>? {
    lock.withLock { seals[index] }
  }

  /// Job `index`'s picture is not wanted: its temporary file goes.
  func discard(_ index: Int) {
    lock.withLock { pendings[index] }?.discard()
  }
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
