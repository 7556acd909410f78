import BailanysCore
import BailanysGraph
import BailanysInterchange
import BailanysPolicy
import BailanysStore
import Foundation

/// Carries out effects against the store, the config, the editor and the terminal's clipboard, and reports back as
/// events. This is the app's only impure part.
struct EffectRunner {
    let context: AppContext
    let clipboard: Clipboard

    func run(_ effect: Effect, language: Language) -> [AppEvent] {
        let strings = Strings(language: language)
        do {
            let events = try perform(effect, strings: strings)
            guard effect.readsTies, let failure = context.ties.loadFailure else { return events }
            return events + [.failed(strings("error.graphLoad", ["reason": failure]))]
        } catch let error as StoreError {
            return [.failed(strings(error.message.key, error.message.arguments))]
        } catch let refusal as Refusal {
            return [.failed(refusal.message(in: language.rawValue))]
        } catch {
            return [.failed(String(describing: error))]
        }
    }

    private var store: DirectoryStore { context.store }

    private func perform(_ effect: Effect, strings: Strings) throws -> [AppEvent] {
        // Below every key and screen, so that no path to an export or the editor is missed in a session.
        if context.isServerSession, effect.actsOnThisMachine { return [.failed(strings("error.serverSession"))] }
        switch effect {
        case .loadDirectory(let request, let generation):
            let (start, entries, total) = try load(request)
            return [.directoryLoaded(generation: generation, start: start, entries: entries, total: total)]
        case .loadPreview(let id, let actor):
            var content = try card(id, actor: actor)
            if case .person(var preview) = content {
                preview.person.sensitive = .none  // a glance is not an audited read (see CardScreen.lines)
                content = .person(preview)
            }
            return [.previewLoaded(id, content)]
        case .loadCard(let id, let actor):
            // Opening a card is a read; one showing sensitive categories is audited (a preview only glances).
            if id.kind == .person, try store.showsSensitive(id, to: actor) { try store.recordSensitiveRead(id, by: actor) }
            return [.cardLoaded(id, try card(id, actor: actor))]
        case .loadCardTies(let id, let today):
            return [.cardTiesLoaded(id, context.ties.ties(of: id, at: today))]
        case .loadMe(let id):
            return [.meLoaded(try Me.read(id, from: store), lastContacts: try store.lastContacts(with: id))]
        case .loadMyTies(let id, let today):
            return [.myTiesLoaded(id, context.ties.ties(of: id, at: today))]
        case .loadRounds:
            return [.roundsLoaded(try store.rounds())]
        case .loadSize:
            let stats = try store.stats()
            return [.sizeLoaded(people: stats.people, contacts: stats.interactions)]
        case .loadMap(let today):
            let alumni = try store.alumniByRegion()
            let health = context.ties.regionHealth(at: today)
            return [.mapLoaded(store.gazetteer.regions.map {
                RegionFigures(region: $0.key, alumni: alumni[$0.key] ?? 0, health: health[$0.key])
            })]
        case .loadReport(let audience, let today):
            return [.reportLoaded(try store.studyIndicators(audience: audience, now: today))]
        case .exportReport(let report):
            // Readable by the owner only, like `bailanys report -o`; never over an earlier file, nor through a link.
            let folder = URL(fileURLWithPath: context.exportFolder)
            let wrote = try OutputFile.writeKeepingOthers([(report.csv(), folder.appendingPathComponent("report-\(report.asOf).csv").path),
                                                            (try report.json(), folder.appendingPathComponent("report-\(report.asOf).json").path)])
            return [.reportExported(csv: wrote[0], json: wrote[1])]
        case .loadSuggestions(let id, let today, let actor):
            let set = context.ties.suggestions(for: id, at: today, feedback: try store.suggestionFeedback(viewer: id),
                                               limit: SuggestionsState.limit)
            // Recording what was shown must never cost the screen: a busy or read-only file only loses the record.
            if let set { try? store.recordSuggestionUse(set, viewer: id, by: actor, today: today) }
            return [.suggestionsLoaded(set), .dismissedLoaded(try dismissed(by: id))]
        case .loadMentees(let me, let chosen, let today):
            return [.menteesLoaded(try mentees(me: me, chosen: chosen, today: today))]
        case .exportMentees(let mentor):
            let (csv, count) = try menteesSharedContacts(of: mentor)
            let path = try OutputFile.writeKeepingOthers(
                csv, as: URL(fileURLWithPath: context.exportFolder).appendingPathComponent("mentees-\(mentor).csv").path)
            return [.menteesExported(path: path, count: count)]
        case .copyMentees(let mentor):
            let (csv, count) = try menteesSharedContacts(of: mentor)
            return [.menteesCopied(count: count, clipboard(csv))]
        case .save(let request, let actor):
            do {
                let (saved, id) = try save(request, by: actor)
                return [.saved(saved, id)]
            } catch let StoreError.changedMeanwhile(_, fields, current, rebased) {
                return [.changedMeanwhile(fields: fields, current: current, rebased: rebased)]
            }
        case .saveConfig(let change):
            try context.saveConfig(change)
            return []
        case .saveView(let memory):
            try context.saveView(memory)
            return []
        case .openEditor(let file):
            guard let command = editorCommand else { return [.failed(strings("error.noEditor"))] }
            return [.editorReturned(text: try edit(file.text, with: command, name: file.original.id.description), file)]
        case .meetup(let meetupEffect):
            return try perform(meetupEffect, language: strings.language)
        case .quit:
            return []
        }
    }

