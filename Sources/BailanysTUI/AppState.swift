import BailanysCore
import BailanysGraph
import BailanysPolicy
import BailanysStore
import TerminalKit

/// Who is using the app; the policy judges their `actor` (docs/privacy.md).
struct Me: Equatable, Sendable {
    var id: EntityID
    var name: String
    var role: Role
    /// As the store knows them: a claimed coordinator of a member copy has no coordinator powers.
    var actor: Actor

    var audience: Audience { actor.isCoordinator ? .coordinator : .member }

    /// As the store knows `id` now: name, role and what they may do.
    static func read(_ id: EntityID, from store: DirectoryStore) throws -> Me {
        let person = try store.person(id)
        return Me(id: id, name: person.fullName, role: person.primaryRole, actor: try store.actor(id))
    }
}

/// One line of the directory table, for people and organisations alike.
struct DirectoryEntry: Equatable, Sendable {
    var id: EntityID
    var name: String
    var roles: Set<Role>
    var organizationKind: OrganizationKind?
    var settlement: String
    var round: Round?
}

enum DirectorySort: CaseIterable, Sendable {
    case name, lastContact, tieStrength

    var next: DirectorySort {
        let all = DirectorySort.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    var labelKey: String {
        switch self {
        case .name: "sort.name"
        case .lastContact: "sort.last"
        case .tieStrength: "sort.tie"
        }
    }
}

/// What the directory asks the store for. Only the name order pages through the store; search results
/// and the two "people I know" orders are small enough to hold whole.
enum DirectoryRequest: Equatable, Sendable {
    case page(DirectoryFilter, offset: Int, limit: Int)
    case search(String, DirectoryFilter, limit: Int)
    /// These ids, in this order, keeping those the filter admits.
    case ranked([EntityID], DirectoryFilter)
}

struct DirectoryState: Equatable, Sendable {
    var filter = DirectoryFilter()
    var search = TextInput()
    var isEditingSearch = false
    var sort = DirectorySort.name
    /// Entries matching; for a search, those returned (at most `searchLimit`).
    var total = 0
    /// Loaded entries are `window`, covering indices `windowStart ..< windowStart + window.count`.
    var windowStart = 0
    var window: [DirectoryEntry] = []
    var selected = 0
    var scrollOffset = 0
    /// The entry selected when a reload that keeps the selection was asked: selected again wherever the new order puts
    /// it, when it is among the rows that come (a contact logged moves a person to the top of the last-contact order).
    var follows: EntityID?
    /// Numbers requests so that a late answer to an outdated one is ignored.
    var generation = 0
    var isLoaded = false
    var preview: CardContent?
    var isPreviewFocused = false
    var previewScroll = 0

    /// For a search: how many results were asked for. As many came back: there may be more.
    var searchAsked = 0
    /// `End` was pressed while a search's results were still being read: the selection goes to the last once they are.
    var selectsLastWhenLoaded = false

    /// The most a search lists.
    static let searchLimit = 500

    /// What the list reads when it starts over (at start, `Esc` out of a search, a new filter): the screen shown and
    /// the next. Scrolling past them reads a whole page; at 100k people, reading 300 rows with their latest rounds
    /// took most of an `Esc` (16–23 ms) and of the first frame's wait.
    static func firstPageRows(tableRows: Int) -> Int { max(40, 2 * tableRows) }

    /// What a search asks for first: two screens, as the list does. Reading all `searchLimit` rows took most of a
    /// keystroke's time at 100k people, and most keystrokes are followed by another before anyone scrolls; nearing
    /// the end asks for the rest.
    static func firstSearchRows(tableRows: Int) -> Int { min(searchLimit, firstPageRows(tableRows: tableRows)) }

    /// The search's results may go on past those loaded.
    var mayHaveMoreResults: Bool { isSearching && isLoaded && total >= searchAsked && searchAsked < Self.searchLimit }

    func entry(at index: Int) -> DirectoryEntry? {
        let local = index - windowStart
        return window.indices.contains(local) ? window[local] : nil
    }

