/// A sheet of paper in landscape, for `render --paper`: its size, the margin a printer leaves,
/// and how a laid-out page is scaled onto it.
///
/// A view drawn for paper is split into pages (`MapView.pages`), each laid out by Graphviz at
/// its natural size (72 points to the inch, text at 10 pt and more) and then scaled so that
/// it fits inside the margins, centred. The split aims at a scale of at least
/// `minimumScale`, so the smallest text prints at 7 pt or more.
public enum Paper: String, CaseIterable, Sendable {
  case a4, a3, letter

  /// Landscape width in points (297 mm and 420 mm).
  public var width: Double {
    switch self {
    case .a4: 842
    case .a3: 1191
    case .letter: 792
    }
  }

  /// Landscape height in points (210 mm and 297 mm).
  public var height: Double {
    switch self {
    case .a4: 595
    case .a3: 842
    case .letter: 612
    }
  }

  /// The margin on every side, in points (about 4 mm): what office printers leave unprinted.
  public static let margin = 12.0

  /// The smallest text in the views is 10 pt; at this scale it prints at 7 pt.
  public static let minimumScale = 0.7

  /// The largest drawing, in natural points, that fits inside the margins at `minimumScale`.
  var budget: (width: Double, height: Double) {
    ((width - 2 * Self.margin) / Self.minimumScale, (height - 2 * Self.margin) / Self.minimumScale)
  }

  /// The largest drawing, in natural points, that fits inside the margins when its smallest
  /// text, `smallestText` points, is to print at 7 pt.
  func budget(smallestText: Double) -> (width: Double, height: Double) {
    let scale = 7 / smallestText
    return ((width - 2 * Self.margin) / scale, (height - 2 * Self.margin) / scale)
  }

  /// The scale at which a drawing of `width` × `height` natural points fills the space inside
  /// the margins; never above 1, so a small page is not blown up past the others.
  public func scale(width drawingWidth: Double, height drawingHeight: Double) -> Double {
    guard drawingWidth > 0, drawingHeight > 0 else { return 1 }
    return min((width - 2 * Self.margin) / drawingWidth,
               (height - 2 * Self.margin) / drawingHeight, 1)
  }

  /// `dot` with `size` and `margin` set so that Graphviz's cairo output (PDF, PNG) is exactly
  /// this paper: the drawing scaled by `scale` and centred. cairo makes the page the drawing's
  /// size plus the margins, so the margins take up what the drawing leaves.
  public func fitted(dot: String, width drawingWidth: Double, height drawingHeight: Double,
                     scale: Double) -> String {
    let w = drawingWidth * scale
    let h = drawingHeight * scale
    let attributes = "size=\"\(Self.inches(w)),\(Self.inches(h))\" "
      + "margin=\"\(Self.inches((width - w) / 2)),\(Self.inches((height - h) / 2))\""
    guard let close = dot.lastIndex(of: "}") else { return dot }
    return String(dot[..<close]) + "  " + attributes + "\n" + String(dot[close...])
  }

  /// Graphviz's SVG made a page of this paper: `width` and `height` become the paper's, and the
  /// `viewBox` grows around the drawing (centred) so that it is drawn at `scale`.
  public func fitted(svg: String, scale: Double) -> String {
    Self.fitted(svg: svg, width: width, height: height, scale: scale, unit: "pt")
  }

  /// Graphviz's SVG placed on a canvas of `width` × `height` `unit`s ("pt" or "px"): the
  /// `viewBox` grows around the drawing (centred) so that one natural point is `scale` units.
  public static func fitted(svg: String, width: Double, height: Double, scale: Double,
                            unit: String) -> String {
    guard let (box, range) = Self.viewBox(svg), scale > 0 else { return svg }
    let viewWidth = width / scale
    let viewHeight = height / scale
    let x = box.x - (viewWidth - box.width) / 2
    let y = box.y - (viewHeight - box.height) / 2
    var root = String(svg[range])
    root = Self.replacing("viewBox", with: [x, y, viewWidth, viewHeight].map(Self.number)
      .joined(separator: " "), in: root)
    root = Self.replacing("width", with: Self.number(width) + unit, in: root)
    root = Self.replacing("height", with: Self.number(height) + unit, in: root)
    return String(svg[..<range.lowerBound]) + root + String(svg[range.upperBound...])
  }

  /// The natural size of Graphviz's SVG drawing, from its `viewBox`.
  public static func drawingSize(svg: String) -> (width: Double, height: Double)? {
    viewBox(svg).map { ($0.box.width, $0.box.height) }
  }

  private static func viewBox(_ svg: String)
    -> (box: (x: Double, y: Double, width: Double, height: Double), root: Range<String.Index>)?
  {
    guard let start = svg.firstRange(of: "<svg"),
      let end = svg[start.upperBound...].firstIndex(of: ">")
    else { return nil }
    let root = start.lowerBound..<svg.index(after: end)
    guard let value = attribute("viewBox", in: String(svg[root])) else { return nil }
    let numbers = value.split(separator: " ").compactMap { Double($0) }
    guard numbers.count == 4, numbers.allSatisfy({ $0.isFinite }) else { return nil }
    return ((numbers[0], numbers[1], numbers[2], numbers[3]), root)
  }

  private static func attribute(_ name: String, in tag: String) -> String? {
    guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
    guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
    return String(tag[start.upperBound..<end])
  }

  private static func replacing(_ name: String, with value: String, in tag: String) -> String {
    guard let start = tag.firstRange(of: " \(name)=\""),
      let end = tag[start.upperBound...].firstIndex(of: "\"")
    else { return tag }
    return String(tag[..<start.upperBound]) + value + String(tag[end...])
  }

  /// Points as inches with four decimals: enough for a tenth of a point.
  private static func inches(_ points: Double) -> String {
    number(max(points, 0) / 72, decimals: 4)
  }

  private static func number(_ value: Double) -> String { number(value, decimals: 2) }

  /// Fixed decimals without Foundation's locale-dependent formatting (the DOT printer's).
  private static func number(_ value: Double, decimals: Int) -> String {
    DOTPrinter.number(value, decimals: decimals)
  }
}
