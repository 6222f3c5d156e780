/// A sheet of paper, the value of `render --paper`: the older name of the paper media
/// (`Medium.a4`, `.a3`, `.letter`), which cut and scale the pictures themselves.
public enum Paper: String, CaseIterable, Sendable {
  case a4, a3, letter

  /// The medium this paper stands for.
  public var medium: Medium {
    switch self {
    case .a4: .a4
    case .a3: .a3
    case .letter: .letter
    }
  }
}

extension Picture.Canvas {
  /// Graphviz's SVG placed on this canvas: `width` and `height` become the canvas's (in its
  /// unit), and the `viewBox` grows around the drawing (centred) so that one natural point is
  /// `scale` units.
  public func placed(svg: String) -> String {
    typealias P = CanvasSVG
    guard let (box, range) = P.viewBox(svg), scale > 0 else { return svg }
    let viewWidth = width / scale
    let viewHeight = height / scale
    let x = box.x - (viewWidth - box.width) / 2
    let y = box.y - (viewHeight - box.height) / 2
    var root = String(svg[range])
    root = P.replacing("viewBox", with: [x, y, viewWidth, viewHeight].map(P.number)
      .joined(separator: " "), in: root)
    root = P.replacing("width", with: P.number(width) + unit, in: root)
    root = P.replacing("height", with: P.number(height) + unit, in: root)
    return String(svg[..<range.lowerBound]) + root + String(svg[range.upperBound...])
  }
}

/// Reading and rewriting the attributes of an SVG's root element.
private enum CanvasSVG {
  static func viewBox(_ svg: String)
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

  static func attribute(_ name: String, in tag: String) -> String? {
    guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
    guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
    return String(tag[start.upperBound..<end])
  }

  static func replacing(_ name: String, with value: String, in tag: String) -> String {
    guard let start = tag.firstRange(of: " \(name)=\""),
      let end = tag[start.upperBound...].firstIndex(of: "\"")
    else { return tag }
    return String(tag[..<start.upperBound]) + value + String(tag[end...])
  }

  static func number(_ value: Double) -> String { number(value, decimals: 2) }

  /// Fixed decimals without Foundation's locale-dependent formatting (the DOT printer's).
  static func number(_ value: Double, decimals: Int) -> String {
    DOTPrinter.number(value, decimals: decimals)
  }
}
