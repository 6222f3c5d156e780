import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Watches the directories of the served maps with inotify and calls `changed` with the path
/// of a map whose file was written or replaced. Directories, not files: editors save by
/// writing a new file and renaming it over the old one, which a watch on the file would miss.
final class Watcher: @unchecked Sendable {
  private let fd: Int32
  /// Watch descriptor → (directory, file name → map path).
  private var watches: [Int32: [String: String]] = [:]
  private let changed: @Sendable (String) -> Void

  /// Nil when inotify is not available (the server then only shows what it read at start).
  init?(paths: [String], changed: @escaping @Sendable (String) -> Void) {
    #if os(Linux)
      fd = inotify_init1(Int32(IN_CLOEXEC))
      guard fd >= 0 else { return nil }
      self.changed = changed
      var byDirectory: [String: [String: String]] = [:]
      for path in paths {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        byDirectory[directory, default: [:]][url.lastPathComponent] = path
      }
      // Written in place (close after write), renamed or linked into place, or its
      // attributes changed by a tool that copies.
      let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB)
      for (directory, files) in byDirectory {
        let wd = inotify_add_watch(fd, directory, mask)
        if wd >= 0 { watches[wd] = files }
      }
      let thread = Thread { [self] in run() }
      thread.name = "journeymap.serve.watch"
      thread.start()
    #else
      return nil
    #endif
  }

  private func run() {
    #if os(Linux)
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
          if errno == EINTR { continue }
          return
        }
        var offset = 0
        var seen = Set<String>()
        while offset + MemoryLayout<inotify_event>.size <= n {
          let (wd, length) = buffer.withUnsafeBytes { raw -> (Int32, Int) in
            let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            return (event.wd, Int(event.len))
          }
          let nameStart = offset + MemoryLayout<inotify_event>.size
          let nameBytes = buffer[nameStart..<min(nameStart + length, n)].prefix { $0 != 0 }
          let name = String(decoding: nameBytes, as: UTF8.self)
          if let path = watches[wd]?[name], seen.insert(path).inserted { changed(path) }
          offset = nameStart + length
        }
      }
    #endif
  }
}
