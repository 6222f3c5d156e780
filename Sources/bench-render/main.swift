// Benchmark of rendering: generated maps of 200 to 2,000 steps, each view timed step by step
// (parse and check, DOT, layout in a worker, SVG finishing), then `journeymap render` as a user
// runs it against Graphviz alone on the same DOT. Run it release-built, next to the release
// `journeymap` it starts as worker (`make bench`):
//   swift build -c release && .build/release/bench-render [--runs N] [--sizes 200,1000]
//
// The machine is shared: every figure is the median of N runs (5 unless told), wall time,
// and for whole commands also the CPU time (user + system of the command and its workers),
// which other work on the machine disturbs less.
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

/// Wall and CPU seconds of one command run.
struct Timing {
  var wall: Double
  var cpu: Double
}

/// Runs `path arguments` with stdin from `input` (or /dev/null), stdout and stderr to
/// /dev/null, and waits for it. posix_spawn and wait4, not Foundation's Process: its
/// waitUntilExit polls every 50 ms, which rounded every short run up to a multiple of 50 ms;
/// wait4 gives the CPU time of the command and of the children it waited for (its workers).
func commandTime(_ path: String, _ arguments: [String], input: String = "/dev/null") throws
  -> Timing
{
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([path] + arguments).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var pid = pid_t()
  var status: Int32 = 0
  var usage = rusage()
  let wall = seconds {
    guard posix_spawnp(&pid, path, &actions, nil, argv, environ) == 0 else { return }
    wait4(pid, &status, 0, &usage)
  }
  guard pid != 0, status == 0 else {
    throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: path])
  }
  func time(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return Timing(wall: wall, cpu: time(usage.ru_utime) + time(usage.ru_stime))
}

/// The median of `runs` timings of `body`, wall and CPU each.
func median(_ runs: Int, _ body: () throws -> Timing) rethrows -> Timing {
  var walls: [Double] = []
  var cpus: [Double] = []
  for _ in 0..<runs {
    let t = try body()
    walls.append(t.wall)
    cpus.append(t.cpu)
  }
  func middle(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
      : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }
  return Timing(wall: middle(walls), cpu: middle(cpus))
}

func ms(_ value: Double) -> String { String(format: "%8.1f", value * 1000) }

// `bench-render --map N` prints the generated map of N steps, to look at or time by hand.
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 2, arguments[0] == "--map", let steps = Int(arguments[1]) {
  print(generatedMap(steps: steps), terminator: "")
  exit(0)
}
var runs = 5
var sizes = [200, 500, 1000, 2000]
while let option = arguments.first {
  arguments.removeFirst()
  switch option {
  case "--runs": runs = max(Int(arguments.first ?? "") ?? runs, 1)
  case "--sizes": sizes = (arguments.first ?? "").split(separator: ",").compactMap { Int($0) }
  default:
    print("usage: bench-render [--runs N] [--sizes 200,500,1000,2000] | --map N")
    exit(64)
  }
  if !arguments.isEmpty { arguments.removeFirst() }
}

let executable = Bundle.main.executableURL?.deletingLastPathComponent()
  .appendingPathComponent("journeymap")