    private func load(_ request: DirectoryRequest) throws -> (start: Int, entries: [DirectoryEntry], total: Int) {
        switch request {
        case .page(let filter, let offset, let limit):
            return (offset, try store.list(filter: filter, limit: limit, offset: offset).map(DirectoryEntry.init),
                    try store.count(filter: filter))
        case .search(let text, let filter, let limit):
            let entries = try store.search(text, filter: filter, limit: limit).map(DirectoryEntry.init)
            return (0, entries, entries.count)
        case .ranked(let ids, let filter):
            let entries = try store.rows(ids, filter: filter).map(DirectoryEntry.init)
            return (0, entries, entries.count)
        }
    }

    private func card(_ id: EntityID, actor: Actor) throws -> CardContent {
        switch id.kind {
        case .person: .person(try store.personCard(id, for: actor))
        case .organization: .organization(try store.organizationCard(id, for: actor))
        case .initiative: .initiative(try store.initiativeCard(id))
        default: throw StoreError.wrongKind(id, expected: "a person, an organisation or an initiative")
        }
    }

    /// "My mentees' shared contacts" as CSV, for `x` (a file) and `c` (the clipboard): the same list and privacy as
    /// `bailanys export --where mentor=P…`, names and shared contacts only.
    private func menteesSharedContacts(of mentor: EntityID) throws -> (csv: String, count: Int) {
        let exporter = DirectoryExporter.sharedContacts(store: store)
        let people = try exporter.mentees(of: mentor)
        return (exporter.csv(people: people), people.count)
    }

    /// A mentor sees their own mentees; a coordinator may choose any mentor, and starts with their own
    /// mentees if they have some, else with the first mentor who has.
    private func mentees(me: Me, chosen: EntityID?, today: Day) throws -> MenteesView {
        let mentors = me.role == .coordinator ? context.ties.mentorsWithMentees(at: today) : []
        let own = NamedNode(id: me.id, name: me.name)
        var mentor = own
        if let chosen, let named = mentors.first(where: { $0.id == chosen }) {
            mentor = named
        } else if me.role == .coordinator, context.ties.mentees(of: me.id, at: today)?.isEmpty != false, let first = mentors.first {
            mentor = first
        }
        return MenteesView(mentor: mentor, groups: context.ties.mentees(of: mentor.id, at: today), mentors: mentors,
                           ties: context.ties.ties(of: mentor.id, at: today))
    }

    /// My dismissed suggestions with the names of whom they were about, for the Dismissed tab.
    private func dismissed(by me: EntityID) throws -> [DismissedEntry] {
        try store.dismissedSuggestions(by: try store.actor(me), today: context.today).compactMap { item in
            guard let entry = DismissedEntry(key: item.key, day: item.recorded, until: item.snoozedUntil), entry.me == me else {
                return nil
            }
            var named = entry
            named.name = (try? store.displayName(entry.subject)) ?? entry.subject.description
            return named
        }
    }

    /// The request as carried out (an edit with the record as written, which a change made elsewhere may have moved on
    /// from the edited copy) and the id it concerns.
    private func save(_ request: SaveRequest, by actor: Actor) throws -> (SaveRequest, EntityID) {
        switch request {
        case .log(let interaction, _, let suggestion):
            let id = try store.logInteraction(interaction, by: actor, today: context.today, suggestion: suggestion)
            context.ties.record(interaction)
            return (request, id)
        case .removeContact(let logged):
            context.ties.remove(try store.removeInteraction(logged.id, expecting: logged.interaction, by: actor))
            return (request, logged.id)
        case .dismiss(let key, let subject, _):
            try store.dismissSuggestion(key, by: actor, today: context.today)
            return (request, subject)
        case .undismiss(let key, let subject, _):
            try store.undismissSuggestion(key, by: actor)
            return (request, subject)
        case .snooze(let key, let subject, _, let until):
            try store.snoozeSuggestion(key, until: until, by: actor, today: context.today)
            return (request, subject)
        case .updatePerson(let person, let base):
            // The graph and the notice take the record as written: a change made elsewhere meanwhile stays in it.
            let written = try store.updatePerson(person, base: base, by: actor)
            context.ties.update(store.graphProfile(of: written))
            return (.updatePerson(written, base: base), person.id)
        case .addPerson(let person): return (request, try store.addPerson(person, by: actor))
        case .addOrganization(let organization): return (request, try store.addOrganization(organization, by: actor))
        }
    }

    // MARK: The external editor

    /// `$VISUAL`, else `$EDITOR`, as a shell command (it may carry arguments, e.g. `code -w`).
    private var editorCommand: String? {
        for name in ["VISUAL", "EDITOR"] {
            if let value = context.environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    /// Writes `text` to a private temporary file, runs the editor on it with the terminal
    /// handed over, and returns what the user saved.
    private func edit(_ text: String, with command: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).txt")
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // "$1" keeps the path one argument whatever it contains.
        process.arguments = ["-c", "\(command) \"$1\"", "bailanys-editor", file.path]
        process.environment = ProcessInfo.processInfo.environment.merging(context.environment) { _, context in context }
        var launchError: Error?
        context.withTerminalReleased {
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                launchError = error
            }
        }
        if let launchError { throw launchError }
        return String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }
}

extension DirectoryEntry {
    init(_ row: DirectoryRow) {
        self.init(id: row.id, name: row.name, roles: row.roles, organizationKind: row.organizationKind,
                  settlement: row.settlement, round: row.latestRound)
    }
}
