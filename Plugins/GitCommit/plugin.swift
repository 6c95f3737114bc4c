import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` before every build: the commit of the source tree
/// being built (`-dirty` when tracked files differ from it; `unknown`
/// outside a git checkout), so a run's manifest names the code that made it.
/// The file is rewritten only when the commit changes, so builds stay incremental.
@main
struct GitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GitCommit")
        let script = """
            set -u
            out="$1/GitCommit.swift"
            commit=$(git -C "$2" rev-parse HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && [ -n "$(git -C "$2" status --porcelain --untracked-files=no 2>/dev/null | head -1)" ]; then
                commit="$commit-dirty"
            fi
            text="// Generated before each build by the GitCommit plugin.
            enum GitCommit { static let hash = \\"$commit\\" }"
            mkdir -p "$1"
            if [ ! -f "$out" ] || [ "$(cat "$out")" != "$text" ]; then printf '%s' "$text" > "$out"; fi
            """
        return [.prebuildCommand(displayName: "Recording the git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "sh", output.path, context.package.directoryURL.path],
                                 outputFilesDirectory: output)]
    }
}
