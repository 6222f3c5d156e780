/// Fills a `Journey` from the lines of a file, one statement per line.
///
/// A line is a statement (`stage ask "Ask for help"`), an attribute line (`pain "..."`), or a
/// branch (`yes -> visit`). Attributes and branches belong to the nearest element above. A
/// mistake is reported and the rest of its line skipped; the next line starts afresh, so one
/// typo never hides the problems after it. Names are resolved later, by the checker.
struct Parser {
  /// What the parser hands to the checker.
  struct Result {
    var journey: Journey
    var diagnostics: [Diagnostic]
    /// Steps written before any stage: reported, kept out of the model, but their ids count
    /// as declared so that branches to them do not cascade into more errors.
    var orphans: [Step]
    /// True when the file holds no statement at all.
    var isEmpty: Bool
    /// Lines with a syntax error: what they declare may be incomplete, so the checker does not
    /// add warnings about missing attributes on top.
    var brokenLines: Set<Int>
    /// Every line as written, with what it holds; empty unless asked for (`trivia: true`).
    var lines: [SyntaxLine] = []
  }

  enum Messages {
    static func unknownKeyword(_ word: String) -> String { "unknown keyword '\(word)'" }
    static func expectedKeyword(_ found: String) -> String { "expected a keyword, found '\(found)'" }
    static func unknownAttribute(_ word: String) -> String { "unknown attribute '\(word)'" }
    static func expectedAttribute(_ found: String) -> String {
      "expected an attribute, found '\(found)'"
    }
    static func doesNotApply(_ attribute: Attribute, _ kind: ElementKind) -> String {
      "'\(attribute.rawValue)' does not apply to \(kind.withArticle)"
    }
    static func appliesTo(_ attribute: Attribute) -> String {
      "'\(attribute.rawValue)' applies to: "
        + attribute.appliesTo.map(\.rawValue).joined(separator: ", ")
    }
    static func noElement(_ attribute: Attribute) -> String {
      "'\(attribute.rawValue)' has no element above it"
    }
    static let noElementHint = "write it below the element it describes"
    static func missingValue(_ attribute: Attribute) -> String {
      "missing value for '\(attribute.rawValue)': expected \(attribute.expectation)"
    }
    static func invalidValue(_ found: String, _ attribute: Attribute) -> String {
      "invalid value '\(found)' for '\(attribute.rawValue)': expected \(attribute.expectation)"
    }
    static func quoteHint(_ word: String) -> String { "write it in quotes: \"\(word)\"" }
    static func invalidColor(_ text: String) -> String {
      "invalid colour '\(text)': expected \"#RRGGBB\" with six hexadecimal digits"
    }
    static func feelOutOfRange(_ text: String) -> String {
      "feeling '\(text)' is out of range: expected -2 to +2"
    }
    static func repeatedAttribute(_ attribute: Attribute) -> String {
      "repeated attribute '\(attribute.rawValue)'"
    }
    static func firstGiven(line: Int) -> String { "first given at line \(line)" }
    static let repeatedJourney = "repeated 'journey' line"
    static func missingLabel(_ kind: ElementKind) -> String {
      "missing label for '\(kind.rawValue)': expected a label in quotes"
    }
    static let missingOwnerId = "missing id for 'owner'"
    static let ownerExample = "write: owner service \"Customer Service\""
    static let emptyLabel = "empty label"
    static func invisibleLabel(_ codes: String) -> String {
      "label shows nothing: it holds only invisible characters (\(codes))"
    }
    static let invisibleLabelHint =
      "write visible text; zero-width spaces, joiners and direction marks draw nothing"
    static let missingColon = "missing ':' after the phase name"
    static let phaseExample = "write: phase \"Sales Operations\": purchase, delivery"
    static let missingPhaseStages =
      "missing stages for 'phase': expected stage ids separated by commas"
    static let missingIdAfterComma = "missing id after ','"
    static func unexpected(_ found: String) -> String { "unexpected '\(found)'" }
    static func outsideStage(_ kind: ElementKind) -> String { "\(kind.rawValue) outside any stage" }
    static let outsideStageHint = "add a 'stage' line above it"
    static let missingTarget = "missing target after '->': expected a step or stage id"
    static func invalidTarget(_ found: String) -> String {
      "invalid branch target '\(found)': expected a step or stage id"
    }
    static let branchUnderOutcome = "an outcome cannot have branches"
    static let branchUnderOutcomeHint = "an outcome ends the journey"
    static let branchWithoutStep = "branch with no touchpoint or decision above it"
  }

