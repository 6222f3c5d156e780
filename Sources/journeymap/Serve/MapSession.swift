import Foundation
import JourneyMap
import JourneyMapGraphviz

/// One map being served: its file, the last pictures drawn from it, the pages watching it,
/// and the last capture (for undo). Renders on its own queue, one render at a time; a change
/// that arrives meanwhile is drawn next, so the pages always end on the file's latest bytes.
final class MapSession: @unchecked Sendable {
  /// What a page shows, sent as JSON over the WebSocket (and by `GET /api/map/N`).
  struct State: Codable, Sendable {
    var type = "state"
    var map: Int
    var file: String
    var title: String
    /// The version of the file the state was drawn from (`ContentHash.ofBytes`).
    var version: String
    /// "ok", "warnings" or "errors".
    var status: String
    /// The diagnostics exactly as `check` words them (no colour).
    var diagnostics: String
    /// The last good pictures: kept when the map has errors.
    var journey: String
    var silo: String
    var agenda: String
    var signOff: String?
    /// True while the map, as saved, has errors (the pictures are the last good ones).
    var stale: Bool
    /// Milliseconds since 1970 when the pictures were ready (for the live-reload test).
    var renderedAt: Double
    /// A capture can be undone.
    var canUndo: Bool
    /// What the panel calls each element it can capture on: `step-KEY` and `stage-KEY` →
    /// "touchpoint · Calls the hotline".
    var labels: [String: String] = [:]
  }

  /// The screen medium's slides for the projector, drawn after the views.
  struct Slides: Codable, Sendable {
    var type = "slides"
    var map: Int
    var version: String
    var slides: [String]
  }

  let index: Int
  let path: String
  private let worker: LayoutWorker
  private let queue: DispatchQueue
  private let lock = NSLock()
  private var state: State
  private var slides: Slides
  private var renderedBytes: [UInt8]?
  private var pending = false
  private var rendering = false
  private var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
  /// The bytes before and after the last capture.
  private var lastCapture: (before: [UInt8], after: [UInt8])?
  /// Renders so far, for `--max-renders`-free soak tests that watch memory.
  private(set) var renderCount = 0

  init(index: Int, path: String, worker: LayoutWorker) {
    self.index = index
    self.path = path
    self.worker = worker
    queue = DispatchQueue(label: "journeymap.serve.map-\(index)")
    state = State(map: index, file: path, title: Render.baseName(path), version: "",
                  status: "ok", diagnostics: "", journey: "", silo: "", agenda: "",
                  signOff: nil, stale: false, renderedAt: 0, canUndo: false)
    slides = Slides(map: index, version: "", slides: [])
  }

  var current: State { lock.withLock { state } }
  var currentSlides: Slides { lock.withLock { slides } }

  // MARK: Watching pages

  /// A stream of JSON messages for one page, starting with the current state.
  func subscribe() -> (UUID, AsyncStream<String>) {
    let id = UUID()
    let (stream, continuation) = AsyncStream.makeStream(of: String.self,
                                                        bufferingPolicy: .bufferingNewest(8))
    lock.withLock {
      subscribers[id] = continuation
      if !state.version.isEmpty { continuation.yield(Self.json(state)) }
      if !slides.version.isEmpty { continuation.yield(Self.json(slides)) }
    }
    return (id, stream)
  }

  func unsubscribe(_ id: UUID) {
    _ = lock.withLock { subscribers.removeValue(forKey: id) }?.finish()
  }

  private func broadcast(_ message: String) {
    let targets = lock.withLock { Array(subscribers.values) }
    for continuation in targets { continuation.yield(message) }
  }

