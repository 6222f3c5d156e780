import Foundation
import Testing
@testable import JourneyMap

/// editors/journey.tmLanguage.json gives every keyword, label, comment, number and arrow of
/// the example maps the right scope, applied as an editor applies it (earliest match wins,
/// labels run from their quote to the closing one).
@Suite struct TextMateGrammarTests {
  /// A rule of the grammar: a `match`, or a `begin`/`end` pair with rules inside.
  final class Rule {
    let name: String
    let match: NSRegularExpression?
    let begin: NSRegularExpression?
    let end: NSRegularExpression?
    let inner: [Rule]

    init(_ json: [String: Any], repository: [String: [String: Any]]) throws {
      var json = json
      if let include = json["include"] as? String {
        json = try #require(repository[String(include.dropFirst())], "no rule \(include)")
      }
      func regex(_ key: String) throws -> NSRegularExpression? {
        try (json[key] as? String).map { try NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
      }
      name = json["name"] as? String ?? ""
      match = try regex("match")
      begin = try regex("begin")
      end = try regex("end")
      inner = try (json["patterns"] as? [[String: Any]] ?? []).map {
        try Rule($0, repository: repository)
      }
    }
  }

  struct Scoped: Equatable {
    var range: NSRange
    var name: String
  }

  static func grammar() throws -> [Rule] {
    let url = GoldenFile.root.appendingPathComponent("editors/journey.tmLanguage.json")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    #expect(json["scopeName"] as? String == "source.journey")
    let repository = json["repository"] as? [String: [String: Any]] ?? [:]
    return try (json["patterns"] as? [[String: Any]] ?? []).map {
      try Rule($0, repository: repository)
    }
  }

  /// The earliest match of any rule at or after `from`; the first rule wins a tie.
  static func first(_ rules: [Rule], in line: String, from: Int)
    -> (rule: Rule, match: NSTextCheckingResult)?
  {
    let length = (line as NSString).length
    var best: (rule: Rule, match: NSTextCheckingResult)?
    for rule in rules {
      guard let regex = rule.match ?? rule.begin,
        let m = regex.firstMatch(in: line, range: NSRange(location: from, length: length - from))
      else { continue }
      if best == nil || m.range.location < best!.match.range.location { best = (rule, m) }
    }
    return best
  }

  static func scopes(_ line: String, _ rules: [Rule]) -> [Scoped] {
    var out: [Scoped] = []
    let length = (line as NSString).length
    var position = 0
    while position < length, let (rule, m) = first(rules, in: line, from: position) {
      guard let end = rule.end else {
        out.append(Scoped(range: m.range, name: rule.name))
        position = max(m.range.upperBound, position + 1)
        continue
      }
      var inside = m.range.upperBound
      while true {
        let close = end.firstMatch(in: line, range: NSRange(location: inside, length: length - inside))
        let escape = first(rule.inner, in: line, from: inside)
        if let escape, close == nil || escape.match.range.location < close!.range.location {
          out.append(Scoped(range: escape.match.range, name: escape.rule.name))
          inside = escape.match.range.upperBound
          continue
        }
        let stop = close?.range.upperBound ?? length
        out.append(Scoped(range: NSRange(location: m.range.location, length: stop - m.range.location),
                          name: rule.name))
        position = max(stop, position + 1)
        break
      }
    }
    return out
  }

  /// The UTF-16 range of a token's columns in `line`.
  static func utf16Range(_ line: String, _ range: SourceRange) -> NSRange {
    let chars = Array(line)
    let start = String(chars[0..<(range.start.column - 1)]).utf16.count
    let end = String(chars[0..<min(range.end.column - 1, chars.count)]).utf16.count
    return NSRange(location: start, length: end - start)
  }

  @Test func everyTokenOfTheExampleMapsHasTheRightScope() throws {
    let rules = try Self.grammar()
    var checked = 0
    for (name, text) in GoldenFile.exampleMapTexts() {
      for line in parse(Array(text.utf8), file: name).lines {
        let source = line.text
        let found = Self.scopes(source, rules)
        func expect(_ range: NSRange, _ scopes: [String], _ what: String) {
          let covered = found.contains { scopes.contains($0.name) && NSIntersectionRange($0.range, range) == range }
          #expect(covered, "\(name):\(line.number): \(what) is not \(scopes[0]): \(found.map(\.name))")
          checked += 1
        }
        let keywords = Set([0].filter { _ in line.role != .branch && line.role != .none }
                           + line.shape.attributes.map(\.tokens.lowerBound))
        for (k, token) in line.tokens.enumerated() {
          let range = Self.utf16Range(source, token.range)
          switch token.kind {
          case .label: expect(range, ["string.quoted.double.journey"], token.source)
          case .number: expect(range, ["constant.numeric.integer.journey"], token.source)
          case .arrow: expect(range, ["keyword.operator.arrow.journey"], "->")
          case .comma, .colon: expect(range, ["punctuation.separator.journey"], token.source)
          case .word where keywords.contains(k):
            if case .element = line.role, k == 0 {
              expect(range, ["keyword.control.element.journey"], token.text)
            } else {
              expect(range, ["keyword.other.attribute.journey", "keyword.control.element.journey"],
                     token.text)
            }
          case .word:
            expect(range, ["variable.other.id.journey", "constant.language.journey"], token.text)
          case .invalid: Issue.record("example maps have no invalid tokens")
          }
        }
        if let comment = line.trivia.comment {
          let start = (source as NSString).length - (comment as NSString).length
          expect(NSRange(location: start, length: (comment as NSString).length),
                 ["comment.line.number-sign.journey"], comment)
        }
      }
    }
    #expect(checked > 1000)
  }

  @Test func escapesInsideLabelsAndHashesInsideLabels() throws {
    let rules = try Self.grammar()
    let line = #"  touchpoint t "Says \"hi\" # not a comment" feel -2  # a comment"#
    let found = Self.scopes(line, rules).map { ((line as NSString).substring(with: $0.range), $0.name) }
    #expect(found.map(\.0) == [
      "touchpoint", "t", #"\""#, #"\""#, #""Says \"hi\" # not a comment""#, "feel", "-2",
      "# a comment",
    ])
    #expect(found.map(\.1) == [
      "keyword.control.element.journey", "variable.other.id.journey",
      "constant.character.escape.journey", "constant.character.escape.journey",
      "string.quoted.double.journey", "keyword.other.attribute.journey",
      "constant.numeric.integer.journey", "comment.line.number-sign.journey",
    ])
  }
}
