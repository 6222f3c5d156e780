import FlyingFox
import Foundation
import JourneyMap

/// What the server says to a page, each wording once.
enum ServeMessages {
  static let badHost = "unexpected Host header: this server answers to its own address only"
  static let badOrigin = "requests from another site are refused"
  static let badToken = "missing or wrong write token: reload the page"
  static let tooLarge = "request body too large"
  static let badRequest = "the request could not be read"
  static let notFound = "not found"
  static let conflict = "the file changed on disk since this page loaded it; nothing was "
    + "written, and the page now shows the file as it is"
  static let nothingToUndo = "nothing to undo: the file changed since the last capture"
}

/// Every request of `serve`, routed by hand over a fixed set of paths, none of which maps to
/// the file system: `/`, `/map/N`, `/api/map/N`, `/ws/N`, `/api/capture`, `/api/undo` and the
/// page's own script and style. So no path, encoded or not, can reach another file.
final class ServeHandler: HTTPHandler, @unchecked Sendable {
  /// Bodies of writes stay small: a note, a label.
  static let maxBody = 16 * 1024
  static let tokenHeader = HTTPHeader("X-Journeymap-Token")

  let sessions: [MapSession]
  let token: String
  let bindHost: String
  private let lock = NSLock()
  private var listeningPort: UInt16 = 0

  var port: UInt16 {
    get { lock.withLock { listeningPort } }
    set { lock.withLock { listeningPort = newValue } }
  }

  init(sessions: [MapSession], token: String, bindHost: String) {
    self.sessions = sessions
    self.token = token
    self.bindHost = bindHost
  }

  /// The Host values this server answers to: its address and `localhost`, with its port. A
  /// page from another name that resolves here (DNS rebinding) sends its own name, and is
  /// refused.
  var allowedHosts: Set<String> {
    let port = self.port
    var names = ["127.0.0.1", "localhost", "::1", bindHost]
    // Listening on every interface: the machine's own addresses and name are ours too.
    if bindHost == "0.0.0.0" || bindHost == "::" { names += Self.machineNames }
    return Set(names.map { ($0.contains(":") ? "[\($0)]" : $0).lowercased() + ":\(port)" })
  }

