import ArgumentParser
import Foundation
import JourneyMap

/// `journeymap sign-off`: records in the map that it was validated, with its content hash.
struct SignOffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sign-off",
    abstract: "Record in the map that it was validated with front-line staff.",
    discussion: """
      Adds one line at the end of the map: sign-off "NAME" date "YYYY-MM-DD" hash "…" \
      (note "…"). The hash covers what the map says, not its layout or comments, so fmt \
      never voids it; any later change to the content makes check warn "the map changed \
      since its sign-off" and the pictures say so, until someone signs again. Exit status: \
      0 signed, 1 the map has errors or cannot be read or written, 64 bad usage.
      """)

  @Argument(help: "The map to sign off.")
  var map: String

  @Option(help: ArgumentHelp("Who validated the map (a person, a team).", valueName: "name"))
  var by: String

  @Option(help: ArgumentHelp("The day of the workshop. Default: today (UTC).",
                             valueName: "YYYY-MM-DD"))
  var date: String?

  @Option(help: "A note kept with the sign-off: who was in the room, what was left open.")
  var note: String?

  func validate() throws {
    if by.allSatisfy(\.isWhitespace) {
      throw ValidationError("--by cannot be empty: say who validated the map")
    }
  }

  func run() throws {
    Interruption.cleanUpOnSignals()
    guard let bytes = MapFiles.loaded(map) else { throw ExitCode.failure }
    let shown = TerminalText.escaped(map)
    switch SignOff.signed(bytes, file: map, by: by, date: date ?? Self.today(), note: note) {
    case .failure(let refusal):
      let checked = JourneyChecker.check(bytes, file: map)
      let report = DiagnosticFormatter(file: map, source: bytes).text(checked.diagnostics)
      if checked.hasErrors { FileHandle.standardError.write(Data(report.utf8)) }
      FileHandle.standardError.write(Data("\(shown): error: \(refusal)\n".utf8))
      throw ExitCode.failure
    case .success(let signed):
      do {
        try AtomicFile.replace(signed, at: map)
      } catch {
        FileHandle.standardError.write(Data("\(shown): error: \(error)\n".utf8))
        throw ExitCode.failure
      }
      let journey = JourneyChecker.check(signed, file: map).journey
      print(TerminalText.escaped(SignOffState(journey).sentence ?? "signed"))
    }
  }

  /// Today in UTC, `YYYY-MM-DD`.
  static func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }
}
