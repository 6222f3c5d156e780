// Benchmark of parse + check on a generated 100,000-line map. Build it in release:
//   swift build -c release --product bench-check && .build/release/bench-check
import Dispatch
import JourneyMap

/// A realistic map of about `lines` lines: stages with touchpoints whose attributes sit on
/// lines of their own, decisions with branches, loops back to earlier stages, comments.
func generateMap(lines target: Int) -> [UInt8] {
  var text = """
    # Generated benchmark map
    journey "A very long journey"
      description "Generated to measure the checker"
    persona ama "Ama, runs a corner shop"
      goal "Keep the fridge cold"
    owner service "Customer Service" color sky
    owner field "Field Technicians" color "#009E73"
    owner dist "Regional distributor" external

    """
  var lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
  var stage = 0
  while lineCount < target {
    stage += 1
    var block = """

      # Stage \(stage): a touchpoint, a backstage process, a decision with a loop
      stage s\(stage) "Stage \(stage) — étape \(stage)" status observed
        metric "Drop-off \(stage % 100) %"
        touchpoint call\(stage) "Calls the hotline about \\\"order \(stage)\\\"" owner service
          channel phone
          feel -1
          pain "Waits \(stage % 30) minutes on hold"
          opportunity "Offer a call-back"
          tool "Call-centre CRM"
          note "Staff: most callers try the distributor first"
          question "Do callers know the warranty number?"
          status validated
        touchpoint restock\(stage) "Parts reordered" owner field, dist backstage
          -> visit\(stage)
        decision covered\(stage) "Under warranty?" by employee owner service
          yes -> visit\(stage)
          "not sure" -> call\(stage)   # a loop back to the call
          no -> s\(max(1, stage - 1))

      """
    block += """
        touchpoint visit\(stage) "Technician repairs the fridge" owner field feel +2
          metric "NPS 41"

      """
    lineCount += block.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    text += block
  }
  text += "stage end \"The end\"\n  outcome gone \"Buys a new fridge elsewhere\" feel -2\n"
  return Array(text.utf8)
}

let bytes = generateMap(lines: 100_000)
let lineCount = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
var times: [Double] = []
var diagnostics = 0
for _ in 0..<7 {
  let start = DispatchTime.now().uptimeNanoseconds
  let checked = JourneyChecker.check(bytes, file: "bench.journey")
  times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  diagnostics = checked.diagnostics.count
}
times.sort()
let best = times[0]
let median = times[times.count / 2]
func ms(_ s: Double) -> String { String(Int(s * 1000 + 0.5)) + " ms" }
print("bench-check: \(lineCount) lines, \(bytes.count) bytes, \(diagnostics) diagnostics")
print("parse+check: best \(ms(best)), median \(ms(median)) over \(times.count) runs, "
  + "\(Int(Double(lineCount) / median)) lines/s (median)")

// The slow cases of issue 9: check and the text report must stay linear in their output.
/// Seconds of the best of `runs` runs of parse, check and the text report of `text`.
func timeCheckAndReport(_ text: String, runs: Int = 3)
  -> (seconds: Double, check: Double, diagnostics: Int)
{
  let source = Array(text.utf8)
  var best = (total: Double.infinity, check: 0.0)
  var count = 0
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let checked = JourneyChecker.check(source, file: "bench.journey")
    let checkedAt = DispatchTime.now().uptimeNanoseconds
    let report = DiagnosticFormatter(file: "bench.journey", source: source)
      .text(checked.diagnostics)
    let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if total < best.total { best = (total, Double(checkedAt - start) / 1e9) }
    count = checked.diagnostics.count
    precondition(!report.isEmpty)
  }
  return (best.total, best.check, count)
}

let slowCases: [(name: String, text: String)] = [
  ("20,000 unknown owners on one line",
   "owner service \"S\"\nstage s \"S\"\n  touchpoint t \"T\" owner "
     + (1...20_000).map { "u\($0)" }.joined(separator: ", ") + "\n"),
  ("98,000 warnings (touchpoints with no owner)",
   "stage s \"S\"\n" + (1...98_000).map { "  touchpoint t\($0) \"T\"\n" }.joined()),
  ("2,000 unknown owners against 50,000 declared",
   (1...50_000).map { "owner o\($0) \"O\"\n" }.joined() + "stage s \"S\"\n"
     + (1...2_000).map { "  touchpoint t\($0) \"T\" owner x\($0 * 7)\n" }.joined()),
]
for slow in slowCases {
  let (seconds, check, count) = timeCheckAndReport(slow.text)
  print("check + text report, \(slow.name): \(ms(seconds)) (check \(ms(check))) (best of 3), "
    + "\(count) diagnostics")
}
