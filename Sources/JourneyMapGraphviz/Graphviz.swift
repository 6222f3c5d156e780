import CGraphviz
import Foundation
import JourneyMap

/// The one place that calls libgvc: DOT text in, rendered bytes out, in this process.
///
/// libgvc 2.42 is neither thread-safe nor free of leaks and crashes, and a second layout in
/// the same process can differ from the first (../shared/design/graphviz.md). So `render`
/// runs each layout through `LayoutWorker` in a fresh process, and only that worker calls
/// this type. Calls must come from one thread.
public enum Graphviz {
  /// The result of a successful render: the bytes and any warnings Graphviz raised.
  public struct Output: Sendable {
    public var bytes: [UInt8]
    public var warnings: [GraphvizMessage]
    /// Seconds spent in gvLayout and in gvRenderData, for the benchmark.
    public var layoutSeconds = 0.0
    public var renderSeconds = 0.0

    public init(bytes: [UInt8], warnings: [GraphvizMessage], layoutSeconds: Double = 0,
                renderSeconds: Double = 0) {
      self.bytes = bytes
      self.warnings = warnings
      self.layoutSeconds = layoutSeconds
      self.renderSeconds = renderSeconds
    }
  }

  /// Lays out `dot` with the dot engine and renders it as `format`.
  ///
  /// `freeingGraph: false` leaves the graph and its layout allocated: for a worker that exits
  /// right after, since freeing a large layout costs Graphviz about a fifth of its layout time
  /// (0.3 s of a 1,000-step silo diagram) and the system reclaims it at once.
  public static func render(_ dot: String, as format: GraphvizFormat, freeingGraph: Bool = true)
    throws(GraphvizError) -> Output
  {
    guard format.device != nil else {
      return Output(bytes: Array(dot.utf8), warnings: [])
    }
    return try render(as: format, freeingGraph: freeingGraph, into: nil) { jm_memread(dot) }
  }

  /// Reads DOT from `input` as it arrives (a pipe: parsing starts before the writer is
  /// done), lays it out and writes the picture to `output` as it is rendered; the `Output`
  /// then holds no bytes. Not for the `dot` format. On an error, part of the picture may
  /// have been written.
  public static func render(reading input: UnsafeMutablePointer<FILE>, as format: GraphvizFormat,
                            writingTo output: UnsafeMutablePointer<FILE>,
                            freeingGraph: Bool = true) throws(GraphvizError) -> Output
  {
    try render(as: format, freeingGraph: freeingGraph, into: output) { jm_fileread(input) }
  }

  /// Makes ready, before any DOT has arrived, the context an SVG of the board's views is
  /// drawn with (`leanContext`), so a worker loads its plugins while its parent still writes
  /// the DOT. Harmless when the DOT turns out to need the full context.
  public static func prepare(for format: GraphvizFormat) {
    _ = agseterrf(captureMessage)
    if format == .svg { _ = leanContext() }
  }

