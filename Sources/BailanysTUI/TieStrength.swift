import BailanysCore
import BailanysGraph
import BailanysStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How strong one person's tie to another is, as the directory and cards show it.
public struct TieSummary: Hashable, Sendable {
    /// The bar's fill, 0…1, on the one scale every tie bar uses (`barFraction`).
    public var strength: Double
    /// Was strong, has gone quiet: worth reconnecting.
    public var isFading: Bool

    public init(strength: Double, isFading: Bool) {
        self.strength = strength
        self.isFading = isFading
    }
}

extension TieSummary {
    /// The one scale of every tie bar (directory, card header, a card's people, Mentees): `s / (s + w)`, where `w`
    /// is the weight of one logged contact today. One fresh contact fills half the bar and more fill the rest; the
    /// scale is the same for everyone and never saturates, so every logged contact moves the bar.
    public static func barFraction(_ strength: Double, model: TieModel) -> Double {
        let unit = model.parameters(for: .interaction).weight
        return strength > 0 && unit > 0 ? strength / (strength + unit) : 0
    }
}

/// Where tie strengths, suggestions and mentees come from. The graph module plugs in here; the app
/// never computes them. Providers without a graph answer the graph-only questions with nil.
public protocol TieStrengthProvider: Sendable {
    /// Ties of `person` as they stand on `day`, keyed by the other party. Unknown parties are absent.
    func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary]
    /// Ties, fading ties and isolated alumni per region key on `day`, for the map.
    func regionHealth(at day: Day) -> [String: HealthFigures]
    /// Counts new tie events (a logged contact, a meetup attended) the moment they are saved, so the next
    /// lookup already shows the revived ties.
    func record(_ events: [TieEvent])
    /// Drops tie events the moment their contact is removed (logged by mistake), so the next lookup no longer counts it.
    func remove(_ events: [TieEvent])
    /// Takes a person's edited card (name, role, place), so that the next suggestions follow it.
    func update(_ edit: NodeProfileEdit)
    /// The tie graph as it stands, for planners that work on the whole of it; nil without a graph.
    func graph() -> GraphSnapshot?
    /// The tie model fitted to the directory's tempo (after `graph()` has waited for loading); nil without a graph.
    func fittedModel() -> TieModel?
    func suggestions(for person: EntityID, at day: Day, feedback: SuggestionFeedback, limit: Int) -> SuggestionSet?
    func mentees(of mentor: EntityID, at day: Day) -> [MenteeGroup]?
    /// Mentors who have mentees, by name, for coordinators who look at any mentor's mentees.
    func mentorsWithMentees(at day: Day) -> [NamedNode]
    /// Why the tie graph could not be loaded (waiting until that is known); nil when it is there.
    var loadFailure: String? { get }
    /// How far loading the tie graph has got, without waiting; nil once it is loaded (or when nothing loads).
    var loadProgress: GraphLoadProgress? { get }
}

extension TieStrengthProvider {
    public func record(_ events: [TieEvent]) {}
    public func remove(_ events: [TieEvent]) {}
    public func update(_ edit: NodeProfileEdit) {}
    public func graph() -> GraphSnapshot? { nil }
    public func fittedModel() -> TieModel? { nil }

    public func record(_ interaction: Interaction) {
        record([TieEvent.contact(interaction.a, interaction.b, day: interaction.day)])
    }
    public func remove(_ interaction: Interaction) {
        remove([TieEvent.contact(interaction.a, interaction.b, day: interaction.day)])
    }
    public func suggestions(for person: EntityID, at day: Day, feedback: SuggestionFeedback, limit: Int) -> SuggestionSet? { nil }
    public func mentees(of mentor: EntityID, at day: Day) -> [MenteeGroup]? { nil }
    public func mentorsWithMentees(at day: Day) -> [NamedNode] { [] }
    public var loadFailure: String? { nil }
    public var loadProgress: GraphLoadProgress? { nil }
    /// Without a graph no region has figures; the map then shows alumni counts only.
    public func regionHealth(at day: Day) -> [String: HealthFigures] { [:] }
}

/// No graph available: every tie shows as unknown (`—`).
public struct NoTieStrength: TieStrengthProvider {
    public init() {}
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] { [:] }
}

