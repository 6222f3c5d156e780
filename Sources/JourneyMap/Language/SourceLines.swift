/// The lines of a `.journey` file, decoded from bytes, with every encoding problem found.
///
/// Splitting happens on bytes, before decoding, so one bad byte spoils only its own line: the
/// parser skips that line and goes on with the next. A byte-order mark at the start is dropped
/// and a carriage return before a line feed is not part of the line.
struct SourceLines {
  /// One line's text, or nil when its bytes are not valid UTF-8 or contain NUL.
  var lines: [String?]
  var diagnostics: [Diagnostic] = []

  /// Encoding problems beyond this many lines are summed up in one diagnostic: a binary file
  /// would otherwise produce one per line.
  static let encodingReportLimit = 20

  enum Messages {
    static func invalidUTF8(_ byte: UInt8) -> String {
      "invalid UTF-8 byte 0x\(hex(byte))"
    }
    static let nul = "NUL byte in the text"
    static let encodingHint = "save the file as UTF-8 text"
    static func tooManyEncodingErrors(_ more: Int) -> String {
      "\(more) more line\(more == 1 ? "" : "s") with invalid UTF-8 or NUL bytes"
    }
    static let binaryHint = "is this a text file?"

    static func hex(_ byte: UInt8) -> String {
      let digits = Array("0123456789ABCDEF")
      return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
  }

  init(_ bytes: [UInt8]) {
    lines = []
    var bad = 0
    bytes.withUnsafeBufferPointer { buffer in
      var start = 0
      if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
        start = 3
      }
      var lineNumber = 0
      while start <= buffer.count {
        lineNumber += 1
        var end = start
        while end < buffer.count, buffer[end] != 0x0A { end += 1 }
        var contentEnd = end
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        let line = UnsafeBufferPointer(rebasing: buffer[start..<contentEnd])
        if let problem = Self.firstProblem(in: line) {
          lines.append(nil)
          bad += 1
          if bad <= Self.encodingReportLimit {
            let prefix = String(decoding: UnsafeBufferPointer(rebasing: line[0..<problem.offset]),
                                as: UTF8.self)
            let range = SourceRange(line: lineNumber, column: prefix.count + 1)
            let message = problem.byte == 0 ? Messages.nul : Messages.invalidUTF8(problem.byte)
            let code: DiagnosticCode = problem.byte == 0 ? .nul : .invalidUTF8
            diagnostics.append(Diagnostic(.error, code, message, at: range,
                                          hints: [Messages.encodingHint]))
          } else if bad == Self.encodingReportLimit + 1 {
            // Placeholder: the count is filled in once the whole file is read.
            diagnostics.append(Diagnostic(.error, .tooManyEncodingErrors, "", at: SourceRange(line: lineNumber,
                                                                       column: 1),
                                          hints: [Messages.binaryHint]))
          }
        } else {
          lines.append(String(decoding: line, as: UTF8.self))
        }
        if end == buffer.count { break }
        start = end + 1
      }
    }
    if bad > Self.encodingReportLimit, let last = diagnostics.indices.last {
      diagnostics[last].message = Messages.tooManyEncodingErrors(bad - Self.encodingReportLimit)
    }
  }

  /// The offset and value of the first NUL byte or invalid UTF-8 byte, if any.
  static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, byte: UInt8)? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b == 0 { return (i, b) }
      if b < 0x80 {
        i += 1
        continue
      }
      // Expected continuation count and the allowed range of the second byte, which rules
      // out overlong forms, surrogates and values above U+10FFFF (RFC 3629).
      let count: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: count = 1
      case 0xE0: count = 2; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: count = 2
      case 0xED: count = 2; high = 0x9F
      case 0xF0: count = 3; low = 0x90
      case 0xF1...0xF3: count = 3
      case 0xF4: count = 3; high = 0x8F
      default: return (i, b)
      }
      for k in 1...count {
        guard i + k < n else { return (i, b) }
        let c = bytes[i + k]
        let ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF)
        // Point at the lead byte: that is where the broken character starts.
        if !ok { return (i, b) }
      }
      i += count + 1
    }
    return nil
  }
}