  /// `read`'s graph laid out and rendered as `format`: into `file` when given, else into the
  /// `Output`'s bytes.
  private static func render(as format: GraphvizFormat, freeingGraph: Bool,
                             into file: UnsafeMutablePointer<FILE>?,
                             read: () -> UnsafeMutablePointer<Agraph_t>?)
    throws(GraphvizError) -> Output
  {
    guard let device = format.device else { return Output(bytes: [], warnings: []) }
    // Installed first, so that nothing Graphviz says reaches the terminal.
    _ = agseterrf(captureMessage)
    // Per job, so the error count and Graphviz's line numbers start again.
    Capture.text = ""
    agreseterrors()
    agreadline(1)
    guard let graph = read() else {
      throw .rejectedDOT(GraphvizMessage.parse(Capture.text))
    }
    defer { if freeingGraph { agclose(graph) } }

    // The board's views give every position themselves (`layout=nop2`); the others use dot.
    let engine = engine(of: graph)
    // An SVG of given positions needs no text measured: drawn without Pango (see `lean`).
    let lean = engine == "nop2" && format == .svg ? leanContext() : nil
    let gvc: OpaquePointer
    if let lean {
      gvc = lean
    } else {
      gvc = try context()
      let missing = missingPlugins(gvc, for: format)
      if !missing.isEmpty { throw .missingPlugins(missing) }
    }

    // gvLayout returns 0 for a bad HTML label and only counts the error: check both.
    let layoutStart = DispatchTime.now().uptimeNanoseconds
    let rc = gvLayout(gvc, graph, engine)
    let renderStart = DispatchTime.now().uptimeNanoseconds
    if rc != 0 || agerrors() > 0 {
      if rc == 0 { gvFreeLayout(gvc, graph) }
      throw .layoutFailed(GraphvizMessage.parse(Capture.text))
    }
    defer { if freeingGraph { gvFreeLayout(gvc, graph) } }

    var bytes: [UInt8] = []
    if let file {
      let renderRC = gvRender(gvc, graph, device, file)
      guard renderRC == 0, fflush(file) == 0, agerrors() == 0 else {
        throw .layoutFailed(GraphvizMessage.parse(Capture.text))
      }
    } else {
      var buffer: UnsafeMutablePointer<CChar>?
      var length: UInt32 = 0
      let renderRC = gvRenderData(gvc, graph, device, &buffer, &length)
      guard renderRC == 0, agerrors() == 0, let buffer else {
        throw .layoutFailed(GraphvizMessage.parse(Capture.text))
      }
      defer { gvFreeRenderData(buffer) }
      // Binary formats hold NUL bytes: copy `length` bytes, never up to the first NUL.
      bytes = buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
        Array(UnsafeBufferPointer(start: $0, count: Int(length)))
      }
    }
    let renderEnd = DispatchTime.now().uptimeNanoseconds
    let warnings = GraphvizMessage.parse(Capture.text).filter { $0.level == .warning }
    return Output(bytes: bytes, warnings: warnings,
                  layoutSeconds: Double(renderStart - layoutStart) / 1e9,
                  renderSeconds: Double(renderEnd - renderStart) / 1e9)
  }

  /// The layout engine the graph asks for with its `layout` attribute: `nop2` or `dot`.
  private static func engine(of graph: UnsafeMutablePointer<Agraph_t>) -> String {
    let value = "layout".withCString { name in
      agget(UnsafeMutableRawPointer(graph), UnsafeMutablePointer(mutating: name))
    }
    guard let value else { return "dot" }
    return String(cString: value) == "nop2" ? "nop2" : "dot"
  }

  /// Checks that the plugins `format` needs are installed; throws `missingPlugins` when not.
  public static func checkPlugins(for format: GraphvizFormat) throws(GraphvizError) {
    if format == .dot { return }
    let missing = missingPlugins(try context(), for: format)
    if !missing.isEmpty { throw .missingPlugins(missing) }
  }

  /// The names, in words, of what `format` needs and this Graphviz lacks.
  private static func missingPlugins(_ gvc: OpaquePointer, for format: GraphvizFormat)
    -> [String]
  {
    var missing: [String] = []
    if !plugins(gvc, kind: "layout").contains("dot") {
      missing.append("the dot layout")
    }
    // Without pango, text widths are guessed and layouts differ from `dot -Tsvg`.
    if !plugins(gvc, kind: "textlayout").contains(where: { $0.hasPrefix("textlayout") }) {
      missing.append("the pango text plugin")
    }
    // gvPluginList names a device without its package ("png", not "png:cairo"), so the
    // cairo part is checked among the renderers.
    if let device = format.device {
      let parts = device.split(separator: ":").map(String.init)
      let hasDevice = plugins(gvc, kind: "device").contains(parts[0])
      let hasRenderer = parts.count < 2 || plugins(gvc, kind: "render").contains(parts[1])
      if !hasDevice || !hasRenderer { missing.append("the \(device) renderer") }
    }
    return missing
  }

  /// The plugin names of `kind`, as `gvPluginList` gives them ("dot", "png:cairo", ...).
  private static func plugins(_ gvc: OpaquePointer, kind: String) -> [String] {
    var count: Int32 = 0
    guard let list = gvPluginList(gvc, kind, &count, nil) else { return [] }
    var names: [String] = []
    for index in 0..<Int(count) {
      if let name = list[index] {
        names.append(String(cString: name))
        free(name)
      }
    }
    free(list)
    return names
  }

  /// A context for SVG of the board's views: the core plugins (SVG), the neato layouts
  /// (`nop2`) and, instead of Pango, a text layout of ours that measures with `FontMetrics`,
  /// the widths the board was laid out with. The board gives every position and size, so
  /// Graphviz only needs a text's width to align it in its cell; Pango's shaping of every
  /// text run was a third of a 1,000-step journey map's time. Nil when the plugins cannot be
  /// loaded this way: the caller uses the full context.
  ///
  /// The plugins are the ones `gvContext` would load, found as Graphviz finds them (in
  /// `GVBINDIR`, else the `graphviz` directory beside libgvc), and installed as builtins with no demand loading,
  /// so the config file, and with it the Pango plugin, is never read. PNG and PDF keep the
  /// full context: cairo draws text with Pango anyway.
  static func leanContext() -> OpaquePointer? {
    if let gvc = Capture.lean { return gvc }
    if Capture.leanFailed { return nil }
    Capture.leanFailed = true
    let directory: String
    if let bin = ProcessInfo.processInfo.environment["GVBINDIR"] {
      directory = bin + "/"
    } else {
      guard let file = jm_gvc_library_path() else { return nil }
      let library = String(cString: file)
      guard let slash = library.lastIndex(of: "/") else { return nil }
      directory = library[..<slash] + "/graphviz/"
    }
    let wanted = [("libgvplugin_core.so.6", "gvplugin_core_LTX_library"),
                  ("libgvplugin_neato_layout.so.6", "gvplugin_neato_layout_LTX_library")]
    let builtins = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: wanted.count + 2)
    for (index, (name, symbol)) in wanted.enumerated() {
      guard let handle = dlopen(directory + name, RTLD_NOW | RTLD_LOCAL),
        let address = dlsym(handle, symbol)
      else {
        builtins.deallocate()
        return nil
      }
      // Graphviz keeps the list for the context's life, which is the process's.
      builtins[index] = lt_symlist_t(name: strdup(symbol), address: address)
    }
    builtins[wanted.count] = lt_symlist_t(name: strdup("gvplugin_journeymap_LTX_library"),
                                           address: UnsafeMutableRawPointer(textLibrary()))
    builtins[wanted.count + 1] = lt_symlist_t(name: nil, address: nil)
    guard let gvc = gvContextPlugins(builtins, 0),
      plugins(gvc, kind: "layout").contains("nop2"),
      plugins(gvc, kind: "device").contains("svg")
    else { return nil }
    Capture.lean = gvc
    Capture.leanFailed = false
    return gvc
  }

  /// A plugin library holding one text layout, `measure`, as Graphviz's plugins declare
  /// theirs (`gvplugin_library_t`); allocated once, for the process's life.
  private static func textLibrary() -> UnsafeMutablePointer<gvplugin_library_t> {
    let engine = UnsafeMutablePointer<gvtextlayout_engine_t>.allocate(capacity: 1)
    engine.initialize(to: gvtextlayout_engine_t(textlayout: measure))
    let types = UnsafeMutablePointer<gvplugin_installed_t>.allocate(capacity: 2)
    types[0] = gvplugin_installed_t(id: 0, type: UnsafePointer(strdup("textlayout")),
                                    quality: 0, engine: UnsafeMutableRawPointer(engine),
                                    features: nil)
    types[1] = gvplugin_installed_t(id: 0, type: nil, quality: 0, engine: nil, features: nil)
    let apis = UnsafeMutablePointer<gvplugin_api_t>.allocate(capacity: 2)
    apis[0] = gvplugin_api_t(api: API_textlayout, types: types)
    apis[1] = gvplugin_api_t(api: api_t(rawValue: 0), types: nil)
    let library = UnsafeMutablePointer<gvplugin_library_t>.allocate(capacity: 1)
    library.initialize(to: gvplugin_library_t(packagename: strdup("journeymap"), apis: apis))
    return library
  }

  /// The process's one context; a context per render leaks. Created on first use, with the
  /// error callback installed first so that nothing Graphviz says reaches the terminal.
  private static func context() throws(GraphvizError) -> OpaquePointer {
    if let gvc = Capture.context { return gvc }
    _ = agseterrf(captureMessage)
    guard let gvc = gvContext() else {
      throw .missingPlugins(["a working context (gvContext failed)"])
    }
    Capture.context = gvc
    return gvc
  }
}

