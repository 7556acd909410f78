/// The PaperLab study's published figures on ZhasProject, set beside the directory's own in the report
/// (the screen, `bailanys report` and its exports). One table, so every place quotes the same numbers.
public enum PublishedFigures {
    /// The study's percentage for a report row's measure, when it published one.
    public static func percent(group: String, measure: IndicatorRow.Measure) -> Double? {
        switch (group, measure) {
        case ("neet", .oftenOwnTeam): 73
        case ("neet", .oftenOtherParticipants): 30.3
        case ("vulnerable", .oftenOwnTeam): 71
        case ("vulnerable", .oftenOtherParticipants): 28.5
        case ("activity.\(ActivityKind.charity.rawValue)", .share): 30
        case ("activity.\(ActivityKind.cleanup.rawValue)", .share): 30
        case ("activity.\(ActivityKind.sport.rawValue)", .share): 28
        default: nil
        }
    }
}

/// A figure about the programme as a whole: the study's and, where the directory records it, the directory's.
public struct ProgrammeFact: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        case graduates, initiatives
        /// Alumni with at least one community activity of any kind ("every second person takes part actively").
        case activeParticipation = "active-participation"
        /// Survey answers the directory does not record.
        case understandLocalProblems = "understand-local-problems"
        case ableToInfluence = "able-to-influence"
    }

    /// How the study put it.
    public enum Study: Sendable, Equatable {
        /// "8.9 thousand".
        case thousands(Double)
        case percent(Double)
        /// "Every second person": one half.
        case everySecond
    }

    /// What the directory holds.
    public enum Directory: Sendable, Equatable {
        case count(Int)
        case share(Share)
        /// The directory has no such data (a survey answer).
        case notRecorded
    }

    public var key: Key
    public var study: Study
    public var directory: Directory

    public init(key: Key, study: Study, directory: Directory) {
        self.key = key
        self.study = study
        self.directory = directory
    }
}

extension StudyIndicators {
    /// The programme's figures as the study published them, each beside the directory's.
    public var programmeFacts: [ProgrammeFact] {
        [ProgrammeFact(key: .graduates, study: .thousands(8.9), directory: .count(alumni)),
         ProgrammeFact(key: .initiatives, study: .thousands(2.7), directory: .count(initiatives)),
         ProgrammeFact(key: .activeParticipation, study: .everySecond, directory: .share(anyActivity)),
         ProgrammeFact(key: .understandLocalProblems, study: .percent(91), directory: .notRecorded),
         ProgrammeFact(key: .ableToInfluence, study: .percent(58), directory: .notRecorded)]
    }
}
