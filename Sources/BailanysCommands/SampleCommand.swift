import ArgumentParser
import BailanysCore
import BailanysPolicy
import BailanysResources
import BailanysSample
import BailanysStore
import Foundation

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Create the demo directory: realistic, deterministic, calibrated to the ZhasProject study.",
        discussion: "The same --seed and day (BAILANYS_TODAY, default today) give identical content.")

    @OptionGroup var directory: DirectoryOptions

    @Option(help: "Number of alumni; everything else scales with it.")
    var alumni: Int = 8_900

    @Option(help: "Random seed.")
    var seed: UInt64 = 2021

    @Flag(help: "Replace an existing directory at the path.")
    var force = false

    func validate() throws {
        guard (10...1_000_000).contains(alumni) else {
            throw ValidationError("--alumni \(alumni): expected a number from 10 to 1000000.")
        }
    }

    func run() throws {
        var parameters = try Self.defaultParameters(environment: directory.environment)
        parameters.alumni = alumni
        parameters.seed = seed
        let clock = ContinuousClock()
        let start = clock.now
        var written = DirectoryData()
        let store = try Self.generate(parameters, path: directory.path, overwrite: force, written: { written = $0 })
        // Counted from what was written into the new file, not by `stats`, which checks every page (4 s at 100k).
        Output.line("Demo directory written to \(store.path) in \(clock.now - start): \(written.people.count) people, \(written.organizations.count) organisations, \(written.initiatives.count) initiatives, \(written.interactions.count) interactions (seed \(seed), as of \(parameters.today)).")
    }

    static func defaultParameters(environment: CommandEnvironment) throws -> SampleParameters {
        SampleParameters(today: try environment.today())
    }

    /// Generates and writes the demo in one piece; an existing directory stays intact on any failure.
    /// `progress` is told each step before it starts; `written` hears the data once it is in the file.
    static func generate(_ parameters: SampleParameters, path: String, overwrite: Bool,
                         progress: (String) -> Void = { _ in },
                         written: (DirectoryData) -> Void = { _ in }) throws -> DirectoryStore {
        let gazetteer = BailanysResources.gazetteer
        let names: NameLists
        do {
            names = try JSONDecoder().decode(NameLists.self, from: BailanysResources.data(.names))
        } catch {
            fatalError("the bundled name lists are broken: \(error)")
        }
        progress("generating people, initiatives and contacts")
        let draft = SampleGenerator.draft(parameters, gazetteer: gazetteer, names: names)
        var data = draft.withoutContacts
        progress("writing \(data.people.count) people and their contacts to \(path)")
        return try translatingErrors {
            try DirectoryStore.replace(path: path, gazetteer: gazetteer, overwrite: overwrite) { store in
                // The people are written while the contacts are still being drawn on another core.
                data.interactions = try store.insert(data) { draft.contacts() }
                written(data)
                try store.setMeta("sample", "alumni=\(parameters.alumni) seed=\(parameters.seed) today=\(parameters.today)")
                // The demo is a coordinator's master: its first coordinator reaches the whole country.
                if let national = data.people.first(where: { $0.roles.contains(.coordinator) }) {
                    try store.setNationalReach(national.id, true, by: .fileBuilder,
                                                 at: Date(timeIntervalSince1970: Double(parameters.today.ordinal) * 86_400))
                }
            }
        }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty directory.")

    @OptionGroup var directory: DirectoryOptions

    @Flag(help: "Create it empty (required: the alternative is `bailanys sample`).")
    var empty = false

    @Flag(help: "Replace an existing directory at the path.")
    var force = false

    func validate() throws {
        guard empty else { throw ValidationError("Say --empty to create an empty directory, or use `bailanys sample` for the demo.") }
    }

    func run() throws {
        let store = try translatingErrors {
            try DirectoryStore.replace(path: directory.path, gazetteer: BailanysResources.gazetteer, overwrite: force) { _ in }
        }
        Output.line("Empty directory created at \(store.path).")
    }
}
