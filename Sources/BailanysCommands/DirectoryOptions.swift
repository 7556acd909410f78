import ArgumentParser
import BailanysCore
import BailanysResources
import BailanysPolicy
import BailanysStore
import BailanysTUI
import Foundation

/// Options every command that touches the directory shares.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory file (default: $BAILANYS_DB or $XDG_DATA_HOME/bailanys/directory.sqlite).", valueName: "path"))
    var db: String?

    var environment: CommandEnvironment { CommandEnvironment() }

    var path: String { db ?? DirectoryStore.defaultPath(environment: environment.variables) }

    func open() throws -> DirectoryStore {
        do {
            var store = try DirectoryStore.open(path: path, gazetteer: BailanysResources.gazetteer)
            store.provenKey = environment.sessionKey
            return store
        } catch let error as StoreError {
            throw error.commandError
        }
    }
}

/// `--lang`. Declared as an option group by the root command and by every subcommand that prints words,
/// so that the value reaches the subcommand wherever it is written.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Interface language: kk, ru or en (default: config, then LANG).", valueName: "code"))
    var lang: String?

    /// The language a command words its output in: `--lang`, then the config, then the locale.
    func language(_ environment: CommandEnvironment) throws -> Language {
        try Launcher.language(option: lang, environment)
    }
}

/// Who is asking: `--as ID`, else `me` from the config. Decides what sensitive data is visible.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this person (id like P12); default: `me` in config.toml.", valueName: "id"))
    var actor: String?

    /// The claimed id: the session's proven person, else `--as`, else who I am in this directory file according to
    /// the config, else nobody.
    func claimedID(environment: CommandEnvironment, directory path: String? = nil) throws -> EntityID? {
        if let proven = environment.sessionPerson { return proven }
        guard let actor else {
            let config = try ConfigFile.load(path: environment.configPath)
            let defaultPath = DirectoryStore.defaultPath(environment: environment.variables)
            return config.me(in: path ?? defaultPath, defaultPath: defaultPath)
        }
        guard let parsed = EntityID(actor), parsed.kind == .person else {
            throw CommandError.usage("--as \(actor): expected a person id like P12.")
        }
        return parsed
    }

    /// The actor the policy judges: the claimed person as this file knows them (no coordinator powers in a
    /// member copy; the owner of a file without coordinators when nobody is claimed).
    func actor(in store: DirectoryStore, environment: CommandEnvironment) throws -> Actor {
        let id = try claimedID(environment: environment, directory: store.path)
        return try translatingErrors { try store.actor(id) }
    }

    /// The actor, refused (exit 4) unless the policy allows them `action`: a command that shows a coordinator's
    /// view asks here, as the app's screens do.
    @discardableResult
    func actor(allowedTo action: PolicyAction, in store: DirectoryStore, environment: CommandEnvironment) throws -> Actor {
        let actor = try actor(in: store, environment: environment)
        try translatingErrors { try Policy.check([action], by: actor) }
        return actor
    }

    func resolve(in store: DirectoryStore, environment: CommandEnvironment) throws -> (id: EntityID?, audience: Audience) {
        let actor = try actor(in: store, environment: environment)
        return (actor.id, actor.isCoordinator ? .coordinator : .member)
    }
}

/// Runs a store operation, turning its errors into the command line's.
@discardableResult
func translatingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw error.commandError
    } catch let refusal as Refusal {
        throw CommandError.refused(refusal.description)
    } catch let refusal as ImportRefusal {
        throw CommandError.refused(refusal.description)
    }
}

func parseID(_ text: String, as kinds: Set<EntityID.Kind>? = nil, what: String = "an id like P12, O3 or I40") throws -> EntityID {
    guard let id = EntityID(text), kinds?.contains(id.kind) ?? true else {
        throw CommandError.usage("\"\(text)\" is not \(what).")
    }
    return id
}

func parseDay(_ text: String, option: String) throws -> Day {
    guard let day = Day(iso: text) else {
        throw CommandError.usage("\(option) \(text): expected a real date as YYYY-MM-DD.")
    }
    return day
}

/// Finds a settlement by any spelling or alias; a region name means its centre.
func resolveSettlement(_ text: String) throws -> String {
    let gazetteer = BailanysResources.gazetteer
    switch PlaceResolver(gazetteer: gazetteer).settlement(text) {
    case .found(let key):
        return key
    case .unknown:
        throw CommandError.user("No place called \"\(text)\" in the gazetteer. Try its Kazakh, Russian or English name.")
    case .ambiguous(let matches):
        let options = matches.prefix(5).map { m in
            let s = gazetteer.settlement(m.settlementKey)!
            return "\(s.names.en) (\(gazetteer.region(s.region)!.names.en))"
        }
        let first = gazetteer.settlement(matches[0].settlementKey)!
        throw CommandError.user("\"\(text)\" could mean \(options.joined(separator: ", ")); add the region, e.g. \"\(text), \(gazetteer.region(first.region)!.names.en)\".")
    }
}
