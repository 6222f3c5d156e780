/// How much a picture says about each step.
public enum Detail: String, CaseIterable, Sendable {
  /// Everything: cards with owners, tools and answers, every annotation.
  case full
  /// Numbered steps, labels of at most two lines, the curve and counts per step; the
  /// details follow as a numbered list under the picture.
  case overview
}

/// Where a picture goes, and what that promises: how big its text is once placed, and how
/// the board is cut into rows, pages or slides to keep that promise.
public enum Medium: String, CaseIterable, Sendable {
  /// One picture, full detail, at most 3:1 wide: a long journey wraps onto rows of stages.
  case poster
  /// 16:9 slides of 1920×1080 px: an overview, then consecutive stages at 24 px labels.
  case screen
  /// Landscape pages, several stages to a page, text at 8 pt or more.
  case a4, a3, letter
  /// A picture for a document, laid out at the column's width (480 pt unless told).
  case column

  /// The widest a poster may be, for its height.
  public static let posterAspect = 3.0
  /// The smallest text printed on paper, in points.
  public static let paperText = 8.0
  /// The smallest text and the step labels in a document column, in points.
  public static let columnText = 6.5
  public static let columnLabel = 8.0
  /// Slides, in pixels.
  public static let slide = (width: 1920.0, height: 1080.0)
  public static let slideLabel = 24.0
  public static let slideStage = 32.0
  /// A board of at least this many lanes (a silo diagram of many owners) may take portrait
  /// sheets when they need fewer pages.
  public static let portraitLanes = 6
  /// The unprinted margin of a sheet, in points.
  public static let paperMargin = 12.0

  /// The sheet, landscape, in points.
  public var sheet: (width: Double, height: Double)? {
    switch self {
    case .a4: (842, 595)
    case .a3: (1191, 842)
    case .letter: (792, 612)
    default: nil
    }
  }

  /// The scale (output units per natural point) that keeps this medium's promises for
  /// `theme`; nil for a poster, which is drawn at its natural size.
  public func minimumScale(_ theme: Theme) -> Double? {
    switch self {
    case .poster: nil
    case .screen: max(Self.slideLabel / theme.label, Self.slideStage / theme.stage)
    case .a4, .a3, .letter: Self.paperText / theme.small
    case .column: max(Self.columnText / theme.small, Self.columnLabel / theme.label)
    }
  }
}

/// One picture to draw: a board laid out, with the size it is placed at.
public struct Picture: Sendable {
  public enum Source: Sendable {
    /// A board laid out with a theme, which the DOT printer must use too.
    case board(Board, BoardLayout, Theme)
  }

  /// The size a picture is placed at, and the scale from natural points to it.
  public struct Canvas: Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var scale: Double
    /// "pt" for print and documents, "px" for slides.
    public var unit: String
  }

  public var source: Source
  /// The start of the DOT, written before the board was laid out (a poster's), if any.
  public var prelude: DOTPrinter.Prelude?
  /// "page-2", "slide-3"; nil for a single picture.
  public var part: String?
  public var title: String
  public var summary: String
  /// Nil: the natural size.
  public var canvas: Canvas?
  /// What a reader's bookmark calls a page or slide: "Cover", "Stages Ask – Pay", "Details";
  /// nil for a single picture.
  public var heading: String?

  /// The DOT text Graphviz draws. For cairo formats the canvas is written into the graph
  /// (`size`, `margin`, `dpi`), so the file is exactly the canvas; SVG keeps its natural
  /// coordinates and gets the canvas as its `width` and `height` when finished.
  public func dot(forCairo: Bool = false) -> String {
    dot(forCairo: forCairo, limit: .max) ?? ""
  }

  /// The DOT text as UTF-8 bytes, or nil when it would pass `limit` bytes.
  public func dotBytes(forCairo: Bool = false, limit: Int) -> [UInt8]? {
    switch source {
    case .board(let board, let layout, let theme):
      return DOTPrinter.bytes(layout, board: board, theme: theme,
                              canvas: forCairo ? canvas : nil, prelude: prelude, limit: limit)
    }
  }

  /// Writes the DOT text (UTF-8) to `sink` in pieces as it is made (see `DOTPrinter.write`);
  /// false when it would pass `limit` bytes, and what was handed on is then incomplete.
  /// `afterPrelude`: the prelude was written already (with its `write`), the rest follows.
  public func writeDOT(forCairo: Bool = false, afterPrelude: Bool = false, limit: Int,
                       piece: Int = 1 << 16,
                       to sink: @escaping (UnsafeRawBufferPointer) -> Void) -> Bool {
    switch source {
    case .board(let board, let layout, let theme):
      var prelude = prelude
      if !afterPrelude, prelude?.write(limit: limit, piece: piece, to: sink) == false {
        return false
      }
      return DOTPrinter.write(layout, board: board, theme: theme,
                              canvas: forCairo ? canvas : nil, after: prelude, limit: limit,
                              piece: piece, to: sink)
    }
  }

  /// The DOT text, or nil when it would pass `limit` bytes (`RenderBounds.dotBytes`).
  public func dot(forCairo: Bool = false, limit: Int) -> String? {
    dotBytes(forCairo: forCairo, limit: limit).map { String(decoding: $0, as: UTF8.self) }
  }
}
