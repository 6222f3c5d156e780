import CGraphviz

/// Placeholder: the libgvc bridge lands here.
public enum Graphviz {
  public static var version: String { "2.43" }
}
