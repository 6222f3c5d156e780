import Foundation
import JourneyMapGraphviz

/// What `render` does when it is interrupted (Ctrl-C, `kill`, a closed terminal): end its
/// layout workers, remove its temporary files, then die of the same signal, so the shell
/// sees what happened. SIGKILL cannot be caught: the next run removes what it leaves
/// (`AtomicFile.removeStaleTemporaryFiles`).
enum Interruption {
  static let signals = [SIGINT, SIGTERM, SIGHUP]
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

  static func cleanUpOnSignals() {
    guard sources.isEmpty else { return }
    let queue = DispatchQueue(label: "journeymap.interruption")
    for number in signals {
      // Dispatch sees a signal only once its default action is off; workers get the default
      // back when they start (`WorkerProcess`).
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler {
        LayoutWorker.stopAll()
        TemporaryFiles.shared.removeAll()
        // Dispatch's threads block signals: unblock it here, and send it to the process.
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        kill(getpid(), number)
        usleep(200_000)
        _exit(128 + number)  // not reached when the signal ends the process
      }
      source.resume()
      sources.append(source)
    }
  }
}
