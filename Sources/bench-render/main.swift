// Benchmark of rendering: generated maps of 10 to 2,000 steps, each view timed step by step
// (parse and check, DOT, layout in a worker, SVG finishing) against `dot -Tsvg` on the same
// DOT. Run it release-built, next to the release `journeymap` it starts as worker:
//   swift build -c release && .build/release/bench-render
import Foundation
import JourneyMap
import JourneyMapGraphviz

/// A map of about `steps` steps with realistic structure: stages of eight steps, six owners
/// (one external), a decision every ninth step with a retry loop, backstage work, feelings,
/// pains and metrics.
func generatedMap(steps: Int) -> String {
  var lines = ["journey \"Generated map of \(steps) steps\"", "persona p \"A customer\"",
               "  goal \"Get it done\""]
  let owners = ["sales", "service", "field", "billing", "it"]
  for owner in owners { lines.append("owner \(owner) \"Team \(owner)\"") }
  lines.append("owner dist \"Distributor\" external")
  let allOwners = owners + ["dist"]
  var step = 0
  var stage = 0
  while step < steps {
    lines.append("stage st\(stage) \"Stage \(stage)\"")
    for _ in 0..<8 where step < steps {
      let owner = allOwners[(step / 3) % allOwners.count]
      let feel = [-2, -1, 0, 1, 2, 1, 0, -1][step % 8]
      if step % 9 == 8 && step + 1 < steps {
        lines.append("  decision s\(step) \"Decision \(step)?\" by employee owner \(owner)")
        lines.append("    yes -> s\(step + 1)")
        lines.append("    no -> s\(max(step - 3, 0))")
      } else if step % 13 == 12 {
        lines.append("  touchpoint s\(step) \"Backstage work \(step)\" owner \(owner) backstage")
        lines.append("    -> s\(step + 1 < steps ? step + 1 : 0)")
      } else {
        lines.append("  touchpoint s\(step) \"Step number \(step) of the journey\" owner \(owner)"
          + " channel web feel \(feel) status observed")
        if step % 5 == 0 { lines.append("    pain \"Pain at step \(step)\"") }
        if step % 7 == 0 { lines.append("    metric \"Drop-off \(step % 40) %\"") }
      }
      step += 1
    }
    stage += 1
  }
  return lines.joined(separator: "\n") + "\n"
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// `dot -Tsvg` on `dot`, from a file as a user would run it; its wall time.
func dotCommandTime(_ dot: String) throws -> Double {
  let file = FileManager.default.temporaryDirectory
    .appendingPathComponent("bench-render-\(ProcessInfo.processInfo.processIdentifier).dot")
  try Data(dot.utf8).write(to: file)
  defer { try? FileManager.default.removeItem(at: file) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["dot", "-Tsvg", "-o", "/dev/null", file.path]
  return try seconds {
    try process.run()
    process.waitUntilExit()
  }
}

func ms(_ value: Double) -> String { String(format: "%8.1f", value * 1000) }

let executable = Bundle.main.executableURL?.deletingLastPathComponent()
  .appendingPathComponent("journeymap")
guard let executable, FileManager.default.isExecutableFile(atPath: executable.path) else {
  print("bench-render: build journeymap next to me first (swift build -c release)")
  exit(1)
}
let worker = LayoutWorker(executable: executable, timeLimit: 600)

// The cost of isolation: a worker for an empty graph, against the same graph in-process.
let empty = "digraph g { a }\n"
_ = try worker.render(empty, as: .svg)
let runs = 20
let workerTime = try seconds { for _ in 0..<runs { _ = try worker.render(empty, as: .svg) } }
let inProcessTime = try seconds {
  for _ in 0..<runs { _ = try Graphviz.render(empty, as: .svg) }
}
print("worker overhead per layout: \(ms((workerTime - inProcessTime) / Double(runs))) ms")
print("")
print("steps view      check      DOT   layout   finish    total | dot -Tsvg  ours/dot")

for steps in [10, 50, 100, 1000, 2000] {
  let text = generatedMap(steps: steps)
  var checked: CheckedJourney?
  let checkTime = seconds { checked = JourneyChecker.check(Array(text.utf8), file: "bench") }
  guard let checked else { continue }
  for view in MapView.allCases {
    var dot = ""
    let dotTime = seconds { dot = view.dot(checked) }
    var raw: [UInt8] = []
    let layoutTime = try seconds { raw = try worker.render(dot, as: .svg).bytes }
    let finishTime = seconds {
      _ = SVGFinisher.finish(String(decoding: raw, as: UTF8.self),
                             title: view.title(checked.journey),
                             description: view.summary(checked), id: "bench")
    }
    let total = checkTime + dotTime + layoutTime + finishTime
    let reference = try dotCommandTime(dot)
    let name = view.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
    print(String(format: "%5d ", steps) + name
      + " \(ms(checkTime)) \(ms(dotTime)) \(ms(layoutTime)) \(ms(finishTime)) \(ms(total))"
      + " | \(ms(reference))  \(String(format: "%7.2f", total / reference))")
  }
}
print("(times in ms; layout runs in a fresh worker process, as render does)")
