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
/// - Graphviz's `<title>` in every group goes: it names DOT nodes, not things a reader knows.
/// - `fill`/`stroke` "transparent" (not SVG 1.1) become "none", for print and vector tools.
/// - With an id prefix, every `id` and every reference to one (`url(#…)`, `href="#…"`) gets
///   it in front, so that several pictures inlined in one HTML page never share an id.
/// Text between tags is never touched: Graphviz has already escaped it.
public enum SVGFinisher {
  /// The fonts appended after a sans-serif family. Verdana is as wide as DejaVu Sans, so text
  /// still fits its box where DejaVu is missing; Arial is narrower, which never overflows.
  public static let sansFallbacks = ["Verdana", "Arial", "sans-serif"]

  /// Finishes `svg` (Graphviz's output). `title` and `description` become the document's
  /// `<title>` and `<desc>`; `id` (made safe for XML) prefixes their ids, so that several
  /// pictures can be inlined in one HTML page. `idPrefix` (see `isIDPrefix`) goes in front
  /// of every id in the picture and of every reference to one, the title's and desc's too.
  public static func finish(_ svg: String, title: String, description: String, id: String,
                            idPrefix: String = "") -> String
  {
    String(decoding: finish(Array(svg.utf8), title: title, description: description, id: id,
                            idPrefix: idPrefix),
           as: UTF8.self)
  }

  /// `finish` on the bytes Graphviz wrote, giving the bytes to write: a 1,000-step map's SVG
  /// is 3 MB, and each conversion to and from `String` validated all of it again.
  public static func finish(_ input: [UInt8], title: String, description: String, id: String,
                            idPrefix: String = "") -> [UInt8]
  {
    var stream = Stream(title: title, description: description, id: id, idPrefix: idPrefix)
    stream.input = input
    return stream.end()
  }

  /// `finish` fed piece by piece, as the layout worker writes its SVG: each piece is finished
  /// as far as its markup is complete, so by the time Graphviz has written its last byte
  /// little is left to do. The bytes are exactly `finish`'s, however the input is cut.
  /// `capacity`: about how large the SVG will be, so the output is not copied as it grows.
  public struct Stream: Sendable {
    // Works on UTF-8 bytes: every delimiter is ASCII, and a 1,000-step map's SVG has tens of
    // thousands of tags, which Character-by-Character scanning made the slowest step.
    let title: String
    let description: String
    let idPrefix: String
    let prefix: String
    fileprivate var input: [UInt8] = []
    /// Where the next construct starts in `input`; everything before it is in `out`.
    private var i = 0
    private var out: [UInt8] = []
    private var fonts: [String: FontFamily] = [:]
    private var lastFont: (bytes: [UInt8], family: String, font: FontFamily)?
    private var seenRoot = false

    public init(title: String, description: String, id: String, idPrefix: String = "",
                capacity: Int = 0) {
      self.title = title
      self.description = description
      self.idPrefix = idPrefix
      prefix = idPrefix + xmlID(id)
      out.reserveCapacity(capacity + 1024)
    }

    /// Takes the next piece of Graphviz's SVG and finishes what of it is complete.
    public mutating func feed(_ piece: UnsafeRawBufferPointer) {
      input.append(contentsOf: piece)
      run(complete: false)
      // Only the unfinished end is kept: a few bytes, where the input was megabytes.
      if i > 0 {
        input.removeSubrange(0..<i)
        i = 0
      }
    }

    /// How many finished bytes wait to be taken (`take`).
    public var finishedCount: Int { out.count }

    /// Hands the bytes finished so far to `write` and forgets them: what `end` returns then
    /// follows on from them (the pieces taken, then `end`'s, are `finish`'s bytes).
    public mutating func take(_ write: (UnsafeRawBufferPointer) -> Void) {
      guard !out.isEmpty else { return }
      out.withUnsafeBytes { write($0) }
      out.removeAll(keepingCapacity: true)
    }

    /// The finished SVG, once the last piece is fed (what `take` has not taken of it).
    public mutating func end() -> [UInt8] {
      if out.isEmpty { out.reserveCapacity(input.count + 256) }
      run(complete: true)
      return out
    }

