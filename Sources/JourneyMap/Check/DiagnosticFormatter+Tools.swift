/// The forms of diagnostics that tools read: JSON, GitHub Actions annotations, SARIF.
extension DiagnosticFormatter {
  /// The diagnostics of several files, in order.
  public typealias Reports = [(file: String, diagnostics: [Diagnostic])]

  /// The version of the JSON form; it changes only when a key changes meaning or goes.
  public static let jsonVersion = 1

  /// `{"version": 1, "diagnostics": [...]}`, each diagnostic with its keys in a fixed order:
  /// file, line, column, endLine, endColumn, severity, code, message, hints.
  public static func json(_ reports: Reports) -> String {
    var entries: [String] = []
    for report in reports {
      for d in report.diagnostics {
        let hints = d.hints.map(jsonString).joined(separator: ", ")
        entries.append(
          "{\"file\": \(jsonString(report.file)), \"line\": \(d.range.start.line), "
            + "\"column\": \(d.range.start.column), \"endLine\": \(d.range.end.line), "
            + "\"endColumn\": \(d.range.end.column), "
            + "\"severity\": \(jsonString(d.severity.rawValue)), "
            + "\"code\": \(d.code.map { jsonString($0.rawValue) } ?? "null"), "
            + "\"message\": \(jsonString(d.message)), \"hints\": [\(hints)]}")
      }
    }
    let list = entries.isEmpty ? "[]" : "[\n" + entries.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
    return "{\n  \"version\": \(jsonVersion),\n  \"diagnostics\": \(list)\n}\n"
  }

  /// One GitHub Actions workflow command per diagnostic, which GitHub shows on the line in a
  /// pull request: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=JM204::message`.
  /// Hints follow the message on lines of their own.
  public static func github(_ reports: Reports) -> String {
    var out = ""
    for report in reports {
      for d in report.diagnostics {
        let r = d.range
        // GitHub's end column is the last one of the culprit; ours is the one after it.
        var properties = "file=\(githubProperty(report.file)),line=\(r.start.line),"
          + "col=\(r.start.column),endLine=\(r.end.line),"
          + "endColumn=\(max(r.end.column - 1, r.start.column))"
        if let code = d.code { properties += ",title=\(code.rawValue)" }
        let message = ([d.message] + d.hints.map { "hint: " + $0 }).joined(separator: "\n")
        out += "::\(d.severity.rawValue) \(properties)::\(githubData(message))\n"
      }
    }
    return out
  }

  /// A SARIF 2.1.0 log (OASIS), for code-scanning tools: one run, every code as a rule,
  /// one result per diagnostic. Give it columns in code points (`inCodePoints`).
  public static func sarif(_ reports: Reports, toolVersion: String) -> String {
    let rules = DiagnosticCode.allCases.map {
      "{\"id\": \(jsonString($0.rawValue)), \"name\": \(jsonString($0.ruleName))}"
    }
    let index = Dictionary(uniqueKeysWithValues: DiagnosticCode.allCases.enumerated()
      .map { ($1, $0) })
    var results: [String] = []
    for report in reports {
      for d in report.diagnostics {
        let r = d.range
        let text = ([d.message] + d.hints.map { "hint: " + $0 }).joined(separator: "\n")
        var result = "{"
        if let code = d.code, let i = index[code] {
          result += "\"ruleId\": \(jsonString(code.rawValue)), \"ruleIndex\": \(i), "
        }
        result += "\"level\": \(jsonString(d.severity.rawValue)), "
          + "\"message\": {\"text\": \(jsonString(text))}, "
          + "\"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
          + "{\"uri\": \(jsonString(uri(report.file)))}, \"region\": "
          + "{\"startLine\": \(r.start.line), \"startColumn\": \(r.start.column), "
          + "\"endLine\": \(r.end.line), \"endColumn\": \(r.end.column)}}}]}"
        results.append(result)
      }
    }
    func list(_ items: [String], _ indent: String) -> String {
      items.isEmpty ? "[]"
        : "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
    }
    return """
      {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
          {
            "tool": {
              "driver": {
                "name": "journeymap",
                "version": \(jsonString(toolVersion)),
                "rules": \(list(rules, "          "))
              }
            },
            "columnKind": "unicodeCodePoints",
            "results": \(list(results, "      "))
          }
        ]
      }

      """
  }

  /// `diagnostic` with its columns counted in Unicode code points instead of characters, as
  /// SARIF's `unicodeCodePoints` wants them (a flag emoji is one character, two code points).
  public func inCodePoints(_ diagnostic: Diagnostic) -> Diagnostic {
    func convert(_ location: SourceLocation) -> SourceLocation {
      guard let line = sourceLine(location.line) else { return location }
      let chars = Array(line)
      let before = chars.prefix(max(location.column - 1, 0))
      let extra = max(location.column - 1 - chars.count, 0)
      let points = before.reduce(0) { $0 + $1.unicodeScalars.count } + extra
      return SourceLocation(line: location.line, column: points + 1)
    }
    var d = diagnostic
    d.range = SourceRange(start: convert(d.range.start), end: convert(d.range.end))
    return d
  }

  /// A workflow command's message: `%`, CR and LF escaped as GitHub reads them.
  static func githubData(_ text: String) -> String {
    var out = ""
    for c in text.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// A workflow command's property value: also `:` and `,`, which end it.
  static func githubProperty(_ text: String) -> String {
    var out = ""
    for c in githubData(text) {
      switch c {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.append(c)
      }
    }
    return out
  }

  /// A file path as a relative URI reference: bytes other than unreserved ones and `/`
  /// percent-encoded.
  static func uri(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      let c = Character(Unicode.Scalar(byte))
      if byte < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) {
        out.append(c)
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}

extension DiagnosticCode {
  /// The rule's name in SARIF: the name of the code, as `UnknownOwner`.
  var ruleName: String {
    let name = String(describing: self)
    return name.prefix(1).uppercased() + name.dropFirst()
  }
}
