import Foundation
import JourneyMap

/// The DejaVu Sans files on this machine, found through fontconfig, for `--embed-fonts`.
enum FontFiles {
  struct Missing: Error, CustomStringConvertible {
    var description: String
  }

  /// fontconfig's name for each face.
  static func pattern(_ face: FontEmbedding.Face) -> String {
    switch face {
    case .regular: "\(Style.font):style=Book"
    case .bold: "\(Style.font):style=Bold"
    case .oblique: "\(Style.font):style=Oblique"
    case .boldOblique: "\(Style.font):style=Bold Oblique"
    }
  }

  /// Where Debian puts them, when fc-match cannot be run.
  static func fallback(_ face: FontEmbedding.Face) -> String {
    let name = ["regular": "DejaVuSans", "bold": "DejaVuSans-Bold", "oblique": "DejaVuSans-Oblique",
                "boldOblique": "DejaVuSans-BoldOblique"][face.rawValue] ?? "DejaVuSans"
    return "/usr/share/fonts/truetype/dejavu/\(name).ttf"
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var loaded: [FontEmbedding.Face: [UInt8]] = [:]

  /// The bytes of `face`'s file: the one fontconfig picks, if it is DejaVu Sans's own.
  static func bytes(_ face: FontEmbedding.Face) throws -> [UInt8] {
    if let known = lock.withLock({ loaded[face] }) { return known }
    var path = fallback(face)
    if let result = Subprocess.run("fc-match", ["--format=%{file}", pattern(face)]),
      result.status == 0
    {
      let found = String(decoding: result.stdout, as: UTF8.self)
      if found.contains("DejaVuSans"), found.hasSuffix(".ttf") { path = found }
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Missing(description: "cannot read the font \(path) for --embed-fonts; install "
        + "fonts-dejavu-core (apt-get install fonts-dejavu-core)")
    }
    let bytes = [UInt8](data)
    lock.withLock { loaded[face] = bytes }
    return bytes
  }

  /// `svg` carrying the subset of each face of DejaVu Sans its text uses.
  static func embedded(_ svg: [UInt8]) throws -> [UInt8] {
    let text = String(decoding: svg, as: UTF8.self)
    var fonts: [FontEmbedding.Face: [UInt8]] = [:]
    for (face, characters) in FontEmbedding.characters(in: text) {
      do {
        fonts[face] = try FontSubset.subset(try bytes(face), characters: characters)
      } catch let failure as FontSubset.Failure {
        throw Missing(description: "cannot embed \(pattern(face)): \(failure.message)")
      }
    }
    return Array(FontEmbedding.embed(text, fonts: fonts).utf8)
  }
}
