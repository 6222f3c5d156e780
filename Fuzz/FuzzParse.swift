// libFuzzer target over FuzzEntry.run: parse, check, diagnostics, DOT, fmt and Mermaid.
// Compiled with the library's sources into one module by `make fuzz` (see README, Fuzzing):
//   swiftc -sanitize=fuzzer,address -parse-as-library Fuzz/FuzzParse.swift Sources/JourneyMap/...

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzEntry.run(Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
