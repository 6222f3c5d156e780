/// What a render of one map may take in the render process itself, whatever the map: the
/// layout workers have their own address-space limit and time limit; these bound what we build
/// before a worker starts. Everything we build grows linearly with the map (the board, its
/// layout and its DOT: about 10 to 30 bytes of DOT per byte of map, including a decision with
/// thousands of answers and every step looping back), so bounding the map and the DOT bounds
/// our memory and our time.
public enum RenderBounds {
  /// The largest map `render` draws: 2 MiB is about 20,000 steps (ten times the benchmark's
  /// largest map), a few seconds of our own work and about 600 MB in the render process (a
  /// 2,000-step map of 214 KB takes 74 MB).
  public static let mapBytes = 2 << 20

  /// The most DOT one picture may take: Graphviz needs about 15 bytes of memory per byte of a
  /// board's DOT (74 MB for the 5.2 MB of a 2,000-step map), so 64 MiB keeps a layout well
  /// inside the workers' 4 GiB.
  public static let dotBytes = 64 << 20

  /// "12.3 MB": a size in the words of a message.
  public static func megabytes(_ bytes: Int) -> String {
    DOTPrinter.number(Double(bytes) / 1_048_576, decimals: 1) + " MB"
  }

  /// Why a map of `bytes` bytes is not drawn, with what to do; nil when it is within bounds.
  public static func mapTooLarge(_ bytes: Int) -> String? {
    guard bytes > mapBytes else { return nil }
    return "the map is \(bytes) bytes, more than the \(megabytes(mapBytes)) render draws "
      + "(about 20,000 steps); split it into several maps"
  }

  /// The message for a picture whose DOT would pass `dotBytes`.
  public static let pictureTooLarge = "the picture would take more than "
    + "\(megabytes(dotBytes)) of DOT, more than Graphviz can lay out within its memory limit "
    + "(our DOT, before Graphviz); draw it in pages (--media a4) or split the map"
}
