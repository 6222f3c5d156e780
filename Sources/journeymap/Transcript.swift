import Foundation
import JourneyMap

/// What rendering one map has to say, kept until it is that map's turn to print: maps render
/// side by side, and their lines still come out in map order, the same every run.
final class Transcript: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [(toStandardOutput: Bool, data: Data)] = []
  private var stopStatus: Int32?

  /// A file written, for standard output; the name made safe for the terminal.
  func written(_ file: String) { add(true, TerminalText.escaped(file) + "\n") }

  /// A picture's bytes, for standard output (`render -o -`).
  func output(_ bytes: [UInt8]) { lock.withLock { lines.append((true, Data(bytes))) } }

  /// A finished line (or lines, each ending in a newline) for standard error.
  func error(_ text: String) { add(false, text.hasSuffix("\n") ? text : text + "\n") }

  /// Asks the run to stop after this map with `status`: no other map could render either.
  func stop(_ status: Int32) { lock.withLock { if stopStatus == nil { stopStatus = status } } }

  var stopped: Int32? { lock.withLock { stopStatus } }

  private func add(_ toStandardOutput: Bool, _ text: String) {
    lock.withLock { lines.append((toStandardOutput, Data(text.utf8))) }
  }

  /// Writes everything in the order it was said.
  func print() {
    for line in lock.withLock({ lines }) {
      (line.toStandardOutput ? FileHandle.standardOutput : FileHandle.standardError)
        .write(line.data)
    }
  }

  /// Runs `body` for each of `count` items, at most `width` at a time on threads of their own
  /// (each waits for its workers, which die with the thread that started them), and prints
  /// each transcript as soon as those before it are printed. Stops starting new items after
  /// one asks to stop, and returns that status.
  static func inOrder(_ count: Int, width: Int,
                      _ body: @escaping @Sendable (Int, Transcript) -> Void) -> Int32?
  {
    let transcripts = (0..<count).map { _ in Transcript() }
    let finished = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    let slots = DispatchSemaphore(value: max(width, 1))
    let stopping = Transcript()  // its stop status is the run's
    Thread.detachNewThread {
      for index in 0..<count {
        slots.wait()
        if stopping.stopped != nil {
          finished[index].signal()
          slots.signal()
          continue
        }
        Thread.detachNewThread {
          body(index, transcripts[index])
          if let status = transcripts[index].stopped { stopping.stop(status) }
          finished[index].signal()
          slots.signal()
        }
      }
    }
    for index in 0..<count {
      finished[index].wait()
      transcripts[index].print()
      if let status = transcripts[index].stopped { return status }
    }
    return nil
  }
}