/// Tie strengths, suggestions and mentees from the graph module's snapshot of the directory.
///
/// The snapshot is built once; a logged contact is folded in with `GraphSnapshot.add(events:)`
/// (milliseconds, not a rebuild), so the bar, the fading mark and the suggestions change at once.
public final class GraphTieStrength: TieStrengthProvider, @unchecked Sendable {
    // Guarded by `condition` (Foundation's, as Synchronization's Mutex needs macOS 15).
    private let condition = NSCondition()
    /// Nil while `loading` builds it.
    private var snapshot: GraphSnapshot?
    /// Contacts logged and cards edited before the snapshot was ready, folded in when it is.
    private var pending: [TieEvent] = []
    /// Contacts removed before the snapshot was ready that it may hold (not among `pending`), dropped when it is.
    private var pendingRemovals: [TieEvent] = []
    private var pendingEdits: [NodeProfileEdit] = []
    /// Why the snapshot could not be built, once it is known.
    private var failure: String?
    /// Set before `snapshot` under the lock (fitted to the directory's tempo when loading knows today).
    private var model: TieModel
    /// Ranking weights learned from the directory's history; nil ranks with the hand-set weights.
    private var weights: RankingWeights?
    /// While `loading` builds the snapshot: the furthest it has reported.
    private var progress: GraphLoadProgress?

    /// Builds the snapshot once (all interactions, teams and rounds); later lookups are cheap.
    public convenience init(store: DirectoryStore, model: TieModel = .standard) throws {
        self.init(snapshot: try store.graphSnapshot(), model: model)
    }

    public init(snapshot: GraphSnapshot?, model: TieModel = .standard) {
        self.snapshot = snapshot
        self.model = model
        progress = snapshot == nil ? .start : nil
    }

    /// Starts building the snapshot on a thread of its own and returns at once, so the first frame
    /// need not wait for it: lookups wait until it is ready, logged contacts are kept until then.
    /// With `today`, the model is fitted to the directory's tempo and the ranking weights are learned from
    /// its history, as `bailanys suggest` does (docs/algorithms.md).
    public static func loading(store: DirectoryStore, model: TieModel = .standard, today: Day? = nil) -> GraphTieStrength {
        // On a connection of its own: reading every interaction takes a while (seconds at 100k people), and the
        // directory's reads on the app's connection must not queue behind it.
        // Both closures run on the loading thread: opening the connection there keeps it off the first frame.
        loading(model: model, today: today, build: { report in try store.readingConnection().graphSnapshot(progress: report) },
                fit: { snapshot, day, report in
                    try store.fittedTies(snapshot: snapshot, today: day, prior: model, learnWeights: true, progress: report)
                })
    }

    /// As above, from any builder. A graph that cannot be built leaves the ties empty and says why in
    /// `loadFailure`, so the app tells the person instead of showing a network without ties. Both closures
    /// report their steps to the report they are given, which `loadProgress` answers from.
    public static func loading(model: TieModel = .standard, today: Day? = nil,
                               build: @escaping @Sendable (GraphLoadReport) throws -> GraphSnapshot,
                               fit: (@Sendable (GraphSnapshot, Day, GraphLoadReport) throws -> FittedTies)? = nil)
        -> GraphTieStrength {
        let provider = GraphTieStrength(snapshot: nil, model: model)
        Thread.detachNewThread {
            yieldToInteractiveWork()
            let report: GraphLoadReport = { step, fraction in
                provider.advance(to: GraphLoadProgress(step: step, fraction: fraction))
            }
            let built: GraphSnapshot
            do {
                built = try build(report)
            } catch {
                provider.finishLoading(try! GraphSnapshot.build(nodes: [], events: []), model: model, weights: nil,
                                       failure: String(describing: error))
                return
            }
            var fitted = model, weights: RankingWeights?
            if let today {
                // From the directory's fit cache when it has one (the same numbers, fitted before for this content).
                if let cached = try? fit?(built, today, report) {
                    fitted = cached.tempo.model
                    weights = cached.weights
                } else {
                    let tempo = TieTempo.fit(snapshot: built, before: today, prior: model) { report(.fitting, $0) }
                    fitted = tempo.model
                    weights = try? RankingLearner.learn(snapshot: built, now: today, model: fitted,
                                                        horizonDays: RankingLearner.horizonDays(tempo)) { report(.learning, $0) }
                }
            }
            provider.finishLoading(built, model: fitted, weights: weights, failure: nil)
            returnFreedMemory()
        }
        return provider
    }

