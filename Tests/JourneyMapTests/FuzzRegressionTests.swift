import Foundation
import JourneyMap
import Testing

/// The fuzz target's short deterministic run: every seed of Fuzz/corpus and maps/, and a few
/// thousand seeded mutations of them, go through `FuzzEntry.run` without a crash and each in
/// bounded time (`make fuzz` runs the same entry under libFuzzer for as long as asked).
@Suite struct FuzzRegressionTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func seeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    for folder in ["Fuzz/corpus", "maps"] {
      let directory = root.appendingPathComponent(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
        seeds.append(Array(try Data(contentsOf: directory.appendingPathComponent(name))))
      }
    }
    return seeds
  }

  /// Pieces worth splicing in: the language's own words and the bytes that trouble parsers.
  static let pieces: [[UInt8]] = [
    "journey", "persona", "owner", "phase", "stage", "touchpoint", "decision", "outcome",
    "->", "\"", "\\\"", "#", "\n", "\r\n", ":", ",", " feel -2", " owner ", " backstage",
    "\u{200B}", "\u{202E}", "\u{FEFF}", "\u{1B}[2J", "\u{0}", "😀", "日本",
  ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80]]

  static func mutate(_ input: [UInt8], _ generator: inout SplitMix, seeds: [[UInt8]])
    -> [UInt8]
  {
    var bytes = input
    for _ in 0...(generator.next() % 4) {
      let at = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count + 1))
      switch generator.next() % 6 {
      case 0 where !bytes.isEmpty:  // flip a byte
        bytes[min(at, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
      case 1:  // insert a piece
        bytes.insert(contentsOf: pieces[Int(generator.next() % UInt64(pieces.count))], at: at)
      case 2 where !bytes.isEmpty:  // delete a run
        let end = min(bytes.count, at + Int(generator.next() % 40))
        bytes.removeSubrange(min(at, end)..<end)
      case 3 where !bytes.isEmpty:  // repeat a run
        let end = min(bytes.count, at + Int(generator.next() % 80))
        let run = bytes[min(at, end)..<end]
        bytes.insert(contentsOf: run, at: min(at, end))
      case 4:  // splice in part of another seed
        let other = seeds[Int(generator.next() % UInt64(seeds.count))]
        let from = other.isEmpty ? 0 : Int(generator.next() % UInt64(other.count))
        bytes.insert(contentsOf: other[from..<min(other.count, from + 200)], at: at)
      default:  // a random byte
        bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
      }
    }
    return bytes
  }

  @Test func seedsAndSeededMutationsRunCleanlyAndQuickly() throws {
    let seeds = try Self.seeds()
    #expect(seeds.count >= 10)
    var generator = SplitMix(seed: 2026)
    var slowest = (seconds: 0.0, size: 0)
    let inputs = seeds + (0..<2000).map { _ in
      Self.mutate(seeds[Int(generator.next() % UInt64(seeds.count))], &generator, seeds: seeds)
    }
    for input in inputs {
      let start = DispatchTime.now().uptimeNanoseconds
      FuzzEntry.run(input)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if seconds > slowest.seconds { slowest = (seconds, input.count) }
    }
    // A guard against a hang or a blow-up, not a speed figure (those come from bench-check).
    #expect(slowest.seconds < 2, "an input of \(slowest.size) bytes took \(slowest.seconds) s")
  }
}
