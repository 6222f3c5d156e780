/// An edit recorded in the room, applied to a map's text with the smallest change: one line
/// changed or one line added, every other byte (comments, blank lines, indentation, line
/// endings) as it was. `journeymap serve` writes the result atomically.
///
/// Source text in, new source text out: nothing here reads or writes files.
public enum Capture: Sendable, Equatable {
  /// Sets the evidence status of a stage or step (changes one line).
  case status(Evidence)
  /// Adds a note, question, pain or opportunity below the element (adds one line).
  case add(Remark, String)
  /// Proposes a new touchpoint after a step: `touchpoint "…" status proposed`, with the
  /// owners of the step it follows (adds one line).
  case propose(String)

  /// What `add` can write.
  public enum Remark: String, CaseIterable, Sendable {
    case note, question, pain, opportunity

    var attribute: Attribute {
      switch self {
      case .note: .note
      case .question: .question
      case .pain: .pain
      case .opportunity: .opportunity
      }
    }
  }

  /// What a capture is about: a step by its key (`step-KEY` in the SVG), or a stage by its id
  /// or 1-based position (`stage-KEY`).
  public enum Target: Sendable, Equatable {
    case step(String)
    case stage(String)
  }

  /// Why a capture was refused; the text is the message shown in the page.
  public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  enum Messages {
    static let hasErrors = "the map has errors; fix them in the file first"
    static func unknownStep(_ key: String) -> String { "no step '\(key)' in the map" }
    static func unknownStage(_ key: String) -> String { "no stage '\(key)' in the map" }
    static func doesNotApply(_ what: String, _ kind: String) -> String {
      "a \(what) cannot be added to \(kind)"
    }
    static let emptyText = "the text is empty"
    static func notAfter(_ label: String) -> String {
      "a new step can follow only a touchpoint without branches; '\(label)' is not one"
    }
    static func breaks(_ message: String) -> String { "the edit would break the map: \(message)" }
  }

  /// `bytes` with `self` applied to `target`, or why not. The new text checks with no error.
  public func apply(to target: Target, in bytes: [UInt8], file: String)
    -> Result<[UInt8], Refusal>
  {
    let tree = parse(bytes, file: file)
    let checked = JourneyChecker.check(tree)
    if checked.hasErrors { return .failure(Refusal(description: Messages.hasErrors)) }
    guard let element = Self.find(target, in: checked.journey) else {
      switch target {
      case .step(let key): return .failure(Refusal(description: Messages.unknownStep(key)))
      case .stage(let key): return .failure(Refusal(description: Messages.unknownStage(key)))
      }
    }
    let edit: LineEdit
    switch lineEdit(element, tree.lines) {
    case .success(let made): edit = made
    case .failure(let refusal): return .failure(refusal)
    }
    let result = edit.applied(to: bytes)
    let after = JourneyChecker.check(result, file: file)
    if let error = after.diagnostics.first(where: { $0.severity == .error }) {
      return .failure(Refusal(description: Messages.breaks(error.message)))
    }
    return .success(result)
  }

  /// The element a target names: its kind, its line, and (for a step) the step.
  struct Element {
    var kind: ElementKind
    var line: Int
    var step: Step?
    var label: String
  }

  static func find(_ target: Target, in journey: Journey) -> Element? {
    switch target {
    case .step(let key):
      guard let step = journey.steps.first(where: { $0.key == key }) else { return nil }
      let kind = ElementKind(rawValue: step.kind.rawValue) ?? .touchpoint
      return Element(kind: kind, line: step.range.start.line, step: step, label: step.label)
    case .stage(let key):
      let index = journey.stages.firstIndex { $0.id == key }
        ?? Int(key).flatMap { journey.stages.indices.contains($0 - 1) ? $0 - 1 : nil }
      guard let index else { return nil }
      let stage = journey.stages[index]
      return Element(kind: .stage, line: stage.range.start.line, step: nil, label: stage.label)
    }
  }

