/// The steps of loading the tie graph for the app, in the order they run (docs/architecture.md, "Load progress").
public enum GraphLoadStep: Int, CaseIterable, Comparable, Hashable, Sendable {
    /// People, organisations, teams, mentors, partners, cohorts and meetups.
    case readingPeople
    /// The logged contacts, one `tie_pair` row per pair.
    case readingContacts
    /// Merging events and contacts into the snapshot's edges.
    case building
    /// The tie tempo (or the fit cache's copy of it).
    case fitting
    /// The ranking weights, replayed from the last window.
    case learning

    public static func < (x: GraphLoadStep, y: GraphLoadStep) -> Bool { x.rawValue < y.rawValue }

    /// The step's share of a whole load in percent: its time at 100k people on a day's first start (release build),
    /// so the bar fills at about an even pace. A day's later starts read the fits from the cache and jump over the rest.
    /// Whole percentages, so that a step's start is an exact percentage (no 44.999…% at 45%).
    var percentShare: Int {
        switch self {
        case .readingPeople: 25
        case .readingContacts: 5
        case .building: 10
        case .fitting: 5
        case .learning: 55
        }
    }
}

/// How far loading the tie graph has got: the step it is on and the fraction of that step's rows done.
/// Ordered as time goes, so "never backwards" is `max`.
public struct GraphLoadProgress: Comparable, Hashable, Sendable {
    public var step: GraphLoadStep
    /// Of the step, 0…1.
    public var fraction: Double

    public init(step: GraphLoadStep, fraction: Double) {
        self.step = step
        self.fraction = min(1, max(0, fraction))
    }

    public static let start = GraphLoadProgress(step: .readingPeople, fraction: 0)

    /// Of the whole load, 0…100: the finished steps' shares and this step's part of its own.
    public var percent: Double {
        Double(GraphLoadStep.allCases.prefix { $0 < step }.reduce(0) { $0 + $1.percentShare }) + Double(step.percentShare) * fraction
    }

    public static func < (x: GraphLoadProgress, y: GraphLoadProgress) -> Bool { (x.step, x.fraction) < (y.step, y.fraction) }
}

/// What a load calls to say how far it has got (`graphSnapshot(progress:)`, `fittedTies(…progress:)`). It is called on
/// the loading thread and must be cheap: the loops call it a few hundred times per step at most.
public typealias GraphLoadReport = (GraphLoadStep, Double) -> Void

/// Paces a loop's reports: about `reportsPerLoop` of them whatever the loop's length, one comparison per row in between.
public struct ProgressTicks {
    @usableFromInline let total: Int
    @usableFromInline let every: Int
    @usableFromInline var next = 0

    public static let reportsPerLoop = 200

    public init(total: Int) {
        self.total = max(1, total)
        every = max(1, total / Self.reportsPerLoop)
    }

    /// Reports `done` of `total` rows when a report is due.
    @inlinable
    public mutating func advance(_ done: Int, _ report: (Double) -> Void) {
        guard done >= next else { return }
        next = done + every
        report(Double(min(done, total)) / Double(total))
    }
}
