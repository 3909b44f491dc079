// swift-tools-version:5.7
// CGoTrue finds libgotrue through pkg-config (`gotrue.pc`, written by `./x install PREFIX`):
//   ./x install "$HOME/.local"                      # at the repository root
//   PKG_CONFIG_PATH="$HOME/.local/lib/pkgconfig" swift build
// Without an installed library: `cargo build --release`, then
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
        .systemLibrary(name: "CGoTrue", path: "Sources/CGoTrue", pkgConfig: "gotrue"),
        .target(name: "GoTrue", dependencies: ["CGoTrue"]),
        .testTarget(name: "GoTrueTests", dependencies: ["GoTrue"]),
    ]
)
