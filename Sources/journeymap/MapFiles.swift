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
    static func unreadableDirectory(_ reason: String) -> String {
      "cannot read the directory: \(reason)"
    }
    static let notAFile = "not a regular file"
    static let unreadableHint = "check that the file exists and that you may read it"
    static let unreadableDirectoryHint =
      "check that you may read and enter it; its maps are not checked"
    static let tooLong = "the path is too long to open"
    static let tooLongHint = "move the maps to a shorter path, or name them from nearer"
  }

  /// Lists a directory's entries, or gives the errno that stopped it; tests replace it to
  /// make a folder unreadable even for root, who may read anything.
  nonisolated(unsafe) static var listDirectory: (String) -> Result<[String], Errno> = { path in
    guard let directory = opendir(path) else { return .failure(Errno(errno)) }
    defer { closedir(directory) }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(directory) else {
        return errno == 0 ? .success(names) : .failure(Errno(errno))
      }
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
  }

  struct Errno: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
  }

  /// The map files for `paths`, in order: a file as given, a directory's maps sorted by path,
  /// each file once; and a problem for each path that gives none, or below which something
  /// could not be read (never skipped in silence).
  static func resolve(_ paths: [String]) -> (files: [String], problems: [Problem]) {
    var files: [String] = []
    var seen = Set<String>()
    var problems: [Problem] = []
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else {
        problems.append(pathProblem(path, errno, directory: false))
        continue
      }
      var found: [String] = []
      if info.st_mode & S_IFMT == S_IFDIR {
        let base = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var walk = Walk()
        walk.visit(base)
        found = walk.found.sorted()
        problems += walk.problems
        if found.isEmpty && walk.problems.isEmpty {
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

  /// A walk below one directory: its maps, named below the path as the user wrote it, and
  /// a problem for every folder that could not be read. Hidden entries are skipped; a linked
  /// folder is followed, once; a folder named x.journey is searched, not read.
  private struct Walk {
    var found: [String] = []
    var problems: [Problem] = []
    var visited = Set<[UInt64]>()

    mutating func visit(_ directory: String) {
      var info = stat()
      guard stat(directory, &info) == 0 else {
        problems.append(pathProblem(directory, errno, directory: true))
        return
      }
      guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
      let names: [String]
      switch MapFiles.listDirectory(directory) {
      case .success(let list): names = list
      case .failure(let error):
        problems.append(pathProblem(directory, error.code, directory: true))
        return
      }
      for name in names.sorted() where !name.hasPrefix(".") {
        let full = directory == "/" ? "/" + name : directory + "/" + name
        var entry = stat()
        let exists = stat(full, &entry) == 0
        if exists && entry.st_mode & S_IFMT == S_IFDIR {
          visit(full)
        } else if name.hasSuffix(suffix) {
          // A dangling link is kept, so that reading it reports the problem.
          found.append(full)
        } else if !exists && errno != ENOENT {
          // Listed but not entered (a folder we may read but not search, a name too long).
          problems.append(pathProblem(full, errno, directory: true))
        }
      }
    }
  }

  /// The problem for a path that stat, opendir or open refused with `code`.
  private static func pathProblem(_ path: String, _ code: Int32, directory: Bool) -> Problem {
    switch code {
    case ENOENT, ENOTDIR:
      return Problem(path: path, message: Messages.noSuchPath, hint: Messages.noSuchPathHint)
    case ENAMETOOLONG:
      return Problem(path: path, message: Messages.tooLong, hint: Messages.tooLongHint)
    default:
      let reason = AtomicFile.reason(code)
      return directory
        ? Problem(path: path, message: Messages.unreadableDirectory(reason),
                  hint: Messages.unreadableDirectoryHint)
        : Problem(path: path, message: Messages.unreadable(reason), hint: Messages.unreadableHint)
    }
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

  /// The bytes of `path`, or nil after reporting why they cannot be read.
  static func loaded(_ path: String) -> [UInt8]? {
    do {
      return try contents(of: path)
    } catch {
      report(error)
      return nil
    }
  }

  private static func problem(_ path: String, _ code: Int32) -> Problem {
    if code == ENAMETOOLONG { return pathProblem(path, code, directory: false) }
    return Problem(path: path, message: Messages.unreadable(AtomicFile.reason(code)),
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
