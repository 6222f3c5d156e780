import Foundation
import JourneyMapGraphviz
import Testing

/// Workers that crash, hang, stop, leave children behind or are killed from outside, at
/// random moments: `render` of a layout always returns within its limit, and no process of
/// it is left.
@Suite struct WorkerChaosTests {
  /// The processes whose environment holds `tag`: a worker and anything it started.
  static func processes(tagged tag: String) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { name -> pid_t? in
      guard let pid = pid_t(name),
        let environ = FileManager.default.contents(atPath: "/proc/\(name)/environ")
      else { return nil }
      // A zombie has no environment left; it is gone but for its exit status.
      return environ.range(of: Data(tag.utf8)) != nil ? pid : nil
    }
  }

  @Test func aWorkerRunsInItsOwnGroupWithoutCrashReporterAndDiesOfAKillFromOutside() throws {
    let id = UUID().uuidString
    let tag = "JOURNEYMAP_CHAOS_TAG=\(id)"
    let hanging = worker(timeLimit: 20, environment: [
      "JOURNEYMAP_CHAOS_TAG": id, "JOURNEYMAP_WORKER_FAULT": "hang",
    ])
    nonisolated(unsafe) var seen: (group: Bool, environment: String)?
    Thread.detachNewThread {
      for _ in 0..<100 {
        if let pid = Self.processes(tagged: tag).first,
          let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
        {
          seen = (getpgid(pid) == pid, String(decoding: environ, as: UTF8.self))
          kill(pid, SIGKILL)
          return
        }
        Thread.sleep(forTimeInterval: 0.05)
      }
    }
    let start = Date()
    var caught: GraphvizError?
    do { _ = try hanging.render(stageDOT, as: .svg) } catch { caught = error }
    #expect(Date().timeIntervalSince(start) < 10)
    let error = try #require(caught)
    #expect(error == .killed(signal: SIGKILL))
    #expect(error.message == "layout worker killed by signal 9 from outside journeymap (SIGKILL);"
      + " nothing in the map asks for that: render it again")
    let observed = try #require(seen)
    #expect(observed.group, "the worker should lead a process group of its own")
    let variables = observed.environment.split(separator: "\0").map(String.init)
    #expect(variables.contains("SWIFT_BACKTRACE=enable=no"))
    #expect(variables.contains("TZ=UTC"))
    #expect(variables.contains("LC_ALL=C.UTF-8"))
  }

  enum Mischief: CaseIterable {
    case crash, hang, stop, linger, killFromOutside, stopFromOutside, none
  }

  @Test func workersKilledAtRandomMomentsEndInTimeAndLeaveNothing() throws {
    var generator = SplitMix(seed: 9)
    let limit = 0.4
    var outcomes: [String: Int] = [:]
    for round in 0..<210 {
      let mischief = Mischief.allCases[round % Mischief.allCases.count]
      let id = UUID().uuidString
      let tag = "JOURNEYMAP_CHAOS_TAG=\(id)"
      var environment = ["JOURNEYMAP_CHAOS_TAG": id]
      switch mischief {
      case .crash: environment["JOURNEYMAP_WORKER_FAULT"] = "crash"
      case .hang: environment["JOURNEYMAP_WORKER_FAULT"] = "hang"
      case .stop: environment["JOURNEYMAP_WORKER_FAULT"] = "stop"
      case .linger: environment["JOURNEYMAP_WORKER_FAULT"] = "linger"
      case .killFromOutside, .stopFromOutside, .none: break
      }
      let delay = Double(generator.next() % 300) / 1000
      if mischief == .killFromOutside || mischief == .stopFromOutside {
        let signal = mischief == .killFromOutside ? SIGKILL : SIGSTOP
        Thread.detachNewThread {
          Thread.sleep(forTimeInterval: delay)
          for pid in Self.processes(tagged: tag) { kill(pid, signal) }
        }
      }
      let start = Date()
      var outcome = "rendered"
      do {
        _ = try worker(timeLimit: limit, environment: environment).render(stageDOT, as: .svg)
      } catch {
        outcome = "\(error)".prefix { $0 != "(" }.description
        if mischief == .killFromOutside, case .killed(let signal) = error {
          #expect(signal == SIGKILL)
          #expect(error.message.contains("killed by signal 9 from outside"))
        }
      }
      outcomes[outcome, default: 0] += 1
      let took = Date().timeIntervalSince(start)
      #expect(took < limit + WorkerProcessLimits.grace, "round \(round), \(mischief): \(took) s")
      // Reaped and gone: nothing of this worker is left, not even a child it started.
      var left = Self.processes(tagged: tag)
      for _ in 0..<20 where !left.isEmpty {
        Thread.sleep(forTimeInterval: 0.05)  // a killed process takes a moment to vanish
        left = Self.processes(tagged: tag)
      }
      #expect(left.isEmpty, "round \(round), \(mischief): left \(left)")
      switch mischief {
      case .crash: #expect(outcome == "crashed")
      case .hang, .stop: #expect(outcome == "timedOut")
      case .linger, .none: #expect(outcome == "rendered")
      case .killFromOutside, .stopFromOutside: break  // depends on the moment
      }
    }
    // Every kind of end was seen.
    #expect(Set(outcomes.keys).isSuperset(of: ["crashed", "timedOut", "rendered"]))
  }
}

/// How long past its time limit a layout may take to return: the kill, the last reads.
enum WorkerProcessLimits {
  static let grace = 1.5
}

/// A small seeded generator, so that a failing round can be run again.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