  private func lineEdit(_ element: Element, _ lines: [SyntaxLine]) -> Result<LineEdit, Refusal> {
    let elementIndex = element.line - 1
    // The element's own lines: its line, then attribute lines, branches, comments and blank
    // lines up to the next statement that starts an element.
    var block = [elementIndex]
    var k = elementIndex + 1
    while k < lines.count {
      if case .element = lines[k].role { break }
      block.append(k)
      k += 1
    }
    let owned = block.filter { index in
      switch lines[index].role {
      case .attributes, .branch: true
      default: index == elementIndex
      }
    }
    let indent = lines[elementIndex].trivia.leading.first ?? ""
    switch self {
    case .status(let status):
      // The line that already says the status, if any: change its value only.
      for index in owned {
        let line = lines[index]
        if let unit = line.shape.attributes.first(where: { $0.attribute == .status }),
          unit.tokens.count == 2
        {
          return .success(.replace(line: index, with: line.text(replacingToken: unit.tokens
              .upperBound - 1, with: status.rawValue)))
        }
      }
      return .success(.replace(line: elementIndex,
                               with: lines[elementIndex].text(appending: "status \(status.rawValue)")))
    case .add(let remark, let text):
      guard remark.attribute.appliesTo.contains(element.kind) else {
        return .failure(Refusal(description: Messages.doesNotApply(remark.rawValue,
                                                                   element.kind.withArticle)))
      }
      guard let label = Self.label(text) else {
        return .failure(Refusal(description: Messages.emptyText))
      }
      // Below the element's last attribute line, indented as its attribute lines are.
      let attributeLines = owned.filter {
        if case .attributes = lines[$0].role { return true }
        return false
      }
      let after = attributeLines.last ?? elementIndex
      let attributeIndent = attributeLines.first.flatMap { lines[$0].trivia.leading.first }
        ?? indent + "  "
      return .success(.insert(after: after,
                              text: attributeIndent + remark.rawValue + " " + label))
    case .propose(let text):
      guard let step = element.step, step.kind == .touchpoint, step.branches.isEmpty else {
        return .failure(Refusal(description: Messages.notAfter(element.label)))
      }
      guard let label = Self.label(text) else {
        return .failure(Refusal(description: Messages.emptyText))
      }
      var line = indent + "touchpoint " + label
      let owners = step.owners.map(\.name)
      if !owners.isEmpty { line += " owner " + owners.joined(separator: ", ") }
      line += " status proposed"
      return .success(.insert(after: owned.last ?? elementIndex, text: line))
    }
  }

  /// Text typed in the panel as a label of the language: on one line (a line break becomes a
  /// space: labels cannot hold one), quotes and backslashes escaped as `fmt` writes them; nil
  /// when nothing is left.
  static func label(_ text: String) -> String? {
    let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    let trimmed = String(oneLine.drop { $0 == " " || $0 == "\t" }
      .reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    guard !trimmed.isEmpty else { return nil }
    return JourneyFormatter.quoted(trimmed)
  }
}

/// One line replaced or one line inserted, on the file's bytes.
enum LineEdit: Equatable {
  /// 0-based line index, and its new text (without line ending).
  case replace(line: Int, with: String)
  /// A new line after 0-based line `after`.
  case insert(after: Int, text: String)

  /// `bytes` with the edit made: other lines keep their bytes exactly, the new line takes the
  /// file's line ending (CR LF when its first line has one) and the byte-order mark stays.
  func applied(to bytes: [UInt8]) -> [UInt8] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    let crlf = JourneyFormatter.usesCRLF(bytes)
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    switch self {
    case .replace(let index, let text):
      guard lines.indices.contains(index) else { return bytes }
      let old = lines[index]
      let prefix = index == 0 && old.starts(with: bom) ? bom : []
      let ending: [UInt8] = old.last == 0x0D ? [0x0D] : []
      lines[index] = prefix + Array(text.utf8) + ending
      return Array(lines.joined(separator: [0x0A]))
    case .insert(let index, let text):
      let new = Array(text.utf8) + (crlf ? [0x0D] : [])
      // A file without a final line ending: the last piece is a line that needs one now.
      let position = min(index + 1, lines.count)
      if position == lines.count {
        if lines.last?.isEmpty == true {
          lines.insert(new, at: lines.count - 1)
        } else {
          if crlf { lines[lines.count - 1] += [0x0D] }
          lines.append(new)
          return Array(lines.joined(separator: [0x0A]))
        }
      } else {
        lines.insert(new, at: position)
      }
      return Array(lines.joined(separator: [0x0A]))
    }
  }
}

extension SyntaxLine {
  /// The line as written with token `index` written as `source` instead.
  func text(replacingToken index: Int, with source: String) -> String {
    var copy = self
    copy.tokens[index].source = source
    return copy.text
  }

  /// The line as written with `code` after its last token (before any comment).
  func text(appending code: String) -> String {
    var out = ""
    for (k, token) in tokens.enumerated() {
      out += (k < trivia.leading.count ? trivia.leading[k] : "") + token.source
    }
    return out + " " + code + trivia.trailing + (trivia.comment ?? "") + trivia.rest
  }
}
