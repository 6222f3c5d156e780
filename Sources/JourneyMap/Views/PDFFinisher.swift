/// Makes Graphviz's cairo PDF byte-stable: cairo 1.16 stamps `/CreationDate` with the time of
/// the render and ignores SOURCE_DATE_EPOCH, so the same map gave a different file each
/// second. The date becomes the Unix epoch, written with the same number of bytes so that
/// the cross-reference table's offsets stay right.
public enum PDFFinisher {
  static let stamp = Array("/CreationDate (D:".utf8)
  static let epoch = Array("19700101000000".utf8)

  public static func finish(_ pdf: [UInt8]) -> [UInt8] {
    var out = pdf
    var index = 0
    while index + stamp.count + epoch.count <= out.count {
      guard let start = out[index...].firstIndex(of: stamp[0]) else { break }
      let digits = start + stamp.count
      if out[start...].starts(with: stamp), digits + epoch.count <= out.count,
        out[digits..<(digits + epoch.count)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
      {
        out.replaceSubrange(digits..<(digits + epoch.count), with: epoch)
        index = digits + epoch.count
      } else {
        index = start + 1
      }
    }
    return out
  }
}