    var selectedEntry: DirectoryEntry? { entry(at: selected) }
    var isSearching: Bool { !search.text.trimmingCharacters(in: .whitespaces).isEmpty }
    /// Nobody here at all (no search, no filter of the user's): a first run of a new, empty directory.
    var isEmptyDirectory: Bool { isLoaded && total == 0 && !isSearching && filter == DirectoryFilter() }
}

enum CardContent: Equatable, Sendable {
    case person(PersonCard)
    case organization(OrganizationCard)
    case initiative(InitiativeCard)
}

/// A card on the navigation stack. The selection moves over the card's links only.
struct CardState: Equatable, Sendable {
    var id: EntityID
    var content: CardContent?
    /// Ties of the card's person to others, for ordering and bars.
    var ties: [EntityID: TieSummary] = [:]
    var selectedLink = 0
    /// `l` (or an edit) pressed before the content arrived: done when it does (`CardScreen.loaded`).
    var pendingAction: Action?
}

enum Overlay: Equatable, Sendable {
    /// The keys of the screen under it, scrolled down `scroll` rows where they do not all fit.
    case help(scroll: Int)
    case filter(FilterEditor)
    case form(Form)
    /// A step that would throw work away, held until the user says yes.
    case confirm(Confirmation)
    /// "Be this person?": only `y` confirms, so an accidental Enter never changes who I am.
    case confirmMe(EntityID, name: String)
    /// A message that must be read whole (a write refused in a read-only directory, where a new demo directory
    /// was created); any key closes it. `title` is a strings key.
    case message(title: String, text: String)
}

extension Overlay {
    /// Forms and the filter keep what was typed under F1's help; other popups are read and closed.
    var takesHelpOver: Bool {
        switch self {
        case .form, .filter: true
        case .help, .confirm, .confirmMe, .message: false
        }
    }

    /// The keys help lists over this popup.
    var helpContext: KeyContext? {
        switch self {
        case .form: .form
        case .filter: .filter
        default: nil
        }
    }
}

/// What to do once the user agrees to lose unsaved work, and the question asked.
struct Confirmation: Equatable, Sendable {
    var questionKey: String
    var then: LeaveStep
}

/// Steps that leave a level of the app; the planner's unsaved plan asks before any of them.
enum LeaveStep: Equatable, Sendable {
    case quit
    /// Out of the planner, to the screen under it.
    case closePlanner
    /// From a plan or an opened meetup back to the planner's form and saved meetups.
    case closePlan
    case open(TabTarget)
}

struct Notice: Equatable, Sendable {
    var text: String
    var isError: Bool
}

/// A dated write the app asks the store to do.
enum SaveRequest: Equatable, Sendable {
    /// A contact with `name` (for the notice and its undo).
    case log(Interaction, name: String, suggestion: String?)
    /// Removes the contact just logged (`u`).
    case removeContact(LoggedContact)
    /// Suggestion feedback; `subject` and `name` are for the notice.
    case dismiss(key: String, subject: EntityID, name: String)
    /// Undoes a dismissal; `subject` and `name` are for the notice.
    case undismiss(key: String, subject: EntityID, name: String)
    case snooze(key: String, subject: EntityID, name: String, until: Day)
    /// A card edited from `base`, the record as the form or `$EDITOR` got it: the store writes only what changed.
    case updatePerson(Person, base: Person)
    case addPerson(Person)
    case addOrganization(Organization)
}

/// The contact I logged last in this session, which `u` removes again (logged with the wrong person, or by mistake).
struct LoggedContact: Equatable, Sendable {
    var id: EntityID
    /// What was logged: the store removes the contact only while its id still names this one.
    var interaction: Interaction
    var name: String
}

/// Work done at the edge by the run loop; its results come back as `AppEvent`s.
enum Effect: Equatable, Sendable {
    case loadDirectory(DirectoryRequest, generation: Int)
    case loadPreview(EntityID, Actor)
    case loadCard(EntityID, Actor)
    /// A person's ties, from the graph, which may still be loading: the card shows before them.
    case loadCardTies(EntityID, today: Day)
    case loadMe(EntityID)
    /// My ties, from the graph, which may still be loading: apart from `loadMe` so that my name comes first.
    case loadMyTies(EntityID, today: Day)
    case loadRounds
    /// How many people and logged contacts the directory holds, for saying what a long load is working through.
    case loadSize
    case loadMap(today: Day)
    case loadReport(Audience, today: Day)
    /// Writes the report as `report-<date>.csv` and `.json` in the export folder.
    case exportReport(ReportExport)
    /// The actor's own look is recorded as suggestion use (docs/algorithms.md).
    case loadSuggestions(EntityID, today: Day, actor: Actor)
    /// Mentees of `chosen`, else of `me`; coordinators also get the mentors to choose from.
    case loadMentees(me: Me, chosen: EntityID?, today: Day)
    /// A write, judged by the policy as `Actor`'s.
    case save(SaveRequest, Actor)
    case saveConfig(ConfigChange)
    /// The screen, sort and filter to remember for the next run.
    case saveView(ViewMemory)
    /// Opens `$VISUAL`/`$EDITOR` on the file.
    case openEditor(EditorFile)
    case meetup(MeetupEffect)
    /// "My mentees' shared contacts" of `mentor` as CSV in the export folder (`mentees-P….csv`, mode 0600).
    case exportMentees(mentor: EntityID)
    /// The same list sent to the clipboard of the member's own terminal (OSC 52), through the backend.
    case copyMentees(mentor: EntityID)
    case quit