  /// The element attributes and branches attach to.
  private enum Current {
    case none, journey, persona(Int), owner(Int), phase, stage(Int), step(Int, Int), orphan(Int)
    case signOff(Int)
  }

  /// A parsed attribute value, ready to store.
  private enum Value {
    case flag, text(String), owners([Reference]), color(OwnerColor), channel(Channel)
    case feel(Int), decider(Decider), evidence(Evidence)
  }

  private var journey: Journey
  private var diagnostics: [Diagnostic] = []
  private var orphans: [Step] = []
  private var current = Current.none
  private var currentKind: ElementKind?
  /// Single attributes already given to the current element, with their line.
  private var given: [Attribute: Int] = [:]
  private var journeyLine: Int?
  private var stageCount = 0
  private var statements = 0
  private var brokenLines = Set<Int>()
  private var suggestions = Suggestions()
  private var line = 0
  /// What the line being read turned out to be, for the lossless view (kept only with trivia).
  private var shape = SyntaxLine.Shape()
  private var keepsShape = false

  private init(file: String) { journey = Journey(file: file) }

  /// Parses every line; with `trivia`, also keeps each line as written (for the formatter).
  static func parse(_ source: SourceLines, file: String, trivia: Bool = false) -> Result {
    var parser = Parser(file: file)
    parser.keepsShape = trivia
    var lines: [SyntaxLine] = []
    for (index, text) in source.lines.enumerated() {
      // A line with bad bytes was reported while decoding; skip it.
      guard let text else {
        if trivia { lines.append(SyntaxLine(number: index + 1, tokens: [], decoded: false)) }
        continue
      }
      parser.line = index + 1
      let lexed = Lexer.lex(text, line: index + 1, trivia: trivia)
      let before = parser.diagnostics.count
      parser.diagnostics += lexed.diagnostics
      if trivia { parser.shape = SyntaxLine.Shape() }
      parser.parseLine(lexed.tokens)
      if parser.diagnostics.count > before { parser.brokenLines.insert(index + 1) }
      if trivia {
        lines.append(SyntaxLine(number: index + 1, tokens: lexed.tokens, trivia: lexed.trivia,
                                shape: parser.shape))
      }
    }
    StepKeys.assign(&parser.journey, orphans: &parser.orphans)
    return Result(journey: parser.journey, diagnostics: parser.diagnostics,
                  orphans: parser.orphans, isEmpty: parser.statements == 0,
                  brokenLines: parser.brokenLines, lines: lines)
  }

  // MARK: Lines

  private mutating func parseLine(_ tokens: [Token]) {
    guard let first = tokens.first else { return }
    statements += 1
    if first.is(.arrow)
      || (tokens.count > 1 && tokens[1].is(.arrow) && (first.is(.word) || first.is(.label)))
    {
      shape.role = .branch
      parseBranch(tokens)
      return
    }
    switch first.kind {
    case .word:
      if let kind = ElementKind(rawValue: first.text), !isOwnerAttributeLine(tokens) {
        parseElement(kind, tokens)
      } else if Attribute(rawValue: first.text) != nil {
        shape.role = .attributes(under: currentKind)
        parseAttributes(tokens, from: 0)
      } else {
        let keywords = ElementKind.allCases.map(\.rawValue) + Attribute.allCases.map(\.rawValue)
        error(.unknownKeyword, Messages.unknownKeyword(first.text), first.range,
              suggestions.hints(for: first.text, in: keywords))
      }
    case .invalid:
      return
    default:
      error(.expectedKeyword, Messages.expectedKeyword(first.source), first.range)
    }
  }

