/// The organisation's view: one lane per owner, hand-offs between lanes numbered.
///
/// How the DOT is built, for dot's `rankdir=LR`: every step gets a column (a rank) of its own
/// in file order, after a rank 0 that holds the lane headers. A header row of invisible column
/// nodes, grouped in one cluster per stage, carries the stage names and pins each step to its
/// column (`rank=same`, which needs `newrank`). Each lane is a cluster whose header and tail
/// sit in the first and last rank, so every lane runs the full width; the lane headers are
/// chained with invisible flat edges to fix the lanes' order top to bottom. Flow edges between
/// consecutive steps span one rank, which keeps dot fast; loops do not constrain the ranks.
public enum SiloView {
  /// The DOT text for `checked`'s silo diagram.
  public static func dot(_ checked: CheckedJourney) -> String {
    SiloDiagram(checked.journey, flow: checked.flow).dot()
  }
}
