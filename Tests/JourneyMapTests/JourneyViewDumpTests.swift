import Foundation
import Testing
@testable import JourneyMap

/// Writes the fixtures' and the example maps' DOT to JOURNEYMAP_DUMP_DIR, for looking at the
/// pictures by hand and timing `dot` on them. Does nothing when the variable is not set.
@Suite struct JourneyViewDumpTests {
  /// A tool, not a check: skipped (and reported so) unless JOURNEYMAP_DUMP_DIR is set.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["JOURNEYMAP_DUMP_DIR"] != nil))
  func dumpFixtures() throws {
    let dir = try #require(ProcessInfo.processInfo.environment["JOURNEYMAP_DUMP_DIR"])
    var views = [("readme", JourneyViewFixtures.readme),
                 ("full", JourneyViewFixtures.full),
                 ("synthetic-50", JourneyViewFixtures.synthetic(steps: 50)),
                 ("synthetic-1000", JourneyViewFixtures.synthetic(steps: 1000))]
    for map in GoldenFile.exampleMaps() {
      views.append((map.name, map.checked))
    }
    for (name, checked) in views {
      try JourneyView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                         encoding: .utf8)
    }
  }
}