    /// Effects that run a program or write a file on this machine: refused in a session on the shared server, whose
    /// disk is not the member's (`AppContext.isServerSession`).
    var actsOnThisMachine: Bool {
        switch self {
        case .openEditor, .exportMentees, .exportReport, .meetup(.exportCalendar): true
        default: false
        }
    }

    /// Effects answered from the tie graph, which may have failed to load.
    var readsTies: Bool {
        switch self {
        case .loadCardTies, .loadMyTies, .loadMap, .loadSuggestions, .loadMentees, .meetup(.plan): true
        default: false
        }
    }
}

/// A person's record handed to `$EDITOR`: the text, the record it was made from (the edit's base), and whether it is
/// handed back after another process changed what the edit changed (then a file left as it was keeps theirs).
struct EditorFile: Equatable, Sendable {
    let text: String
    let original: Person
    var afterConflict = false
}

enum AppEvent: Equatable, Sendable {
    case terminal(Event)
    case directoryLoaded(generation: Int, start: Int, entries: [DirectoryEntry], total: Int)
    case previewLoaded(EntityID, CardContent)
    case cardLoaded(EntityID, CardContent)
    case cardTiesLoaded(EntityID, [EntityID: TieSummary])
    case meLoaded(Me, lastContacts: [EntityID: Day])
    case myTiesLoaded(EntityID, [EntityID: TieSummary])
    case roundsLoaded([Round])
    case sizeLoaded(people: Int, contacts: Int)
    /// The tie graph's load has moved on (the app loop looks while it runs); nil once it is loaded.
    case graphProgressed(GraphLoadProgress?)
    case mapLoaded([RegionFigures])
    case reportLoaded(StudyIndicators)
    case reportExported(csv: String, json: String)
    /// Nil when no tie graph is available.
    case suggestionsLoaded(SuggestionSet?)
    case dismissedLoaded([DismissedEntry])
    case menteesLoaded(MenteesView)
    case saved(SaveRequest, EntityID)
    case failed(String)
    /// The file's text as the editor left it.
    case editorReturned(text: String, EditorFile)
    /// A save of an edit refused because another process changed the same fields (`StoreError.changedMeanwhile`).
    case changedMeanwhile(fields: [String], current: Person, rebased: Person)
    case meetup(MeetupEvent)
    case menteesExported(path: String, count: Int)
    case menteesCopied(count: Int, ClipboardOutcome)
}

/// The whole application as a value: `update` changes it, `render` draws it.
struct AppState: Sendable {
    var size: Size
    var language: Language
    let today: Day
    let gazetteer: Gazetteer
    /// Every spelling of every place, for the forms' place fields: the store's index, which it builds on first use (a
    /// start that opens no form and names no place need not pay for it) and shares with its searches.
    var places: PlaceResolver { placesSource() }
    private let placesSource: @Sendable () -> PlaceResolver
    var me: Me?
    /// Choosing who I am again, from the directory (`I`); the old `me` stays until a choice is confirmed.
    var isChangingMe = false
    /// The directory's size (people, logged contacts), once counted: shown while the tie graph loads.
    var directorySize: (people: Int, contacts: Int)?
    /// How far the tie graph's load has got, shown by the screens that wait for it; nil once it is loaded.
    var graphProgress: GraphLoadProgress?
    /// The screen remembered from the last run, opened once I am known (`ViewMemory`).
    var restoredScreen: Screen?
    /// A session on the shared server: who I am is the key's, not mine to change (`AppContext.isServerSession`).
    var isServerSession = false
    /// Master or member copy (shown in the top bar; a member copy offers no coordinators to be).
    var fileKind = FileKind.master
    /// The directory file cannot be written (permissions): browsing works, writes are refused up front.
    var isReadOnly = false
    /// The directory file, for messages about it.
    var filePath = ""
    /// Who acts before anyone is chosen: the owner of a file without coordinators (so the first person of an
    /// empty directory can be added), nobody in particular otherwise.
    var fileActor = Actor.nobody
    var myLastContacts: [EntityID: Day] = [:]
    var myTies: [EntityID: TieSummary] = [:]
    /// Grant rounds, for the filter popup.
    var rounds: [Round] = []
    var screen = Screen.directory
    var directory = DirectoryState()
    var suggestions = SuggestionsState()
    var mentees = MenteesState()
    var map = MapState()
    var report = ReportState()
    /// Cards opened over the directory, most recent last; empty shows the directory.
    var stack: [CardState] = []
    /// The meetup planner, while open (coordinators); drawn instead of the directory and cards.
    var meetup: MeetupScreenState?
    var overlay: Overlay?
    var notice: Notice?
    /// What `u` undoes outside the Dismissed tab: the contact just logged, or (`suggestions.lastDismissed`) the
    /// suggestion just dismissed; doing one forgets the other, so `u` always undoes the last.
    var lastLogged: LoggedContact?
    /// The form or filter that F1's help was opened over, given back when help closes.
    var helpOver: Overlay?
    var isRunning = true

