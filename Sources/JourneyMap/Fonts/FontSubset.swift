/// A TrueType font cut down to the characters a picture uses, for embedding in its SVG.
///
/// Keeps the outlines (`glyf`, `loca`, with the glyphs composite glyphs are built from),
/// their metrics (`hmtx`, `hhea`), the hinting programs as they are (`cvt `, `fpgm`, `prep`,
/// `gasp`: glyph instructions call them, and they name no glyph), `head`, `maxp`, `OS/2`, the
/// copyright and licence records of `name` (the DejaVu licence asks that they travel with
/// the font), a `post` without glyph names, and a new `cmap`. Kerning and substitution
/// tables are left out: the layout never used them (`FontMetrics` sums advance widths).
public enum FontSubset {
  public struct Failure: Error, Sendable, Equatable {
    public var message: String
  }

  /// The subset of `font` (a TrueType file's bytes) that draws `characters`; characters the
  /// font lacks are left to the fallbacks.
  public static func subset(_ font: [UInt8], characters: Set<Unicode.Scalar>)
    throws(Failure) -> [UInt8]
  {
    let reader = Reader(font)
    let tables = try reader.tables()
    func table(_ tag: String) throws(Failure) -> ArraySlice<UInt8> {
      guard let range = tables[tag] else { throw Failure(message: "the font has no '\(tag)'") }
      return font[range]
    }
    let head = try table("head")
    let maxp = try table("maxp")
    let hhea = try table("hhea")
    let hmtx = try table("hmtx")
    let loca = try table("loca")
    let glyf = try table("glyf")
    let cmap = try table("cmap")
    let glyphCount = Int(Reader.u16(maxp, 4))
    let longOffsets = Reader.u16(head, 50) == 1
    let metricsCount = Int(Reader.u16(hhea, 34))
    guard metricsCount > 0, metricsCount <= glyphCount else {
      throw Failure(message: "the font's metrics do not match its glyphs")
    }

    func glyphRange(_ gid: Int) -> Range<Int>? {
      guard gid >= 0, gid < glyphCount else { return nil }
      let (a, b): (Int, Int) = longOffsets
        ? (Int(Reader.u32(loca, gid * 4)), Int(Reader.u32(loca, gid * 4 + 4)))
        : (Int(Reader.u16(loca, gid * 2)) * 2, Int(Reader.u16(loca, gid * 2 + 2)) * 2)
      guard a <= b, glyf.startIndex + b <= glyf.endIndex else { return nil }
      return (glyf.startIndex + a)..<(glyf.startIndex + b)
    }

    // The glyphs to keep: .notdef, each character's, and the components of composites.
    let map = try characterMap(cmap)
    var mapping: [(scalar: UInt32, old: Int)] = []
    for scalar in characters.sorted(by: { $0.value < $1.value }) {
      if let gid = map(scalar.value), gid != 0 { mapping.append((scalar.value, gid)) }
    }
    var keep: [Int] = [0]
    var seen: Set<Int> = [0]
    var queue = mapping.map(\.old)
    while let gid = queue.popLast() {
      guard seen.insert(gid).inserted else { continue }
      keep.append(gid)
      if let range = glyphRange(gid) { queue += components(font[range]).map(\.gid) }
    }
    keep = [0] + keep.dropFirst().sorted()
    var newID: [Int: Int] = [:]
    for (n, gid) in keep.enumerated() { newID[gid] = n }

    // glyf and loca (long offsets), components renumbered.
    var newGlyf: [UInt8] = []
    var newLoca: [UInt8] = []
    for gid in keep {
      Writer.u32(&newLoca, UInt32(newGlyf.count))
      guard let range = glyphRange(gid), !range.isEmpty else { continue }
      var glyph = Array(font[range])
      for component in components(font[range]) {
        let at = component.offset - range.lowerBound
        let id = UInt16(newID[component.gid] ?? 0)
        glyph[at] = UInt8(id >> 8)
        glyph[at + 1] = UInt8(id & 0xFF)
      }
      newGlyf += glyph
      while newGlyf.count % 4 != 0 { newGlyf.append(0) }
    }
    Writer.u32(&newLoca, UInt32(newGlyf.count))

    var newHmtx: [UInt8] = []
    for gid in keep {
      let m = min(gid, metricsCount - 1)
      Writer.u16(&newHmtx, Reader.u16(hmtx, m * 4))
      let lsb = gid < metricsCount ? Reader.u16(hmtx, gid * 4 + 2)
        : Reader.u16(hmtx, metricsCount * 4 + (gid - metricsCount) * 2)
      Writer.u16(&newHmtx, lsb)
    }

    var newHead = Array(head)
    Writer.set16(&newHead, 50, 1)  // long loca offsets
    Writer.set32(&newHead, 8, 0)  // checkSumAdjustment, set at the end
    var newMaxp = Array(maxp)
    Writer.set16(&newMaxp, 4, UInt16(keep.count))
    var newHhea = Array(hhea)
    Writer.set16(&newHhea, 34, UInt16(keep.count))
    var newPost = Array((try table("post")).prefix(32))
    guard newPost.count == 32 else { throw Failure(message: "the font's 'post' is too short") }
    Writer.set32(&newPost, 0, 0x0003_0000)

    var out: [String: [UInt8]] = [
      "head": newHead, "maxp": newMaxp, "hhea": newHhea, "hmtx": newHmtx, "loca": newLoca,
      "glyf": newGlyf, "post": newPost,
      "cmap": newCmap(mapping.map { ($0.scalar, newID[$0.old] ?? 0) }),
    ]
    for tag in ["OS/2", "cvt ", "fpgm", "prep", "gasp"] {
      if let range = tables[tag] { out[tag] = Array(font[range]) }
    }
    if let range = tables["name"] { out["name"] = licenceNames(font[range]) }
    return Writer.font(out)
  }

