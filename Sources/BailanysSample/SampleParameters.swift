import BailanysCore

/// What the demo directory depends on. Equal parameters give an equal directory, in the same order.
public struct SampleParameters: Sendable, Equatable {
    /// Number of programme graduates; every other count is scaled from it.
    public var alumni: Int
    public var seed: UInt64
    /// The last day interactions and activities may fall on. Rounds are historical and do not move with it.
    public var today: Day

    public init(alumni: Int = 8_900, seed: UInt64 = 2021, today: Day) {
        self.alumni = alumni
        self.seed = seed
        self.today = today
    }
}

/// The programme's grant rounds as they happened: two a year, 2021–2024, the last one trained online.
public enum ProgrammeSchedule {
    public struct RoundPlan: Sendable, Equatable {
        public var year: Int
        public var number: Int
        public var format: TrainingFormat
        public var start: Day
        /// Share of all alumni trained in this round.
        public var weight: Double
    }

    public static let rounds: [RoundPlan] = [
        plan(2021, 1, .offline, "2021-03-01", 0.11),
        plan(2021, 2, .offline, "2021-09-06", 0.12),
        plan(2022, 1, .offline, "2022-03-01", 0.13),
        plan(2022, 2, .offline, "2022-09-05", 0.13),
        plan(2023, 1, .offline, "2023-03-06", 0.13),
        plan(2023, 2, .offline, "2023-09-04", 0.13),
        plan(2024, 1, .hybrid, "2024-03-04", 0.13),
        plan(2024, 2, .online, "2024-09-02", 0.12),
    ]

    /// Training and grant implementation: the months when a cohort works together most.
    public static let activePhaseDays = 150

    private static func plan(_ year: Int, _ number: Int, _ format: TrainingFormat, _ start: String,
                             _ weight: Double) -> RoundPlan {
        RoundPlan(year: year, number: number, format: format, start: Day(iso: start)!, weight: weight)
    }
}