    /// Finishes constructs from `i` on. Unless `complete`, stops before one whose end (or
    /// the byte after it, for the newline dropped with it) has not arrived yet.
    private mutating func run(complete: Bool) {
      // Past the end of what arrived: wait for more, unless everything has.
      func waits(_ index: Int?) -> Bool { !complete && (index ?? input.count) >= input.count }
      while i < input.count {
        guard let open = next(UInt8(ascii: "<"), in: input, from: i) else {
          // Text between tags is copied as it is, so what arrived of it can go now.
          out += input[i...]
          i = input.count
          break
        }
        out += input[i..<open]
        i = open
        if waits(open + 1) { break }
        let markup = input[open...]
        let second = open + 1 < input.count ? input[open + 1] : 0
        let plain = second != UInt8(ascii: "!") && second != UInt8(ascii: "?")
          && second != UInt8(ascii: "/")
        // A comment may hold a lone quote, so its end is looked for as a comment's only.
        let isComment = markup.starts(with: Marks.comment)
        let tagEnd = isComment ? nil : endOfTag(markup)
        if !isComment && tagEnd == nil && !complete { break }
        let close = tagEnd ?? input.count
        if plain && idPrefix.isEmpty {
          // Most tags need nothing, or only their font list: copied as bytes, not taken apart.
          if quickly(input[open..<close], fonts: &fonts, lastFont: &lastFont, into: &out) {
            i = close
            continue
          }
        }
        if isComment {
          let commentEnd = SVGFinisher.end(of: Marks.commentEnd, in: markup)
          if commentEnd == nil && !complete { break }
          let close = commentEnd ?? input.count
          if waits(close) { break }
          i = skipNewline(after: close, in: input)
        } else if markup.starts(with: Marks.declaration) {
          // <!DOCTYPE ...>: Graphviz writes no internal subset, so it ends at the first
          // '>' outside quotes.
          if waits(close) { break }
          i = skipNewline(after: close, in: input)
        } else if markup.starts(with: Marks.instruction) || markup.starts(with: Marks.endTag) {
          out += input[open..<close]
          i = close
        } else {
          var tag = Tag(input[open..<close])
          if tag.name == "title" {
            // Graphviz's own titles hold its node names ("step-3", "cluster_stage-ask"):
            // screen readers and tooltips would read them out. Ours is the first child of
            // <svg>.
            let titleEnd = SVGFinisher.end(of: Marks.titleEnd, in: input[close...])
            if titleEnd == nil && !complete { break }
            let after = titleEnd ?? input.count
            if waits(after) { break }
            i = skipNewline(after: after, in: input)
            continue
          }
          if tag.name == "image" || tag.name == "script" {
            // Graphviz writes <image .../> for image attributes; we never want the reference.
            if waits(close) { break }
            i = skipNewline(after: close, in: input)
            continue
          }
          i = close
          tag.finishAttributes(fonts: &fonts)
          if !idPrefix.isEmpty { tag.prefixIDs(idPrefix) }
          if tag.name == "svg" && !seenRoot {
            seenRoot = true
            tag.alignSizeWithViewBox()
            tag.set("role", "img")
            tag.set("aria-labelledby", "\(prefix)-title \(prefix)-desc")
            tag.write(to: &out)
            out += Array("\n<title id=\"\(prefix)-title\">\(escape(title))</title>".utf8)
            out += Array("\n<desc id=\"\(prefix)-desc\">\(escape(description))</desc>".utf8)
          } else {
            tag.write(to: &out)
          }
        }
      }
    }
  }

