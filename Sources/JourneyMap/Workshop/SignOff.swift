/// A record in the map that it was validated with front-line staff:
/// `sign-off "Ama Mensah" date "2026-11-30" hash "3f9c2a41e0b7c6d5" note "Accra desk"`.
///
/// The hash is the map's `ContentHash` when it was signed. It ignores layout, comments and
/// the sign-off lines themselves, so `fmt` never voids it; any change to what the map says
/// does, and `check`, the pictures and the report then say "changed since sign-off".
public struct SignOff: Sendable {
  /// Who signed (the label after `sign-off`).
  public var by: String
  /// `YYYY-MM-DD`, as written.
  public var date: String?
  /// The content hash of the map that was signed, as written.
  public var hash: String?
  public var notes: [String] = []
  public var range: SourceRange

  public init(by: String, range: SourceRange) {
    self.by = by
    self.range = range
  }
}

/// Where a map stands against its last sign-off.
public enum SignOffState: Sendable, Equatable {
  /// Nobody signed the map.
  case none
  /// The last sign-off signed this very content.
  case valid(by: String, date: String, hash: String)
  /// The map changed after the last sign-off (or its hash is not this map's).
  case changed(by: String, date: String, hash: String)

  /// The state of `journey`: its last sign-off against its content now.
  public init(_ journey: Journey) {
    guard let last = journey.signOffs.last else {
      self = .none
      return
    }
    let date = last.date ?? "?"
    let hash = last.hash ?? ""
    self = hash == ContentHash.of(journey) ? .valid(by: last.by, date: date, hash: hash)
      : .changed(by: last.by, date: date, hash: hash)
  }

  /// One line for the pictures and the report: "Validated on 2026-11-30 with Ama Mensah,
  /// map 3f9c2a41", or "… — changed since sign-off"; nil when nobody signed.
  public var sentence: String? {
    switch self {
    case .none: nil
    case .valid(let by, let date, let hash):
      "Validated on \(date) with \(by), map \(hash.prefix(8))"
    case .changed(let by, let date, let hash):
      "Validated on \(date) with \(by), map \(hash.prefix(8)) \u{2014} changed since sign-off"
    }
  }
}

/// The checks on sign-off lines: a real date, a hash as `journeymap sign-off` writes it, and
/// a warning when the map changed after the last sign-off.
enum SignOffCheck {
  enum Messages {
    static func invalidDate(_ text: String) -> String {
      "invalid date '\(text)': expected YYYY-MM-DD"
    }
    static let dateExample = "write: date \"2026-11-30\""
    static func invalidHash(_ by: String) -> String {
      "sign-off by '\(by)' has no valid hash: expected \(ContentHash.length) hexadecimal digits"
    }
    static let hashHint = "let the tool write it: journeymap sign-off FILE --by \"NAME\""
    static func changed(_ by: String, _ date: String) -> String {
      "the map changed since its sign-off by '\(by)' on \(date)"
    }
    static let changedHint =
      "review the changes with the staff, then sign again: journeymap sign-off FILE --by \"NAME\""
  }

  static func diagnostics(_ journey: Journey) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for signOff in journey.signOffs {
      if let date = signOff.date, !isDate(date) {
        found.append(Diagnostic(.error, .invalidDate, Messages.invalidDate(date),
                                at: signOff.range, hints: [Messages.dateExample]))
      }
      if !ContentHash.isWellFormed(signOff.hash ?? "") {
        found.append(Diagnostic(.error, .invalidSignOffHash, Messages.invalidHash(signOff.by),
                                at: signOff.range, hints: [Messages.hashHint]))
      }
    }
    if let last = journey.signOffs.last, case .changed = SignOffState(journey),
      ContentHash.isWellFormed(last.hash ?? "")
    {
      found.append(Diagnostic(.warning, .changedSinceSignOff,
                              Messages.changed(last.by, last.date ?? "?"), at: last.range,
                              hints: [Messages.changedHint]))
    }
    return found
  }

  /// `YYYY-MM-DD` naming a day that exists (Gregorian calendar).
  static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month)
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1...days[month - 1]).contains(day)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension SignOff {
  enum EditMessages {
    static let hasErrors = "the map has errors; fix them before signing it off"
    static func invalidDate(_ text: String) -> String {
      "invalid date '\(text)': expected YYYY-MM-DD"
    }
    static let emptyName = "the name is empty: say who validated the map"
  }

  /// `bytes` with one line added at the end: `sign-off "BY" date "DATE" hash "…"` (and the
  /// note), the hash being the map's content now. Refused when the map has errors.
  public static func signed(_ bytes: [UInt8], file: String, by: String, date: String,
                            note: String? = nil) -> Result<[UInt8], Capture.Refusal> {
    let checked = JourneyChecker.check(bytes, file: file)
    if checked.hasErrors { return .failure(Capture.Refusal(description: EditMessages.hasErrors)) }
    guard let name = Capture.label(by) else {
      return .failure(Capture.Refusal(description: EditMessages.emptyName))
    }
    guard SignOffCheck.isDate(date) else {
      return .failure(Capture.Refusal(description: EditMessages.invalidDate(date)))
    }
    var line = "sign-off \(name) date \"\(date)\" hash \"\(ContentHash.of(checked.journey))\""
    if let note, let label = Capture.label(note) { line += " note " + label }
    let last = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
    return .success(LineEdit.insert(after: last, text: line).applied(to: bytes))
  }
}
