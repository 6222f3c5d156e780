import CGraphviz
import Foundation

/// Runs each layout in a fresh process of our own binary, so that a crash, a hang, a leak or
/// left-over state in Graphviz never reaches the caller and a map's picture never depends on
/// what was rendered before it.
///
/// The protocol between the two sides is deliberately plain:
/// - the parent writes the DOT text to the worker's stdin and closes it (it may start the
///   worker first and write the DOT as it makes it; the worker parses it as it arrives);
/// - on success the worker writes the rendered bytes to stdout (as Graphviz renders them)
///   and exits 0; on failure whatever it wrote there is discarded;
/// - every message Graphviz raised goes to stderr, one per line, as `error<TAB>text`,
///   `warning<TAB>text` or `missing<TAB>what`, and on success, last, after every byte of the
///   picture, the time Graphviz took as `timing<TAB>layout seconds<TAB>render seconds`;
/// - a worker that has answered (closed its stdout and stderr, the timing line last) has
///   succeeded, whatever happens to it as it exits: the parent may publish the picture while
///   the system frees the worker's memory (milliseconds for a large map), and reaps it after;
/// - otherwise the exit status says what failed (see `Status`); a crash signal (SIGSEGV,
///   SIGABRT...) means Graphviz crashed, any other signal came from outside
///   (`GraphvizError.killed`).
///
/// How the process is run, bounded and cleaned up is `WorkerProcess`'s business.
public struct LayoutWorker: Sendable {
  /// Exit statuses of the worker (the sysexits values closest in meaning).
  public enum Status {
    public static let success: Int32 = 0
    public static let rejectedDOT: Int32 = 65
    public static let layoutFailed: Int32 = 70
    public static let missingPlugins: Int32 = 69
  }

  /// The time limit unless the caller gives one: a 2,000-step map lays out in a few seconds.
  public static let defaultTimeLimit = 60.0

  /// The program to start and the arguments before `--format`, e.g. our binary and
  /// `["layout-worker"]`.
  public var executable: URL
  public var arguments: [String]
  public var timeLimit: Double
  /// Variables set for the worker on top of ours (tests use it to make a worker misbehave).
  public var environment: [String: String]

  public init(executable: URL, arguments: [String] = ["layout-worker"],
              timeLimit: Double = LayoutWorker.defaultTimeLimit,
              environment: [String: String] = [:]) {
    self.executable = executable
    self.arguments = arguments
    self.timeLimit = timeLimit
    self.environment = environment
  }

  // MARK: The parent's side

  /// Variables every worker gets: no Swift crash reporter (it inherits the worker's pipes and
  /// can outlive the kill at the time limit, see ../shared/design/graphviz.md), one time zone
  /// and one locale (Pango takes the language it shapes and picks fonts for from the locale),
  /// so that nothing the worker writes depends on where it runs.
  public static let fixedEnvironment = [
    "SWIFT_BACKTRACE": "enable=no", "TZ": "UTC", "LC_ALL": "C.UTF-8",
  ]

  /// Lays out and renders `dot` in a new worker process.
  public func render(_ dot: String, as format: GraphvizFormat) throws(GraphvizError)
    -> Graphviz.Output
  {
    try render(bytes: Array(dot.utf8), as: format)
  }

  /// Lays out and renders the DOT text `dot` (UTF-8) in a new worker process.
  public func render(bytes dot: [UInt8], as format: GraphvizFormat) throws(GraphvizError)
    -> Graphviz.Output
  {
    if format == .dot { return Graphviz.Output(bytes: dot, warnings: []) }
    let layout = start(as: format)
    dot.withUnsafeBytes { layout.send($0) }
    return try layout.finish()
  }

  /// Starts a worker for one picture in `format` before its DOT is ready, so the process and
  /// Graphviz start while the DOT is made; give it the DOT with `Layout.send`, then
  /// `Layout.finish` (or `Layout.cancel`). The time limit runs from now. Not for `dot`.
  public func start(as format: GraphvizFormat) -> Layout {
    // A worker that dies before reading all its input must not kill us with SIGPIPE;
    // the write then fails with EPIPE, which is ignored: the exit status tells the story.
    signal(SIGPIPE, SIG_IGN)
    do {
      let process = try WorkerProcess.start(
        executable.path, arguments: arguments + ["--format", format.rawValue],
        environment: ProcessInfo.processInfo.environment
          .merging(Self.fixedEnvironment) { $1 }.merging(environment) { $1 },
        timeLimit: timeLimit)
      return Layout(process: process, timeLimit: timeLimit)
    } catch {
      return Layout(failure: .cannotStartWorker(
        path: error.path, reason: GraphvizError.describe(errno: error.code)))
    }
  }

