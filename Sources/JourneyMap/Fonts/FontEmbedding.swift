/// Fonts carried inside an SVG: the characters each face of the picture's font draws, and an
/// `@font-face` per face with the subset as a base64 TrueType, so the picture looks the same
/// on a machine without DejaVu Sans (where ◉, ⚑ and ╌ would otherwise be empty boxes).
public enum FontEmbedding {
  /// A face of the family: what `font-weight` and `font-style` ask for.
  public enum Face: String, CaseIterable, Sendable, Hashable {
    case regular, bold, oblique, boldOblique

    var weight: String { self == .bold || self == .boldOblique ? "bold" : "normal" }
    var style: String { self == .oblique || self == .boldOblique ? "italic" : "normal" }
  }

  /// The characters the `<text>` elements of `svg` draw in `family`, by face.
  public static func characters(in svg: String, family: String = Style.font)
    -> [Face: Set<Unicode.Scalar>]
  {
    var found: [Face: Set<Unicode.Scalar>] = [:]
    var rest = Substring(svg)
    while let open = rest.firstRange(of: "<text") {
      guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
      let tag = rest[open.upperBound..<close]
      guard let end = rest[close...].firstRange(of: "</text>") else { break }
      let content = rest[rest.index(after: close)..<end.lowerBound]
      rest = rest[end.upperBound...]
      guard attribute("font-family", in: tag)?.hasPrefix(family) ?? false else { continue }
      let bold = attribute("font-weight", in: tag) == "bold"
      let italic = attribute("font-style", in: tag) == "italic"
      let face: Face = bold ? (italic ? .boldOblique : .bold) : (italic ? .oblique : .regular)
      found[face, default: []].formUnion(decoded(content).unicodeScalars)
    }
    return found
  }

  private static func attribute(_ name: String, in tag: Substring) -> String? {
    guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
    let value = tag[start.upperBound...]
    return String(value.prefix { $0 != "\"" })
  }

  /// Text with XML's character references and five named entities decoded.
  static func decoded(_ text: Substring) -> String {
    var out = ""
    var rest = text
    while let amp = rest.firstIndex(of: "&") {
      out += rest[..<amp]
      guard let semi = rest[amp...].firstIndex(of: ";") else {
        rest = rest[amp...]
        break
      }
      let entity = rest[rest.index(after: amp)..<semi]
      switch entity {
      case "amp": out += "&"
      case "lt": out += "<"
      case "gt": out += ">"
      case "quot": out += "\""
      case "apos": out += "'"
      default:
        let hex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
        let digits = entity.dropFirst(hex ? 2 : 1)
        if entity.hasPrefix("#"), let value = UInt32(digits, radix: hex ? 16 : 10),
          let scalar = Unicode.Scalar(value)
        {
          out.unicodeScalars.append(scalar)
        }
      }
      rest = rest[rest.index(after: semi)...]
    }
    return out + rest
  }

  /// `svg` with a `<style>` of `@font-face` rules, one per face in `fonts` (subset TrueType
  /// bytes), right after its `<desc>` (or its root tag), in the order of `Face`.
  public static func embed(_ svg: String, fonts: [Face: [UInt8]], family: String = Style.font)
    -> String
  {
    guard !fonts.isEmpty else { return svg }
    var style = "\n<defs><style>"
    for face in Face.allCases {
      guard let bytes = fonts[face] else { continue }
      style += "@font-face{font-family:\"\(family)\";font-weight:\(face.weight);"
        + "font-style:\(face.style);src:url(data:font/ttf;base64,\(base64(bytes))) "
        + "format(\"truetype\")}"
    }
    style += "</style></defs>"
    let anchor = svg.firstRange(of: "</desc>")?.upperBound
      ?? svg.firstRange(of: "<svg")
      .flatMap { svg[$0.upperBound...].firstIndex(of: ">") }.map { svg.index(after: $0) }
    guard let anchor else { return svg }
    return String(svg[..<anchor]) + style + String(svg[anchor...])
  }

  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// `bytes` in base64 (RFC 4648, padded, no line breaks).
  public static func base64(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i < bytes.count {
      let b0 = UInt32(bytes[i])
      let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
      let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
      let triple = b0 << 16 | b1 << 8 | b2
      out.append(alphabet[Int(triple >> 18 & 63)])
      out.append(alphabet[Int(triple >> 12 & 63)])
      out.append(i + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
      out.append(i + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
      i += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
