/// Writes synthetic but realistic `.journey` text of a given size, for benchmarks.
///
/// Every fifth step is a decision whose branches skip at most two steps ahead, one stage in
/// four ends with a renewal loop back a few steps, owners rotate so that most edges are
/// hand-offs, and one touchpoint in nine is backstage. Everything is derived from the step
/// number, so the same size always gives the same map.
struct MapGenerator {
  var steps: Int
  var stepsPerStage = 6
  var owners = ["sales", "service", "billing", "field", "it", "dist"]

  func source() -> String {
    var lines: [String] = [
      "journey \"Synthetic journey of \(steps) steps\"",
      "persona p \"Benchmark persona\"",
      "  goal \"Get through \(steps) steps\"",
    ]
    for (n, owner) in owners.enumerated() {
      let external = owner == "dist" ? " external" : ""
      lines.append("owner \(owner) \"Team \(n + 1) (\(owner))\"\(external)")
    }
    let stageCount = (steps + stepsPerStage - 1) / stepsPerStage
    lines.append("phase \"First half\": " + (0..<max(stageCount / 2, 1)).map { "st\($0)" }
      .joined(separator: ", "))
    for s in 0..<stageCount {
      lines.append("")
      lines.append("stage st\(s) \"Stage \(s + 1)\" status observed")
      let first = s * stepsPerStage
      let last = min(first + stepsPerStage, steps) - 1
      for i in first...last {
        lines += step(i, isLastInStage: i == last, stage: s)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func step(_ i: Int, isLastInStage: Bool, stage: Int) -> [String] {
    let owner = owners[(i / 2) % owners.count]
    let feel = [-2, -1, 0, 1, 2, 1, 0, -1][i % 8]
    if i == steps - 1 {
      return ["  outcome s\(i) \"Leaves after step \(i)\" feel \(feel)"]
    }
    if i % 5 == 4, i + 2 < steps {
      return [
        "  decision s\(i) \"Decision \(i)?\" by \(["customer", "employee", "system"][i % 3])"
          + " owner \(owner)",
        "    yes -> s\(i + 1)",
        "    no -> s\(i + 2)",
      ]
    }
    var lines = [
      "  touchpoint s\(i) \"Touchpoint \(i) with a label long enough to wrap on the card\"",
      "    owner \(owner) channel web feel \(feel) status validated",
    ]
    if i % 9 == 8 {
      lines[1] += " backstage"
      lines.append("    -> s\(i + 1)")
      return lines
    }
    if i % 3 == 0 { lines.append("    pain \"Pain at step \(i)\"") }
    if i % 4 == 0 { lines.append("    opportunity \"Quick win at step \(i)\"") }
    if i % 7 == 0 { lines.append("    note \"Front-line staff said something at step \(i)\"") }
    if isLastInStage, stage % 4 == 3 {
      lines.append("    renew -> s\(max(i - 4, 0))")
      lines.append("    continue -> s\(i + 1)")
    }
    return lines
  }
}
