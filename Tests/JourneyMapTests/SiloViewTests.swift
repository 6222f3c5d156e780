import Foundation
import Testing
@testable import JourneyMap

@Suite struct SiloViewTests {
  /// Writes the fixtures' DOT into $JOURNEYMAP_SILO_DUMP, for looking at the pictures.
  @Test func dumpWhenAsked() throws {
    guard let dir = ProcessInfo.processInfo.environment["JOURNEYMAP_SILO_DUMP"] else { return }
    for (name, checked) in [
      ("readme", SiloFixtures.readme), ("rich", SiloFixtures.rich),
      ("gen50", SiloFixtures.synthetic(50)), ("gen200", SiloFixtures.synthetic(200)),
      ("gen1000", SiloFixtures.synthetic(1000)),
    ] {
      try SiloView.dot(checked).write(toFile: "\(dir)/\(name).dot", atomically: true,
                                      encoding: .utf8)
    }
  }
}
