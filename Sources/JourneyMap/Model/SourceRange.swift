/// A position in a source file: 1-based line and 1-based column, counted in characters.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }
}

/// A span of source text on one line; `end` is exclusive.
public struct SourceRange: Hashable, Comparable, Sendable, Codable {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// A range of `length` characters starting at `line`:`column`.
  public init(line: Int, column: Int, length: Int = 1) {
    self.start = SourceLocation(line: line, column: column)
    self.end = SourceLocation(line: line, column: column + max(length, 1))
  }

  public static func < (a: SourceRange, b: SourceRange) -> Bool {
    (a.start, a.end) < (b.start, b.end)
  }
}

/// A name written in the source that refers to another element, with where it was written.
public struct Reference: Hashable, Sendable {
  public var name: String
  public var range: SourceRange

  public init(_ name: String, at range: SourceRange) {
    self.name = name
    self.range = range
  }
}