  /// The components of a composite glyph: each one's glyph id and the offset of that id.
  static func components(_ glyph: ArraySlice<UInt8>) -> [(gid: Int, offset: Int)] {
    guard glyph.count >= 10, Int16(bitPattern: Reader.u16(glyph, 0)) < 0 else { return [] }
    var found: [(Int, Int)] = []
    var at = 10
    while at + 4 <= glyph.count {
      let flags = Reader.u16(glyph, at)
      found.append((Int(Reader.u16(glyph, at + 2)), glyph.startIndex + at + 2))
      at += 4 + (flags & 0x1 != 0 ? 4 : 2)
      if flags & 0x8 != 0 { at += 2 } else if flags & 0x40 != 0 { at += 4 }
      else if flags & 0x80 != 0 { at += 8 }
      if flags & 0x20 == 0 { break }
    }
    return found
  }

  /// The font's character to glyph lookup, from its Unicode `cmap` subtable (format 12 when
  /// there is one, else format 4).
  static func characterMap(_ cmap: ArraySlice<UInt8>) throws(Failure) -> (UInt32) -> Int? {
    let count = Int(Reader.u16(cmap, 2))
    var format4: ArraySlice<UInt8>?
    var format12: ArraySlice<UInt8>?
    for i in 0..<count {
      let platform = Reader.u16(cmap, 4 + i * 8)
      let encoding = Reader.u16(cmap, 6 + i * 8)
      let offset = Int(Reader.u32(cmap, 8 + i * 8))
      guard offset + 4 <= cmap.count else { continue }
      let sub = cmap.dropFirst(offset)
      let format = Reader.u16(sub, 0)
      if format == 12 && (platform == 3 && encoding == 10 || platform == 0) { format12 = sub }
      if format == 4 && (platform == 3 && encoding == 1 || platform == 0) { format4 = sub }
    }
    if let sub = format12 {
      let groups = Int(Reader.u32(sub, 12))
      return { code in
        var low = 0
        var high = groups - 1
        while low <= high {
          let mid = (low + high) / 2
          let start = Reader.u32(sub, 16 + mid * 12)
          let end = Reader.u32(sub, 20 + mid * 12)
          if code < start { high = mid - 1 } else if code > end { low = mid + 1 } else {
            return Int(Reader.u32(sub, 24 + mid * 12) + code - start)
          }
        }
        return nil
      }
    }
    guard let sub = format4 else { throw Failure(message: "the font has no Unicode 'cmap'") }
    let segments = Int(Reader.u16(sub, 6)) / 2
    return { code in
      guard code <= 0xFFFF else { return nil }
      for s in 0..<segments {
        let end = UInt32(Reader.u16(sub, 14 + s * 2))
        guard code <= end else { continue }
        let start = UInt32(Reader.u16(sub, 16 + segments * 2 + s * 2))
        guard code >= start else { return nil }
        let delta = Reader.u16(sub, 16 + segments * 4 + s * 2)
        let rangeAt = 16 + segments * 6 + s * 2
        let rangeOffset = Int(Reader.u16(sub, rangeAt))
        if rangeOffset == 0 { return Int(UInt16(truncatingIfNeeded: code &+ UInt32(delta))) }
        let at = rangeAt + rangeOffset + Int(code - start) * 2
        guard at + 2 <= sub.count else { return nil }
        let gid = Reader.u16(sub, at)
        return gid == 0 ? nil : Int(gid &+ delta)
      }
      return nil
    }
  }

