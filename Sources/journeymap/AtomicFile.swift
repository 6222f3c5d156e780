import Foundation
import JourneyMap

/// Writes a file so that readers see the old contents or the new, never a half-written file:
/// a temporary file in the same directory, flushed to disk, then renamed over the old one.
enum AtomicFile {
  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  /// Replaces `path` with `bytes`; `mode` gives the new file's permissions (by default those
  /// a plain write would give a new file).
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t? = nil) throws(WriteError) {
    let file = try Pending(replacing: path)
    bytes.withUnsafeBytes { file.write($0) }
    try file.seal(mode: mode)
    try file.publish()
  }

  /// A file on its way to replacing `path`, written piece by piece as its bytes are made
  /// (a picture as Graphviz renders it): a temporary file in the same directory until
  /// `publish` renames it over `path`, after `seal` flushed it to disk. `discard` (or an
  /// error) removes it, leaving `path` as it was. Used by one thread at a time.
  final class Pending: @unchecked Sendable {
    let path: String
    private let temporary: String
    private let directory: String
    private let shown: String
    private var fd: Int32
    /// The errno of the first write that failed, reported by `seal`.
    private var failedWrite: Int32?
    private var done = false

    init(replacing path: String) throws(WriteError) {
      let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
      // Same directory, so rename(2) stays on one file system and is atomic; the ".tmp"
      // suffix is gitignored in output/ should a crash leave one behind, and the pid in the
      // name lets the next run tell a stale one (see `removeStaleTemporaryFiles`). A short
      // name, so that any file name that fits also has room for its temporary file.
      guard let (fd, temporary) = TemporaryFiles.shared.create(in: directory) else {
        throw AtomicFile.failure("cannot create a file in \(TerminalText.escaped(directory))")
      }
      self.path = path
      self.directory = directory
      self.fd = fd
      self.temporary = temporary
      shown = TerminalText.escaped(path)
    }

    deinit { discard() }

    /// Bytes written, and of those already flushed to disk (`early`).
    private var size = 0
    private var flushed = 0
    /// How much a write with `early` leaves unflushed at most.
    static let earlyFlush = 1 << 18

    /// Appends `bytes`; a failure is remembered and reported by `seal`. With `early`, for a
    /// file written while its bytes are made, what is written is flushed to disk every
    /// quarter megabyte or so: `seal`'s fsync then waits for the last part only (it takes
    /// about 1.5 ms a megabyte here), after the worker's last byte.
    func write(_ bytes: UnsafeRawBufferPointer, early: Bool = false) {
      guard failedWrite == nil, fd >= 0 else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failedWrite = errno
          return
        }
        offset += written
      }
      size += bytes.count
      // Best effort: `seal` makes it all durable whatever this does.
      if early && size - flushed >= Self.earlyFlush, fdatasync(fd) == 0 { flushed = size }
    }

    /// Every byte written and flushed to disk, with `mode` (by default what a plain write
    /// would give a new file); on an error the file is discarded.
    func seal(mode: mode_t? = nil) throws(WriteError) {
      do throws(WriteError) {
        if let code = failedWrite {
          errno = code
          throw AtomicFile.failure("cannot write \(shown)")
        }
        // mkstemps creates the file as 0600; give it the mode a plain write would have.
        let mask = umask(0)
        umask(mask)
        guard fd >= 0, fchmod(fd, mode ?? (0o666 & ~mask)) == 0, fsync(fd) == 0 else {
          throw AtomicFile.failure("cannot write \(shown)")
        }
        let closing = fd
        fd = -1
        guard close(closing) == 0 else { throw AtomicFile.failure("cannot write \(shown)") }
      } catch {
        discard()
        throw error
      }
    }

    /// Whether `publish` has put the file in place.
    private(set) var published = false

    /// Renames the sealed file over `path`, and makes the rename durable.
    func publish() throws(WriteError) {
      AtomicFile.testWriteDelay()
      guard !done, fd < 0 else {
        discard()
        throw WriteError(description: "cannot write \(shown): not sealed")
      }
      guard rename(temporary, path) == 0 else {
        let error = AtomicFile.failure("cannot replace \(shown)")
        discard()
        throw error
      }
      done = true
      published = true
      TemporaryFiles.shared.forget(temporary)
      // Make the rename itself durable; a failure here leaves the new file in place anyway.
      let directoryFD = open(directory, O_RDONLY)
      if directoryFD >= 0 {
        fsync(directoryFD)
        close(directoryFD)
      }
    }

    /// Removes the temporary file: `path` stays as it was.
    func discard() {
      guard !done else { return }
      done = true
      if fd >= 0 { close(fd) }
      fd = -1
      unlink(temporary)
      TemporaryFiles.shared.forget(temporary)
    }
  }

  /// Replaces the map at `path` with `bytes`: through a symbolic link, the file it names (so
  /// the link stays a link), keeping the permissions the file had.
  static func replace(_ bytes: [UInt8], at path: String) throws(WriteError) {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    var info = stat()
    let mode = stat(target, &info) == 0 ? info.st_mode & 0o7777 : nil
    try write(bytes, to: target, mode: mode)
  }

  fileprivate static func failure(_ what: String) -> WriteError {
    WriteError(description: "\(what): \(reason(errno))")
  }

  /// strerror's sentence in the house style: lowercase.
  static func reason(_ code: Int32) -> String {
    var reason = String(cString: strerror(code))
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    return reason
  }

  /// Test hook: `JOURNEYMAP_TEST_WRITE_DELAY=seconds` pauses every write after its bytes are
  /// in the temporary file and before the rename, so that a test can interrupt `render`
  /// mid-write. Never set it otherwise: it only makes rendering slow.
  fileprivate static func testWriteDelay() {
    guard let text = ProcessInfo.processInfo.environment["JOURNEYMAP_TEST_WRITE_DELAY"],
      let seconds = Double(text), seconds > 0
    else { return }
    Thread.sleep(forTimeInterval: min(seconds, 60))
  }

  /// Creates `path` and its missing parents, as `mkdir -p`; nil on success, else why not in
  /// our words ("'out/file' is a file, not a directory").
  static func createDirectory(_ path: String) -> String? {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
      var info = stat()
      if stat(prefix, &info) == 0 {
        if info.st_mode & S_IFMT == S_IFDIR { continue }
        return "'\(TerminalText.escaped(prefix))' is a file, not a directory"
      }
      if errno != ENOENT || (mkdir(prefix, 0o777) != 0 && errno != EEXIST) {
        if errno == ENAMETOOLONG { return "the path is too long" }
        return "'\(TerminalText.escaped(prefix))': \(reason(errno))"
      }
    }
    return nil
  }

  /// How old a temporary file of ours must be before any run may remove it, whatever its
  /// name says: no write takes ten minutes.
  static let staleAge: TimeInterval = 600

  /// Removes the temporary files an earlier run left in `directory` when it was killed
  /// (SIGKILL cannot be caught): those whose process is gone, and any older than `staleAge`.
  static func removeStaleTemporaryFiles(in directory: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.hasPrefix(TemporaryFiles.prefix) && name.hasSuffix(".tmp") {
      let path = directory + "/" + name
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
      let age = Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec)
      if age > staleAge || TemporaryFiles.owner(of: name).map(isGone) == true { unlink(path) }
    }
  }

  private static func isGone(_ pid: pid_t) -> Bool {
    pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
  }
}

