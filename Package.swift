// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "gongshi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongshi", targets: ["gongshi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The clerk's workbench (`gongshi workbench`): Hummingbird 2 on SwiftNIO, without swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // cmark from Debian's libcmark-dev; safe mode (no raw HTML) is its default.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libsodium from Debian's libsodium-dev: SHA-256, BLAKE2b and Ed25519 (minisign signatures), in
        // seconds of build time where swift-crypto's BoringSSL takes a minute of every clean build.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // OpenSSL's libcrypto from Debian's libssl-dev, for SHA-256 only: it uses the CPU's SHA instructions
        // (1.78 GB/s here against libsodium's 0.33 GB/s), and every published byte is hashed for SHA256SUMS.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // What Swift cannot reach directly: renameat2, syncfs and memmem, and zlib's raw inflate and CRC-32 for
        // a zip reader that checks every bound (ZIPFoundation's reader can spin or trap on a damaged zip).
        // And libxml2's pull reader, which streams a workbook's sheets (no xlsx reader is in the package mirror).
        .target(name: "CSupport", dependencies: ["CLibXML2"], linkerSettings: [.linkedLibrary("z")]),
        // libxml2 from Debian's libxml2-dev, seen only by CSupport's C: its headers pull in the system's ICU,
        // which clashes with Foundation's copy in a Swift module that sees both.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // What gongshi says: every text in Chinese and English, and how a place in a file is said.
        .target(name: "Messages"),
        // The registry's records and the measures' terms (grades, scores, dates, codes) and diagnostics: no C library,
        // so the rules and their tests build without SQLite, libxml2, libsodium or OpenSSL.
        .target(name: "Model", dependencies: ["Messages"]),
        // SHA-256 (OpenSSL) and BLAKE2b, Ed25519 and randomness (libsodium).
        .target(name: "Cryptography", dependencies: ["Model", "CSodium", "COpenSSL"]),
        // The registry in SQLite: schema and migrations, reading and writing, the report numbers' stage.
        .target(
            name: "Store",
            dependencies: ["Model", "Cryptography", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // Reading the site's files: its folders, CSV files and workbooks, text encodings, into records.
        .target(name: "Import", dependencies: ["Model", "Store", "Cryptography", "CSupport"]),
        .target(name: "Evaluation", dependencies: ["Model"]),
        .target(
            name: "Rendering",
            dependencies: ["Evaluation", "Import", "Cryptography", "CCmark"],
            // ICU's collator (shipped with Foundation) gives pinyin sort keys: one key per name, not a locale per compare.
            linkerSettings: [.linkedLibrary("_FoundationICU")]
        ),
        .target(
            name: "Publishing",
            dependencies: [
                "Rendering", "Store", "Import", "Cryptography", "CSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // The sharing bundles' standard field sets, with their sources.
            resources: [.embedInCode("Resources/field-sets.toml")]
        ),
        // The default theme inside the binary (site-templates/, copied at build time by the EmbedTheme plugin).
        .target(name: "DefaultTheme", plugins: ["EmbedTheme"]),
        // The clerk's workbench: a web application over the same use cases as the command line (`Site`), its
        // pages rendered by gongshi's template engine from Templates/ (embedded by the EmbedTheme plugin).
        .target(
            name: "Workbench",
            dependencies: ["Publishing", "Rendering", "Import", "Model", "Messages", "Cryptography", "Store",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Templates"],
            plugins: ["EmbedTheme"]
        ),
        .executableTarget(
            name: "gongshi",
            dependencies: [
                "Publishing", "Rendering", "Import", "Model", "Messages", "DefaultTheme", "Workbench", "Store", "Cryptography",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The data-format reference's prose in each language; its column tables come from the entities.
            resources: [.embedInCode("Resources/data-format.en.md"), .embedInCode("Resources/data-format.zh.md")],
            plugins: ["StampVersion"]
        ),
        // The build's helper for both plugins: the theme as a Swift table, and the version facts.
        .executableTarget(name: "gongshi-embed", path: "Sources/gongshi-embed"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["gongshi-embed"]),
        .plugin(name: "StampVersion", capability: .buildTool(), dependencies: ["gongshi-embed"]),
        // libFuzzer targets over the CSV reader and the importer, verify-bundle (GONGSHI_FUZZ=bundle), the TOML
        // readers (config) and the workbook reader (xlsx),
        // built only by `make fuzz` (with -sanitize=fuzzer -DFUZZING); otherwise a replayer of inputs given as files.
        .executableTarget(name: "gongshi-fuzz", dependencies: ["Publishing", "Import", "Model", "CSupport"]),
        .testTarget(name: "RegistryTests", dependencies: ["Model", "Import", "Store", "Cryptography"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation"]),
        // swift-mustache renders the same templates in a test, as the reference for gongshi's own engine.
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Import", "Cryptography", .product(name: "Mustache", package: "swift-mustache")]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "Import", "Store", "Cryptography"]),
        // ZIPFoundation reads the bundles and workbooks back in tests, as an outside reader of gongshi's own zip writer.
        .testTarget(name: "CommandLineTests", dependencies: ["Publishing", "Import", "Store", "Cryptography", "Workbench", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    swiftLanguageModes: [.v6]
)