  static func json(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  // MARK: Rendering

  /// Reads the file again and draws it when its bytes changed; returns at once.
  func reload() {
    lock.withLock {
      if rendering {
        pending = true
        return
      }
      rendering = true
      queue.async { self.renderLoop() }
    }
  }

  /// Draws the file and waits for it (start-up and tests).
  func reloadAndWait() {
    reload()
    queue.sync {}
  }

  private func renderLoop() {
    while true {
      renderOnce()
      let again = lock.withLock { () -> Bool in
        if pending {
          pending = false
          return true
        }
        rendering = false
        return false
      }
      if !again { return }
    }
  }

  private func renderOnce() {
    guard let bytes = try? MapFiles.contents(of: path) else { return }
    if lock.withLock({ renderedBytes == bytes }) { return }
    let checked = JourneyChecker.check(bytes, file: path)
    let diagnostics = DiagnosticFormatter(file: path, source: bytes).text(checked.diagnostics)
    let version = ContentHash.ofBytes(bytes)
    var next = lock.withLock { state }
    next.version = version
    next.diagnostics = diagnostics
    next.status = checked.hasErrors ? "errors" : checked.hasWarnings ? "warnings" : "ok"
    next.stale = checked.hasErrors
    next.canUndo = lock.withLock { lastCapture?.after == bytes }
    if !checked.hasErrors {
      let base = Render.baseName(path)
      let pictures = [MapView.journey, MapView.silo].map {
        ($0, $0.pictures(checked, medium: .poster)[0])
      }
      let svgs = Slots(pictures.count)
      DispatchQueue.concurrentPerform(iterations: pictures.count) { k in
        svgs[k] = self.draw(pictures[k].1, id: "\(base)-\(pictures[k].0.rawValue)")
      }
      next.journey = svgs[0]
      next.silo = svgs[1]
      next.title = MapFacts(checked).title
      next.agenda = AgendaFormat.html(Agenda(checked))
      next.signOff = SignOffState(checked.journey).sentence
      next.labels = Self.labels(checked.journey)
    }
    next.renderedAt = Date().timeIntervalSince1970 * 1000
    lock.withLock {
      state = next
      renderedBytes = bytes
      renderCount += 1
    }
    broadcast(Self.json(next))
    guard !checked.hasErrors else { return }
    // The projector's slides come second: the views must not wait for them.
    let base = Render.baseName(path)
    let slidePictures = MapView.journey.pictures(checked, medium: .screen)
    let drawnSlots = Slots(slidePictures.count)
    DispatchQueue.concurrentPerform(iterations: slidePictures.count) { k in
      drawnSlots[k] = self.draw(slidePictures[k], id: "\(base)-slide-\(k + 1)")
    }
    let drawn = drawnSlots.all
    // A newer version may have been drawn meanwhile: only the latest slides are kept.
    let isLatest = lock.withLock { () -> Bool in
      guard renderedBytes == bytes else { return false }
      slides = Slides(map: index, version: version, slides: drawn)
      return true
    }
    if isLatest { broadcast(Self.json(lock.withLock { slides })) }
    rotateDrawn()
  }

  static func labels(_ journey: Journey) -> [String: String] {
    var labels: [String: String] = [:]
    for (index, stage) in journey.stages.enumerated() {
      labels["stage-" + (stage.id ?? String(index + 1))] = "stage \u{00B7} " + stage.label
      for step in stage.steps {
        let status = step.workshop.status.map { " (\($0.rawValue))" } ?? ""
        labels["step-" + step.key] = step.kind.rawValue + status + " \u{00B7} " + step.label
      }
    }
    return labels
  }

  /// The pictures of the last two renders by their DOT and id: a picture whose DOT did not
  /// change (the silo diagram after a new note, the slides of the other stages) is not laid
  /// out again. Two generations, so memory stays flat over any number of renders.
  private var drawn: [String: String] = [:]
  private var drawnBefore: [String: String] = [:]

  /// One picture laid out by a worker and finished as `render` finishes it (or as it was
  /// last time, for the same DOT); an error message in place of the picture when the layout
  /// failed.
  func draw(_ picture: Picture, id: String) -> String {
    let dot = picture.dot()
    let key = id + "\n" + dot
    if let svg = lock.withLock({ drawn[key] ?? drawnBefore[key] }) {
      lock.withLock { drawn[key] = svg }
      return svg
    }
    let svg: String
    do {
      let laidOut = try worker.render(dot, as: .svg)
      svg = String(decoding: Render.finishedSVG(laidOut.bytes, picture: picture, id: id),
                   as: UTF8.self)
    } catch {
      return "<p class=\"error\">\(DOTText.xml(error.message))</p>"
    }
    lock.withLock { drawn[key] = svg }
    return svg
  }

  /// Called when a render is done: what it drew is kept, and what the one before drew.
  private func rotateDrawn() {
    lock.withLock {
      drawnBefore = drawn
      drawn = [:]
    }
  }

  // MARK: Writing

  enum WriteOutcome {
    case written(version: String)
    /// The file changed on disk since the page loaded `version`.
    case conflict
    case refused(String)
  }

  /// Applies `capture` to the file, if it is still the version the page was showing.
  func capture(_ capture: Capture, target: Capture.Target, version: String) -> WriteOutcome {
    write(version: version) { bytes in
      capture.apply(to: target, in: bytes, file: path).mapError { Refusal(message: $0.description) }
    }
  }

  /// Puts back the bytes from before the last capture, if nothing changed the file since.
  func undo(version: String) -> WriteOutcome {
    write(version: version, isUndo: true) { [self] (bytes: [UInt8]) -> Result<[UInt8], Refusal> in
      guard let last = lock.withLock({ lastCapture }), last.after == bytes else {
        return .failure(Refusal(message: ServeMessages.nothingToUndo))
      }
      return .success(last.before)
    }
  }

  private func write(version: String, isUndo: Bool = false,
                     _ change: ([UInt8]) -> Result<[UInt8], Refusal>) -> WriteOutcome {
    // One write at a time per map, so that two pages cannot interleave read and write.
    writeLock.lock()
    defer { writeLock.unlock() }
    let bytes: [UInt8]
    do {
      bytes = try MapFiles.contents(of: path)
    } catch {
      return .refused(MapFiles.describe(error))
    }
    guard ContentHash.ofBytes(bytes) == version else { return .conflict }
    switch change(bytes) {
    case .failure(let refusal): return .refused(refusal.message)
    case .success(let new):
      do {
        try AtomicFile.replace(new, at: path)
      } catch {
        return .refused("\(error)")
      }
      lock.withLock { lastCapture = isUndo ? nil : (bytes, new) }
      reload()
      return .written(version: ContentHash.ofBytes(new))
    }
  }

  private let writeLock = NSLock()

  struct Refusal: Error {
    var message: String
  }
}

/// Pictures drawn side by side, one slot each.
private final class Slots: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String]

  init(_ count: Int) { values = Array(repeating: "", count: count) }

  subscript(index: Int) -> String {
    get { lock.withLock { values[index] } }
    set { lock.withLock { values[index] = newValue } }
  }

  var all: [String] { lock.withLock { values } }
}
