import Foundation

/// One child process run to its end within a time limit: its input written, its output and
/// errors read, and nothing of it left behind, whatever it does.
///
/// - It runs in a process group of its own, and the time limit kills the whole group, so a
///   process the worker started (a crash reporter, a helper) goes with it.
/// - It may be started before its input is ready (`start`), fed as the input is made (`feed`,
///   which never waits), then waited for (`wait`); the time limit runs from the start.
/// - The waiting thread feeds and drains the pipes itself with poll(2): no blocking reader
///   or writer waits on a shared queue behind another worker's, so workers started from
///   several threads run side by side; and no wait is unbounded: a stopped worker, or a
///   descendant that escaped the group and keeps a pipe open, is cut off at the limit.
/// - The worker asks to die with the thread that spawned it (PR_SET_PDEATHSIG), so that
///   thread must outlive the wait: wait on it, or on threads it waits for.
final class WorkerProcess: @unchecked Sendable {
  enum Exit: Equatable {
    case status(Int32)
    case signal(Int32)
  }

  struct Run {
    var exit: Exit
    /// True when we killed it at the time limit.
    var timedOut: Bool
    /// The worker's stdout, unless `wait` handed it to a reader instead.
    var stdout: [UInt8]
    var stderr: [UInt8]
  }

  /// Why a worker could not be started (the errno of posix_spawn), with the path tried.
  struct SpawnError: Error {
    var path: String
    var code: Int32
  }

  /// How long we still read after killing a worker's group, for the last bytes in the pipes
  /// (a descendant that left the group could keep them open for ever).
  static let drainSeconds = 1.0

  /// Held while pipes are made and a child spawned: pipe(2) then fcntl(FD_CLOEXEC) is not
  /// atomic (Swift sees no pipe2), and a pipe end leaked into a sibling worker would keep
  /// this worker's end-of-file from ever arriving.
  private static let spawnLock = NSLock()

  let pid: pid_t
  private let deadline: UInt64
  /// stdin, stdout, stderr: our ends, -1 once closed.
  private var fds: [Int32]
  /// Input not yet written: `pending[written...]`.
  private var pending: [UInt8] = []
  private var written = 0
  private var finished = false

  private init(pid: pid_t, fds: [Int32], timeLimit: Double) {
    self.pid = pid
    self.fds = fds
    deadline = DispatchTime.now().uptimeNanoseconds + Self.nanoseconds(timeLimit)
  }

  /// Runs `path` with `arguments` (argv[1...]) and exactly `environment`, all its input
  /// given at once.
  static func run(_ path: String, arguments: [String], environment: [String: String],
                  input: [UInt8], timeLimit: Double) throws(SpawnError) -> Run
  {
    let process = try start(path, arguments: arguments, environment: environment,
                            timeLimit: timeLimit)
    input.withUnsafeBytes { process.feed($0) }
    return process.wait()
  }

  /// Starts `path` with `arguments` (argv[1...]) and exactly `environment`; its input comes
  /// with `feed`, and `wait` or `cancel` must follow.
  static func start(_ path: String, arguments: [String], environment: [String: String],
                    timeLimit: Double) throws(SpawnError) -> WorkerProcess
  {
    let (pid, stdinFD, stdoutFD, stderrFD) = try spawn(path, arguments, environment)
    LiveWorkers.shared.insert(pid)
    return WorkerProcess(pid: pid, fds: [stdinFD, stdoutFD, stderrFD], timeLimit: timeLimit)
  }

  /// Queues `bytes` for the worker's stdin and writes what the pipe takes now, never waiting.
  func feed(_ bytes: UnsafeRawBufferPointer) {
    guard fds[0] >= 0, !finished, !bytes.isEmpty else { return }
    pump()
    var bytes = bytes
    if written == pending.count {
      pending.removeAll(keepingCapacity: true)
      written = 0
      // Nothing queued: straight from the caller's buffer, and only the rest is kept.
      while fds[0] >= 0 && !bytes.isEmpty {
        let count = write(fds[0], bytes.baseAddress, bytes.count)
        if count > 0 {
          bytes = UnsafeRawBufferPointer(rebasing: bytes[count...])
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          if count < 0 && errno != EAGAIN { closeFD(&fds[0]) }
          break
        }
      }
      if fds[0] < 0 || bytes.isEmpty { return }
    }
    pending.append(contentsOf: bytes)
  }

