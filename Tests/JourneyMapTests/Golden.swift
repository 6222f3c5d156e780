import Foundation
@testable import JourneyMap

/// Expected outputs kept beside the tests (Tests/JourneyMapTests/Golden), compared byte for
/// byte and rewritten when the environment sets JOURNEYMAP_UPDATE_GOLDEN=1.
enum GoldenFile {
  /// The package's root directory, found from this file's path.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let directory = root.appendingPathComponent("Tests/JourneyMapTests/Golden")

  static var updating: Bool {
    ProcessInfo.processInfo.environment["JOURNEYMAP_UPDATE_GOLDEN"] == "1"
  }

  /// Compares `actual` with the golden file `name`; returns nil when they match (or after
  /// rewriting it in update mode), else a message saying how to refresh it.
  static func mismatch(_ actual: String, name: String) throws -> String? {
    let url = directory.appendingPathComponent(name)
    if updating {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url, options: .atomic)
      return nil
    }
    guard let expected = FileManager.default.contents(atPath: url.path) else {
      return "missing golden file \(name): run with JOURNEYMAP_UPDATE_GOLDEN=1"
    }
    if expected == Data(actual.utf8) { return nil }
    let firstDifference = zip(expected, Data(actual.utf8)).enumerated()
      .first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, actual.utf8.count)
    return "\(name) differs from the golden file at byte \(firstDifference); review the change "
      + "and run with JOURNEYMAP_UPDATE_GOLDEN=1 to accept it"
  }

  /// The text of every example map in maps/, in name order.
  static func exampleMapTexts() -> [(name: String, text: String)] {
    let maps = root.appendingPathComponent("maps")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: maps.path)) ?? []
    return names.filter { $0.hasSuffix(".journey") }.sorted().compactMap { file in
      guard let data = FileManager.default.contents(atPath: maps.appendingPathComponent(file).path)
      else { return nil }
      return (String(file.dropLast(".journey".count)), String(decoding: data, as: UTF8.self))
    }
  }

  /// Every example map in maps/, in name order, checked.
  static func exampleMaps() -> [(name: String, checked: CheckedJourney)] {
    exampleMapTexts().map { name, text in
      (name, JourneyChecker.check(Array(text.utf8), file: "maps/\(name).journey"))
    }
  }
}
