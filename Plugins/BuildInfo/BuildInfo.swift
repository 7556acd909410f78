import Foundation
import PackagePlugin

/// Generates `BuildInfo` (the version from the top-level VERSION file and the git commit of the
/// checkout) before every build, so `bailanys --version` names the commit the binary was built from.
/// A prebuild command, because the commit changes without any input file SwiftPM could watch; the file
/// is rewritten only when its text changes, so an unchanged commit recompiles nothing.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated", isDirectory: true)
        let script = #"""
            set -eu
            package="$1" out="$2/BuildInfo.swift"
            version=$(cat "$package/VERSION")
            case "$version" in
              ''|*[!0-9A-Za-z.+~-]*) echo "$package/VERSION: error: \"$version\" is not a version like 1.2.3" >&2; exit 1 ;;
            esac
            # Outside a git checkout (a source tarball) the commit is unknown, and says so.
            if commit=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null); then
              [ -z "$(git -C "$package" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
            else
              commit=unknown
            fi
            mkdir -p "$2"
            printf '%s\n' "// Generated before each build by the BuildInfo plugin; do not edit." \
              "enum BuildInfo {" "    static let version = \"$version\"" "    static let commit = \"$commit\"" "}" > "$out.new"
            if cmp -s "$out.new" "$out"; then rm "$out.new"; else mv "$out.new" "$out"; fi
            """#
        return [.prebuildCommand(
            displayName: "Recording version and commit for \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "build-info", context.package.directoryURL.path, output.path],
            outputFilesDirectory: output)]
    }
}
