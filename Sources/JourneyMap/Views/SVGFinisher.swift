/// Turns the SVG Graphviz writes into one that embeds well: self-contained, accessible,
/// free of version comments, with fonts that fall back gracefully.
///
/// What changes, and why:
/// - The `<!DOCTYPE>` (an external DTD reference) and every comment go: the comments hold
///   Graphviz's version and node names, which churn diffs and say nothing to a reader.
/// - `<svg>` gains `role="img"` and `aria-labelledby`, and its first children become a
///   `<title>` and a `<desc>` written from our model, so screen readers announce the map.
/// - `width` and `height` stay in points as Graphviz measured them (72 pt to the inch), made
///   exactly the viewBox's size where Graphviz rounded them: the picture prints at the size
///   its 14 pt text was laid out for, and the `viewBox` lets a document scale it
///   (`width: 100%; height: auto`) without distortion.
/// - Every `font-family` ends in generic fallbacks; a face written as "DejaVu Sans Bold"
///   becomes the family "DejaVu Sans" with `font-weight="bold"`, which browsers understand.
/// - Links to anything but a fragment of the same file, `<image>` elements and `on…` event
///   attributes are removed: the file references nothing and runs nothing.
/// - `fill`/`stroke` "transparent" (not SVG 1.1) become "none", for print and vector tools.
/// Text between tags is never touched: Graphviz has already escaped it.
public enum SVGFinisher {
  /// The fonts appended after a sans-serif family. Verdana is as wide as DejaVu Sans, so text
  /// still fits its box where DejaVu is missing; Arial is narrower, which never overflows.
  public static let sansFallbacks = ["Verdana", "Arial", "sans-serif"]

  /// Finishes `svg` (Graphviz's output). `title` and `description` become the document's
  /// `<title>` and `<desc>`; `id` (made safe for XML) prefixes their ids, so that several
  /// pictures can be inlined in one HTML page.
  public static func finish(_ svg: String, title: String, description: String, id: String)
    -> String
  {
    let prefix = xmlID(id)
    var out = ""
    out.reserveCapacity(svg.utf8.count + 256)
    var rest = svg[...]
    var seenRoot = false
    while let open = rest.firstIndex(of: "<") {
      out += rest[..<open]
      let markup = rest[open...]
      if markup.hasPrefix("<!--") {
        let close = markup.firstRange(of: "-->")?.upperBound ?? markup.endIndex
        rest = skipNewline(after: close, in: markup)
      } else if markup.hasPrefix("<!") {
        // <!DOCTYPE ...>: Graphviz writes no internal subset, so it ends at the first
        // '>' outside quotes.
        rest = skipNewline(after: endOfTag(markup), in: markup)
      } else if markup.hasPrefix("<?") || markup.hasPrefix("</") {
        let end = endOfTag(markup)
        out += markup[..<end]
        rest = markup[end...]
      } else {
        let end = endOfTag(markup)
        var tag = Tag(markup[..<end])
        rest = markup[end...]
        if tag.name == "image" || tag.name == "script" {
          // Graphviz writes <image .../> for image attributes; we never want the reference.
          rest = skipNewline(after: rest.startIndex, in: rest)
          continue
        }
        tag.finishAttributes()
        if tag.name == "svg" && !seenRoot {
          seenRoot = true
          tag.alignSizeWithViewBox()
          tag.set("role", "img")
          tag.set("aria-labelledby", "\(prefix)-title \(prefix)-desc")
          out += tag.text
          out += "\n<title id=\"\(prefix)-title\">\(escape(title))</title>"
          out += "\n<desc id=\"\(prefix)-desc\">\(escape(description))</desc>"
        } else {
          out += tag.text
        }
      }
    }
    out += rest
    return out
  }

  /// Escapes text for XML character data or a double-quoted attribute value. Characters XML
  /// 1.0 forbids become U+FFFD, so a control character cannot make the file unreadable.
  public static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\n", "\r", "\t": out += " "
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
        {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// `text` as an XML id: letters, digits, `-` and `_` kept, anything else `_`, and a
  /// leading letter guaranteed.
  static func xmlID(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      let ascii = scalar.isASCII ? Character(scalar) : "_"
      out.append(ascii.isLetter || ascii.isNumber || ascii == "-" || ascii == "_" ? ascii : "_")
    }
    if let first = out.first, first.isLetter { return out }
    return "svg-" + out
  }

  /// The index just past the `>` that closes the tag at the start of `markup`.
  private static func endOfTag(_ markup: Substring) -> Substring.Index {
    var quote: Character?
    var index = markup.startIndex
    while index < markup.endIndex {
      let char = markup[index]
      if let open = quote {
        if char == open { quote = nil }
      } else if char == "\"" || char == "'" {
        quote = char
      } else if char == ">" {
        return markup.index(after: index)
      }
      index = markup.index(after: index)
    }
    return markup.endIndex
  }

  private static func skipNewline(after index: Substring.Index, in text: Substring) -> Substring {
    let rest = text[index...]
    return rest.first == "\n" ? rest.dropFirst() : rest
  }
}

