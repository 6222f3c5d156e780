import Foundation
import JourneyMap

/// Finds `.journey` files under the paths a user gives and reads them, with clear messages
/// for paths that do not work.
enum MapFiles {
  static let defaultDirectory = "maps"
  static let suffix = ".journey"

  /// A path that cannot be used, reported as `path: error: message` and a hint.
  struct Problem: Error {
    var path: String
    var message: String
    var hint: String
  }

  enum Messages {
    static let noSuchPath = "no such file or directory"
    static let noSuchPathHint = "check the path; with no path, journeymap looks in maps/"
    static let noMaps = "no .journey files in this directory"
    static let noMapsHint = "a map is a text file whose name ends in .journey"
    static func unreadable(_ reason: String) -> String { "cannot read the file: \(reason)" }
    static let notAFile = "not a regular file"
    static let unreadableHint = "check that the file exists and that you may read it"
  }

  /// The map files for `paths`, in order: a file as given, a directory's maps sorted by path,
  /// each file once; and a problem for each path that gives none.
  static func resolve(_ paths: [String]) -> (files: [String], problems: [Problem]) {
    var files: [String] = []
    var seen = Set<String>()
    var problems: [Problem] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append(Problem(path: path, message: Messages.noSuchPath,
                                hint: Messages.noSuchPathHint))
        continue
      }
      var found: [String] = []
      if isDirectory.boolValue {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        // The enumerator does not enter a directory given as a symbolic link (maps/ linked
        // to a shared folder): walk the real one, and name files as the user wrote the path.
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for relative in fm.enumerator(atPath: real)?.compactMap({ $0 as? String }) ?? [] {
          guard relative.hasSuffix(suffix),
            !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
          else { continue }
          let full = base + "/" + relative
          var entryIsDirectory: ObjCBool = false
          // A directory named x.journey is not a map; a dangling link is kept, so that
          // reading it reports the problem instead of skipping it silently.
          let exists = fm.fileExists(atPath: full, isDirectory: &entryIsDirectory)
          if !(exists && entryIsDirectory.boolValue) { found.append(full) }
        }
        found.sort()
        if found.isEmpty {
          problems.append(Problem(path: path, message: Messages.noMaps,
                                  hint: Messages.noMapsHint))
        }
      } else {
        found = [path]
      }
      // The same file named twice (maps/a.journey and ./maps/a.journey) is read once.
      for file in found
      where seen.insert(URL(fileURLWithPath: file).resolvingSymlinksInPath().path).inserted {
        files.append(file)
      }
    }
    for problem in problems { report(problem) }
    return (files, problems)
  }

  /// The bytes of `path`, or a problem naming the reason (permission denied, ...).
  static func contents(of path: String) throws -> [UInt8] {
    // Non-blocking, so that a FIFO given as a path is refused instead of hanging the check.
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else { throw problem(path, errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw problem(path, errno) }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw Problem(path: path, message: Messages.unreadable(Messages.notAFile),
                    hint: Messages.unreadableHint)
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw problem(path, errno)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }

  private static func problem(_ path: String, _ code: Int32) -> Problem {
    var reason = String(cString: strerror(code))
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    return Problem(path: path, message: Messages.unreadable(reason),
                   hint: Messages.unreadableHint)
  }

  /// A path problem as printed: `path: error: message` and its hint, the path made safe for
  /// the terminal.
  static func describe(_ error: Error) -> String {
    guard let problem = error as? Problem else {
      return "error: \(TerminalText.escaped("\(error)"))\n"
    }
    return "\(TerminalText.escaped(problem.path)): error: \(problem.message)\n"
      + "  hint: \(problem.hint)\n"
  }

  /// Prints a path problem to stderr.
  static func report(_ error: Error) {
    FileHandle.standardError.write(Data(describe(error).utf8))
  }
}