    /// `places` is the store's index (`DirectoryStore.placeResolver`); without one, each use builds its own.
    init(size: Size, language: Language, today: Day, gazetteer: Gazetteer, me: Me? = nil,
         places: (@Sendable () -> PlaceResolver)? = nil) {
        self.size = size
        self.language = language
        self.today = today
        self.gazetteer = gazetteer
        self.placesSource = places ?? { PlaceResolver(gazetteer: gazetteer) }
        self.me = me
    }

    var strings: Strings { Strings(language: language) }

    /// Keys go into a text field (the search, a form, the planner's fields, the mentor search): what is typed must
    /// show at once, whatever work it started.
    var isTakingText: Bool {
        if case .form? = overlay { return true }
        return directory.isEditingSearch || meetup?.isEditing == true || mentees.mentorSearch != nil
    }
    var audience: Audience { me?.audience ?? .member }
    var actor: Actor { me?.actor ?? fileActor }
    /// No one chosen yet (or changing): the directory asks the user to find themself.
    var isChoosingMe: Bool { me == nil || isChangingMe }

    /// Whether the policy lets me do this; screens hide what it would refuse.
    func may(_ action: PolicyAction) -> Bool { Policy.allows(action, by: actor) }

    /// Whether this person may save a meetup hosted at `host` and record who came.
    func mayManageMeetups(hostedAt host: String) -> Bool { may(DirectoryStore.meetupAction(host: host, gazetteer: gazetteer)) }

    /// A person or organisation as the policy sees them, from where they live.
    func subject(_ id: EntityID, settlement: String) -> Subject { gazetteer.subject(id, settlement: settlement) }
    var currentCard: CardState? { stack.last }
}
