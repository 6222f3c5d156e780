import Foundation
import Testing
@testable import JourneyMap

/// Writes the fixtures' DOT to JOURNEYMAP_DUMP_DIR, for looking at the pictures by hand.
@Suite struct JourneyViewDumpTests {
  @Test func dumpFixtures() throws {
    guard let dir = ProcessInfo.processInfo.environment["JOURNEYMAP_DUMP_DIR"] else { return }
    for (name, checked) in [("readme", JourneyViewFixtures.readme),
                            ("full", JourneyViewFixtures.full),
                            ("synthetic-50", JourneyViewFixtures.synthetic(steps: 50)),
                            ("synthetic-1000", JourneyViewFixtures.synthetic(steps: 1000))] {
      try JourneyView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                         encoding: .utf8)
    }
  }
}
