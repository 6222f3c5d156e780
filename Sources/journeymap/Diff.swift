import ArgumentParser
import Foundation
import JourneyMap
import JourneyMapGraphviz

/// `journeymap diff`: what changed in the journey between two maps, or two revisions of the
/// maps in git, as text, Markdown or JSON.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changed in the journey between two maps or two git revisions.",
    usage: """
      journeymap diff OLD.journey NEW.journey [--format text|md|json] [--svg FILE.svg|DIR]
      journeymap diff [REV [REV]] [PATH ...] [--format text|md|json] [--svg FILE.svg|DIR]
      """,
    discussion: """
      Compares the journeys, not the text: a map reformatted by fmt has no changes. With \
      revisions (read with git show), the maps git reports changed between them are compared: \
      no revision means HEAD against the working tree, one means REV against the working \
      tree. A name that is an existing file or directory is a path, any other a revision. \
      Exit status: 0 the journeys are the same, 1 they differ, 2 a map has errors or cannot \
      be read (or git failed), 64 bad usage.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, md, json
  }

  /// Trouble: neither "same" nor "different" can be said (diff(1) and git use 2 too).
  static let trouble: Int32 = 2

  @Argument(help: ArgumentHelp("Two map files; or up to two git revisions, then paths.",
                               valueName: "old new | rev rev path"))
  var arguments: [String] = []

  @Option(help: "text (for a terminal), md (Markdown, for a pull-request comment) or json.")
  var format: Format = .text

  @Option(help: ArgumentHelp(
    "Also draw the new journey map with the changes marked: into FILE.svg for one map, or "
      + "as NAME.diff.svg into a directory.", valueName: "file.svg|dir"))
  var svg: String?

  /// One side of a comparison: a file, a revision's blob, or nothing (added or removed).
  struct Version {
    var name: String
    var bytes: [UInt8]?
  }

  func validate() throws {
    if case .files = try mode() { return }
  }

  enum Mode {
    case files(String, String)
    case revisions([String], paths: [String])
  }

  /// Two existing files are compared as they are; otherwise leading names that are not
  /// paths are revisions (at most two), and the rest paths.
  func mode() throws -> Mode {
    func exists(_ path: String) -> Bool { path == "/dev/null" || access(path, F_OK) == 0 }
    func isFile(_ path: String) -> Bool {
      path == "/dev/null" || (exists(path) && !Render.isDirectory(path))
    }
    if arguments.count == 2, isFile(arguments[0]), isFile(arguments[1]) {
      return .files(arguments[0], arguments[1])
    }
    let revisions = Array(arguments.prefix { !exists($0) })
    let paths = Array(arguments.dropFirst(revisions.count))
    if revisions.count > 2 {
      throw ValidationError("'\(TerminalText.escaped(revisions[2]))' is neither a file nor a "
        + "directory, and two revisions are already named; give at most two revisions, then "
        + "paths")
    }
    if let missing = paths.first(where: { !exists($0) }) {
      throw ValidationError("no such file or directory: '\(TerminalText.escaped(missing))' "
        + "(revisions come before paths)")
    }
    return .revisions(revisions, paths: paths)
  }

  func run() throws {
    var pairs: [(old: Version, new: Version)] = []
    switch try mode() {
    case .files(let old, let new):
      guard let before = Self.read(old), let after = Self.read(new) else {
        throw ExitCode(Self.trouble)
      }
      pairs = [(Version(name: old, bytes: before), Version(name: new, bytes: after))]
    case .revisions(let revisions, let paths):
      do {
        pairs = try GitMaps(revisions: revisions, paths: paths).changed()
      } catch {
        let message = (error as? GitMaps.Failure)?.message ?? "\(error)"
        Self.report("error: \(TerminalText.escaped(message))")
        throw ExitCode(Self.trouble)
      }
    }

    var entries: [DiffReport.Entry] = []
    var checkedPairs: [(old: CheckedJourney, new: CheckedJourney)] = []
    var failed = false
    for (old, new) in pairs {
      let before = Self.checked(old)
      let after = Self.checked(new)
      guard let before, let after else {
        failed = true
        continue
      }
      entries.append(DiffReport.Entry(old: old.name, new: new.name,
                                      diff: JourneyDiff.compare(before, after)))
      checkedPairs.append((before, after))
    }
    let out: String
    switch format {
    case .text: out = DiffReport.text(entries)
    case .md: out = DiffReport.markdown(entries)
    case .json: out = DiffReport.json(entries)
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    if let svg, !entries.isEmpty {
      failed = !DiffPictures.write(entries, checkedPairs, to: svg) || failed
    }
    if failed { throw ExitCode(Self.trouble) }
    if entries.contains(where: { !$0.diff.isEmpty }) { throw ExitCode.failure }
  }

  /// A file's bytes (`/dev/null`, which git difftool names for a map that is not there, is an
  /// empty map), or nil after saying why not.
  static func read(_ path: String) -> [UInt8]? {
    if path == "/dev/null" { return [] }
    return MapFiles.loaded(path)
  }

  /// The checked map of a version (an absent one is empty), or nil after reporting its
  /// errors as `check` does.
  static func checked(_ version: Version) -> CheckedJourney? {
    let bytes = version.bytes ?? []
    let checked = JourneyChecker.check(bytes, file: version.name)
    guard checked.hasErrors else { return checked }
    let report = DiagnosticFormatter(file: version.name, source: bytes)
      .text(checked.diagnostics.filter { $0.severity == .error })
    FileHandle.standardError.write(Data(report.utf8))
    return nil
  }

  static func report(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

/// The maps that changed between two revisions in git, or a revision and the working tree,
/// read through `git diff --name-status` and `git show REV:PATH`.
struct GitMaps {
  struct Failure: Error {
    var message: String
  }

  var revisions: [String]
  var paths: [String]

  /// Each changed `.journey` file, both versions (nil where it is not there), in git's order.
  func changed() throws -> [(old: DiffCommand.Version, new: DiffCommand.Version)] {
    let top = try text(git(["rev-parse", "--show-toplevel"])).trimmingCharacters(in: .newlines)
    let old = revisions.first ?? "HEAD"
    let new = revisions.count > 1 ? revisions[1] : nil
    for revision in [old] + (new.map { [$0] } ?? []) {
      _ = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"],
                  failure: "unknown revision '\(revision)': not a commit, a file or a directory")
    }
    var arguments = ["-c", "core.quotepath=off", "diff", "--name-status", "-z", "--no-renames",
                     old]
    if let new { arguments.append(new) }
    arguments += ["--"] + (paths.isEmpty ? [top] : paths)
    let fields = try git(arguments).split(separator: 0, omittingEmptySubsequences: true)
      .map { String(decoding: $0, as: UTF8.self) }
    var result: [(old: DiffCommand.Version, new: DiffCommand.Version)] = []
    var index = 0
    while index + 1 < fields.count {
      let (status, path) = (fields[index], fields[index + 1])
      index += 2
      guard path.hasSuffix(MapFiles.suffix) else { continue }
      var before: [UInt8]?
      if status != "A" { before = try git(["show", "\(old):\(path)"]) }
      let after: [UInt8]?
      if status == "D" {
        after = nil
      } else if let new {
        after = try git(["show", "\(new):\(path)"])
      } else {
        after = try MapFilesBytes.read(top + "/" + path)
      }
      result.append((DiffCommand.Version(name: "\(old):\(path)", bytes: before),
                     DiffCommand.Version(name: new.map { "\($0):\(path)" } ?? path, bytes: after)))
    }
    return result
  }

  private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  /// Runs git with `arguments`; its standard output, or a failure with its message (or
  /// `failure` when given).
  private func git(_ arguments: [String], failure: String? = nil) throws -> [UInt8] {
    guard let result = Subprocess.run("git", arguments) else {
      throw Failure(message: "cannot run git; is it installed?")
    }
    guard result.status == 0 else {
      if let failure { throw Failure(message: failure) }
      let said = result.stderr.split(separator: "\n").first.map(String.init)
        ?? "exit status \(result.status)"
      let command = arguments.first { !$0.hasPrefix("-") && !$0.contains("=") } ?? ""
      throw Failure(message: "git \(command): " + said.replacing("fatal: ", with: ""))
    }
    return result.stdout
  }
}

/// The diff pictures (`--svg`): the new journey map with the changes marked, laid out by a
/// worker as `render` does and written atomically.
enum DiffPictures {
  /// Writes one picture per entry: to `path` for one, into the directory `path` as
  /// `NAME.diff.svg` for several. False when any failed (said on standard error).
  static func write(_ entries: [DiffReport.Entry],
                    _ checked: [(old: CheckedJourney, new: CheckedJourney)], to path: String)
    -> Bool
  {
    let single = path.lowercased().hasSuffix(".svg") && !Render.isDirectory(path)
    if single && entries.count > 1 {
      DiffCommand.report("\(TerminalText.escaped(path)): error: \(entries.count) maps changed, "
        + "and one file holds one picture; name a directory for --svg")
      return false
    }
    if !single, let problem = AtomicFile.createDirectory(path) {
      DiffCommand.report("\(TerminalText.escaped(path)): error: cannot create the directory: "
        + problem)
      return false
    }
    let worker: LayoutWorker
    do {
      worker = LayoutWorker(executable: Render.ownExecutable(), timeLimit: try Render.timeLimit())
    } catch {
      DiffCommand.report("error: \(TerminalText.escaped("\(error)"))")
      return false
    }
    var succeeded = true
    var names: Set<String> = []
    for (entry, pair) in zip(entries, checked) {
      var base = Render.baseName(entry.new.split(separator: ":").last.map(String.init) ?? entry.new)
      while !names.insert(base).inserted { base += "-2" }
      let file = single ? path : "\(path)/\(base).diff.svg"
      let picture = DiffPicture.picture(entry.diff, old: pair.old, new: pair.new,
                                        since: entry.old)
      do {
        let laidOut = try worker.render(picture.dot(), as: .svg)
        try AtomicFile.write(Render.finishedSVG(laidOut.bytes, picture: picture,
                                                id: base + "-diff"), to: file)
        // Standard output holds the report (Markdown, JSON): the picture is named apart.
        FileHandle.standardError.write(Data((TerminalText.escaped(file) + "\n").utf8))
      } catch let error as GraphvizError {
        DiffCommand.report("\(TerminalText.escaped(entry.new)): error: the diff picture: "
          + TerminalText.escaped(error.message))
        succeeded = false
      } catch {
        DiffCommand.report("\(TerminalText.escaped(file)): error: \(TerminalText.escaped("\(error)"))")
        succeeded = false
      }
    }
    return succeeded
  }
}

/// A working-tree file's bytes for `GitMaps`, as a git failure when unreadable.
enum MapFilesBytes {
  static func read(_ path: String) throws -> [UInt8] {
    do {
      return try MapFiles.contents(of: path)
    } catch {
      throw GitMaps.Failure(message: MapFiles.describe(error)
        .trimmingCharacters(in: .newlines).replacing("\n", with: " "))
    }
  }
}
