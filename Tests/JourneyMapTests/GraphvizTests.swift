import Foundation
import JourneyMap
import JourneyMapGraphviz
import Testing

/// A small map-like graph: clusters for stages, HTML labels, ids, an edge label.
let stageDOT = """
  digraph map {
    graph [fontname="DejaVu Sans", newrank=true];
    node [fontname="DejaVu Sans", shape=box];
    edge [fontname="DejaVu Sans"];
    subgraph cluster_ask { id="stage_ask"; label=<<B>Ask for help</B>>; call; wait; }
    subgraph cluster_fix { id="stage_fix"; label=<<B>Fix it</B>>; visit; }
    call [id="step_call", label=<Calls the hotline<BR/><I>phone</I>>];
    wait [id="step_wait", label=<Waits 20 minutes>];
    visit [id="step_visit", label=<Technician visits>];
    call -> wait -> visit [label="then"];
  }

  """

/// The worker `render` uses, started from the built binary.
func worker(timeLimit: Double = 60, environment: [String: String] = [:]) -> LayoutWorker {
  LayoutWorker(executable: Binary.url, timeLimit: timeLimit, environment: environment)
}

/// libgvc in this process. Serialized: Graphviz is not thread-safe, and no other suite calls
/// it in-process.
@Suite(.serialized) struct GraphvizInProcessTests {
  @Test func theDotLayoutAndTextPluginsAreInstalled() throws {
    for format in GraphvizFormat.allCases {
      try Graphviz.checkPlugins(for: format)
    }
  }

  @Test func aSmallGraphBecomesAnSVGThatEmbedsWell() throws {
    let output = try Graphviz.render(stageDOT, as: .svg)
    #expect(output.warnings.isEmpty)
    let finished = SVGFinisher.finish(
      String(decoding: output.bytes, as: UTF8.self), title: "Help: journey map",
      description: "A journey map of 3 steps in 2 stages.", id: "help-journey")
    let svg = ParsedSVG(finished)
    #expect(svg.parsed)
    #expect(svg.comments.isEmpty)
    #expect(!finished.contains("<!DOCTYPE"))
    #expect(svg.topLevel.prefix(2).map(\.text)
      == ["Help: journey map", "A journey map of 3 steps in 2 stages."])
    let root = try #require(svg.root)
    #expect(root.attributes["viewBox"]?.hasPrefix("0.00 0.00 ") == true)
    #expect(root.attributes["width"]?.hasSuffix("pt") == true)
    let families = svg.elements.compactMap { $0.attributes["font-family"] }
    #expect(!families.isEmpty)
    #expect(families.allSatisfy { $0 == "DejaVu Sans,Verdana,Arial,sans-serif" })
    let ids = Set(svg.elements.compactMap { $0.attributes["id"] })
    #expect(ids.isSuperset(of: ["stage_ask", "stage_fix", "step_call", "step_wait"]))
    #expect(svg.texts.contains("Calls the hotline"))
  }

  @Test func aSyntaxErrorIsCaughtWithGraphvizsDetail() throws {
    // In-process, Graphviz's line count can be off by one after an earlier graph (seen
    // here, not in a fresh worker), so the line number is not part of the expectation.
    var caught: GraphvizError?
    do { _ = try Graphviz.render("digraph g { a -> }", as: .svg) } catch { caught = error }
    guard case .rejectedDOT(let messages) = try #require(caught) else {
      Issue.record("expected rejectedDOT, got \(String(describing: caught))")
      return
    }
    #expect(messages.map(\.level) == [.error])
    #expect(messages.first?.text.hasPrefix("syntax error in line ") == true)
  }

  @Test func dotIsHandedBackAsIs() throws {
    #expect(try Graphviz.render(stageDOT, as: .dot).bytes == Array(stageDOT.utf8))
  }
}

