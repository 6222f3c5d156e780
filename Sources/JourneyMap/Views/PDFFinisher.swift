/// Makes Graphviz's cairo PDF byte-stable and, on paper, exactly the paper's size.
///
/// cairo 1.16 stamps `/CreationDate` with the time of the render and ignores
/// SOURCE_DATE_EPOCH, so the same map gave a different file each second: the date becomes the
/// Unix epoch. And Graphviz fits a drawing to `size` keeping its proportions, so a page can
/// come out a little shorter (or a point narrower) than the paper: its `/MediaBox` is then
/// made the paper's, around the drawing. Both edits keep the number of bytes, so the cross-reference offsets stay right.
/// The date's zone (`Z`, `+05'45`) becomes UTC in the same number of bytes; the workers run
/// with TZ=UTC besides, so the zone, and the file's length, never depend on the machine.
public enum PDFFinisher {
  static let stamp = Array("/CreationDate (D:".utf8)
  static let epoch = Array("19700101000000".utf8)

  /// `pdf` with a fixed creation date, every page centred on `paper` (width and height in
  /// points) when given, and `title` in its document information when given.
  public static func finish(_ pdf: [UInt8], paper: (width: Double, height: Double)? = nil,
                            title: String? = nil) -> [UInt8]
  {
    var out = paper.map { fit(pdf, to: $0) } ?? pdf
    if let title { out = titled(out, title) }
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

  /// Replaces cairo's `/MediaBox [ 0 0 W H ]` by the paper's, with the drawing in the middle:
  /// `[0 -D W H+D]` when it is shorter than the paper by more than a point, and a point or
  /// two short of the paper's width (cairo rounds the drawing's size) widened on the right,
  /// when that fits in the same bytes (it does for every paper size, whose numbers have at
  /// most four digits).
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
      // The library does not link libm: rounded by hand.
      var short = Int(paper.height + 0.5) - height
      let narrow = Int(paper.width + 0.5) - width
      if short <= 1 { short = 0 }
      let widened = (1...2).contains(narrow) ? narrow : 0
      guard short > 0 || widened > 0 else { continue }
      let below = short / 2
      let box = "/MediaBox [0 \(below == 0 ? "0" : "-\(below)") \(width + widened) "
        + "\(height + short - below)]"
      let old = close + 1 - start
      guard box.utf8.count <= old else { continue }
      let padded = box.dropLast() + String(repeating: " ", count: old - box.utf8.count) + "]"
      out.replaceSubrange(start..<(close + 1), with: Array(padded.utf8))
    }
    return out
  }

  static let producer = Array("/Producer (".utf8)

  /// `pdf` with `/Title` (UTF-16 with a byte-order mark, as hex, so any text is safe) added
  /// to cairo's document information before its `/Producer`, and every cross-reference
  /// offset after it, and `startxref`, moved by the bytes added. Left as it is when the file
  /// is not laid out as cairo writes it (one classic xref table).
  static func titled(_ pdf: [UInt8], _ title: String) -> [UInt8] {
    guard let at = find(producer, in: pdf, from: 0),
      let xref = findLast(Array("\nxref\n".utf8), in: pdf),
      let startxref = findLast(Array("startxref\n".utf8), in: pdf), at < xref
    else { return pdf }
    let entry = Array("/Title \(hexText(title))\n   ".utf8)
    let delta = entry.count
    var out = Array(pdf[..<at]) + entry + Array(pdf[at...])
    // The table: "xref\n0 N\n" then N entries of 20 bytes, "oooooooooo ggggg n \n".
    let tableStart = xref + delta + 1
    guard let header = out[tableStart...].firstIndex(of: UInt8(ascii: "\n")),
      let subsection = out[(header + 1)...].firstIndex(of: UInt8(ascii: "\n"))
    else { return pdf }
    let counts = String(decoding: out[(header + 1)..<subsection], as: UTF8.self)
      .split(separator: " ").compactMap { Int($0) }
    guard counts.count == 2 else { return pdf }
    var line = subsection + 1
    for _ in 0..<counts[1] {
      guard line + 20 <= out.count, let offset = Int(String(decoding: out[line..<(line + 10)],
                                                             as: UTF8.self)) else { return pdf }
      if offset > at && out[line + 17] == UInt8(ascii: "n") {
        let moved = String(offset + delta)
        guard moved.count <= 10 else { return pdf }
        out.replaceSubrange(line..<(line + 10),
                            with: Array((String(repeating: "0", count: 10 - moved.count) + moved).utf8))
      }
      line += 20
    }
    // startxref's number: the table itself moved too.
    let number = startxref + delta + "startxref\n".utf8.count
    guard let end = out[number...].firstIndex(of: UInt8(ascii: "\n")),
      let old = Int(String(decoding: out[number..<end], as: UTF8.self))
    else { return pdf }
    out.replaceSubrange(number..<end, with: Array(String(old + delta).utf8))
    return out
  }

  /// `text` as a PDF text string: UTF-16 with a byte-order mark, in hex (`<FEFF...>`), so
  /// that any character is safe.
  static func hexText(_ text: String) -> String {
    var hex = "<FEFF"
    let digits = Array("0123456789ABCDEF".utf8)
    for unit in text.utf16 {
      for shift in [12, 8, 4, 0] {
        hex.append(Character(Unicode.Scalar(digits[Int(unit >> UInt16(shift)) & 15])))
      }
    }
    return hex + ">"
  }

  static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard let first = pattern.first else { return nil }
    var index = start
    while let found = bytes[index...].firstIndex(of: first) {
      if bytes[found...].starts(with: pattern) { return found }
      index = found + 1
    }
    return nil
  }

  static func findLast(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
    var last: Int?
    var index = 0
    while let found = find(pattern, in: bytes, from: index) {
      last = found
      index = found + 1
    }
    return last
  }
}