  /// The addresses of this machine's interfaces and its host name, read once.
  static let machineNames: [String] = {
    var names: [String] = []
    var buffer = [CChar](repeating: 0, count: 256)
    if gethostname(&buffer, buffer.count) == 0 {
      let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                        as: UTF8.self)
      names += [name, name + ".local"]
    }
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0 else { return names }
    defer { freeifaddrs(list) }
    var item = list
    while let current = item {
      if let address = current.pointee.ifa_addr {
        let family = Int32(address.pointee.sa_family)
        if family == AF_INET || family == AF_INET6 {
          var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
          let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size
            : MemoryLayout<sockaddr_in6>.size)
          if getnameinfo(address, length, &host, socklen_t(host.count), nil, 0,
                         NI_NUMERICHOST) == 0
          {
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                              as: UTF8.self)
            // A link-local IPv6 address carries its interface: `fe80::1%eth0`.
            names.append(String(text.split(separator: "%").first ?? ""))
          }
        }
      }
      item = current.pointee.ifa_next
    }
    return names
  }()

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    guard let host = request.headers[.host], allowedHosts.contains(host.lowercased()) else {
      return Self.text(.misdirectedRequest, ServeMessages.badHost)
    }
    // A browser names the page's origin on writes and WebSockets: it must be ours.
    if let origin = request.headers[HTTPHeader("Origin")],
      !allowedHosts.contains(Self.hostOfOrigin(origin))
    {
      return Self.text(.forbidden, ServeMessages.badOrigin)
    }
    let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
      .map(String.init)
    let get = request.method == .GET
    let post = request.method == .POST
    let first = parts.first ?? ""
    let last = parts.count == 2 ? parts[1] : ""
    if get, parts == [""] { return Self.html(ServePage.index(sessions)) }
    if get, parts == ["assets", "app.js"] { return Self.asset(ServePage.script, "text/javascript") }
    if get, parts == ["assets", "app.css"] { return Self.asset(ServePage.style, "text/css") }
    if get, parts == ["favicon.ico"] { return HTTPResponse(statusCode: .noContent) }
    if get, parts.count == 2, first == "map", let session = session(last) {
      return Self.html(ServePage.map(session, token: token))
    }
    if get, parts.count == 3, first == "api", let session = session(parts[2]) {
      if parts[1] == "map" { return Self.json(MapSession.json(session.current)) }
      if parts[1] == "slides" { return Self.json(MapSession.json(session.currentSlides)) }
    }
    if get, parts.count == 2, first == "ws", let session = session(last) {
      return try await WebSocketHTTPHandler.webSocket(PageSocket(session: session))
        .handleRequest(request)
    }
    if post, parts == ["api", "capture"] || parts == ["api", "undo"] {
      guard request.headers[Self.tokenHeader] == token else {
        return Self.text(.forbidden, ServeMessages.badToken)
      }
      if let length = request.bodySequence.count, length > Self.maxBody {
        return Self.text(.payloadTooLarge, ServeMessages.tooLarge)
      }
      guard let body = try? await Self.boundedBody(request) else {
        return Self.text(.payloadTooLarge, ServeMessages.tooLarge)
      }
      return write(parts[1], body)
    }
    return Self.text(.notFound, ServeMessages.notFound)
  }

  private func session(_ text: String) -> MapSession? {
    guard let n = Int(text), String(n) == text, sessions.indices.contains(n) else { return nil }
    return sessions[n]
  }

  /// A capture or an undo: `{"map": N, "version": "…", …}` (README, serve).
  struct WriteRequest: Decodable {
    var map: Int
    var version: String
    var action: String?
    var step: String?
    var stage: String?
    var value: String?
  }

  struct WriteReply: Encodable {
    var ok: Bool
    var version: String?
    var error: String?
    var conflict: Bool
  }

  private func write(_ kind: String, _ body: Data) -> HTTPResponse {
    guard let request = try? JSONDecoder().decode(WriteRequest.self, from: body),
      sessions.indices.contains(request.map)
    else { return Self.text(.badRequest, ServeMessages.badRequest) }
    let session = sessions[request.map]
    let outcome: MapSession.WriteOutcome
    if kind == "undo" {
      outcome = session.undo(version: request.version)
    } else {
      guard let capture = Self.capture(request) else {
        return Self.text(.badRequest, ServeMessages.badRequest)
      }
      let target: Capture.Target
      if let step = request.step {
        target = .step(step)
      } else if let stage = request.stage {
        target = .stage(stage)
      } else {
        return Self.text(.badRequest, ServeMessages.badRequest)
      }
      outcome = session.capture(capture, target: target, version: request.version)
    }
    switch outcome {
    case .written(let version):
      return Self.json(MapSession.json(WriteReply(ok: true, version: version, conflict: false)))
    case .conflict:
      return Self.json(MapSession.json(WriteReply(ok: false, error: ServeMessages.conflict,
                                                  conflict: true)), status: .conflict)
    case .refused(let message):
      return Self.json(MapSession.json(WriteReply(ok: false, error: message, conflict: false)),
                       status: .unprocessableContent)
    }
  }

  static func capture(_ request: WriteRequest) -> Capture? {
    guard let action = request.action else { return nil }
    if action == "status" {
      return request.value.flatMap(Evidence.init(rawValue:)).map(Capture.status)
    }
    if action == "propose" { return Capture.propose(request.value ?? "") }
    return Capture.Remark(rawValue: action).map { Capture.add($0, request.value ?? "") }
  }

  /// The body, read up to `maxBody` bytes (a chunked body has no length to check first).
  static func boundedBody(_ request: HTTPRequest) async throws -> Data {
    var data = Data()
    for try await chunk in request.bodySequence {
      data.append(chunk)
      if data.count > maxBody { throw CancellationError() }
    }
    return data
  }

  /// `http://127.0.0.1:8040` → `127.0.0.1:8040`; anything else stays unmatchable.
  static func hostOfOrigin(_ origin: String) -> String {
    guard origin.hasPrefix("http://") else { return "" }
    return String(origin.dropFirst("http://".count)).lowercased()
  }

  // MARK: Responses

  static let securityHeaders: [(HTTPHeader, String)] = [
    (HTTPHeader("X-Content-Type-Options"), "nosniff"),
    (HTTPHeader("Referrer-Policy"), "no-referrer"),
    (HTTPHeader("X-Frame-Options"), "DENY"),
    (.cacheControl, "no-store"),
  ]

  static func response(_ status: HTTPStatusCode, _ type: String, _ body: String) -> HTTPResponse {
    var headers = HTTPHeaders()
    headers[.contentType] = type
    for (name, value) in securityHeaders { headers[name] = value }
    return HTTPResponse(statusCode: status, headers: headers, body: Data(body.utf8))
  }

  static func text(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
    response(status, "text/plain; charset=utf-8", message + "\n")
  }

  static func html(_ page: String) -> HTTPResponse {
    var response = response(.ok, "text/html; charset=utf-8", page)
    // The page runs only its own script and style; SVG is inline markup, never script.
    response.headers[HTTPHeader("Content-Security-Policy")] =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self' ws: ; frame-ancestors 'none'"
    return response
  }

  static func asset(_ text: String, _ type: String) -> HTTPResponse {
    response(.ok, type + "; charset=utf-8", text)
  }

  static func json(_ text: String, status: HTTPStatusCode = .ok) -> HTTPResponse {
    response(status, "application/json", text)
  }
}

/// The WebSocket of one page: the map's state now, then every new state.
struct PageSocket: WSMessageHandler {
  let session: MapSession

  func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
    let (id, states) = session.subscribe()
    let session = self.session
    // When the page goes, stop sending to it.
    Task {
      for await _ in client {}
      session.unsubscribe(id)
    }
    return AsyncStream { continuation in
      let task = Task {
        for await state in states { continuation.yield(.text(state)) }
        continuation.finish()
      }
      continuation.onTermination = { _ in
        task.cancel()
        session.unsubscribe(id)
      }
    }
  }
}
