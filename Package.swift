// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Doorstroom",
    products: [
        .executable(name: "doorstroom", targets: ["doorstroom"]),
        .library(name: "DoorstroomCore", targets: ["DoorstroomCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "CFileSystem"),
        .plugin(name: "GitCommit", capability: .buildTool()),
        .target(
            name: "DoorstroomCore",
            dependencies: [
                "CGSL",
                "CFileSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["GitCommit"]
        ),
        .executableTarget(
            name: "doorstroom",
            dependencies: [
                "DoorstroomCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "doorstroom-bench",
            dependencies: ["DoorstroomCore", "CGSL"]
        ),
        .testTarget(
            name: "DoorstroomCoreTests",
            dependencies: ["DoorstroomCore", "CGSL", "doorstroom"]
        ),
    ]
)