/// The temporary files this process has open now, so that an interrupt can remove them.
final class TemporaryFiles: @unchecked Sendable {
  static let shared = TemporaryFiles()
  static let prefix = ".journeymap-"

  private let lock = NSLock()
  private var live = Set<String>()
  private var closing = false

  /// A new empty file `.journeymap-PID-XXXXXX.tmp` in `directory`, registered; nil once the
  /// process is being interrupted, or when the file cannot be made (errno says why).
  func create(in directory: String) -> (Int32, String)? {
    lock.withLock {
      guard !closing else {
        errno = EINTR
        return nil
      }
      var template = Array("\(directory)/\(Self.prefix)\(getpid())-XXXXXX.tmp".utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
        guard let base = buffer.baseAddress else { return -1 }
        return mkstemps(base, 4)
      }
      guard fd >= 0 else { return nil }
      // mkstemps filled in the X's; the array still ends in its NUL.
      let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) },
                        as: UTF8.self)
      live.insert(path)
      return (fd, path)
    }
  }

  /// Done with `path`: renamed into place or removed.
  func forget(_ path: String) { _ = lock.withLock { live.remove(path) } }

  /// Removes every temporary file still open and refuses new ones: for a signal handler,
  /// just before the process exits.
  func removeAll() {
    lock.withLock {
      closing = true
      for path in live { unlink(path) }
      live.removeAll()
    }
  }

  /// The pid in a name made by `create`, if it has one (older versions wrote none).
  static func owner(of name: String) -> pid_t? {
    let parts = name.dropFirst(prefix.count).split(separator: "-")
    return parts.count == 2 ? pid_t(parts[0]) : nil
  }
}