  /// Writes a start tag that needs at most its `font-family` finished, as `Tag` would write
  /// it (Graphviz writes every attribute as ` name="value"`, so the bytes are the same);
  /// false, writing nothing, for any other tag.
  private static func quickly(_ tag: ArraySlice<UInt8>, fonts: inout [String: FontFamily],
                              lastFont: inout (bytes: [UInt8], family: String, font: FontFamily)?,
                              into out: inout [UInt8]) -> Bool {
    let first = tag.count > 1 ? tag[tag.startIndex + 1] : 0
    if first == UInt8(ascii: "s") || first == UInt8(ascii: "t") || first == UInt8(ascii: "i") {
      let name = tag.dropFirst().prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ">")
        && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\n") }
      for special in special where name.elementsEqual(special) { return false }
    }
    if hasTrigger(tag) { return false }
    guard let start = endIndex(of: fontFamily, in: tag) else {
      out += tag
      return true
    }
    guard let stop = tag[start...].firstIndex(of: UInt8(ascii: "\"")) else { return false }
    // Every text names the same family or two: the last one is reused without a lookup.
    let font: FontFamily
    let family: String
    if let last = lastFont, last.bytes.elementsEqual(tag[start..<stop]) {
      (family, font) = (last.family, last.font)
    } else {
      family = String(decoding: tag[start..<stop], as: UTF8.self)
      font = fonts[family] ?? FontFamily(family)
      fonts[family] = font
      lastFont = (Array(tag[start..<stop]), family, font)
    }
    var extra = ""
    if font.bold && !contains(Array(" font-weight=".utf8), in: tag) {
      extra += " font-weight=\"bold\""
    }
    if font.italic && !contains(Array(" font-style=".utf8), in: tag) {
      extra += " font-style=\"italic\""
    }
    if font.list == family && extra.isEmpty {
      out += tag
      return true
    }
    let closing = tag.count >= 2 && tag[tag.endIndex - 2] == UInt8(ascii: "/") ? 2 : 1
    out += tag[..<start]
    out += font.list.utf8
    out += tag[stop..<(tag.endIndex - closing)]
    out += extra.utf8
    out += tag[(tag.endIndex - closing)...]
    return true
  }

  /// True when the tag holds anything `Tag.finishAttributes` changes besides the font list:
  /// "transparent", "href", or an attribute whose name starts with "on". One pass.
  private static func hasTrigger(_ tag: ArraySlice<UInt8>) -> Bool {
    tag.withUnsafeBufferPointer { bytes in
      let n = bytes.count
      var i = 0
      while i < n {
        switch bytes[i] {
        case UInt8(ascii: "t") where i + 11 <= n:
          if bytes[i + 1] == UInt8(ascii: "r") && bytes[i + 2] == UInt8(ascii: "a")
            && matches(bytes, i, "transparent") { return true }
        case UInt8(ascii: "h") where i + 4 <= n:
          if bytes[i + 1] == UInt8(ascii: "r") && matches(bytes, i, "href") { return true }
        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"):
          if i + 2 < n && bytes[i + 1] == UInt8(ascii: "o") && bytes[i + 2] == UInt8(ascii: "n") {
            return true
          }
        default: break
        }
        i += 1
      }
      return false
    }
  }

  private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int,
                              _ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard at + count <= bytes.count else { return false }
    let start = word.utf8Start
    for k in 0..<count where bytes[at + k] != start[k] { return false }
    return true
  }

  /// The markup the scan looks for, made once.
  private enum Marks {
    static let comment = Array("<!--".utf8)
    static let commentEnd = Array("-->".utf8)
    static let declaration = Array("<!".utf8)
    static let instruction = Array("<?".utf8)
    static let endTag = Array("</".utf8)
    static let titleEnd = Array("</title>".utf8)
  }

  /// Tags `quickly` leaves to `Tag`: the root, titles and what is removed.
  private static let special = ["svg", "title", "image", "script"].map { Array($0.utf8) }
  private static let fontFamily = Array(" font-family=\"".utf8)

  private static func contains(_ pattern: [UInt8], in text: ArraySlice<UInt8>) -> Bool {
    endIndex(of: pattern, in: text) != nil
  }

  /// The index just past the first `pattern` in `text`.
  private static func endIndex(of pattern: [UInt8], in text: ArraySlice<UInt8>) -> Int? {
    guard let head = pattern.first else { return text.startIndex }
    return text.withUnsafeBufferPointer { bytes -> Int? in
      let n = bytes.count
      var i = 0
      while i + pattern.count <= n {
        if bytes[i] == head {
          var k = 1
          while k < pattern.count && bytes[i + k] == pattern[k] { k += 1 }
          if k == pattern.count { return text.startIndex + i + pattern.count }
        }
        i += 1
      }
      return nil
    }
  }

  /// The index of the first `byte` in `input` at or after `start`.
  private static func next(_ byte: UInt8, in input: [UInt8], from start: Int) -> Int? {
    input.withUnsafeBufferPointer { bytes -> Int? in
      var i = start
      while i < bytes.count {
        if bytes[i] == byte { return i }
        i += 1
      }
      return nil
    }
  }

  /// Escapes text for the SVG's own `<title>` and `<desc>` (see `DOTText.xml`).
  public static func escape(_ text: String) -> String { DOTText.xml(text) }

  /// Whether `text` can go in front of XML ids: ASCII letters, digits, `-`, `_` and `.`,
  /// starting with a letter or `_`.
  public static func isIDPrefix(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first,
      first == "_" || (first.isASCII && Character(first).isLetter)
    else { return false }
    return text.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII && (Character(scalar).isLetter || Character(scalar).isNumber
        || scalar == "-" || scalar == "_" || scalar == ".")
    }
  }

  /// `text` as an XML id: letters, digits, `-` and `_` kept, anything else `_`, and a
  /// leading letter guaranteed.
  public static func xmlID(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      let ascii = scalar.isASCII ? Character(scalar) : "_"
      out.append(ascii.isLetter || ascii.isNumber || ascii == "-" || ascii == "_" ? ascii : "_")
    }
    if let first = out.first, first.isLetter { return out }
    return "svg-" + out
  }

  /// The index just past the `>` that closes the tag at the start of `markup`; nil when it
  /// has not arrived.
  private static func endOfTag(_ markup: ArraySlice<UInt8>) -> Int? {
    markup.withUnsafeBufferPointer { bytes in
      var quote: UInt8 = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        if quote != 0 {
          if byte == quote { quote = 0 }
        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
          quote = byte
        } else if byte == UInt8(ascii: ">") {
          return markup.startIndex + index + 1
        }
      }
      return nil
    }
  }

  /// The index just past the first `pattern` in `text`, nil when there is none.
  private static func end(of pattern: [UInt8], in text: ArraySlice<UInt8>) -> Int? {
    guard let first = pattern.first else { return text.startIndex }
    var index = text.startIndex
    while let found = text[index...].firstIndex(of: first) {
      if text[found...].starts(with: pattern) { return found + pattern.count }
      index = found + 1
    }
    return nil
  }

  private static func skipNewline(after index: Int, in text: [UInt8]) -> Int {
    index < text.count && text[index] == UInt8(ascii: "\n") ? index + 1 : index
  }
}

