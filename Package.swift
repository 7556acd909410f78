// swift-tools-version: 6.1
import PackageDescription

// Dependencies point down: bailanys → BailanysCommands → TUI/Store/Graph/Sample → Core.
// Linux only (Debian/Ubuntu): the terminal backend imports Glibc and ncursesw. macOS is not claimed:
// nobody builds or tests it here.
let package = Package(
    name: "Bailanys",
    products: [
        .executable(name: "bailanys", targets: ["bailanys"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // The data tables in Resources/ (gazetteer, name lists, country outline, UI strings), checked and
        // compiled into the binary by the EmbedResources plugin: no resource bundle to find at run time.
        .target(name: "BailanysResources", dependencies: ["BailanysCore"], plugins: ["EmbedResources"]),
        .executableTarget(name: "embed-resources", dependencies: ["BailanysCore"]),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["embed-resources"]),
        // `bailanys --version`: VERSION and the git commit, recorded before each build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .target(name: "BailanysCore"),
        // Who may see and change what: one pure module under the store, the TUI and the commands.
        .target(name: "BailanysPolicy", dependencies: ["BailanysCore", "BailanysResources"]),
        .target(name: "BailanysGraph", dependencies: ["BailanysCore"]),
        .target(
            name: "BailanysStore",
            dependencies: ["BailanysCore", "BailanysPolicy", "BailanysGraph", "BailanysResources", "SQLiteSetup", "UnsafeText",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // SQLite's process-wide settings, made before its first connection (C: sqlite3_config is variadic).
        .target(name: "SQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "BailanysSample", dependencies: ["BailanysCore", "BailanysResources"]),
        .target(name: "BailanysInterchange", dependencies: ["BailanysCore", "BailanysPolicy", "BailanysStore", "BailanysGraph", "UnsafeText"]),
        .target(name: "UnsafeText"),
        .target(name: "TerminalKit", dependencies: ["UnsafeText"]),
        // No pkgConfig: its -D flags are rejected by SwiftPM; the shim header defines what ncursesw needs.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "NcursesBackend", dependencies: ["TerminalKit", "CNcursesw"]),
        .target(
            name: "BailanysTUI",
            dependencies: ["TerminalKit", "BailanysCore", "BailanysPolicy", "BailanysStore", "BailanysGraph", "BailanysResources",
                           "BailanysInterchange", "UnsafeText"]
        ),
        .target(
            name: "BailanysCommands",
            dependencies: [
                "BailanysCore", "BailanysPolicy", "BailanysStore", "BailanysSample", "BailanysGraph", "BailanysResources",
                "BailanysTUI", "NcursesBackend", "TerminalKit", "BailanysInterchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            plugins: ["BuildInfo"]
        ),
        .executableTarget(name: "bailanys", dependencies: ["BailanysCommands"]),
        .executableTarget(
            name: "bailanys-bench",
            dependencies: ["BailanysCore", "BailanysPolicy", "BailanysStore", "BailanysSample", "BailanysGraph", "BailanysResources", "BailanysTUI",
                           "TerminalKit", "BailanysInterchange"]
        ),
        .testTarget(name: "BailanysCoreTests", dependencies: ["BailanysCore", "BailanysResources", "PythonCrossCheck", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "BailanysGraphTests", dependencies: ["BailanysGraph", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "BailanysStoreTests", dependencies: ["BailanysStore", "BailanysPolicy", "BailanysSample", "BailanysResources",
                                                               "PythonCrossCheck", .product(name: "PropertyBased", package: "swift-property-based")],
                    resources: [.copy("SchemaFixtures")]),
        .testTarget(name: "BailanysPolicyTests", dependencies: ["BailanysPolicy", "BailanysCore"]),
        .testTarget(name: "BailanysSampleTests", dependencies: ["BailanysSample", "BailanysResources"]),
        // Python cross-checks (icalendar, vobject) shared by the test targets.
        .target(name: "PythonCrossCheck", path: "Tests/PythonCrossCheck"),
        // Sets the test process's environment before Swift Testing starts (see its source).
        .target(name: "TestEnvironment", path: "Tests/TestEnvironment"),
        .testTarget(name: "BailanysInterchangeTests", dependencies: ["BailanysInterchange", "BailanysPolicy", "BailanysStore", "BailanysResources", "PythonCrossCheck",
                                                                     "TestEnvironment"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "BailanysTUITests",
            dependencies: ["BailanysTUI", "TerminalKit", "BailanysPolicy", "BailanysStore", "BailanysSample", "BailanysResources"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "NcursesBackendTests", dependencies: ["NcursesBackend", "CNcursesw", "TerminalKit"]),
        .testTarget(name: "BailanysCommandsTests", dependencies: ["BailanysCommands", "BailanysCore", "BailanysGraph"]),
        .testTarget(name: "CommandLineTests", dependencies: ["BailanysCore", "BailanysPolicy", "BailanysStore", "BailanysResources",
                                                             "PythonCrossCheck"]),
    ]
)
