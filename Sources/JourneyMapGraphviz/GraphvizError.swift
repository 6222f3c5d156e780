import Foundation

/// Why a layout produced no picture, in words a map author can act on.
public enum GraphvizError: Error, Equatable, Sendable {
  /// Graphviz lacks the dot layout, the pango text plugin or the renderer for a format.
  case missingPlugins([String])
  /// Graphviz could not read the DOT (a bug in our DOT generation, never the user's text).
  case rejectedDOT([GraphvizMessage])
  /// The layout or the rendering failed inside Graphviz.
  case layoutFailed([GraphvizMessage])
  /// The worker process died from a signal (Graphviz aborted or crashed).
  case crashed(signal: Int32)
  /// The worker died from a signal no crash raises (SIGKILL, SIGTERM...), sent by someone
  /// else: the system's out-of-memory killer, a user, a supervisor.
  case killed(signal: Int32)
  /// Our own binary could not be started as a worker (deleted, moved, not executable): no
  /// map can render, so `render` stops at the first.
  case cannotStartWorker(path: String, reason: String)
  /// The worker ran past the time limit and was stopped.
  case timedOut(seconds: Double)
  /// The worker ended in a way the protocol does not describe, or could not be started.
  case workerFailed(String)

  /// The message after "error: ", lowercase and without a final period, as the house style asks.
  public var message: String {
    switch self {
    case .missingPlugins(let missing):
      return "Graphviz is missing " + missing.joined(separator: ", ")
        + "; install it with 'apt-get install graphviz-dev' and register the plugins with 'dot -c'"
        + " (as root)"
    case .rejectedDOT(let messages):
      return "Graphviz could not read the diagram we generated (a bug in journeymap, please"
        + " report it)" + Self.details(messages)
    case .layoutFailed(let messages):
      return "layout failed in Graphviz" + Self.details(messages)
    case .crashed(let signal):
      let name = Self.signalNames[signal].map { ", \($0)" } ?? ""
      return "layout crashed (signal \(signal)\(name)) in Graphviz; a very large map can run "
        + "out of the \(LayoutWorker.memoryLimit >> 30) GiB a layout may use"
    case .killed(let signal):
      let name = Self.signalNames[signal].map { " (\($0))" } ?? ""
      return "layout worker killed by signal \(signal) from outside journeymap\(name); "
        + "nothing in the map asks for that: render it again"
    case .cannotStartWorker(let path, let reason):
      return "cannot start the layout worker '\(path)': \(reason); reinstall or rebuild "
        + "journeymap"
    case .timedOut(let seconds):
      return "layout took longer than \(Self.format(seconds)) s and was stopped"
        + " (a smaller map, or JOURNEYMAP_LAYOUT_TIMEOUT, may help)"
    case .workerFailed(let reason):
      return "layout worker failed: \(reason)"
    }
  }

  /// The signals a crashing Graphviz raises, by their POSIX numbers on Linux and macOS.
  private static let signalNames: [Int32: String] = [
    1: "SIGHUP", 2: "SIGINT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
    9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM",
  ]

  /// The signals a process raises on itself when it crashes; any other came from outside.
  static let crashSignals: Set<Int32> = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
                                         SIGSYS]

  /// strerror's sentence in the house style: "no such file or directory".
  static func describe(errno code: Int32) -> String {
    var reason = String(cString: strerror(code))
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    return reason
  }

  private static func details(_ messages: [GraphvizMessage]) -> String {
    let errors = messages.filter { $0.level == .error }
    let shown = (errors.isEmpty ? messages : errors).map(\.text)
    return shown.isEmpty ? "" : ": " + shown.joined(separator: "; ")
  }

  private static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}