/// A start tag taken apart into its name and attributes, written back only when changed.
private struct Tag {
  var original: ArraySlice<UInt8>
  var name: String
  var attributes: [(name: String, value: String)] = []
  var selfClosing: Bool
  var changed = false

  init(_ bytes: ArraySlice<UInt8>) {
    original = bytes
    func isSpace(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
        || byte == UInt8(ascii: "\r")
    }
    var body = bytes.dropFirst()  // "<"
    if body.last == UInt8(ascii: ">") { body = body.dropLast() }
    selfClosing = body.last == UInt8(ascii: "/")
    if selfClosing { body = body.dropLast() }
    let nameEnd = body.firstIndex(where: isSpace) ?? body.endIndex
    name = String(decoding: body[..<nameEnd], as: UTF8.self)
    var rest = body[nameEnd...]
    while true {
      rest = rest.drop(while: isSpace)
      guard let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { break }
      var attribute = rest[..<equals]
      while let last = attribute.last, isSpace(last) { attribute = attribute.dropLast() }
      rest = rest[(equals + 1)...].drop(while: isSpace)
      guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
      else { break }
      rest = rest.dropFirst()
      let close = rest.firstIndex(of: quote) ?? rest.endIndex
      attributes.append((String(decoding: attribute, as: UTF8.self),
                         String(decoding: rest[..<close], as: UTF8.self)))
      rest = close < rest.endIndex ? rest[(close + 1)...] : rest[close...]
    }
  }

  /// Appends the tag: its original bytes when nothing changed, else rebuilt.
  func write(to out: inout [UInt8]) {
    if !changed {
      out += original
      return
    }
    var text = "<" + name
    for attribute in attributes { text += " \(attribute.name)=\"\(attribute.value)\"" }
    out += Array((text + (selfClosing ? "/>" : ">")).utf8)
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

  /// Puts `prefix` in front of the tag's id and of every local reference it makes.
  mutating func prefixIDs(_ prefix: String) {
    for index in attributes.indices {
      let (name, value) = attributes[index]
      var new = value
      if name == "id" {
        new = prefix + value
      } else if name == "href" || name.hasSuffix(":href") {
        if value.hasPrefix("#") { new = "#" + prefix + value.dropFirst() }
      } else if value.contains("url(#") {
        new = value.replacing("url(#", with: "url(#" + prefix)
      }
      if new != value {
        attributes[index].value = new
        changed = true
      }
    }
  }

  mutating func finishAttributes(fonts: inout [String: FontFamily]) {
    remove { attribute in
      let isLink = attribute.name == "href" || attribute.name.hasSuffix(":href")
      return (isLink && !attribute.value.hasPrefix("#")) || attribute.name.hasPrefix("on")
    }
    for paint in ["fill", "stroke"] where value(paint) == "transparent" {
      set(paint, "none")
    }
    if let family = value("font-family") {
      let font = fonts[family] ?? FontFamily(family)
      fonts[family] = font
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
