/// A box measured for layout: its size, and each line wrapped to the box's width with the
/// height it takes. Sizes are whole points, because Graphviz's HTML tables take whole points.
public struct MeasuredBox: Sendable {
  public struct MeasuredLine: Sendable {
    public var line: Line
    /// The text, wrapped.
    public var texts: [String]
    /// Width of the prefix column (0 without a prefix).
    public var prefixWidth: Int
    /// Top of the line inside the box, and its height.
    public var top: Int
    public var height: Int
  }

  public var box: Box
  public var width: Int
  public var height: Int
  /// The border's thickness on each side (a double border counts both lines and the gap).
  public var border: Int
  public var padding: Int
  public var lines: [MeasuredLine]

  /// The line's vertical middle inside the box, for connectors leaving from a port.
  public func portY(_ port: String?) -> Double? {
    guard let port, let line = lines.first(where: { $0.line.port == port }) else { return nil }
    return Double(line.top) + Double(line.height) / 2
  }

  /// The middle of the box's first two lines: where connectors enter and leave by default,
  /// so that a row of cards is joined by straight lines.
  public var entryY: Double {
    guard let first = lines.first else { return Double(height) / 2 }
    let second = lines.dropFirst().first
    let bottom = second.map { $0.top + min($0.height, 18) } ?? (first.top + first.height)
    return Double(first.top + bottom) / 2
  }
}

extension Theme {
  /// Measures `box` for a column `columnWidth` wide.
  public func measure(_ box: Box, columnWidth: Double) -> MeasuredBox {
    let border: Int
    switch box.border {
    case .none, .solid, .dashed: border = 1
    case .thick: border = 3
    case .double: border = 4
    }
    if box.shape == .circle {
      let size: Int
      if case .fixed(let w) = box.width { size = Int(w.rounded(.up)) } else { size = Int(point) }
      let line = MeasuredBox.MeasuredLine(line: box.lines.first ?? Line(Run("", size: small)),
                                          texts: [box.lines.first?.text.text ?? ""],
                                          prefixWidth: 0, top: 0, height: size)
      return MeasuredBox(box: box, width: size, height: size, border: 2, padding: 0,
                         lines: [line])
    }
    let pad = Int(padding)
    let width: Int
    switch box.width {
    case .column: width = Int(columnWidth.rounded(.down))
    case .fixed(let w): width = Int(w.rounded(.up))
    case .fit(let limit):
      let widest = box.lines.map { line -> Double in
        lineWidth(line) + (line.fill != nil ? 8 : 0)
      }.max() ?? 0
      width = Int(min(limit, widest + 2 * padding + Double(2 * border)).rounded(.up))
    }
    let inner = Double(width - 2 * pad - 2 * border)
    var lines: [MeasuredBox.MeasuredLine] = []
    var y = pad + border
    for line in box.lines {
      // A tinted line has its own padding inside the tint.
      let tint = line.fill != nil ? 4.0 : 0
      let prefixWidth = line.prefix.map {
        Int((FontMetrics.width($0.text, size: $0.size, bold: $0.bold)
          + FontMetrics.width(" ", size: $0.size)).rounded(.up))
      } ?? 0
      var texts = wrapped(line.text, width: max(inner - Double(prefixWidth) - 2 * tint, 8))
      if let limit = line.maxLines, texts.count > limit {
        texts = Array(texts.prefix(limit))
        texts[limit - 1] = shortened(texts[limit - 1], run: line.text,
                                     width: inner - Double(prefixWidth) - 2 * tint)
      }
      let lineSize = max(line.text.size, line.prefix?.size ?? 0)
      let height = texts.count * Int(lineHeight(lineSize)) + (line.fill != nil ? 4 : 0)
      lines.append(.init(line: line, texts: texts, prefixWidth: prefixWidth, top: y,
                         height: height))
      y += height + 2
    }
    let height = y - 2 + pad + border
    return MeasuredBox(box: box, width: width, height: max(height, 2 * pad + 2 * border),
                       border: border, padding: pad, lines: lines)
  }

  /// The width a line takes unwrapped: prefix, space and text.
  func lineWidth(_ line: Line) -> Double {
    let prefix = line.prefix.map {
      FontMetrics.width($0.text, size: $0.size, bold: $0.bold)
        + FontMetrics.width(" ", size: $0.size)
    } ?? 0
    let lines = line.text.text.split(separator: "\n", omittingEmptySubsequences: false)
    let text = lines.map { FontMetrics.width(String($0), size: line.text.size,
                                             bold: line.text.bold) }.max() ?? 0
    return (prefix + text).rounded(.up)
  }

  /// The run's text wrapped to `width`; a newline in the text always breaks the line.
  func wrapped(_ run: Run, width: Double) -> [String] {
    if !run.text.utf8.contains(UInt8(ascii: "\n")) {
      return FontMetrics.wrap(run.text, width: width, size: run.size, bold: run.bold)
    }
    return run.text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
      FontMetrics.wrap(String($0), width: width, size: run.size, bold: run.bold)
    }
  }

  /// `text` cut so that it and an ellipsis fit `width`.
  func shortened(_ text: String, run: Run, width: Double) -> String {
    var text = text
    let ellipsis = "…"
    while !text.isEmpty
      && FontMetrics.width(text + ellipsis, size: run.size, bold: run.bold) > width
    {
      text.removeLast()
    }
    return text + ellipsis
  }
}
