/// DOT text built as UTF-8 bytes. A 1,000-step journey map is 2 MB of DOT; appending bytes
/// and writing numbers digit by digit takes a fraction of the time that string interpolation
/// and a `String` per number took (callgrind: about half of our own time was here).
///
/// Escaping follows `DOTText` exactly: `quoted` as `DOTText.quoted`, `html` as `DOTText.html`.
struct DOTWriter {
  /// What is written and not yet handed to `sink`.
  private(set) var bytes: [UInt8] = []
  /// Bytes already handed to `sink`.
  private(set) var handedOn = 0
  /// Takes the text in pieces as it is written (see `spill`); nil keeps it all in `bytes`.
  private let sink: ((UnsafeRawBufferPointer) -> Void)?
  private let piece: Int

  init(capacity: Int) {
    sink = nil
    piece = .max
    bytes.reserveCapacity(capacity)
  }

  /// A writer that hands its text to `sink` about `piece` bytes at a time, so that a reader
  /// (the layout worker) can start on it while the rest is written.
  init(piece: Int, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
    self.sink = sink
    self.piece = max(piece, 1)
    bytes.reserveCapacity(self.piece + 4096)
  }

  /// All the bytes written, handed on or not.
  var count: Int { handedOn + bytes.count }

  /// Hands the text written so far to the sink once a piece has gathered, or always when
  /// `all`; called between statements, so every piece ends at a statement's end.
  mutating func spill(all: Bool = false) {
    guard let sink, !bytes.isEmpty, all || bytes.count >= piece else { return }
    bytes.withUnsafeBytes { sink($0) }
    handedOn += bytes.count
    bytes.removeAll(keepingCapacity: true)
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Appends markup we wrote ourselves, as it is.
  mutating func put(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  mutating func put(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func int(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = value.magnitude
    var divisor: UInt = 1
    while divisor <= magnitude / 10 { divisor *= 10 }
    repeat {
      bytes.append(UInt8(ascii: "0") + UInt8((magnitude / divisor) % 10))
      divisor /= 10
    } while divisor > 0
  }

  /// `value` with at most `decimals` decimals, trailing zeros dropped, never "-0": the same
  /// digits as `DOTPrinter.number`.
  /// A box as Graphviz's `bb` writes it: "x0,y0,x1,y1".
  mutating func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
    number(x0)
    put(",")
    number(y0)
    put(",")
    number(x1)
    put(",")
    number(y1)
  }

  mutating func number(_ value: Double, decimals: Int = 2) {
    var factor = 1
    for _ in 0..<decimals { factor *= 10 }
    let scaled = Int((abs(value) * Double(factor)).rounded())
    if value < 0 && scaled != 0 { bytes.append(UInt8(ascii: "-")) }
    int(scaled / factor)
    var fraction = scaled % factor
    guard fraction != 0 else { return }
    var width = decimals
    while fraction % 10 == 0 {
      fraction /= 10
      width -= 1
    }
    bytes.append(UInt8(ascii: "."))
    var leading = 1
    for _ in 1..<width { leading *= 10 }
    while leading > fraction && leading > 1 {
      bytes.append(UInt8(ascii: "0"))
      leading /= 10
    }
    int(fraction)
  }

  /// A DOT string in double quotes for an attribute Graphviz reads literally.
  mutating func quoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    if Self.isPlain(text, html: false) {
      put(text)
    } else {
      put(DOTText.quoted(text).dropFirst().dropLast().description)
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Text for an HTML-like label.
  mutating func html(_ text: String) {
    if Self.isPlain(text, html: true) {
      put(text)
    } else {
      put(DOTText.html(text))
    }
  }

  /// True when neither escaper would change `text`: no control character, quote, backslash,
  /// markup character (for HTML), and no byte that may start U+FFFE or U+FFFF.
  private static func isPlain(_ text: String, html: Bool) -> Bool {
    for byte in text.utf8 {
      switch byte {
      case 0..<0x20, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "\\"), 0xEF: return false
      case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "'"):
        if html { return false }
      default: continue
      }
    }
    return true
  }
}
