import ArgumentParser
import Foundation
import JourneyMapGraphviz

/// The hidden worker `render` starts for each layout: DOT on stdin, the picture on stdout.
/// The protocol is described on `LayoutWorker`.
struct LayoutWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "layout-worker",
    abstract: "Lay out DOT from stdin with Graphviz (used by render; not for people).",
    shouldDisplay: false)

  @Option(help: "The output format.")
  var format: GraphvizFormat = .svg

  /// Lets tests drive the parent's crash and timeout paths with the real binary, through
  /// `render` too. Only this hidden subcommand reads it; set by hand, it makes every layout
  /// of that run fail, on purpose. `crash` aborts, `hang` sleeps, `stop` stops itself
  /// (SIGSTOP), `linger` leaves a child holding its pipes and then lays out as usual, `pango`
  /// writes a raw Pango complaint to stderr, as Pango does, and then lays out as usual;
  /// `crash-on:TEXT` aborts when the DOT holds TEXT, so that one page of several fails;
  /// `stop-after` answers as usual, then stops itself (SIGSTOP) instead of exiting.
  /// Several, separated by commas, happen in turn (`linger,hang`).
  static let faultVariable = "JOURNEYMAP_WORKER_FAULT"

  func run() throws {
    guard LayoutWorker.confineWorkerProcess() else { throw ExitCode(70) }
    let faults = ProcessInfo.processInfo.environment[Self.faultVariable] ?? ""
    for fault in faults.split(separator: ",") { Self.misbehave(String(fault)) }
    let crashOn = faults.split(separator: ",").filter { $0.hasPrefix("crash-on:") }
    let reply: LayoutWorker.Reply
    if crashOn.isEmpty {
      reply = LayoutWorker.serveStandardStreams(as: format)
    } else {
      // The test hook needs the whole DOT before it knows whether to crash.
      let input = (try? FileHandle.standardInput.readToEnd()) ?? Data()
      for fault in crashOn where input.range(of: Data(fault.dropFirst("crash-on:".count).utf8))
        != nil { abort() }
      reply = LayoutWorker.serve(String(decoding: input, as: UTF8.self), as: format)
    }
    if !reply.stdout.isEmpty { try FileHandle.standardOutput.write(contentsOf: Data(reply.stdout)) }
    try FileHandle.standardError.write(contentsOf: Data(reply.stderr.utf8))
    if reply.status != 0 { throw ExitCode(reply.status) }
    // Answered: the parent sees the end of our output now, not once the system has freed the
    // graph's memory as we exit (milliseconds for a large map), and finishes its side
    // meanwhile; it still goes by the exit status. /dev/null in their place, should anything
    // write on the way out.
    fflush(nil)
    let null = open("/dev/null", O_WRONLY)
    if null >= 0 {
      dup2(null, 1)
      dup2(null, 2)
      close(null)
    }
    if faults.split(separator: ",").contains("stop-after") { raise(SIGSTOP) }
  }

  private static func misbehave(_ fault: String) {
    switch fault {
    case "crash": abort()
    case "hang": while true { sleep(3600) }
    case "stop": raise(SIGSTOP)
    case "pango":
      FileHandle.standardError.write(Data(("(process:\(getpid())): Pango-CRITICAL **: "
        + "10:11:12.123: pango_font_describe: assertion 'font != NULL' failed\n").utf8))
    case "linger":
      var child = pid_t()
      let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("30"), nil]
      _ = posix_spawn(&child, "/bin/sleep", nil, nil, argv, environ)
    default: break
    }
  }
}

extension GraphvizFormat: ExpressibleByArgument {}