/// A start tag taken apart into its name and attributes, written back only when changed.
private struct Tag {
  var original: Substring
  var name: Substring
  var attributes: [(name: String, value: String)] = []
  var selfClosing: Bool
  var changed = false

  init(_ text: Substring) {
    original = text
    var body = text.dropFirst()  // "<"
    if body.hasSuffix(">") { body = body.dropLast() }
    selfClosing = body.hasSuffix("/")
    if selfClosing { body = body.dropLast() }
    let nameEnd = body.firstIndex { $0 == " " || $0 == "\n" || $0 == "\t" } ?? body.endIndex
    name = body[..<nameEnd]
    var rest = body[nameEnd...]
    while true {
      rest = rest.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
      guard let equals = rest.firstIndex(of: "=") else { break }
      let attribute = trimmed(rest[..<equals])
      rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\n" }
      guard let quote = rest.first, quote == "\"" || quote == "'" else { break }
      rest = rest.dropFirst()
      let close = rest.firstIndex(of: quote) ?? rest.endIndex
      attributes.append((attribute, String(rest[..<close])))
      rest = close < rest.endIndex ? rest[rest.index(after: close)...] : rest[close...]
    }
  }

  var text: String {
    if !changed { return String(original) }
    var out = "<" + name
    for attribute in attributes { out += " \(attribute.name)=\"\(attribute.value)\"" }
    return out + (selfClosing ? "/>" : ">")
  }

  func value(_ attribute: String) -> String? {
    attributes.first { $0.name == attribute }?.value
  }

  mutating func set(_ attribute: String, _ value: String) {
    changed = true
    if let index = attributes.firstIndex(where: { $0.name == attribute }) {
      attributes[index].value = value
    } else {
      attributes.append((attribute, value))
    }
  }

  mutating func remove(where predicate: ((name: String, value: String)) -> Bool) {
    let before = attributes.count
    attributes.removeAll(where: predicate)
    if attributes.count != before { changed = true }
  }

  /// Graphviz rounds `width` and `height` to whole points ("2213pt" for a 2212.50 viewBox),
  /// which stretches the picture by a fraction; at scale 1 the viewBox's own size is exact.
  /// A graph with `size` is scaled on purpose, and its sizes differ by more: left alone.
  mutating func alignSizeWithViewBox() {
    let box = (value("viewBox") ?? "").split(separator: " ").compactMap { Double($0) }
    guard box.count == 4 else { return }
    for (attribute, exact) in [("width", box[2]), ("height", box[3])] {
      guard let written = value(attribute), written.hasSuffix("pt"),
        let points = Double(written.dropLast(2)), abs(points - exact) <= 1,
        exact.isFinite, exact < 1e9
      else { continue }
      let text = exact == Double(Int(exact)) ? String(Int(exact)) : String(exact)
      if text + "pt" != written { set(attribute, text + "pt") }
    }
  }

  mutating func finishAttributes() {
    remove { attribute in
      let isLink = attribute.name == "href" || attribute.name.hasSuffix(":href")
      return (isLink && !attribute.value.hasPrefix("#")) || attribute.name.hasPrefix("on")
    }
    for paint in ["fill", "stroke"] where value(paint) == "transparent" {
      set(paint, "none")
    }
    if let family = value("font-family") {
      let font = FontFamily(family)
      if font.list != family { set("font-family", font.list) }
      if font.bold && value("font-weight") == nil { set("font-weight", "bold") }
      if font.italic && value("font-style") == nil { set("font-style", "italic") }
    }
  }
}

/// A `font-family` value with generic fallbacks added, and a face's style words moved out.
private struct FontFamily {
  var list: String
  var bold = false
  var italic = false

  static let generics: Set<String> = [
    "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
  ]

  init(_ value: String) {
    var families = value.split(separator: ",").map(trimmed)
    guard var first = families.first else {
      list = value
      return
    }
    // Graphviz passes fontconfig names through: "DejaVu Sans Bold", "DejaVu Sans:bold".
    first = String(first.map { $0 == ":" ? " " : $0 })
    var words = first.split(separator: " ").map(String.init)
    while let last = words.last, words.count > 1 {
      switch last.lowercased() {
      case "bold": bold = true
      case "italic", "oblique": italic = true
      default: break
      }
      guard ["bold", "italic", "oblique"].contains(last.lowercased()) else { break }
      words.removeLast()
    }
    families[0] = words.joined(separator: " ")

    if !families.contains(where: { Self.generics.contains($0.lowercased()) }) {
      let lower = families[0].lowercased()
      if lower.contains("mono") || lower.contains("courier") {
        families.append("monospace")
      } else if lower.contains("serif") && !lower.contains("sans") || lower.contains("times") {
        families.append("serif")
      } else {
        families += SVGFinisher.sansFallbacks.filter { !families.contains($0) }
      }
    }
    list = families.joined(separator: ",")
  }
}

/// `text` without spaces, tabs and newlines at either end.
private func trimmed(_ text: Substring) -> String {
  let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
  return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
}