  /// `owner` starts both a declaration (`owner service "Customer Service"`) and an attribute
  /// line (`owner service, field`). Without a label, under a touchpoint or decision, it is the
  /// attribute; elsewhere a declaration that lacks its label.
  private func isOwnerAttributeLine(_ tokens: [Token]) -> Bool {
    guard tokens[0].text == ElementKind.owner.rawValue,
      currentKind == .touchpoint || currentKind == .decision
    else { return false }
    return !(tokens.count > 2 && tokens[1].is(.word) && tokens[2].is(.label))
  }

  // MARK: Elements

  private mutating func parseElement(_ kind: ElementKind, _ tokens: [Token]) {
    shape.role = .element(kind)
    var i = 1
    var idToken: Token?
    if kind.takesId, i < tokens.count, tokens[i].is(.word) {
      let followedByLabel = i + 1 < tokens.count && tokens[i + 1].is(.label)
      if followedByLabel || kind == .owner || Attribute(rawValue: tokens[i].text) == nil {
        idToken = tokens[i]
        i += 1
      }
    }
    if kind == .owner, idToken == nil {
      error(.missingOwnerId, Messages.missingOwnerId, after: tokens[0], [Messages.ownerExample])
      return
    }
    var label = ""
    var labelToken: Token?
    var labelMissing = false
    if i < tokens.count, tokens[i].is(.label) {
      labelToken = tokens[i]
      label = tokens[i].text
      reportIfBlank(tokens[i])
      i += 1
    } else {
      labelMissing = true
      // After a token the lexer refused (already reported), say nothing more.
      if !(i < tokens.count && tokens[i].is(.invalid)) {
        error(.missingLabel, Messages.missingLabel(kind), after: tokens[i - 1])
      }
    }
    let nameRange = (idToken ?? labelToken ?? tokens[0]).range
    declare(kind, id: idToken?.text, label: label, keyword: tokens[0], nameRange: nameRange)
    shape.head = tokens.count
    if kind == .phase {
      if !labelMissing { parsePhaseStages(tokens, from: i) }
      return
    }
    // After a missing label, go on only when what follows reads as attributes.
    if labelMissing, !(i < tokens.count && Attribute(rawValue: tokens[i].text) != nil) { return }
    shape.head = i
    parseAttributes(tokens, from: i)
  }

  private mutating func declare(_ kind: ElementKind, id: String?, label: String,
                                keyword: Token, nameRange: SourceRange) {
    given = [:]
    currentKind = kind
    switch kind {
    case .journey:
      if let first = journeyLine {
        error(.repeatedJourney, Messages.repeatedJourney, keyword.range, [Messages.firstGiven(line: first)])
      } else {
        journeyLine = line
        journey.title = label
      }
      current = .journey
    case .persona:
      journey.personas.append(Persona(id: id, name: label, range: nameRange))
      current = .persona(journey.personas.count - 1)
    case .owner:
      journey.owners.append(Owner(id: id ?? "", name: label, range: nameRange))
      current = .owner(journey.owners.count - 1)
    case .phase:
      journey.phases.append(Phase(name: label, stages: [], range: nameRange))
      current = .phase
    case .stage:
      stageCount += 1
      journey.stages.append(Stage(id: id, label: label, range: nameRange))
      current = .stage(journey.stages.count - 1)
    case .signOff:
      journey.signOffs.append(SignOff(by: label, range: nameRange))
      current = .signOff(journey.signOffs.count - 1)
    case .touchpoint, .decision, .outcome:
      let key = id ?? ""  // a key for a step without an id is made once all are read
      let stepKind = Step.Kind(rawValue: kind.rawValue) ?? .touchpoint
      if let s = journey.stages.indices.last {
        let stageKey = journey.stages[s].id ?? String(stageCount)
        journey.stages[s].steps.append(Step(kind: stepKind, id: id, key: key, label: label,
                                            stageKey: stageKey, range: nameRange))
        current = .step(s, journey.stages[s].steps.count - 1)
      } else {
        error(.outsideStage, Messages.outsideStage(kind), keyword.range, [Messages.outsideStageHint])
        orphans.append(Step(kind: stepKind, id: id, key: key, label: label, stageKey: "",
                            range: nameRange))
        current = .orphan(orphans.count - 1)
      }
    }
  }