/// Layouts in worker processes, as `render` runs them.
@Suite struct GraphvizWorkerTests {
  @Test func theSameGraphGivesTheSameBytesEveryTimeAndTheSameAsDot() throws {
    let first = try worker().render(stageDOT, as: .svg).bytes
    let second = try worker().render(stageDOT, as: .svg).bytes
    #expect(first == second)
    #expect(Data(first) == (try runDot(["-Tsvg"], input: stageDOT)))
  }

  @Test func pngAndPDFComeFromCairo() throws {
    let png = try worker().render(stageDOT, as: .png).bytes
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    let pdf = try worker().render(stageDOT, as: .pdf).bytes
    #expect(pdf.starts(with: Array("%PDF-".utf8)))
  }

  @Test func largeInputAndOutputPassThroughThePipesWithoutDeadlock() throws {
    var dot = "digraph g { node [fontname=\"DejaVu Sans\", shape=box];\n"
    for index in 0..<2000 {
      dot += "n\(index) [label=<node number \(index) with a fairly long label>];\n"
    }
    dot += "}\n"
    #expect(dot.utf8.count > 65_536)
    let svg = try worker().render(dot, as: .svg).bytes
    #expect(svg.count > 500_000)
    #expect(ParsedSVG(String(decoding: svg, as: UTF8.self)).texts.count == 2000)
  }

  @Test func aCrashInTheWorkerBecomesAClearError() {
    let crashing = worker(environment: ["JOURNEYMAP_WORKER_FAULT": "crash"])
    #expect(throws: GraphvizError.crashed(signal: SIGABRT)) {
      try crashing.render(stageDOT, as: .svg)
    }
    #expect(GraphvizError.crashed(signal: SIGABRT).message
      == "layout crashed (signal 6, SIGABRT) in Graphviz; a very large map can run out of the "
      + "4 GiB a layout may use")
  }

  /// A worker that has answered has succeeded: one that stops (or is stopped) on its way out
  /// neither costs its picture nor holds the caller up until the time limit.
  @Test func aWorkerThatStopsAfterAnsweringStillGivesItsPictureAtOnce() throws {
    let stopping = worker(timeLimit: 30, environment: ["JOURNEYMAP_WORKER_FAULT": "stop-after"])
    let start = Date()
    let output = try stopping.render(stageDOT, as: .svg)
    #expect(String(decoding: output.bytes, as: UTF8.self).hasSuffix("</svg>\n"))
    #expect(output.layoutSeconds > 0)
    #expect(Date().timeIntervalSince(start) < 1 + WorkerProcessLimits.grace)
  }

  @Test func aWorkerDiesWithTheProcessThatStartedIt() throws {
    // A shell stands in for an interrupted `render`: it starts a worker that hangs, writes
    // the worker's pid to a file, and is then killed. posix_spawn and waitpid, not Process:
    // Foundation would wait for the worker too, since it inherits Process's exit monitor.
    let directory = try temporaryDirectory()
    let pidFile = directory.appendingPathComponent("worker.pid").path
    let script = "JOURNEYMAP_WORKER_FAULT=hang \"$0\" layout-worker < /dev/null > /dev/null & "
      + "echo $! > \"$1\"; wait"
    let words: [String] = ["/bin/sh", "-c", script, Binary.url.path, pidFile]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var shell = pid_t()
    #expect(posix_spawn(&shell, "/bin/sh", nil, nil, argv, environ) == 0)
    var worker: pid_t?
    for _ in 0..<100 where worker == nil {
      Thread.sleep(forTimeInterval: 0.05)
      worker = (try? String(contentsOfFile: pidFile, encoding: .utf8))
        .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    let pid = try #require(worker)
    Thread.sleep(forTimeInterval: 0.3)  // let the worker reach its hang
    #expect(kill(pid, 0) == 0, "the worker should be running while its parent lives")
    kill(shell, SIGKILL)
    var status: Int32 = 0
    waitpid(shell, &status, 0)
    var gone = false
    for _ in 0..<50 where !gone {
      Thread.sleep(forTimeInterval: 0.1)
      // Reaped by init once killed; until then a zombie still has a /proc entry.
      let state = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
      gone = state == nil || state?.contains(") Z ") == true
    }
    if !gone { kill(pid, SIGKILL) }
    #expect(gone, "the worker outlived the process that started it")
  }

  @Test func aHangingWorkerIsStoppedAtTheTimeLimit() {
    let hanging = worker(timeLimit: 0.5, environment: ["JOURNEYMAP_WORKER_FAULT": "hang"])
    let start = Date()
    #expect(throws: GraphvizError.timedOut(seconds: 0.5)) {
      try hanging.render(stageDOT, as: .svg)
    }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test func missingPluginsAreNamedWithTheFix() throws {
    let empty = try temporaryDirectory()
    let bare = worker(environment: ["GVBINDIR": empty.path])
    var caught: GraphvizError?
    do { _ = try bare.render(stageDOT, as: .pdf) } catch { caught = error }
    let error = try #require(caught)
    #expect(error == .missingPlugins([
      "the dot layout", "the pango text plugin", "the pdf:cairo renderer",
    ]))
    #expect(error.message == "Graphviz is missing the dot layout, the pango text plugin,"
      + " the pdf:cairo renderer; install it with 'apt-get install graphviz-dev' and register"
      + " the plugins with 'dot -c' (as root)")
  }

  @Test func aBadHTMLLabelFailsTheLayoutEvenThoughGraphvizReturnsZero() {
    #expect(throws: GraphvizError.layoutFailed([GraphvizMessage(
      .error, "mismatched tag in line 1 ... x</I> ... in label of node a")])) {
      try worker().render("digraph g { a [label=<<B>x</I>>] }", as: .svg)
    }
  }

  @Test func warningsComeBackWithThePicture() throws {
    let output = try worker().render("digraph g { a [shape=nosuchshape] }", as: .svg)
    #expect(!output.bytes.isEmpty)
    #expect(output.warnings == [
      GraphvizMessage(.warning, "using box for unknown shape nosuchshape")
    ])
  }
}

