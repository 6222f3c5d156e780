/// The organisation's view: one lane per owner, hand-offs between lanes numbered.
///
/// How the DOT is built, for dot's `rankdir=LR`: the columns (ranks) follow the stages in file
/// order, after a rank 0 that holds the lane headers; inside a stage, steps that no flow edge
/// joins share a column (`SiloDiagram.levels`). A header row of invisible column nodes, grouped
/// in one cluster per stage and one per phase around those, carries the stage and phase names
/// and pins each step to its column (`rank=same`, which needs `newrank`). Each lane is a
/// cluster whose header and tail sit in the first and last rank, so every lane runs the full
/// width; the lanes keep their order because `mclimit` keeps dot's crossing minimisation from
/// reordering them (see `writeRanks`). No DOT edge spans more than one column: a flow edge
/// that does runs through invisible waypoints, one per column it passes, each inside a lane
/// (`SiloRoute`), because dot's own virtual nodes for long edges belong to no cluster and,
/// with crossing minimisation held down, end up below every lane or on a card. Loops are
/// written left to right with `dir=back`, so they get label ranks and stay near their steps.
public enum SiloView {
  /// The DOT text for `checked`'s silo diagram.
  public static func dot(_ checked: CheckedJourney) -> String {
    SiloDiagram(checked.journey, flow: checked.flow).dot()
  }
}