  /// One picture being laid out in its own worker process (see `start`). Used by one thread
  /// at a time.
  public final class Layout: @unchecked Sendable {
    private let process: WorkerProcess?
    /// Why no worker runs (it could not be started): what `finish` throws.
    private let failure: GraphvizError?
    private let timeLimit: Double

    fileprivate init(process: WorkerProcess, timeLimit: Double) {
      self.process = process
      failure = nil
      self.timeLimit = timeLimit
    }

    fileprivate init(failure: GraphvizError) {
      process = nil
      self.failure = failure
      timeLimit = 0
    }

    /// The next part of the DOT (UTF-8), written as far as the pipe takes it now: this
    /// never waits for the worker.
    public func send(_ dot: UnsafeRawBufferPointer) { process?.feed(dot) }

    /// Writes more of what was sent, if the worker has read some since: never waits.
    public func pump() { process?.pump() }

    /// Writes what was sent, as the worker reads it, on a thread of its own while the caller
    /// gets on with something else (laying out the rest of the DOT); call the function it
    /// returns, which waits for that thread, before using this layout again.
    public func pumpMeanwhile() -> () -> Void {
      guard let process else { return {} }
      return process.pumpMeanwhile()
    }

    /// Ends the worker unheard: its picture is not wanted.
    public func cancel() { process?.cancel() }

    /// Ends the DOT, waits for the picture and tells how the layout went. The picture's
    /// bytes go to `output` as they arrive when it is given (the `Output` then holds none),
    /// which sees them all only when `finish` returns; on an error, what it saw is to be
    /// discarded. `ended` runs once the worker has closed its output, while it exits: all of
    /// the picture has arrived by then. With `true`, the worker has answered and `finish`
    /// will succeed (the caller may publish the picture now); with `false`, whether it is
    /// good is known only when `finish` returns (the caller may write it out, not publish).
    public func finish(output: ((UnsafeRawBufferPointer) -> Void)? = nil,
                       ended: ((_ answered: Bool) -> Void)? = nil)
      throws(GraphvizError) -> Graphviz.Output
    {
      guard let process else { throw failure ?? .workerFailed("no worker") }
      var answered = false
      let run = process.wait(output: output, ended: { stderr in
        answered = LayoutWorker.answered(stderr)
        ended?(answered)
        return answered
      })
      if answered {
        let (messages, _, timing) = LayoutWorker.decode(Data(run.stderr))
        return Graphviz.Output(bytes: run.stdout, warnings: messages,
                               layoutSeconds: timing.layout, renderSeconds: timing.render)
      }
      if run.timedOut { throw .timedOut(seconds: timeLimit) }
      if case .signal(let signal) = run.exit {
        throw GraphvizError.crashSignals.contains(signal)
          ? .crashed(signal: signal) : .killed(signal: signal)
      }
      let (messages, missing, timing) = LayoutWorker.decode(Data(run.stderr))
      guard case .status(let status) = run.exit else { throw .workerFailed("no exit status") }
      switch status {
      case Status.success:
        return Graphviz.Output(bytes: run.stdout, warnings: messages,
                               layoutSeconds: timing.layout, renderSeconds: timing.render)
      case Status.rejectedDOT: throw .rejectedDOT(messages)
      case Status.layoutFailed: throw .layoutFailed(messages)
      case Status.missingPlugins: throw .missingPlugins(missing)
      default:
        // Graphviz calls exit(1) when it cannot grow a buffer or runs out of memory (the
        // worker may use `memoryLimit`): that is a failed layout too.
        throw .layoutFailed(messages + [GraphvizMessage(
          .error, "exit status \(status); a map this large may need more than the "
            + "\(LayoutWorker.memoryLimit >> 30) GiB a layout may use")])
      }
    }
  }

  /// Ends every worker still running, with whatever it started: for an interrupted `render`.
  public static func stopAll() { LiveWorkers.shared.killAll() }

  // MARK: The worker's side

