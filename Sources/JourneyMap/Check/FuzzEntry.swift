/// The fuzz target's body, shared by `make fuzz` (libFuzzer, Fuzz/FuzzParse.swift) and the
/// short deterministic run in the tests: every pure step a map's bytes go through.
public enum FuzzEntry {
  /// Parses and checks `bytes`, formats the diagnostics as text and JSON, writes both views'
  /// DOT when the map has no errors (as `render` would), formats the map as `fmt` does, and
  /// converts it to and from Mermaid, compares it with itself one line shorter (`diff`) and
  /// reads it as Markdown. Returns the bytes produced, so that nothing is
  /// optimised away.
  @discardableResult
  public static func run(_ bytes: [UInt8]) -> Int {
    let checked = JourneyChecker.check(bytes, file: "fuzz.journey")
    var produced = DiagnosticFormatter(file: "fuzz.journey", source: bytes)
      .text(checked.diagnostics).utf8.count
    produced += DiagnosticFormatter.json([("fuzz.journey", checked.diagnostics)]).utf8.count
    if !checked.hasErrors {
      for view in MapView.allCases { produced += view.dot(checked).utf8.count }
    }
    // The other readers and writers of map text: fmt, and Mermaid in both directions.
    produced += JourneyFormatter.format(bytes, file: "fuzz.journey").formatted?.count ?? 0
    produced += MermaidExport.export(checked.journey).utf8.count
    produced += MermaidImport.convert(bytes, file: "fuzz.mmd").diagnostics.count
    // diff: against the map without its last line, as text, JSON and (for a map without
    // errors) its picture's DOT; and the Markdown and SVG text readers.
    let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
    let shorter = Array(lines.dropLast().joined(separator: [10]))
    let old = JourneyChecker.check(shorter, file: "fuzz-old.journey")
    let diff = JourneyDiff.compare(old, checked)
    let entry = DiffReport.Entry(old: "old", new: "new", diff: diff)
    produced += DiffReport.text([entry]).utf8.count + DiffReport.json([entry]).utf8.count
    produced += DiffReport.markdown([entry]).utf8.count
    if !checked.hasErrors {
      produced += DiffPicture.picture(diff, old: old, new: checked, since: "old").dot().utf8.count
    }
    produced += MarkdownBlocks.blocks(bytes).count
    produced += FontEmbedding.characters(in: String(decoding: bytes, as: UTF8.self)).count
    return produced
  }
}