  /// A `cmap` with a format 4 subtable for the characters of the Basic Multilingual Plane
  /// and a format 12 one for all of them.
  static func newCmap(_ mapping: [(UInt32, Int)]) -> [UInt8] {
    // Runs of consecutive characters with consecutive glyphs.
    var runs: [(start: UInt32, end: UInt32, gid: Int)] = []
    for (code, gid) in mapping {
      if let last = runs.last, last.end + 1 == code, last.gid + Int(code - last.start) == gid {
        runs[runs.count - 1].end = code
      } else {
        runs.append((code, code, gid))
      }
    }
    let bmp = runs.filter { $0.end <= 0xFFFE } + [(0xFFFF, 0xFFFF, 0)]
    var f4: [UInt8] = []
    let n = bmp.count
    var power = 1
    while power * 2 <= n { power *= 2 }
    for value in [4, 0, 0, 2 * n, 2 * power, Int(log2(power)), 2 * n - 2 * power] {
      Writer.u16(&f4, UInt16(value))
    }
    for run in bmp { Writer.u16(&f4, UInt16(run.end)) }
    Writer.u16(&f4, 0)
    for run in bmp { Writer.u16(&f4, UInt16(run.start)) }
    for run in bmp {
      let delta = run.start == 0xFFFF ? 1 : (run.gid - Int(run.start))
      Writer.u16(&f4, UInt16(truncatingIfNeeded: delta))
    }
    for _ in bmp { Writer.u16(&f4, 0) }
    Writer.set16(&f4, 2, UInt16(f4.count))

    var f12: [UInt8] = []
    Writer.u16(&f12, 12)
    Writer.u16(&f12, 0)
    Writer.u32(&f12, UInt32(16 + runs.count * 12))
    Writer.u32(&f12, 0)
    Writer.u32(&f12, UInt32(runs.count))
    for run in runs {
      Writer.u32(&f12, run.start)
      Writer.u32(&f12, run.end)
      Writer.u32(&f12, UInt32(run.gid))
    }
    var out: [UInt8] = []
    for value in [0, 2, 3, 1] { Writer.u16(&out, UInt16(value)) }
    Writer.u32(&out, 20)
    Writer.u16(&out, 3)
    Writer.u16(&out, 10)
    Writer.u32(&out, UInt32(20 + f4.count))
    return out + f4 + f12
  }

  private static func log2(_ power: Int) -> Int {
    var n = 0
    while (1 << (n + 1)) <= power { n += 1 }
    return n
  }

  /// The `name` records a reader of the font needs: copyright, family, style, full name,
  /// version, PostScript name, licence and its address (Windows Unicode records only).
  static func licenceNames(_ name: ArraySlice<UInt8>) -> [UInt8] {
    let count = Int(Reader.u16(name, 2))
    let storage = Int(Reader.u16(name, 4))
    let wanted: Set<UInt16> = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    var records: [(ids: [UInt16], text: ArraySlice<UInt8>)] = []
    for i in 0..<count {
      let at = 6 + i * 12
      guard at + 12 <= name.count else { break }
      let ids = (0..<4).map { Reader.u16(name, at + $0 * 2) }
      guard ids[0] == 3, ids[1] == 1, wanted.contains(ids[3]) else { continue }
      let length = Int(Reader.u16(name, at + 8))
      let offset = storage + Int(Reader.u16(name, at + 10))
      guard offset + length <= name.count else { continue }
      records.append((ids, name.dropFirst(offset).prefix(length)))
    }
    var out: [UInt8] = []
    Writer.u16(&out, 0)
    Writer.u16(&out, UInt16(records.count))
    Writer.u16(&out, UInt16(6 + records.count * 12))
    var strings: [UInt8] = []
    for record in records {
      for id in record.ids { Writer.u16(&out, id) }
      Writer.u16(&out, UInt16(record.text.count))
      Writer.u16(&out, UInt16(strings.count))
      strings += record.text
    }
    return out + strings
  }

