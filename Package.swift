// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "journeymap",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "JourneyMap", targets: ["JourneyMap"]),
    .executable(name: "journeymap", targets: ["journeymap"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // `journeymap serve`: HTTP and WebSocket, no dependencies of its own (short CI builds).
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CGraphviz",
      pkgConfig: "libgvc",
      providers: [.apt(["graphviz-dev"])]
    ),
    // The language, the model, the checks and the views as DOT: pure Swift, no I/O.
    // libm: the board's layout rounds and takes square roots.
    .target(name: "JourneyMap", linkerSettings: [.linkedLibrary("m")]),
    // The one place that calls libgvc, and the worker process that isolates it.
    .target(name: "JourneyMapGraphviz", dependencies: ["JourneyMap", "CGraphviz"]),
    .executableTarget(
      name: "journeymap",
      dependencies: [
        "JourneyMap",
        "JourneyMapGraphviz",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "FlyingFox", package: "FlyingFox"),
      ]
    ),
    // Benchmarks: release-built executables that print figures (`make bench`).
    .executableTarget(name: "bench-check", dependencies: ["JourneyMap"]),
    .executableTarget(name: "bench-render", dependencies: ["JourneyMap", "JourneyMapGraphviz"]),
    .testTarget(
      name: "JourneyMapTests",
      dependencies: [
        "JourneyMap", "JourneyMapGraphviz", "journeymap",
        .product(name: "FlyingFox", package: "FlyingFox"),
      ],
      exclude: ["Golden", "Browser"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