/// Graphviz's C callback can capture nothing, so what it receives goes to process globals.
/// Only one thread may use Graphviz (see `Graphviz`), which is what makes these safe.
private enum Capture {
  nonisolated(unsafe) static var text = ""
  nonisolated(unsafe) static var context: OpaquePointer?
  nonisolated(unsafe) static var lean: OpaquePointer?
  nonisolated(unsafe) static var leanFailed = false
}

private func captureMessage(_ piece: UnsafeMutablePointer<CChar>?) -> Int32 {
  guard let piece else { return 0 }
  Capture.text += String(cString: piece)
  return 0
}

/// The text layout of the lean context: a span's width from DejaVu Sans's advances, as the
/// board measured it, and Pango's vertical metrics for it (a line about 1.1 em, the centre
/// line 0.2 em below the middle), so lines sit where Pango put them within a point.
private let measure: @convention(c) (
  UnsafeMutablePointer<textspan_t>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> boolean = { span, _ in
  guard let span, let font = span.pointee.font, let text = span.pointee.str else { return 0 }
  let size = font.pointee.size
  let bold = font.pointee.flags & 1 != 0  // HTML_BF
  span.pointee.size.x = FontMetrics.advanceWidth(String(cString: text), size: size, bold: bold)
  span.pointee.size.y = (size * 1.1).rounded(.up)
  span.pointee.yoffset_layout = 0
  span.pointee.yoffset_centerline = 0.2 * size
  span.pointee.layout = nil
  span.pointee.free_layout = nil
  return 1
}
