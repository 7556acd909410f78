/// One line of the study report: a group of alumni and its share(s). The report screen and
/// `bailanys report` both list these, in this order, so the two never disagree.
public struct IndicatorRow: Sendable, Equatable {
    public enum Section: String, Sendable, CaseIterable {
        /// Alumni who interact often with their own team and with other participants.
        case ties
        /// Alumni taking part in local problem-solving, urban against rural.
        case localProblemSolving = "local-problem-solving"
        /// Forms of community activity.
        case activities
        /// Contact with partner bodies (akimat, Atameken, youth resource centre).
        case partners
    }

    public enum Measure: String, Sendable, CaseIterable {
        case oftenOwnTeam = "often-own-team"
        case oftenOtherParticipants = "often-other-participants"
        case share
    }

    public var section: Section
    /// Stable group id: `all`, `neet`, `vulnerable`, `format.online`, `role.leader`, `status.continuing`,
    /// `urban`, `rural`, `activity.charity`, `partner-contact`.
    public var group: String
    /// `ties` rows carry both often-measures; every other row one `share`.
    public var values: [IndicatorValue]
    /// NEET and vulnerable groups: shown to coordinators only.
    public var isSensitive: Bool

    public func share(_ measure: Measure) -> Share? { values.first { $0.measure == measure }?.share }
}

public struct IndicatorValue: Sendable, Equatable {
    public var measure: IndicatorRow.Measure
    public var share: Share
    /// The study's published percentage for this group and measure, when it gave one (`PublishedFigures`).
    public var published: Double?

    public init(_ measure: IndicatorRow.Measure, _ share: Share, published: Double? = nil) {
        self.measure = measure
        self.share = share
        self.published = published
    }
}

/// The community activity forms the study asked about.
public let reportedActivities: [ActivityKind] = [.charity, .cleanup, .sport]

extension StudyIndicators {
    /// The report's rows. Groups with no alumni in this directory (e.g. no hybrid round) are left
    /// out, except all alumni; NEET and vulnerable rows always and only when `includeSensitive`
    /// (a coordinator asks).
    public func rows(includeSensitive: Bool) -> [IndicatorRow] {
        func ties(_ group: String, _ shares: OftenShares?, sensitive: Bool = false) -> IndicatorRow? {
            guard includeSensitive || !sensitive else { return nil }
            let shares = shares ?? OftenShares()
            guard shares.ownTeam.total > 0 || group == "all" || sensitive else { return nil }
            return IndicatorRow(section: .ties, group: group,
                                values: [.oftenOwnTeam, .oftenOtherParticipants].map { measure in
                                    IndicatorValue(measure, measure == .oftenOwnTeam ? shares.ownTeam : shares.otherParticipants,
                                                   published: PublishedFigures.percent(group: group, measure: measure))
                                },
                                isSensitive: sensitive)
        }
        func single(_ section: IndicatorRow.Section, _ group: String, _ share: Share) -> IndicatorRow {
            IndicatorRow(section: section, group: group,
                         values: [IndicatorValue(.share, share, published: PublishedFigures.percent(group: group, measure: .share))],
                         isSensitive: false)
        }
        var rows: [IndicatorRow?] = [ties("all", all), ties("neet", neet, sensitive: true),
                                     ties("vulnerable", vulnerable, sensitive: true)]
        rows += [TrainingFormat.online, .offline, .hybrid].map { ties("format.\($0.rawValue)", byFormat[$0]) }
        rows += TeamRole.allCases.map { ties("role.\($0.rawValue)", byTeamRole[$0]) }
        rows += InitiativeStatus.allCases.map { ties("status.\($0.rawValue)", byStatus[$0]) }
        rows.append(single(.localProblemSolving, "urban", localProblemSolvingUrban))
        rows.append(single(.localProblemSolving, "rural", localProblemSolvingRural))
        rows += reportedActivities.map { single(.activities, "activity.\($0.rawValue)", activities[$0] ?? Share()) }
        rows.append(single(.partners, "partner-contact", partnerContact))
        return rows.compactMap { $0 }
    }
}
