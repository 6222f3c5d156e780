import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import JourneyMap
import JourneyMapGraphviz

/// `journeymap serve`: the maps in a browser, redrawn when a file is saved, for the
/// validation workshop: live preview, projector mode, capture in the room, the agenda.
///
/// read → check → lay out (workers) → finish SVG → push to every page (WebSocket). Writes
/// from the page go through `Capture` (the smallest edit) and `AtomicFile`.
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve maps in the browser, redrawn on save, for a validation workshop.",
    discussion: """
      Binds to 127.0.0.1 unless --host says otherwise. Serves only the maps given (a \
      directory: every *.journey below it, none through a link out of it) and its own page. \
      Every write needs the token embedded in the page. Ctrl-C stops it.
      """)

  @Argument(help: "Files or directories (every *.journey below). Default: maps/")
  var paths: [String] = []

  @Option(help: "The port to listen on (0: any free port, printed at start).")
  var port: UInt16 = 8040

  @Option(help: ArgumentHelp("The address to listen on. Anything but a loopback address lets "
                               + "other machines see and change the maps.", valueName: "addr"))
  var host = "127.0.0.1"

  @Flag(help: "Open the index in the browser (xdg-open).")
  var open = false

  func validate() throws {
    if paths.isEmpty && !Render.isDirectory("maps") {
      throw ValidationError("no maps/ directory here; name the maps or directories to serve")
    }
  }

  func run() throws {
    Interruption.cleanUpOnSignals()
    let maps = ServedMaps.resolve(paths.isEmpty ? [MapFiles.defaultDirectory] : paths)
    for problem in maps.problems { MapFiles.report(problem) }
    for skipped in maps.outside {
      Render.report("\(TerminalText.escaped(skipped)): warning: not served: it is a link to a "
        + "file outside the directory given")
    }
    guard !maps.files.isEmpty else {
      Render.report("error: no maps to serve")
      throw ExitCode.failure
    }
    let worker = LayoutWorker(executable: Render.ownExecutable(), timeLimit: try Render.timeLimit())
    let sessions = maps.files.enumerated().map { MapSession(index: $0, path: $1, worker: worker) }
    let address: any SocketAddress
    do {
      address = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port)
        : try sockaddr_in.inet(ip4: host, port: port)
    } catch {
      throw ValidationError("--host must be an IPv4 or IPv6 address, not '\(TerminalText.escaped(host))'")
    }
    let host = host
    let handler = ServeHandler(sessions: sessions, token: Self.token(), bindHost: host)
    let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: handler)
    let started = DispatchSemaphore(value: 0)
    let failure = ServeFailure()
    Task {
      do {
        try await server.run()
      } catch {
        failure.message = "\(error)"
      }
      started.signal()
    }
    Task {
      do {
        try await server.waitUntilListening(timeout: 10)
      } catch {}
      started.signal()
    }
    started.wait()
    guard failure.message == nil, let listening = awaitAddress(server) else {
      Render.report("error: cannot listen on \(TerminalText.escaped(host)):\(port): "
        + (failure.message ?? "the server did not start"))
      throw ExitCode.failure
    }
    handler.port = listening
    let shownHost = host.contains(":") ? "[\(host)]" : host
    let url = "http://\(shownHost):\(listening)/"
    if !Self.isLoopback(host) {
      Render.report("journeymap: warning: listening on \(host), not on 127.0.0.1: anyone who "
        + "can reach this machine can see the maps (writes still need the page's token)")
    }
    let line = "journeymap: serving \(sessions.count) map\(sessions.count == 1 ? "" : "s") at \(url)\n"
    FileHandle.standardOutput.write(Data(line.utf8))
    // The pictures come after the address: the page shows them as soon as they are drawn.
    let watcher = Watcher(paths: sessions.map(\.path)) { path in
      for session in sessions where session.path == path { session.reload() }
    }
    if watcher == nil { Render.report("journeymap: warning: cannot watch the files (inotify)") }
    for session in sessions { session.reload() }
    if open { Self.openBrowser(url) }
    withExtendedLifetime(watcher) { while true { sleep(3600) } }
  }

  private func awaitAddress(_ server: HTTPServer) -> UInt16? {
    let box = ServeFailure()
    let done = DispatchSemaphore(value: 0)
    Task {
      if case .ip4(_, let port)? = await server.listeningAddress { box.port = port }
      if case .ip6(_, let port)? = await server.listeningAddress { box.port = port }
      done.signal()
    }
    done.wait()
    return box.port
  }

  static func isLoopback(_ host: String) -> Bool {
    host == "::1" || host.hasPrefix("127.")
  }

  /// 32 random hexadecimal digits: the write token, new at every start.
  static func token() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<4).map { _ in
      let value = generator.next() as UInt32
      let hex = String(value, radix: 16)
      return String(repeating: "0", count: 8 - hex.count) + hex
    }.joined()
  }

  static func openBrowser(_ url: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xdg-open", url]
    try? process.run()
  }
}

/// Set from the server's task, read on the main thread after a semaphore.
private final class ServeFailure: @unchecked Sendable {
  var message: String?
  var port: UInt16?
}

/// The maps `serve` may show: those given, and below a directory given only files whose real
/// path stays inside it (a link out of the folder is not served).
enum ServedMaps {
  static func resolve(_ paths: [String]) -> (files: [String], problems: [MapFiles.Problem],
                                             outside: [String]) {
    var files: [String] = []
    var problems: [MapFiles.Problem] = []
    var outside: [String] = []
    var seen = Set<String>()
    for path in paths {
      let found = MapFiles.resolve([path])
      problems += found.problems
      let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
      let isDirectory = Render.isDirectory(path)
      for file in found.files {
        let real = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        if isDirectory, !(real.hasPrefix(root + "/")) {
          outside.append(file)
          continue
        }
        if seen.insert(real).inserted { files.append(file) }
      }
    }
    return (files, problems, outside)
  }
}