  /// Writes what the stdin pipe takes now of the queued input, never waiting.
  func pump() {
    while fds[0] >= 0 && written < pending.count {
      let count = pending.withUnsafeBytes { all in
        write(fds[0], all.baseAddress! + written, all.count - written)
      }
      if count > 0 {
        written += count
      } else if count < 0 && errno == EINTR {
        continue
      } else {
        // EAGAIN: the pipe is full for now. EPIPE: the worker stopped reading; its exit
        // status tells why.
        if count < 0 && errno != EAGAIN { closeFD(&fds[0]) }
        return
      }
    }
  }

  /// Writes the queued input on a thread of its own as the worker reads it, until it is all
  /// written or the function returned is called (which waits for the thread): nothing else
  /// may use this process meanwhile.
  func pumpMeanwhile() -> () -> Void {
    guard fds[0] >= 0, written < pending.count else { return {} }
    let stop = StopFlag()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread { [self] in
      while !stop.isSet && fds[0] >= 0 && written < pending.count {
        var entry = pollfd(fd: fds[0], events: Int16(POLLOUT), revents: 0)
        // Short waits, so that stopping never waits long.
        if poll(&entry, 1, 5) > 0 { pump() }
      }
      done.signal()
    }
    return {
      stop.set()
      done.wait()
    }
  }

  /// Ends the worker and everything it started, unwaited-for: its output is not wanted.
  func cancel() {
    guard !finished else { return }
    finished = true
    kill(-pid, SIGKILL)
    for index in fds.indices { closeFD(&fds[index]) }
    var code: Int32 = 0
    while waitpid(pid, &code, 0) < 0 && errno == EINTR {}
    LiveWorkers.shared.remove(pid)
  }

  /// Closes the worker's stdin once the queued input is written, reads its output until it
  /// ends (stdout to `output` as it arrives, when given) and reaps it. `ended` runs when the
  /// worker has closed both its stdout and stderr within the time limit, before it is reaped,
  /// with all it wrote on stderr: its exit status is not known yet, but the caller may get
  /// on with the output meanwhile. When `ended` says the answer is complete, the worker is
  /// given `drainSeconds` to exit, not the rest of its time limit, before its group is killed.
  func wait(output reader: ((UnsafeRawBufferPointer) -> Void)? = nil,
            ended: ((_ stderr: [UInt8]) -> Bool)? = nil) -> Run {
    finished = true
    defer { LiveWorkers.shared.remove(pid) }
    var timedOut = false
    var drainDeadline = UInt64.max
    var status: Int32?
    var output: [[UInt8]] = [[], [], []]
    if written == pending.count { closeFD(&fds[0]) }
    let pid = self.pid

    func killGroup() {
      timedOut = true
      kill(-pid, SIGKILL)
      drainDeadline = DispatchTime.now().uptimeNanoseconds + Self.nanoseconds(Self.drainSeconds)
    }
    /// Reaps the worker if it has ended (waiting for it when `block`), then ends whatever
    /// else is in its group (something it started, holding our pipes): the group's id cannot
    /// have been reused yet, it was the worker's pid a moment ago.
    func reap(block: Bool) {
      guard status == nil else { return }
      var code: Int32 = 0
      var reaped: pid_t
      repeat {
        reaped = waitpid(pid, &code, block ? 0 : WNOHANG)
      } while reaped < 0 && errno == EINTR
      guard reaped != 0 else { return }
      status = reaped == pid ? code : SIGKILL  // ECHILD: reaped by someone else, lost
      kill(-pid, SIGKILL)
      drainDeadline = min(drainDeadline, DispatchTime.now().uptimeNanoseconds
        + Self.nanoseconds(Self.drainSeconds))
    }

    var chunk = [UInt8](repeating: 0, count: 1 << 18)
    while fds[1] >= 0 || fds[2] >= 0 {
      let now = DispatchTime.now().uptimeNanoseconds
      if !timedOut && status == nil && now >= deadline { killGroup() }
      if now >= drainDeadline { break }
      let until = min(timedOut ? drainDeadline : deadline, drainDeadline)
      // At most 50 ms, to notice a worker that ended while something else holds its pipes.
      let wait = Int32(min(max((until - min(now, until)) / 1_000_000, 1), 50))
      var polls = fds.enumerated().filter { $0.element >= 0 }.map { index, fd in
        pollfd(fd: fd, events: Int16(index == 0 ? POLLOUT : POLLIN), revents: 0)
      }
      let ready = poll(&polls, nfds_t(polls.count), wait)
      if ready < 0 && errno != EINTR { break }
      reap(block: false)
      if ready <= 0 { continue }
      for entry in polls where entry.revents != 0 {
        guard let index = fds.firstIndex(of: entry.fd) else { continue }
        if index == 0 {
          pump()
          if written == pending.count { closeFD(&fds[0]) }
        } else if index == 1, let reader {
          if !Self.drain(entry.fd, chunk: &chunk, to: reader) { closeFD(&fds[index]) }
        } else if !Self.drain(entry.fd, chunk: &chunk, to: { output[index] += $0 }) {
          closeFD(&fds[index])
        }
      }
    }
    let sawEnd = fds[1] < 0 && fds[2] < 0 && !timedOut
    for index in fds.indices { closeFD(&fds[index]) }
    var exitBy = deadline
    if sawEnd, let ended, ended(output[2]) {
      exitBy = min(deadline, DispatchTime.now().uptimeNanoseconds
        + Self.nanoseconds(Self.drainSeconds))
    }

    // The pipes are closed; the worker may still be finishing, or be stopped.
    while status == nil {
      if !timedOut && DispatchTime.now().uptimeNanoseconds >= exitBy { killGroup() }
      reap(block: timedOut)
      if status == nil { usleep(500) }
    }
    let code = status ?? 0
    let exit: Exit = (code & 0x7F) == 0 ? .status((code >> 8) & 0xFF) : .signal(code & 0x7F)
    return Run(exit: exit, timedOut: timedOut, stdout: output[1], stderr: output[2])
  }