  /// What the worker writes and how it exits, for `dot` read from stdin.
  public struct Reply: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: String
  }

  /// The address space a worker may use: a 2,000-step map needs about 150 MB, and without a
  /// bound a map of 10,000 stages took 10 GB before its time limit ran out.
  public static let memoryLimit: UInt64 = 4 << 30

  /// Confines the worker process before it loads Graphviz: it dies with the process that
  /// started it (an interrupted `render` leaves no worker behind) and its memory is bounded.
  /// False when the parent is already gone.
  public static func confineWorkerProcess() -> Bool {
    var limit = rlimit(rlim_cur: rlim_t(memoryLimit), rlim_max: rlim_t(memoryLimit))
    #if os(Linux)
      _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
    #else
      _ = setrlimit(RLIMIT_AS, &limit)
    #endif
    return jm_die_with_parent(getppid()) == 1
  }

  /// Renders `dot` in this process and encodes the outcome in the protocol.
  public static func serve(_ dot: String, as format: GraphvizFormat) -> Reply {
    reply { () throws(GraphvizError) in
      // The worker exits right after answering: the system frees the graph faster.
      try Graphviz.render(dot, as: format, freeingGraph: false)
    }
  }

  /// The worker's job on its standard streams: Graphviz's context made ready first (its
  /// plugins load while the parent is still writing the DOT), the DOT parsed as it arrives on
  /// stdin, the picture written to stdout as it is rendered (the parent finishes it as it
  /// comes). The reply's `stdout` is empty: on success the picture is already written, and
  /// on failure whatever part of it was written is discarded by the parent, which goes by
  /// the exit status.
  public static func serveStandardStreams(as format: GraphvizFormat) -> Reply {
    Graphviz.prepare(for: format)
    guard format.device != nil else {
      let input = (try? FileHandle.standardInput.readToEnd()) ?? Data()
      return Reply(status: Status.success, stdout: Array(input), stderr: "")
    }
    // Large buffers: a pipe would get 4 KiB, a read and a write per line of a 2 MB DOT.
    let input = jm_stdin()!
    let output = jm_stdout()!
    _ = jm_buffer(input, 1 << 16)
    _ = jm_buffer(output, 1 << 16)
    return reply { () throws(GraphvizError) in
      try Graphviz.render(reading: input, as: format, writingTo: output, freeingGraph: false)
    }
  }

  private static func reply(_ render: () throws(GraphvizError) -> Graphviz.Output) -> Reply {
    do {
      let output = try render()
      return Reply(status: Status.success, stdout: output.bytes,
                   stderr: encode(output.warnings)
                     + "timing\t\(output.layoutSeconds)\t\(output.renderSeconds)\n")
    } catch {
      switch error {
      case .missingPlugins(let missing):
        let lines = missing.map { "missing\t" + oneLine($0) + "\n" }.joined()
        return Reply(status: Status.missingPlugins, stdout: [], stderr: lines)
      case .rejectedDOT(let messages):
        return Reply(status: Status.rejectedDOT, stdout: [], stderr: encode(messages))
      case .layoutFailed(let messages):
        return Reply(status: Status.layoutFailed, stdout: [], stderr: encode(messages))
      case .crashed, .killed, .timedOut, .workerFailed, .cannotStartWorker:
        return Reply(status: Status.layoutFailed, stdout: [], stderr: "error\t\(error.message)\n")
      }
    }
  }

  static func encode(_ messages: [GraphvizMessage]) -> String {
    messages.map { "\($0.level.rawValue)\t\(oneLine($0.text))\n" }.joined()
  }

  /// Whether the worker's stderr ends with the timing line, which it writes only on success
  /// and after every byte of its picture.
  static func answered(_ stderr: [UInt8]) -> Bool {
    guard stderr.last == UInt8(ascii: "\n") else { return false }
    let lastLine = stderr.dropLast().split(separator: UInt8(ascii: "\n"),
                                           omittingEmptySubsequences: false).last ?? []
    return lastLine.starts(with: Array("timing\t".utf8))
  }

  static func decode(_ stderr: Data)
    -> (messages: [GraphvizMessage], missing: [String], timing: (layout: Double, render: Double))
  {
    var messages: [GraphvizMessage] = []
    var missing: [String] = []
    var timing = (layout: 0.0, render: 0.0)
    let text = String(decoding: stderr, as: UTF8.self)
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
      let body = parts.count == 2 ? String(parts[1]) : String(line)
      switch parts.count == 2 ? parts[0] : "" {
      case "warning": messages.append(GraphvizMessage(.warning, body))
      case "error": messages.append(GraphvizMessage(.error, body))
      case "missing": missing.append(body)
      case "timing":
        let seconds = body.split(separator: "\t").compactMap { Double($0) }
        if seconds.count == 2 { timing = (seconds[0], seconds[1]) }
      // Anything else on stderr (Pango or GLib complaining, a runtime's crash report) is
      // relayed in our words.
      default:
        if !line.allSatisfy(\.isWhitespace) { messages.append(.relayed(String(line))) }
      }
    }
    return (messages, missing, timing)
  }

  private static func oneLine(_ text: String) -> String {
    String(text.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 })
  }
}