  /// `: stage, stage` after a phase's name.
  private mutating func parsePhaseStages(_ tokens: [Token], from start: Int) {
    var i = start
    guard i < tokens.count, tokens[i].is(.colon) else {
      if i < tokens.count, tokens[i].is(.invalid) { return }
      error(.missingColon, Messages.missingColon, after: tokens[i - 1], [Messages.phaseExample])
      return
    }
    i += 1
    guard let ids = parseIdList(tokens, &i, missing: (.missingPhaseStages, Messages.missingPhaseStages)) else { return }
    if let p = journey.phases.indices.last { journey.phases[p].stages = ids }
    if i < tokens.count, !tokens[i].is(.invalid) {
      error(.unexpected, Messages.unexpected(tokens[i].source), tokens[i].range)
    }
  }

  /// `id, id, ...` from `i`; nil after reporting a problem.
  private mutating func parseIdList(_ tokens: [Token], _ i: inout Int,
                                    missing: (code: DiagnosticCode, message: String)) -> [Reference]? {
    guard i < tokens.count, tokens[i].is(.word) else {
      if i < tokens.count, tokens[i].is(.invalid) { return nil }
      error(missing.code, missing.message, after: tokens[i - 1])
      return nil
    }
    var ids = [Reference(tokens[i].text, at: tokens[i].range)]
    i += 1
    while i < tokens.count, tokens[i].is(.comma) {
      i += 1
      guard i < tokens.count, tokens[i].is(.word) else {
        if i < tokens.count, tokens[i].is(.invalid) { return nil }
        error(.missingIdAfterComma, Messages.missingIdAfterComma, after: tokens[i - 1])
        return nil
      }
      ids.append(Reference(tokens[i].text, at: tokens[i].range))
      i += 1
    }
    return ids
  }

  // MARK: Attributes

  private mutating func parseAttributes(_ tokens: [Token], from start: Int) {
    var i = start
    while i < tokens.count {
      let keyword = tokens[i]
      guard keyword.is(.word), let attribute = Attribute(rawValue: keyword.text) else {
        switch keyword.kind {
        case .invalid: break
        case .word:
          let names = Attribute.allCases
            .filter { currentKind.map($0.appliesTo.contains) ?? true }.map(\.rawValue)
          error(.unknownAttribute, Messages.unknownAttribute(keyword.text), keyword.range,
                suggestions.hints(for: keyword.text, in: names))
        default:
          error(.expectedAttribute, Messages.expectedAttribute(keyword.source), keyword.range)
        }
        return
      }
      guard let kind = currentKind else {
        error(.noElement, Messages.noElement(attribute), keyword.range, [Messages.noElementHint])
        return
      }
      guard attribute.appliesTo.contains(kind) else {
        error(.doesNotApply, Messages.doesNotApply(attribute, kind), keyword.range,
              [Messages.appliesTo(attribute)])
        return
      }
      i += 1
      let valueStart = i
      defer {
        if keepsShape {
          shape.attributes.append(SyntaxLine.Unit(attribute: attribute, tokens: (valueStart - 1)..<i))
        }
      }
      guard let value = parseValue(of: attribute, keyword: keyword, tokens, &i) else {
        // A one-token value of the wrong kind was read whole: go on with the rest of the line,
        // so that one run reports every problem on it.
        if attribute.value != .ownerIds, i == valueStart + 1 { continue }
        return
      }
      if !attribute.isMany {
        if let first = given[attribute.slot] {
          error(.repeatedAttribute, Messages.repeatedAttribute(attribute), keyword.range,
                [Messages.firstGiven(line: first)])
          continue
        }
        given[attribute.slot] = line
      }
      apply(attribute, value)
    }
  }

