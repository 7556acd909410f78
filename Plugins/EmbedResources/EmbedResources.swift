import Foundation
import PackagePlugin

/// Checks the data tables in the package's `Resources/` folder and compiles them into the target as
/// `EmbeddedTables` (see Sources/embed-resources). Every file there is an input, so editing, adding or
/// removing one reruns the check.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Resources", isDirectory: true)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedTables.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        return [.buildCommand(
            displayName: "Checking and embedding Resources/ into \(target.name)",
            executable: try context.tool(named: "embed-resources").url,
            arguments: [folder.path, output.path],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output])]
    }
}
