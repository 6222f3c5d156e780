import Foundation

/// A program run to its end by this executable (git, fc-match): its status and output.
/// Standard input is empty; standard error is read on its own thread so neither pipe fills.
enum Subprocess {
  struct Result {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
  }

  /// Runs `program` (found on PATH) with `arguments`; nil when it cannot be started.
  static func run(_ program: String, _ arguments: [String]) -> Result? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    nonisolated(unsafe) var errors = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errors = err.fileHandleForReading.readDataToEndOfFile()
    }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    group.wait()
    return Result(status: process.terminationStatus, stdout: Array(output),
                  stderr: String(decoding: errors, as: UTF8.self))
  }
}