  /// The value after `keyword`, advancing `i`; nil after reporting a problem.
  private mutating func parseValue(of attribute: Attribute, keyword: Token, _ tokens: [Token],
                                   _ i: inout Int) -> Value? {
    if attribute.value == .none { return .flag }
    if attribute.value == .ownerIds {
      return parseIdList(tokens, &i, missing: (.missingValue, Messages.missingValue(attribute))).map(Value.owners)
    }
    guard i < tokens.count else {
      error(.missingValue, Messages.missingValue(attribute), after: keyword)
      return nil
    }
    let token = tokens[i]
    if token.is(.invalid) { return nil }
    i += 1
    func invalid() -> Value? {
      var hints = suggestions.hints(for: token.text, in: attribute.choices)
      if attribute.value == .label, token.is(.word) { hints = [Messages.quoteHint(token.text)] }
      error(.invalidValue, Messages.invalidValue(token.source, attribute), token.range, hints)
      return nil
    }
    if token.is(.label), attribute.value != .color, reportIfBlank(token) { return nil }
    switch (attribute.value, token.kind) {
    case (.label, .label):
      return .text(token.text)
    case (.color, .word):
      return PaletteColor(rawValue: token.text).map { .color(.named($0)) } ?? invalid()
    case (.color, .label):
      guard isHexColor(token.text) else {
        error(.invalidColor, Messages.invalidColor(token.text), token.range)
        return nil
      }
      return .color(.hex(token.text.uppercased()))
    case (.channel, .word):
      return KnownChannel(rawValue: token.text).map { .channel(.known($0)) } ?? invalid()
    case (.channel, .label):
      return .channel(.other(token.text))
    case (.number, .number):
      guard let n = Int(token.text), (-2...2).contains(n) else {
        error(.feelOutOfRange, Messages.feelOutOfRange(token.text), token.range)
        return nil
      }
      return .feel(n)
    case (.decider, .word):
      return Decider(rawValue: token.text).map(Value.decider) ?? invalid()
    case (.evidence, .word):
      return Evidence(rawValue: token.text).map(Value.evidence) ?? invalid()
    default:
      return invalid()
    }
  }

  private func isHexColor(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    return scalars.count == 7 && scalars[0] == "#"
      && scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
  }

  private mutating func apply(_ attribute: Attribute, _ value: Value) {
    switch current {
    case .none, .phase:
      break
    case .journey:
      if case .text(let text) = value { journey.descriptions.append(text) }
    case .persona(let p):
      guard case .text(let text) = value else { return }
      if attribute == .goal {
        journey.personas[p].goals.append(text)
      } else {
        journey.personas[p].descriptions.append(text)
      }
    case .owner(let o):
      switch value {
      case .flag: journey.owners[o].isExternal = attribute == .external
      case .color(let color): journey.owners[o].color = color
      default: break
      }
    case .stage(let s):
      guard case .text(let text) = value else {
        if case .evidence(let status) = value { journey.stages[s].workshop.status = status }
        return
      }
      switch attribute {
      case .metric: journey.stages[s].metrics.append(text)
      case .note: journey.stages[s].workshop.notes.append(text)
      case .question: journey.stages[s].workshop.questions.append(text)
      default: break
      }
    case .signOff(let o):
      guard case .text(let text) = value else { return }
      switch attribute {
      case .date: journey.signOffs[o].date = text
      case .hash: journey.signOffs[o].hash = text
      default: journey.signOffs[o].notes.append(text)
      }
    case .step(let s, let j):
      Self.apply(attribute, value, to: &journey.stages[s].steps[j])
    case .orphan(let o):
      Self.apply(attribute, value, to: &orphans[o])
    }
  }

  private static func apply(_ attribute: Attribute, _ value: Value, to step: inout Step) {
    switch value {
    case .flag: step.isBackstage = true
    case .owners(let owners): step.owners += owners
    case .channel(let channel): step.channel = channel
    case .feel(let feel): step.feel = feel
    case .decider(let decider): step.decider = decider
    case .evidence(let status): step.workshop.status = status
    case .color: break
    case .text(let text):
      switch attribute {
      case .pain: step.pains.append(text)
      case .opportunity: step.opportunities.append(text)
      case .metric: step.metrics.append(text)
      case .tool: step.tools.append(text)
      case .note: step.workshop.notes.append(text)
      case .question: step.workshop.questions.append(text)
      default: break
      }
    }
  }