  /// Big-endian reads that give 0 past the end, so a damaged font cannot crash the reader.
  struct Reader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func u16(_ data: ArraySlice<UInt8>, _ offset: Int) -> UInt16 {
      let at = data.startIndex + offset
      guard offset >= 0, at + 2 <= data.endIndex else { return 0 }
      return UInt16(data[at]) << 8 | UInt16(data[at + 1])
    }

    static func u32(_ data: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
      UInt32(u16(data, offset)) << 16 | UInt32(u16(data, offset + 2))
    }

    /// Each table's byte range, by tag.
    func tables() throws(Failure) -> [String: Range<Int>] {
      let all = bytes[...]
      let version = Self.u32(all, 0)
      guard version == 0x0001_0000 || version == 0x7472_7565 else {
        throw Failure(message: "not a TrueType font")
      }
      var tables: [String: Range<Int>] = [:]
      for i in 0..<Int(Self.u16(all, 4)) {
        let at = 12 + i * 16
        guard at + 16 <= bytes.count else { break }
        let tag = String(decoding: bytes[at..<(at + 4)], as: UTF8.self)
        let offset = Int(Self.u32(all, at + 8))
        let length = Int(Self.u32(all, at + 12))
        guard offset + length <= bytes.count else {
          throw Failure(message: "the font's '\(tag)' runs past its end")
        }
        tables[tag] = offset..<(offset + length)
      }
      return tables
    }
  }

  enum Writer {
    static func u16(_ out: inout [UInt8], _ value: UInt16) {
      out += [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    static func u32(_ out: inout [UInt8], _ value: UInt32) {
      u16(&out, UInt16(value >> 16))
      u16(&out, UInt16(value & 0xFFFF))
    }

    static func set16(_ out: inout [UInt8], _ at: Int, _ value: UInt16) {
      out[at] = UInt8(value >> 8)
      out[at + 1] = UInt8(value & 0xFF)
    }

    static func set32(_ out: inout [UInt8], _ at: Int, _ value: UInt32) {
      set16(&out, at, UInt16(value >> 16))
      set16(&out, at + 2, UInt16(value & 0xFFFF))
    }

    static func checksum(_ data: [UInt8]) -> UInt32 {
      var sum: UInt32 = 0
      var i = 0
      while i < data.count {
        var word: UInt32 = 0
        for k in 0..<4 { word = word << 8 | UInt32(i + k < data.count ? data[i + k] : 0) }
        sum = sum &+ word
        i += 4
      }
      return sum
    }

    /// An sfnt file of `tables`, sorted by tag, each padded to four bytes, with checksums
    /// and `head`'s checkSumAdjustment.
    static func font(_ tables: [String: [UInt8]]) -> [UInt8] {
      let tags = tables.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      var out: [UInt8] = []
      u32(&out, 0x0001_0000)
      let n = tags.count
      var power = 1
      while power * 2 <= n { power *= 2 }
      u16(&out, UInt16(n))
      u16(&out, UInt16(power * 16))
      u16(&out, UInt16(FontSubset.log2(power)))
      u16(&out, UInt16(n * 16 - power * 16))
      var offset = 12 + n * 16
      var body: [UInt8] = []
      var headOffset: Int?
      for tag in tags {
        let data = tables[tag] ?? []
        out += Array(tag.utf8)
        u32(&out, checksum(data))
        u32(&out, UInt32(offset))
        u32(&out, UInt32(data.count))
        if tag == "head" { headOffset = offset }
        body += data
        while body.count % 4 != 0 { body.append(0) }
        offset = 12 + n * 16 + body.count
      }
      out += body
      if let headOffset {
        set32(&out, headOffset + 8, 0xB1B0_AFBA &- checksum(out))
      }
      return out
    }
  }
}
