/// Makes Graphviz's cairo PDF byte-stable and, on paper, exactly the paper's size.
///
/// cairo 1.16 stamps `/CreationDate` with the time of the render and ignores
/// SOURCE_DATE_EPOCH, so the same map gave a different file each second: the date becomes the
/// Unix epoch. And Graphviz fits a drawing to `size` keeping its proportions, so a page can
/// come out a little shorter than the paper: its `/MediaBox` is then widened around the
/// drawing. Both edits keep the number of bytes, so the cross-reference offsets stay right.
/// The date's zone (`Z`, `+05'45`) becomes UTC in the same number of bytes; the workers run
/// with TZ=UTC besides, so the zone, and the file's length, never depend on the machine.
public enum PDFFinisher {
  static let stamp = Array("/CreationDate (D:".utf8)
  static let epoch = Array("19700101000000".utf8)

  /// `pdf` with a fixed creation date, and with every page centred on `paper` (width and
  /// height in points) when given.
  public static func finish(_ pdf: [UInt8], paper: (width: Double, height: Double)? = nil)
    -> [UInt8]
  {
    var out = paper.map { fit(pdf, to: $0) } ?? pdf
    var index = 0
    while index + stamp.count + epoch.count <= out.count {
      guard let start = out[index...].firstIndex(of: stamp[0]) else { break }
      let digits = start + stamp.count
      if out[start...].starts(with: stamp), digits + epoch.count <= out.count,
        out[digits..<(digits + epoch.count)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
      {
        out.replaceSubrange(digits..<(digits + epoch.count), with: epoch)
        index = digits + epoch.count
        if let close = out[index...].prefix(8).firstIndex(of: UInt8(ascii: ")")) {
          let zone = utc(length: close - index)
          if let zone { out.replaceSubrange(index..<close, with: zone) }
          index = close
        }
      } else {
        index = start + 1
      }
    }
    return out
  }

  /// UTC written in `length` bytes as a PDF date's zone: `Z`, `+00'00` or `+00'00'`.
  static func utc(length: Int) -> [UInt8]? {
    switch length {
    case 0: return []
    case 1: return Array("Z".utf8)
    case 6: return Array("+00'00".utf8)
    case 7: return Array("+00'00'".utf8)
    default: return nil
    }
  }

  static let mediaBox = Array("/MediaBox [ 0 0 ".utf8)

  /// Replaces cairo's `/MediaBox [ 0 0 W H ]` by one of the paper's height with the drawing in
  /// the middle, `[0 -D W H+D]`, when that fits in the same bytes (it does for every paper
  /// size, whose numbers have at most four digits). A width within a point is left alone.
  static func fit(_ pdf: [UInt8], to paper: (width: Double, height: Double)) -> [UInt8] {
    var out = pdf
    var index = 0
    while let start = out[index...].firstIndex(of: mediaBox[0]) {
      index = start + 1
      guard out[start...].starts(with: mediaBox),
        let close = out[start...].firstIndex(of: UInt8(ascii: "]"))
      else { continue }
      let numbers = String(decoding: out[(start + mediaBox.count)..<close], as: UTF8.self)
        .split(separator: " ").compactMap { Int($0) }
      guard numbers.count == 2 else { continue }
      let (width, height) = (numbers[0], numbers[1])
      let short = Int(paper.height + 0.5) - height  // the library does not link libm
      guard short > 1 else { continue }
      let below = short / 2
      let box = "/MediaBox [0 -\(below) \(width) \(height + short - below)]"
      let old = close + 1 - start
      guard box.utf8.count <= old else { continue }
      let padded = box.dropLast() + String(repeating: " ", count: old - box.utf8.count) + "]"
      out.replaceSubrange(start..<(close + 1), with: Array(padded.utf8))
    }
    return out
  }
}