/// Every character a user types appears in the picture as written, and none becomes markup.
@Suite struct GraphvizTextTests {
  static let samples = [
    "A & B < C > D \"quoted\" 'single'",
    #"C:\Notes\new \N \G \E \T \H \L \l \r \n \\ end\"#,
    "😀 👩‍👩‍👧 ✓ ✗ −2",
    "日本語のテキスト 中文 한국어",
    "مرحبا بالعالم",
    "שלום עולם",
    "<script>alert(1)</script>",
    "\" onload=\"alert(1)",
    "]]> <!-- --> <![CDATA[ x ]]> &amp; &#92;",
  ]

  @Test func labelsComeOutExactlyAsWritten() throws {
    var dot = "digraph g { node [fontname=\"DejaVu Sans\", shape=box];\n"
    for (index, sample) in Self.samples.enumerated() {
      dot += "n\(index) [label=<\(DOTText.html(sample))>];\n"
    }
    dot += "}\n"
    let raw = try worker().render(dot, as: .svg).bytes
    let finished = SVGFinisher.finish(String(decoding: raw, as: UTF8.self), title: "t",
                                      description: "d", id: "t")
    let svg = ParsedSVG(finished)
    #expect(svg.parsed)
    #expect(svg.texts == Self.samples)
  }

  @Test func nothingInALabelBecomesScriptOrAnEventHandler() throws {
    var dot = "digraph g { node [fontname=\"DejaVu Sans\", shape=box];\n"
    for (index, sample) in Self.samples.enumerated() {
      dot += "n\(index) [label=<\(DOTText.html(sample))>, id=\(DOTText.quoted(sample)),"
        + " tooltip=\(DOTText.quoted(sample))];\n"
    }
    dot += "}\n"
    let raw = try worker().render(dot, as: .svg).bytes
    let svg = ParsedSVG(SVGFinisher.finish(String(decoding: raw, as: UTF8.self), title: "t",
                                           description: "d", id: "t"))
    #expect(svg.parsed)
    #expect(!svg.elements.contains { $0.name == "script" || $0.name == "foreignObject" })
    #expect(!svg.elements.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } })
  }
}