    /// A failed fit falls back to fitting here, starting its steps again: the bar waits rather than going back.
    private func advance(to reported: GraphLoadProgress) {
        condition.withLock {
            if let known = progress { progress = max(known, reported) }
        }
    }

    public var loadProgress: GraphLoadProgress? { condition.withLock { progress } }

    private func finishLoading(_ built: GraphSnapshot, model fitted: TieModel, weights learned: RankingWeights?, failure: String?) {
        condition.withLock {
            progress = nil
            model = fitted
            weights = learned
            var graph = built
            graph.add(events: pending)
            graph.remove(events: pendingRemovals)
            for edit in pendingEdits { graph.update(edit) }
            pending = []
            pendingRemovals = []
            pendingEdits = []
            snapshot = graph
            self.failure = failure
            condition.broadcast()
        }
    }

    public var loadFailure: String? {
        condition.withLock {
            while snapshot == nil { condition.wait() }
            return failure
        }
    }

    /// The snapshot as it stands, logged contacts included; waits while it is still being built.
    public var current: GraphSnapshot {
        condition.withLock {
            while snapshot == nil { condition.wait() }
            return snapshot!
        }
    }

    /// Every tie the person has at `day` (teams, mentors, cohort, meetups, contacts, organisations),
    /// normalised so the strongest is 1.
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] {
        guard let states = try? current.ties(of: person, at: day, model: model) else { return [:] }
        guard states.contains(where: { $0.tie.strength > 0 }) else { return [:] }
        return Dictionary(uniqueKeysWithValues: states.map { other, state in
            (other, TieSummary(strength: TieSummary.barFraction(state.strength, model: model),
                               isFading: state.isFading(at: day, model: model)))
        })
    }

    /// The graph module's network health, by region.
    public func regionHealth(at day: Day) -> [String: HealthFigures] {
        let health = GraphViews.networkHealth(snapshot: current, now: day, model: model)
        return Dictionary(uniqueKeysWithValues: health.regions.map { ($0.key, $0.figures) })
    }

    public func record(_ events: [TieEvent]) {
        condition.withLock {
            if snapshot == nil { pending += events } else { snapshot!.add(events: events) }
        }
    }

    public func remove(_ events: [TieEvent]) {
        condition.withLock {
            guard snapshot == nil else { return snapshot!.remove(events: events) }
            for event in events {
                if let i = pending.firstIndex(of: event) { pending.remove(at: i) } else { pendingRemovals.append(event) }
            }
        }
    }

    public func update(_ edit: NodeProfileEdit) {
        condition.withLock {
            if snapshot == nil { pendingEdits.append(edit) } else { snapshot!.update(edit) }
        }
    }

    public func graph() -> GraphSnapshot? { current }

    public func fittedModel() -> TieModel? {
        _ = current
        return condition.withLock { model }
    }

    public func suggestions(for person: EntityID, at day: Day, feedback: SuggestionFeedback, limit: Int) -> SuggestionSet? {
        try? Suggestions.compute(snapshot: current, me: person, now: day, model: model, feedback: feedback, limit: limit,
                                 weights: weights)
    }

    public func mentees(of mentor: EntityID, at day: Day) -> [MenteeGroup]? {
        try? GraphViews.menteesView(snapshot: current, mentor: mentor, now: day, model: model)
    }

    public func mentorsWithMentees(at day: Day) -> [NamedNode] {
        let graph = current
        return graph.nodes.filter { $0.role == .mentor }.compactMap { node in
            (try? GraphViews.menteesView(snapshot: graph, mentor: node.id, now: day, model: model))?.isEmpty == false
                ? NamedNode(id: node.id, name: node.name) : nil
        }
    }
}

/// Reading and fitting pass through several times the memory the graph keeps, and glibc keeps what this thread freed
/// in its arena instead of giving it back: a session on the shared server held 4–5 MiB more than it uses (docs/server.md).
/// Lowers the calling thread's priority (on Linux a nice value is per thread): loading the graph takes seconds of CPU,
/// and on two cores it slowed the first frame it runs beside, and on the shared server other people's keys.
private func yieldToInteractiveWork() {
    #if canImport(Glibc)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    #endif
}

private func returnFreedMemory() {
    #if canImport(Glibc)
    // Looked up, since Swift's Glibc module leaves out <malloc.h>; another C library simply has no such call.
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
}