guard let executable, FileManager.default.isExecutableFile(atPath: executable.path) else {
  print("bench-render: build journeymap next to me first (swift build -c release)")
  exit(1)
}
let worker = LayoutWorker(executable: executable, timeLimit: 600)
let scratch = FileManager.default.temporaryDirectory
  .appendingPathComponent("bench-render-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

print("""
  Median of \(runs) runs, in ms. Per view: check = parse and check the map; DOT = board, layout
  and DOT text; layout and SVG = gvLayout and gvRenderData inside the worker; spawn = the rest
  of the worker's wall time (process start, pipes); finish = SVG post-processing.

  """)
print("steps view       check      DOT   layout      SVG    spawn   finish    total")

/// The median of `runs` timings of an in-process step, as a wall time.
@MainActor func inProcess(_ body: () throws -> Void) rethrows -> Double {
  try median(runs) { Timing(wall: try seconds(body), cpu: 0) }.wall
}

struct Row {
  var steps: Int
  var journey: Timing
  var graphviz: Timing
  var dotCommand: Timing
  var both: Timing
  /// Our share, wall and CPU: the median over the pairs of runs of each pair's own share.
  var share: Timing
}
var rows: [Row] = []
for steps in sizes {
  let text = generatedMap(steps: steps)
  var checked: CheckedJourney?
  let checkTime = inProcess { checked = JourneyChecker.check(Array(text.utf8), file: "bench") }
  guard let checked, !checked.hasErrors else {
    print("bench-render: the generated map of \(steps) steps has errors")
    exit(1)
  }
  var journeyDOT = ""
  for view in MapView.allCases {
    var dot = ""
    let dotTime = inProcess { dot = view.dot(checked) }
    if view == .journey { journeyDOT = dot }
    var outputs: [Graphviz.Output] = []
    let wall = try inProcess { outputs.append(try worker.render(dot, as: .svg)) }
    let layout = outputs.map(\.layoutSeconds).sorted()[outputs.count / 2]
    let render = outputs.map(\.renderSeconds).sorted()[outputs.count / 2]
    let svg = outputs[0].bytes
    let finishTime = inProcess {
      _ = SVGFinisher.finish(svg, title: view.title(checked.journey),
                             description: view.summary(checked), id: "bench")
    }
    let total = checkTime + dotTime + wall + finishTime
    let name = view.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
    print(String(format: "%5d ", steps) + name + ms(checkTime) + " " + ms(dotTime) + " "
      + ms(layout) + " " + ms(render) + " " + ms(wall - layout - render) + " "
      + ms(finishTime) + " " + ms(total))
  }
  // As a user runs it: the map file in, the SVG written.
  let map = scratch.appendingPathComponent("generated-\(steps).journey")
  try Data(text.utf8).write(to: map)
  let dotFile = scratch.appendingPathComponent("generated-\(steps).dot")
  try Data(journeyDOT.utf8).write(to: dotFile)
  // The two commands compared run in turn, a pair per run, so that whatever else the shared
  // machine does in a moment weighs on both alike.
  var journeyRuns: [Timing] = []
  var graphvizRuns: [Timing] = []
  for _ in 0..<runs {
    journeyRuns.append(try commandTime(executable.path, ["render", map.path, "--view", "journey",
                                                          "-o", scratch.path]))
    // Graphviz alone on the same DOT, as the worker runs it (the plugins it loads, no map, no
    // board): DOT from a file on stdin, SVG out.
    graphvizRuns.append(try commandTime(executable.path, ["layout-worker", "--format", "svg"],
                                        input: dotFile.path))
  }
  // Each pair's share, then their median: a drift in the machine's speed over the runs moves
  // both of a pair alike, and cancels out of its share.
  var pairs = zip(journeyRuns, graphvizRuns).makeIterator()
  let share = median(runs) {
    let (ours, theirs) = pairs.next()!
    return Timing(wall: ours.wall / theirs.wall - 1, cpu: ours.cpu / theirs.cpu - 1)
  }
  var next = journeyRuns.makeIterator()
  let journeyOnly = median(runs) { next.next()! }
  next = graphvizRuns.makeIterator()
  let graphviz = median(runs) { next.next()! }
  let dotCommand = try median(runs) {
    try commandTime("dot", ["-Tsvg", "-o", "/dev/null", dotFile.path])
  }
  let both = try median(max(runs / 2, 1) | 1) {
    try commandTime(executable.path, ["render", map.path, "-o", scratch.path])
  }
  rows.append(Row(steps: steps, journey: journeyOnly, graphviz: graphviz,
                  dotCommand: dotCommand, both: both, share: share))
}

print("""

  The journey map alone: `journeymap render MAP --view journey` (check, board, DOT, worker,
  SVG written) against Graphviz alone on the same DOT (`journeymap layout-worker`: libgvc as
  render runs it, with our text measure instead of Pango), and `dot -Tsvg` on it for
  reference (Graphviz's own command, Pango measuring every text). Wall (CPU) ms; ours on top
  is the median of each pair of runs' own share (the two run in turn).

  steps   journey alone     libgvc alone      ours on top     dot -Tsvg    both views
  """)
for row in rows {
  let overhead = row.share.wall * 100
  let cpuOverhead = row.share.cpu * 100
  print(String(format: "%5d  %7.1f (%6.1f)  %7.1f (%6.1f)  %+6.1f%% (%+5.1f%%)  %8.1f  %9.1f",
               row.steps, row.journey.wall * 1000, row.journey.cpu * 1000,
               row.graphviz.wall * 1000, row.graphviz.cpu * 1000, overhead, cpuOverhead,
               row.dotCommand.wall * 1000, row.both.wall * 1000))
}
if let small = rows.first(where: { $0.steps == 200 }), let large = rows.first(where: {
  $0.steps == 2000 }) {
  let wall = log(large.journey.wall / small.journey.wall) / log(10)
  let cpu = log(large.journey.cpu / small.journey.cpu) / log(10)
  print(String(format: "\njourney map growth from 200 to 2,000 steps: n^%.2f (CPU n^%.2f)", wall,
               cpu))
}
// A batch as a user renders a folder: 100 maps of 30 steps, both views, in one `render`.
// Each map's views lay out side by side and a few maps at a time, so both cores stay busy.
let batch = scratch.appendingPathComponent("batch")
try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
for index in 0..<100 {
  try Data(generatedMap(steps: 30).utf8).write(
    to: batch.appendingPathComponent(String(format: "map-%03d.journey", index)))
}
let batchOut = scratch.appendingPathComponent("batch-out")
let batchTime = try median(max(runs / 2, 1) | 1) {
  try commandTime(executable.path, ["render", batch.path, "-o", batchOut.path])
}
print(String(format: """

  A batch of 100 maps of 30 steps, both views (`journeymap render DIR`): %.2f s wall, \
  %.2f s CPU, CPU %.2f times wall.
  """, batchTime.wall, batchTime.cpu, batchTime.cpu / batchTime.wall))

print("""

  Targets (issue 7): the journey map alone, 1,000 steps under 500 ms and 2,000 under 1,000 ms;
  growth from 200 to 2,000 steps no worse than n^1.15; our time on top of Graphviz's own on the
  same DOT under 15 %; a batch keeps both cores busy, CPU at least 1.7 times wall. Both
  views (issue 8): 1,000 steps under 1 s, 2,000 under 2 s.
  """)
