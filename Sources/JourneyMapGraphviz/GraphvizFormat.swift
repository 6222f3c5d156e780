/// An output format of `render`: the file extension it writes and the Graphviz device behind it.
public enum GraphvizFormat: String, CaseIterable, Sendable {
  case svg, png, pdf, dot

  /// The device name handed to `gvRenderData`; nil for `dot`, which is our own text as is.
  /// PNG and PDF name the cairo renderer explicitly: `png` alone would pick whichever plugin
  /// Graphviz loaded first, and the gd one draws text without pango's shaping.
  public var device: String? {
    switch self {
    case .svg: "svg"
    case .png: "png:cairo"
    case .pdf: "pdf:cairo"
    case .dot: nil
    }
  }

  public var fileExtension: String { rawValue }
}
