// swift-tools-version:6.0
// cairn — a terminal developer portal. Rooms and their allowed imports are described in
// ../shared/DESIGN.md §2; dependencies point downward only.
import PackageDescription

let package = Package(
    name: "cairn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
        .executable(name: "cairn-bench", targets: ["cairn-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // System libraries: a module map and a shim header, nothing else.
        .systemLibrary(name: "CNCursesW", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCMark", pkgConfig: "libcmark-gfm", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // epoll, prctl, pipe2, posix_spawn's chdir: what the Glibc module does not export.
        .systemLibrary(name: "CLinux"),

        .target(name: "CairnCatalog", dependencies: ["CYAML"]),
        .target(name: "CairnStore", dependencies: [
            "CairnCatalog",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "CairnHTTP", dependencies: ["CCurl"]),
        .target(name: "CairnHealth", dependencies: ["CairnHTTP", "CairnCatalog", "CairnStore"]),
        .target(name: "CairnAccess", dependencies: ["CairnCatalog", "CairnStore", "CairnHTTP", "CCrypto"]),
        .target(name: "CairnSources", dependencies: ["CairnCatalog", "CairnStore", "CairnHTTP"]),
        .target(name: "CairnScaffold", dependencies: ["CairnCatalog", "CairnStore"]),
        .target(name: "CairnDocs", dependencies: ["CCMark", "CairnCatalog", "CairnStore"]),
        .target(name: "CairnProvision", dependencies: ["CairnCatalog", "CairnStore", "CairnHTTP", "CLinux"]),
        .target(name: "CairnPortal", dependencies: ["CairnCatalog", "CairnStore", "CairnHealth", "CairnHTTP", "CairnScaffold", "CairnProvision", "CairnDocs", "CairnAccess", "CairnSources"]),
        // The terminal room. For now it holds the sanitiser and width function that the CLI's
        // text output shares with the full-screen UI to come.
        .target(name: "CairnTUI", dependencies: ["CairnPortal", "CairnHealth", "CairnScaffold", "CairnDocs", "CairnSources", "CNCursesW"]),
        .executableTarget(name: "cairn", dependencies: [
            "CairnPortal",
            "CairnAccess",
            "CairnSources",
            "CairnDocs",
            "CairnProvision",
            "CairnStore",
            "CairnHealth",
            "CairnScaffold",
            "CairnTUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "cairn-bench", dependencies: [
            "CLinux",
            "CairnPortal",
            "CairnTUI",
            "CairnHealth",
            "CairnStore",
            "CairnSources",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "CairnCatalogTests", dependencies: ["CairnCatalog"]),
        .testTarget(name: "CairnStoreTests", dependencies: [
            "CairnStore", "CairnCatalog", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CairnScaffoldTests", dependencies: ["CairnScaffold", "CairnCatalog", "CairnStore"]),
        .testTarget(name: "CairnPortalTests", dependencies: ["CairnPortal", "CairnCatalog", "CairnStore", "CairnScaffold"]),
        .testTarget(name: "CairnAccessTests", dependencies: ["CairnAccess", "CairnCatalog", "CairnStore", "CairnHTTP", "LoopbackFixtures"]),
        .testTarget(name: "CairnSourcesTests", dependencies: ["CairnSources", "CairnCatalog", "CairnStore", "CairnHTTP", "LoopbackFixtures"]),
        .testTarget(name: "CairnDocsTests", dependencies: ["CairnDocs", "CairnCatalog", "CairnStore"]),
        .testTarget(name: "CairnProvisionTests", dependencies: ["CairnProvision", "CairnCatalog", "CairnStore", "CairnHTTP", "LoopbackFixtures"]),
        .testTarget(name: "CairnTUITests", dependencies: ["CairnTUI", "CairnHealth", "CairnCatalog", "CairnScaffold", "CairnDocs", "CairnSources"]),
        // Loopback servers the HTTP, health and end-to-end tests start (Python fixtures, the demo fleet).
        .target(name: "LoopbackFixtures", path: "Tests/LoopbackFixtures"),
        .testTarget(name: "CairnHTTPTests", dependencies: ["CairnHTTP", "LoopbackFixtures"]),
        .testTarget(name: "CairnHealthTests", dependencies: ["CairnHealth", "CairnHTTP", "CairnCatalog", "CairnStore", "LoopbackFixtures"]),
        // Drives the built `cairn` binary as a user would: exit codes, stdout, stderr, JSON.
        .testTarget(name: "EndToEndTests", dependencies: ["CairnCatalog", "LoopbackFixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
