import FlyingFox
import Foundation
import JourneyMap
import JourneyMapGraphviz
import Testing

@testable import journeymap

/// `serve`'s requests without a browser or a socket: the handler called as FlyingFox calls
/// it. The browser test (ServeBrowserTests) does the same through Chromium.
@Suite struct ServeHandlerTests {
  static let port: UInt16 = 8123
  static let token = "0123456789abcdef0123456789abcdef"

  static let map = """
    journey "Help"  # a comment
    owner service "Customer Service"

    stage ask "Ask"
      touchpoint call "Calls" owner service

    """

  struct Fixture {
    var directory: URL
    var path: String
    var handler: ServeHandler
  }

  func fixture() throws -> Fixture {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeymap-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("help.journey").path
    try Self.map.write(toFile: path, atomically: true, encoding: .utf8)
    let session = MapSession(index: 0, path: path, worker: LayoutWorker(executable: Binary.url))
    let handler = ServeHandler(sessions: [session], token: Self.token, bindHost: "127.0.0.1")
    handler.port = Self.port
    return Fixture(directory: directory, path: path, handler: handler)
  }

  func request(_ handler: ServeHandler, _ method: HTTPMethod, _ path: String,
               host: String = "127.0.0.1:\(port)", headers: [HTTPHeader: String] = [:],
               body: String = "") async throws -> (status: Int, body: String) {
    var all = headers
    all[.host] = host
    let request = HTTPRequest(method: method, version: .http11, path: path, query: [],
                              headers: all, body: Data(body.utf8))
    let response = try await handler.handleRequest(request)
    return (response.statusCode.code, String(decoding: try await response.bodyData, as: UTF8.self))
  }

  func capture(_ version: String, _ extra: String = "") -> String {
    "{\"map\": 0, \"version\": \"\(version)\", \"step\": \"call\", \"action\": \"note\", "
      + "\"value\": \"Staff: \\\"mostly\\\" yes\"\(extra)}"
  }

  var writeHeaders: [HTTPHeader: String] {
    [HTTPHeader("X-Journeymap-Token"): Self.token, .contentType: "application/json"]
  }

  @Test func servesItsPagesAndNothingElse() async throws {
    let f = try fixture()
    #expect(try await request(f.handler, .GET, "/").status == 200)
    let page = try await request(f.handler, .GET, "/map/0")
    #expect(page.status == 200 && page.body.contains("data-token=\"\(Self.token)\""))
    #expect(try await request(f.handler, .GET, "/assets/app.js").status == 200)
    for path in ["/map/1", "/map/00", "/map/-1", "/../etc/passwd", "/map/0/../../etc/passwd",
                 "/assets/../../etc/passwd", "//etc/passwd", "/" + f.path, "/help.journey",
                 "/api/map/7", "/ws/9"] {
      let (status, body) = try await request(f.handler, .GET, path)
      #expect(status == 404, "\(path)")
      #expect(!body.contains("journey \"Help\""))
    }
  }

  @Test func aForeignHostOrOriginIsRefused() async throws {
    let f = try fixture()
    #expect(try await request(f.handler, .GET, "/", host: "evil.example:\(Self.port)").status == 421)
    #expect(try await request(f.handler, .GET, "/", host: "127.0.0.1:9999").status == 421)
    #expect(try await request(f.handler, .GET, "/", host: "LOCALHOST:\(Self.port)").status == 200)
    let origin = try await request(f.handler, .GET, "/",
                                   headers: [HTTPHeader("Origin"): "http://evil.example"])
    #expect(origin.status == 403)
  }

  @Test func writesNeedTheTokenAndASmallBody() async throws {
    let f = try fixture()
    let version = ContentHashVersion.of(Self.map)
    let noToken = try await request(f.handler, .POST, "/api/capture",
                                    headers: [.contentType: "application/json"],
                                    body: capture(version))
    #expect(noToken.status == 403)
    var wrong = writeHeaders
    wrong[HTTPHeader("X-Journeymap-Token")] = "guess"
    #expect(try await request(f.handler, .POST, "/api/capture", headers: wrong,
                              body: capture(version)).status == 403)
    let large = try await request(f.handler, .POST, "/api/capture", headers: writeHeaders,
                                  body: String(repeating: "x", count: 20_000))
    #expect(large.status == 413)
    #expect(try String(contentsOfFile: f.path, encoding: .utf8) == Self.map)
  }

  @Test func aCaptureWritesOneLineAStaleOneIsRefusedAndUndoPutsItBack() async throws {
    let f = try fixture()
    let version = ContentHashVersion.of(Self.map)
    let written = try await request(f.handler, .POST, "/api/capture", headers: writeHeaders,
                                    body: capture(version))
    #expect(written.status == 200)
    let after = try String(contentsOfFile: f.path, encoding: .utf8)
    #expect(after == Self.map.replacingOccurrences(
      of: "owner service\n", with: "owner service\n    note \"Staff: \\\"mostly\\\" yes\"\n"))
    // The page still believes in the old version: refused, nothing written.
    let stale = try await request(f.handler, .POST, "/api/capture", headers: writeHeaders,
                                  body: capture(version))
    #expect(stale.status == 409)
    #expect(stale.body.contains("the file changed on disk since this page loaded it"))
    #expect(try String(contentsOfFile: f.path, encoding: .utf8) == after)
    let undo = try await request(f.handler, .POST, "/api/undo", headers: writeHeaders,
                                 body: "{\"map\": 0, \"version\": \"\(ContentHashVersion.of(after))\"}")
    #expect(undo.status == 200)
    #expect(try String(contentsOfFile: f.path, encoding: .utf8) == Self.map)
    let again = try await request(f.handler, .POST, "/api/undo", headers: writeHeaders,
                                  body: "{\"map\": 0, \"version\": \"\(version)\"}")
    #expect(again.status == 422)
    #expect(again.body.contains("nothing to undo"))
  }

  @Test func aCaptureThatCannotApplySaysWhy() async throws {
    let f = try fixture()
    let body = "{\"map\": 0, \"version\": \"\(ContentHashVersion.of(Self.map))\", "
      + "\"stage\": \"ask\", \"action\": \"pain\", \"value\": \"x\"}"
    let refused = try await request(f.handler, .POST, "/api/capture", headers: writeHeaders,
                                    body: body)
    #expect(refused.status == 422)
    #expect(refused.body.contains("a pain cannot be added to a stage"))
    let garbage = try await request(f.handler, .POST, "/api/capture", headers: writeHeaders,
                                    body: "{not json")
    #expect(garbage.status == 400)
  }

  @Test func onlyFilesInsideADirectoryGivenAreServed() throws {
    let f = try fixture()
    let outside = FileManager.default.temporaryDirectory
      .appendingPathComponent("journeymap-outside-\(UUID().uuidString).journey")
    try "journey \"secret\"\n".write(to: outside, atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: f.directory.appendingPathComponent("leak.journey").path,
      withDestinationPath: outside.path)
    let served = ServedMaps.resolve([f.directory.path])
    #expect(served.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["help.journey"])
    #expect(served.outside.map { URL(fileURLWithPath: $0).lastPathComponent } == ["leak.journey"])
    // Named on its own, a link is the user's choice and is served.
    let named = ServedMaps.resolve([f.directory.appendingPathComponent("leak.journey").path])
    #expect(named.files.count == 1)
  }
}

/// The version the page sends: the content hash of the file's bytes.
enum ContentHashVersion {
  static func of(_ text: String) -> String {
    ContentHash.ofBytes(Array(text.utf8))
  }
}
