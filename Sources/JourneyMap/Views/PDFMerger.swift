/// Joins PDFs as cairo 1.16 writes them (one per page or slide, from the layout workers) into
/// one document: every object renumbered, one page tree holding every page in order, one
/// catalog, one document information (cairo's producer, the Unix epoch as creation date, as
/// `PDFFinisher` fixes it, and the title), a bookmark per page when names are given, and a
/// cross-reference table that holds.
///
/// Each part is read through its own cross-reference table, and a stream is skipped by its
/// `/Length` (an indirect object in cairo's files), never by looking for `endstream` or
/// `endobj`: compressed data may hold those bytes. Fonts stay with the pages that use them;
/// objects that come out byte for byte the same (a font program two pages share) are kept once.
/// A part laid out otherwise (a cross-reference stream, an incremental update, a page tree
/// that passes attributes down, a catalog with more than its pages) is refused with an error
/// that says what was found, rather than joined into a file a reader would reject.
public enum PDFMerger {
  /// Why the parts could not be joined.
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which part, from 1; 0 for the whole request.
    public var part: Int
    public var reason: String

    public var description: String {
      part == 0 ? "cannot join the PDF pages: \(reason)"
        : "cannot join the PDF pages: page \(part): \(reason)"
    }
  }

  /// One document of the pages of `parts`, in order. `title` goes in the document
  /// information; `bookmarks`, one name for each part, become the outline a reader shows
  /// beside the pages.
  public static func merge(_ parts: [[UInt8]], title: String, bookmarks: [String]? = nil)
    throws(Failure) -> [UInt8]
  {
    guard !parts.isEmpty else { throw Failure(part: 0, reason: "no pages") }
    if let bookmarks, bookmarks.count != parts.count {
      throw Failure(part: 0, reason: "\(bookmarks.count) bookmarks for \(parts.count) parts")
    }
    var documents: [Document] = []
    for (index, bytes) in parts.enumerated() {
      do throws(Problem) {
        documents.append(try Document(bytes))
      } catch {
        throw Failure(part: index + 1, reason: error.reason)
      }
    }
    return try Writer(documents, title: title, bookmarks: bookmarks ?? []).bytes()
  }

  /// A problem found in one part.
  struct Problem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  // MARK: Reading

  /// One object of a part: its value's bytes, split where references are, and its stream.
  struct Object {
    /// The bytes between `obj` and `stream` or `endobj`, as pieces of text and references.
    var pieces: [Piece]
    /// From `stream` to the end of `endstream`, as written; nil for an object without one.
    var stream: ArraySlice<UInt8>?

    var references: [Int] {
      pieces.compactMap { piece in
        if case .reference(let target) = piece { return target }
        return nil
      }
    }
  }

  enum Piece: Equatable {
    case text(ArraySlice<UInt8>)
    case reference(Int)
  }

  /// A part read: its objects by number, and those that make it a document of its own.
  struct Document {
    var version: [UInt8]
    var objects: [Int: Object] = [:]
    /// The page objects, in order.
    var pages: [Int] = []
    /// The catalog, the page tree's nodes and the document information: replaced by ours.
    /// Number → what references to it then lead to: 0 our catalog, 1 our pages, 2 our info.
    var dropped: [Int: Int] = [:]
    var producer: ArraySlice<UInt8>?

    init(_ bytes: [UInt8]) throws(Problem) {
      guard bytes.starts(with: Array("%PDF-".utf8)) else { throw Problem("not a PDF") }
      version = Array(bytes[5..<(bytes[5...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? 5)])
      guard !version.isEmpty, version.count <= 4 else { throw Problem("no PDF version") }
      // startxref, near the end.
      let tail = max(0, bytes.count - 1024)
      guard let mark = PDFFinisher.findLast(Array("startxref".utf8), in: Array(bytes[tail...]))
      else { throw Problem("no startxref") }
      var lexer = Lexer(bytes, at: tail + mark + "startxref".utf8.count)
      guard case .integer(let xref)? = try lexer.next()?.kind, xref >= 0, xref < bytes.count
      else { throw Problem("startxref gives no offset in the file") }
      // The cross-reference table, then the trailer.
      lexer = Lexer(bytes, at: xref)
      guard try lexer.next()?.kind == .keyword(Array("xref".utf8)) else {
        throw Problem("no cross-reference table at \(xref) (a cross-reference stream?)")
      }
      var offsets: [(number: Int, offset: Int)] = []
      while true {
        guard let token = try lexer.next() else { throw Problem("the file ends in its xref") }
        if token.kind == .keyword(Array("trailer".utf8)) { break }
        guard case .integer(let first) = token.kind,
          case .integer(let count)? = try lexer.next()?.kind,
          first >= 0, count >= 0, count <= bytes.count / 18
        else { throw Problem("a malformed cross-reference table") }
        for number in first..<(first + count) {
          guard case .integer(let offset)? = try lexer.next()?.kind,
            case .integer? = try lexer.next()?.kind,
            case .keyword(let use)? = try lexer.next()?.kind, use == [0x6E] || use == [0x66]
          else { throw Problem("a malformed cross-reference entry for object \(number)") }
          if use == [0x6E] { offsets.append((number, offset)) }
        }
      }
      guard case .dictionary(let trailer) = try Value.parse(&lexer) else {
        throw Problem("the trailer is not a dictionary")
      }
      if trailer["Prev"] != nil || trailer["XRefStm"] != nil {
        throw Problem("an incrementally updated file")
      }
      if trailer["Encrypt"] != nil { throw Problem("an encrypted file") }
      guard case .reference(let root)? = trailer["Root"] else { throw Problem("no /Root") }

      // Every object in the table; a stream's length first read from its /Length.
      var raw: [Int: (body: [Token], bodyRange: Range<Int>, stream: Range<Int>?)] = [:]
      for (number, offset) in offsets {
        guard raw[number] == nil else { throw Problem("object \(number) is listed twice") }
        raw[number] = try Self.object(number, at: offset, in: bytes)
      }
      func value(_ number: Int) throws(Problem) -> Value {
        guard let object = raw[number] else { throw Problem("no object \(number)") }
        var lexer = Lexer(tokens: object.body, of: bytes)
        return try Value.parse(&lexer)
      }
      for (number, _) in offsets {
        guard let object = raw[number], object.stream != nil else { continue }
        guard case .dictionary(let dictionary) = try value(number) else {
          throw Problem("object \(number) has a stream but no dictionary")
        }
        var length = dictionary["Length"]
        if case .reference(let other)? = length { length = try value(other) }
        guard case .integer(let count)? = length, count >= 0 else {
          throw Problem("object \(number)'s stream has no /Length")
        }
        raw[number]?.stream = try Self.stream(of: number, from: object.stream!.lowerBound,
                                              length: count, in: bytes)
      }

      // The catalog holds the page tree and nothing else that a merged file would lose.
      guard case .dictionary(let catalog) = try value(root), catalog["Type"] == .name("Catalog")
      else { throw Problem("/Root is not a catalog") }
      if let other = catalog.keys.first(where: { $0 != "Type" && $0 != "Pages" }) {
        throw Problem("the catalog has /\(other), which joining would lose")
      }
      guard case .reference(let tree)? = catalog["Pages"] else { throw Problem("no /Pages") }
      dropped[root] = 0
      var visiting = [tree]
      while let node = visiting.first {
        visiting.removeFirst()
        guard case .dictionary(let dictionary) = try value(node) else {
          throw Problem("page tree node \(node) is not a dictionary")
        }
        switch dictionary["Type"] {
        case .name("Page")?:
          guard dropped[node] == nil, !pages.contains(node) else {
            throw Problem("page \(node) is in the page tree twice")
          }
          pages.append(node)
        case .name("Pages")?:
          if let other = dictionary.keys.first(where: {
            !["Type", "Kids", "Count", "Parent"].contains($0)
          }) {
            throw Problem("the page tree passes /\(other) down to its pages")
          }
          guard dropped[node] == nil else { throw Problem("the page tree has a loop") }
          dropped[node] = 1
          guard case .array(let kids)? = dictionary["Kids"] else {
            throw Problem("page tree node \(node) has no /Kids")
          }
          var children: [Int] = []
          for kid in kids {
            guard case .reference(let child) = kid else {
              throw Problem("a kid is not a reference")
            }
            children.append(child)
          }
          visiting = children + visiting
        default:
          throw Problem("object \(node) in the page tree is neither a page nor pages")
        }
      }
      guard !pages.isEmpty else { throw Problem("no pages") }
      if case .reference(let info)? = trailer["Info"] {
        if case .dictionary(let dictionary) = try value(info),
          case .string(let producer)? = dictionary["Producer"]
        {
          self.producer = producer
        }
        dropped[info] = 2
      }

      // The objects kept, their references found (the numbers every other object refers by).
      for (number, object) in raw where dropped[number] == nil {
        var pieces: [Piece] = []
        var cursor = object.bodyRange.lowerBound
        let tokens = object.body
        var index = 0
        while index < tokens.count {
          if index + 2 < tokens.count, case .integer(let target) = tokens[index].kind,
            case .integer = tokens[index + 1].kind, tokens[index + 2].kind == .keyword([0x52])
          {
            guard raw[target] != nil else {
              throw Problem("object \(number) refers to object \(target), which is not there")
            }
            pieces.append(.text(bytes[cursor..<tokens[index].range.lowerBound]))
            pieces.append(.reference(target))
            cursor = tokens[index + 2].range.upperBound
            index += 3
          } else {
            index += 1
          }
        }
        pieces.append(.text(bytes[cursor..<object.bodyRange.upperBound]))
        objects[number] = Object(pieces: pieces, stream: object.stream.map { bytes[$0] })
      }
    }

    /// The object `number` at `offset`: its value's tokens and bytes, and where its `stream`
    /// keyword starts (its length is not known yet).
    static func object(_ number: Int, at offset: Int, in bytes: [UInt8]) throws(Problem)
      -> (body: [Token], bodyRange: Range<Int>, stream: Range<Int>?)
    {
      guard offset >= 0, offset < bytes.count else {
        throw Problem("object \(number)'s offset \(offset) is outside the file")
      }
      var lexer = Lexer(bytes, at: offset)
      guard case .integer(number)? = try lexer.next()?.kind,
        case .integer? = try lexer.next()?.kind,
        try lexer.next()?.kind == .keyword(Array("obj".utf8))
      else { throw Problem("object \(number) is not at offset \(offset)") }
      let start = lexer.position
      var tokens: [Token] = []
      while let token = try lexer.next() {
        switch token.kind {
        case .keyword(let word) where word == Array("endobj".utf8):
          return (tokens, start..<token.range.lowerBound, nil)
        case .keyword(let word) where word == Array("stream".utf8):
          return (tokens, start..<token.range.lowerBound, token.range)
        default:
          tokens.append(token)
        }
      }
      throw Problem("object \(number) has no endobj")
    }

    /// The bytes from `stream` (at `keyword`) to the end of `endstream`, checking that
    /// `endstream` and `endobj` follow `length` bytes of data.
    static func stream(of number: Int, from keyword: Int, length: Int, in bytes: [UInt8])
      throws(Problem) -> Range<Int>
    {
      var data = keyword + "stream".utf8.count
      if data < bytes.count, bytes[data] == 0x0D { data += 1 }
      guard data < bytes.count, bytes[data] == 0x0A else {
        throw Problem("object \(number)'s stream keyword is not followed by a line end")
      }
      data += 1
      guard length <= bytes.count - data else {
        throw Problem("object \(number)'s stream runs past the end of the file")
      }
      // Only a line end may stand between the data and `endstream` (not a comment, which
      // would hide a /Length that is too short).
      var end = data + length
      while end < bytes.count, end < data + length + 2, bytes[end] == 0x0D || bytes[end] == 0x0A {
        end += 1
      }
      var lexer = Lexer(bytes, at: end)
      guard let close = try lexer.next(), close.range.lowerBound == end,
        close.kind == .keyword(Array("endstream".utf8)),
        try lexer.next()?.kind == .keyword(Array("endobj".utf8))
      else {
        throw Problem("object \(number)'s stream is not \(length) bytes long, as its /Length says")
      }
      return keyword..<close.range.upperBound
    }
  }

  // MARK: Writing

  struct Writer {
    var documents: [Document]
    var title: String
    var bookmarks: [String]

    init(_ documents: [Document], title: String, bookmarks: [String]) {
      self.documents = documents
      self.title = title
      self.bookmarks = bookmarks
    }

    // Our own objects come first: 1 the catalog, 2 the page tree, 3 the information, then
    // the outline and its items.
    static let catalog = 1, tree = 2, info = 3, outline = 4

    func bytes() throws(Failure) -> [UInt8] {
      // Each part's objects get numbers after ours, in the part's own order. An object that
      // comes out the same to the byte as one before it (with the references it holds
      // numbered) is written once: objects are compared once all they refer to are settled,
      // so that two copies of a font compare equal from their lengths up. A page is never
      // shared, nor anything on a loop of references. Numbers are then closed up.
      var next = bookmarks.isEmpty ? Self.outline : Self.outline + 1 + bookmarks.count
      let ours = next
      var numbering: [[Int: Int]] = []  // per part: old number → number in the document
      var kept: [[Int]] = []  // per part: the old numbers written
      var seen: [[UInt8]: Int] = [:]
      for document in documents {
        var numbers: [Int: Int] = [:]
        for (old, role) in document.dropped {
          numbers[old] = [Self.catalog, Self.tree, Self.info][role]
        }
        let order = document.objects.keys.sorted()
        for old in order {
          numbers[old] = next
          next += 1
        }
        var written: Set<Int> = []
        var pending = Set(order)
        var progress = true
        while progress {
          progress = false
          for old in order where pending.contains(old) {
            let references = document.objects[old]!.references
            guard references.allSatisfy({ !pending.contains($0) || $0 == old }) else { continue }
            pending.remove(old)
            progress = true
            let bytes = Self.text(document.objects[old]!, numbers)
            if !document.pages.contains(old), let earlier = seen[bytes] {
              numbers[old] = earlier
            } else {
              seen[bytes] = numbers[old]!
              written.insert(old)
            }
          }
        }
        written.formUnion(pending)
        numbering.append(numbers)
        kept.append(order.filter { written.contains($0) })
      }
      // Closing up: the numbers written, in order, become ours + 0, 1, 2...
      var closed: [Int: Int] = [:]
      for number in 1..<ours { closed[number] = number }
      next = ours
      for (numbers, olds) in zip(numbering, kept) {
        for old in olds {
          closed[numbers[old]!] = next
          next += 1
        }
      }
      var body: [(number: Int, bytes: [UInt8])] = []
      var pages: [Int] = []
      for (index, document) in documents.enumerated() {
        let numbers = numbering[index].mapValues { closed[$0]! }
        for old in kept[index] {
          body.append((numbers[old]!, Self.text(document.objects[old]!, numbers)))
        }
        pages += document.pages.map { numbers[$0]! }
      }

      var objects: [(number: Int, bytes: [UInt8])] = []
      func add(_ number: Int, _ text: String) { objects.append((number, Array(text.utf8))) }
      var catalog = "<< /Type /Catalog\n   /Pages \(Self.tree) 0 R\n"
      if !bookmarks.isEmpty {
        catalog += "   /Outlines \(Self.outline) 0 R\n   /PageMode /UseOutlines\n"
      }
      add(Self.catalog, catalog + ">>\n")
      add(Self.tree, "<< /Type /Pages\n   /Kids [ " + pages.map { "\($0) 0 R " }.joined()
        + "]\n   /Count \(pages.count)\n>>\n")
      var info = Array("<< /Title ".utf8) + Array(PDFFinisher.hexText(title).utf8)
      if let producer = documents.first(where: { $0.producer != nil })?.producer {
        info += Array("\n   /Producer ".utf8) + producer
      }
      let epoch = String(decoding: PDFFinisher.epoch, as: UTF8.self)
      info += Array("\n   /CreationDate (D:\(epoch)Z)\n>>\n".utf8)
      objects.append((Self.info, info))
      if !bookmarks.isEmpty {
        // Each part's first page is where its bookmark leads.
        var firsts: [Int] = []
        var index = 0
        for document in documents {
          firsts.append(pages[index])
          index += document.pages.count
        }
        let first = Self.outline + 1
        let last = Self.outline + bookmarks.count
        add(Self.outline, "<< /Type /Outlines\n   /First \(first) 0 R\n   /Last \(last) 0 R\n"
          + "   /Count \(bookmarks.count)\n>>\n")
        for (k, name) in bookmarks.enumerated() {
          let number = first + k
          var item = "<< /Title \(PDFFinisher.hexText(name))\n   /Parent \(Self.outline) 0 R\n"
          if number > first { item += "   /Prev \(number - 1) 0 R\n" }
          if number < last { item += "   /Next \(number + 1) 0 R\n" }
          add(number, item + "   /Dest [ \(firsts[k]) 0 R /Fit ]\n>>\n")
        }
      }
      objects += body

      let version = documents.map(\.version).max { $0.lexicographicallyPrecedes($1) } ?? []
      var out = Array("%PDF-".utf8) + version + [0x0A, 0x25, 0xB5, 0xED, 0xAE, 0xFB, 0x0A]
      var offsets = [Int?](repeating: nil, count: next)
      for (number, bytes) in objects {
        offsets[number] = out.count
        out += Array("\(number) 0 obj".utf8)
        if let first = bytes.first, !Lexer.isSpace(first) { out.append(0x0A) }
        out += bytes
        out += Array("endobj\n".utf8)
      }
      let xref = out.count
      var table = "xref\n0 \(next)\n"
      table += "0000000000 65535 f \n"
      for number in 1..<next {
        guard let offset = offsets[number] else {
          throw Failure(part: 0, reason: "object \(number) was not written")
        }
        let digits = String(offset)
        table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
      }
      table += "trailer\n<< /Size \(next)\n   /Root \(Self.catalog) 0 R\n"
        + "   /Info \(Self.info) 0 R\n>>\nstartxref\n\(xref)\n%%EOF\n"
      out += Array(table.utf8)
      return out
    }

    /// The object's bytes between `N 0 obj` and `endobj`, its references numbered.
    static func text(_ object: Object, _ numbers: [Int: Int]) -> [UInt8] {
      var out: [UInt8] = []
      for piece in object.pieces {
        switch piece {
        case .text(let bytes): out += bytes
        case .reference(let target): out += Array("\(numbers[target] ?? 0) 0 R".utf8)
        }
      }
      if let last = out.last, !Lexer.isSpace(last) { out.append(0x0A) }
      if let stream = object.stream {
        out += stream
        out.append(0x0A)
      }
      return out
    }
  }

  // MARK: Lexing

  struct Token: Equatable {
    enum Kind: Equatable {
      case integer(Int)
      case real
      case name(String)
      case string
      case dictionaryOpen, dictionaryClose, arrayOpen, arrayClose
      case keyword([UInt8])
    }

    var kind: Kind
    var range: Range<Int>
  }

  /// PDF tokens from `bytes`, comments skipped; or from tokens already read.
  struct Lexer {
    let bytes: [UInt8]
    var position: Int
    var tokens: [Token]?

    init(_ bytes: [UInt8], at position: Int) {
      self.bytes = bytes
      self.position = position
    }

    init(tokens: [Token], of bytes: [UInt8]) {
      self.bytes = bytes
      self.position = 0
      self.tokens = tokens
    }

    static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
      Array("()<>[]{}/%".utf8).contains(byte)
    }

    mutating func next() throws(Problem) -> Token? {
      if let tokens {
        guard position < tokens.count else { return nil }
        position += 1
        return tokens[position - 1]
      }
      while position < bytes.count {
        let byte = bytes[position]
        if Self.isSpace(byte) {
          position += 1
        } else if byte == UInt8(ascii: "%") {
          while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D {
            position += 1
          }
        } else {
          break
        }
      }
      guard position < bytes.count else { return nil }
      let start = position
      let byte = bytes[position]
      position += 1
      func token(_ kind: Token.Kind) -> Token { Token(kind: kind, range: start..<position) }
      switch byte {
      case UInt8(ascii: "("):
        var depth = 1
        while position < bytes.count {
          let c = bytes[position]
          position += 1
          if c == UInt8(ascii: "\\") {
            position += 1
          } else if c == UInt8(ascii: "(") {
            depth += 1
          } else if c == UInt8(ascii: ")") {
            depth -= 1
            if depth == 0 { return token(.string) }
          }
        }
        throw Problem("a string at \(start) never closes")
      case UInt8(ascii: "<"):
        if position < bytes.count, bytes[position] == UInt8(ascii: "<") {
          position += 1
          return token(.dictionaryOpen)
        }
        guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else {
          throw Problem("a hex string at \(start) never closes")
        }
        position = close + 1
        return token(.string)
      case UInt8(ascii: ">"):
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
          throw Problem("a stray '>' at \(start)")
        }
        position += 1
        return token(.dictionaryClose)
      case UInt8(ascii: "["): return token(.arrayOpen)
      case UInt8(ascii: "]"): return token(.arrayClose)
      case UInt8(ascii: "{"), UInt8(ascii: "}"): return token(.keyword([byte]))
      case UInt8(ascii: ")"): throw Problem("a stray ')' at \(start)")
      default:
        while position < bytes.count, !Self.isSpace(bytes[position]),
          !Self.isDelimiter(bytes[position])
        {
          position += 1
        }
        let word = Array(bytes[(byte == UInt8(ascii: "/") ? start + 1 : start)..<position])
        if byte == UInt8(ascii: "/") { return token(.name(String(decoding: word, as: UTF8.self))) }
        if !word.isEmpty, word.count <= 15, word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
          return token(.integer(Int(String(decoding: word, as: UTF8.self)) ?? 0))
        }
        if word.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || [0x2B, 0x2D, 0x2E].contains($0) }) {
          return token(.real)
        }
        return token(.keyword(word))
      }
    }
  }

  /// A PDF value, as far as joining needs to read one.
  indirect enum Value: Equatable {
    case integer(Int)
    case name(String)
    case string(ArraySlice<UInt8>)
    case reference(Int)
    case array([Value])
    case dictionary([String: Value])
    case other

    /// The value at the lexer (a reference when `N G R` follows).
    static func parse(_ lexer: inout Lexer, depth: Int = 0) throws(Problem) -> Value {
      guard depth < 64 else { throw Problem("values nested too deep") }
      guard let token = try lexer.next() else { throw Problem("a value is missing") }
      switch token.kind {
      case .integer(let number):
        var ahead = lexer
        if case .integer? = try? ahead.next()?.kind, (try? ahead.next()?.kind) == .keyword([0x52]) {
          lexer = ahead
          return .reference(number)
        }
        return .integer(number)
      case .name(let name): return .name(name)
      case .string:
        return .string(lexer.bytes[token.range])
      case .arrayOpen:
        var items: [Value] = []
        while true {
          var ahead = lexer
          if try ahead.next()?.kind == .arrayClose {
            lexer = ahead
            return .array(items)
          }
          items.append(try parse(&lexer, depth: depth + 1))
        }
      case .dictionaryOpen:
        var entries: [String: Value] = [:]
        while true {
          guard let key = try lexer.next() else { throw Problem("a dictionary never closes") }
          if key.kind == .dictionaryClose { return .dictionary(entries) }
          guard case .name(let name) = key.kind else {
            throw Problem("a dictionary key is not a name")
          }
          entries[name] = try parse(&lexer, depth: depth + 1)
        }
      case .real, .keyword: return .other
      case .dictionaryClose, .arrayClose:
        throw Problem("an unexpected end of a dictionary or array")
      }
    }
  }
}