  // MARK: Branches

  /// `label -> target`, `"label" -> target` or `-> target`.
  private mutating func parseBranch(_ tokens: [Token]) {
    var i = 0
    var label: String?
    if !tokens[0].is(.arrow) {
      label = tokens[0].text
      if tokens[0].is(.label), reportIfBlank(tokens[0]) { return }
      i = 1
    }
    let arrow = tokens[i]
    i += 1
    guard i < tokens.count, tokens[i].is(.word) else {
      if i < tokens.count {
        if !tokens[i].is(.invalid) {
          error(.invalidTarget, Messages.invalidTarget(tokens[i].source), tokens[i].range)
        }
      } else {
        error(.missingTarget, Messages.missingTarget, after: arrow)
      }
      return
    }
    let target = tokens[i]
    let range = SourceRange(start: tokens[0].range.start, end: target.range.end)
    if i + 1 < tokens.count, !tokens[i + 1].is(.invalid) {
      error(.unexpected, Messages.unexpected(tokens[i + 1].source), tokens[i + 1].range)
    }
    let branch = Branch(label: label, target: Reference(target.text, at: target.range),
                        range: range)
    switch (current, currentKind) {
    case (.step(let s, let j), .touchpoint), (.step(let s, let j), .decision):
      journey.stages[s].steps[j].branches.append(branch)
    case (.orphan(let o), .touchpoint), (.orphan(let o), .decision):
      orphans[o].branches.append(branch)
    case (_, .outcome):
      error(.branchUnderOutcome, Messages.branchUnderOutcome, range, [Messages.branchUnderOutcomeHint])
    default:
      error(.branchWithoutStep, Messages.branchWithoutStep, range)
    }
  }

  // MARK: Helpers

  /// Reports a label that would draw nothing: empty, spaces, or only characters with no
  /// glyph of their own (format characters such as U+200B and U+202E, line and paragraph
  /// separators, combining marks with nothing to combine with, controls). True if it did.
  @discardableResult
  private mutating func reportIfBlank(_ token: Token) -> Bool {
    let text = token.text
    // Any visible ASCII character settles it at once (nearly every label).
    if text.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return false }
    if text.allSatisfy(\.isWhitespace) {
      error(.emptyLabel, Messages.emptyLabel, token.range)
      return true
    }
    let invisible = text.unicodeScalars.allSatisfy { scalar in
      switch scalar.properties.generalCategory {
      case .format, .lineSeparator, .paragraphSeparator, .nonspacingMark, .control,
        .spaceSeparator, .enclosingMark:
        return true
      default:
        return scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint
      }
    }
    guard invisible else { return false }
    var codes: [String] = []
    for scalar in text.unicodeScalars where scalar != " " && scalar != "\t" {
      let hex = String(scalar.value, radix: 16, uppercase: true)
      let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      if !codes.contains(code) { codes.append(code) }
    }
    let shown = codes.count > 4 ? codes.prefix(4).joined(separator: ", ") + ", ..." :
      codes.joined(separator: ", ")
    error(.invisibleLabel, Messages.invisibleLabel(shown), token.range,
          [Messages.invisibleLabelHint])
    return true
  }

  private mutating func error(_ code: DiagnosticCode, _ message: String, _ range: SourceRange,
                              _ hints: [String] = []) {
    diagnostics.append(Diagnostic(.error, code, message, at: range, hints: hints))
  }

  /// Reports something missing just after `token`, where it should have been written.
  private mutating func error(_ code: DiagnosticCode, _ message: String, after token: Token,
                              _ hints: [String] = []) {
    error(code, message, SourceRange(line: token.range.end.line, column: token.range.end.column),
          hints)
  }
}
