// swift-tools-version:5.7
// Build the library first (`cargo build --release` at the repository root), then:
//   swift build -Xlinker -L../../target/release
//   swift test  -Xlinker -L../../target/release   (LD_LIBRARY_PATH / DYLD_LIBRARY_PATH too, to run)
import PackageDescription

let package = Package(
    name: "GoTrue",
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    products: [
        .library(name: "GoTrue", targets: ["GoTrue"]),
    ],
    targets: [
        // The C ABI, imported from include/gotrue.h through a module map (links libgotrue).
        .systemLibrary(name: "CGoTrue", path: "Sources/CGoTrue"),
        .target(name: "GoTrue", dependencies: ["CGoTrue"]),
        .testTarget(name: "GoTrueTests", dependencies: ["GoTrue"]),
    ]
)