  /// Starts the child in its own process group, its stdin, stdout and stderr on new pipes;
  /// returns the pid and our ends of the pipes (non-blocking).
  private static func spawn(_ path: String, _ arguments: [String],
                            _ environment: [String: String]) throws(SpawnError)
    -> (pid_t, Int32, Int32, Int32)
  {
    spawnLock.lock()
    defer { spawnLock.unlock() }
    var pipes: [[Int32]] = []
    for _ in 0..<3 {
      var ends: [Int32] = [-1, -1]
      guard pipe(&ends) == 0 else {
        let code = errno
        pipes.joined().forEach { close($0) }
        throw SpawnError(path: path, code: code)
      }
      for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
      pipes.append(ends)
    }
    // Ours: the write end of stdin, the read ends of stdout and stderr.
    let ours = [pipes[0][1], pipes[1][0], pipes[2][0]]
    let theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (target, fd) in theirs.enumerated() {
      posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Signals we ignore or handle (SIGPIPE, the interrupts `render` cleans up after) would be
    // inherited as ignored; the worker gets the defaults and an empty mask.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] {
      sigaddset(&defaults, signal)
    }
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
      environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    theirs.forEach { close($0) }
    guard code == 0 else {
      ours.forEach { close($0) }
      throw SpawnError(path: path, code: code)
    }
    for fd in ours { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    #if os(Linux)
      // 1 MiB pipes (the default most may have) for the DOT in and the picture out: fewer
      // wake-ups on both sides, and our DOT writer rarely finds the pipe full. Best effort.
      for fd in [ours[0], ours[1]] { _ = fcntl(fd, 1031 /* F_SETPIPE_SZ */, 1 << 20) }
    #endif
    return (pid, ours[0], ours[1], ours[2])
  }

  /// Reads what `fd` has now, handing each read to `reader`; false at end of file or on an
  /// error.
  private static func drain(_ fd: Int32, chunk: inout [UInt8],
                            to reader: (UnsafeRawBufferPointer) -> Void) -> Bool {
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        chunk.withUnsafeBytes { reader(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      } else if count < 0 && errno == EINTR {
        continue
      } else {
        return count < 0 && errno == EAGAIN
      }
    }
  }

  private func closeFD(_ fd: inout Int32) { Self.closeFD(&fd) }

  private static func closeFD(_ fd: inout Int32) {
    if fd >= 0 { close(fd) }
    fd = -1
  }

  private static func nanoseconds(_ seconds: Double) -> UInt64 {
    UInt64(min(max(seconds, 0), 1e9) * 1e9)
  }
}

/// A flag one thread sets and another reads.
private final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}

/// The process groups of the workers running now, so that an interrupted `render` can end
/// them before it exits (`LayoutWorker.stopAll`).
final class LiveWorkers: @unchecked Sendable {
  static let shared = LiveWorkers()
  private let lock = NSLock()
  private var groups = Set<pid_t>()

  func insert(_ pid: pid_t) { _ = lock.withLock { groups.insert(pid) } }
  func remove(_ pid: pid_t) { _ = lock.withLock { groups.remove(pid) } }
  func killAll() { for pid in lock.withLock({ groups }) { kill(-pid, SIGKILL) } }
}
