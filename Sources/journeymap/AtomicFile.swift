import Foundation

/// Writes a file so that readers see the old contents or the new, never a half-written file:
/// a temporary file in the same directory, flushed to disk, then renamed over the old one.
enum AtomicFile {
  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  /// Replaces `path` with `bytes`; `mode` gives the new file's permissions (by default those
  /// a plain write would give a new file).
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t? = nil) throws(WriteError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    // Same directory, so rename(2) stays on one file system and is atomic; the ".tmp"
    // suffix is gitignored in output/ should a crash leave one behind. A short name, so that
    // any file name that fits also has room for its temporary file.
    var template = Array("\(directory)/.journeymap-XXXXXX.tmp".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemps(base, 4)
    }
    guard fd >= 0 else { throw failure("cannot create a file in \(directory)") }
    // mkstemps filled in the X's; the array still ends in its NUL.
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) },
                           as: UTF8.self)
    var closed = false
    defer {
      if !closed { close(fd) }
    }
    do throws(WriteError) {
      try writeAll(bytes, to: fd, path: path)
      // mkstemps creates the file as 0600; give it the mode a plain write would have.
      let mask = umask(0)
      umask(mask)
      guard fchmod(fd, mode ?? (0o666 & ~mask)) == 0, fsync(fd) == 0 else {
        throw failure("cannot write \(path)")
      }
      closed = true
      guard close(fd) == 0 else { throw failure("cannot write \(path)") }
      guard rename(temporary, path) == 0 else { throw failure("cannot replace \(path)") }
    } catch {
      unlink(temporary)
      throw error
    }
    // Make the rename itself durable; a failure here leaves the new file in place anyway.
    let directoryFD = open(directory, O_RDONLY)
    if directoryFD >= 0 {
      fsync(directoryFD)
      close(directoryFD)
    }
  }

  private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String)
    throws(WriteError)
  {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Foundation.write(fd, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw failure("cannot write \(path)")
      }
      offset += written
    }
  }

  private static func failure(_ what: String) -> WriteError {
    WriteError(description: "\(what): \(String(cString: strerror(errno)))")
  }
}
