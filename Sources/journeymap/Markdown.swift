import ArgumentParser
import Foundation
import JourneyMap
import JourneyMapGraphviz

/// `journeymap markdown`: every ```journey block of a Markdown document drawn as an SVG beside
/// it, the block replaced by the picture, everything else kept byte for byte.
struct MarkdownCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "markdown",
    abstract: "Draw every ```journey block of a Markdown document as an SVG beside it.",
    discussion: """
      Each block becomes NAME-N.journey.svg beside the output document (NAME is the \
      document's name without .md, N counts the blocks from 1; from standard input to \
      standard output, stdin-N.journey.svg here), and the block is replaced by \
      an image with the picture's description as its alt text. A block with errors is \
      reported at its lines in the document, and nothing is written. Exit status: 0 written, \
      1 a block has errors or a file cannot be read or written, 64 bad usage.
      """)

  @Argument(help: "The Markdown document; '-' reads it from standard input.")
  var input: String

  @Option(name: .shortAndLong,
          help: ArgumentHelp("Write the document here (atomically) instead of standard output; "
                               + "the pictures go beside it.", valueName: "file"))
  var output: String?

  @Option(help: "poster (one picture, full size) or column (fitted to --width, for a page).")
  var media: Medium = .column

  @Option(help: ArgumentHelp("The width of the column, in points, for --media column.",
                             valueName: "pt"))
  var width: Double = 480

  @Flag(name: .customLong("embed-fonts"),
        help: "Carry the characters of DejaVu Sans each picture uses inside it.")
  var embedFonts = false

  func validate() throws {
    guard media == .poster || media == .column else {
      throw ValidationError("--media must be poster or column for a document: one picture "
        + "per block")
    }
    if !(width >= 100 && width <= 5000) {
      throw ValidationError("--width must be between 100 and 5000 points, not \(width)")
    }
    if output == "" { throw ValidationError("the output file ('-o') cannot be empty") }
  }

  func run() throws {
    Interruption.cleanUpOnSignals()
    let fromInput = input == Render.standardInput
    let name = fromInput ? Render.standardInputName : input
    guard let document = fromInput ? Array(FileHandle.standardInput.readDataToEndOfFile())
      : MapFiles.loaded(input)
    else { throw ExitCode.failure }
    let blocks = MarkdownBlocks.blocks(document)

    // Every block is checked first; a block with errors stops the run before anything is
    // written, its diagnostics at its lines in the document.
    var checked: [CheckedJourney] = []
    var report = ""
    for block in blocks {
      let map = JourneyChecker.check(block.content, file: name)
      let located = map.diagnostics.map { MarkdownBlocks.located($0, in: block) }
      report += DiagnosticFormatter(file: name, source: document).text(located)
      checked.append(map)
    }
    FileHandle.standardError.write(Data(report.utf8))
    if checked.contains(where: \.hasErrors) { throw ExitCode.failure }

    // The pictures go beside the output; from standard input to standard output, here.
    let target = output ?? (fromInput ? Render.standardInputBase + ".md" : input)
    let directory = URL(fileURLWithPath: target).deletingLastPathComponent()
    var stem = URL(fileURLWithPath: target).lastPathComponent
    for suffix in [".markdown", ".md"] where stem.lowercased().hasSuffix(suffix) {
      stem = String(stem.dropLast(suffix.count))
      break
    }
    let worker = LayoutWorker(executable: Render.ownExecutable(), timeLimit: try Render.timeLimit())
    var replacements: [(MarkdownBlocks.Block, String)] = []
    var failed = false
    for (index, (block, map)) in zip(blocks, checked).enumerated() {
      let name = "\(stem)-\(index + 1).journey.svg"
      let file = directory.appendingPathComponent(name).path
      // Each picture's ids carry its document and number, so pictures inlined together in
      // one page never share one.
      let id = SVGFinisher.xmlID("\(stem)-\(index + 1)")
      guard let picture = MapView.journey.pictures(map, medium: media, width: width).first
      else { continue }
      do {
        let laidOut = try worker.render(picture.dot(), as: .svg)
        var svg = Render.finishedSVG(laidOut.bytes, picture: picture, id: id, idPrefix: id + "-")
        if embedFonts { svg = try FontFiles.embedded(svg) }
        try AtomicFile.write(svg, to: file)
      } catch let error as GraphvizError {
        Render.report("\(TerminalText.escaped(name)):\(block.fenceLine): error: "
          + TerminalText.escaped(error.message))
        failed = true
        continue
      } catch {
        Render.report("\(TerminalText.escaped(file)): error: \(TerminalText.escaped("\(error)"))")
        failed = true
        continue
      }
      let alt = "\(picture.title). \(picture.summary)"
      replacements.append((block, MarkdownBlocks.image(block, alt: alt, file: name,
                                                       document: document)))
    }
    if failed { throw ExitCode.failure }
    let result = MarkdownBlocks.replacing(document, replacements)
    guard let output else {
      FileHandle.standardOutput.write(Data(result))
      return
    }
    do {
      try AtomicFile.write(result, to: output)
    } catch {
      MapFiles.report(error)
      throw ExitCode.failure
    }
  }
}
