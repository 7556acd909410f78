import BailanysCore
import BailanysGraph
import BailanysPolicy
import Foundation
import GRDB

/// How suggestions were used, by kind and arm, for the programme to measure whether showing them helps
/// (docs/algorithms.md, "What the app learns from use"). Counts only: no names, no ids.
public struct SuggestionUseReport: Sendable, Equatable, Codable {
    public struct Arm: Sendable, Equatable, Codable {
        /// Suggestions recorded in this arm.
        public var recorded: Int
        /// Those first recorded at least the window ago, whose outcome is known.
        public var matured: Int
        /// Matured ones followed by a logged contact between the two within the window.
        public var followed: Int
        public var followedShare: Double? { matured > 0 ? Double(followed) / Double(matured) : nil }
    }

    /// Shown minus kept-back follow-up share, with a 95 % interval (Agresti–Caffo).
    public struct Uplift: Sendable, Equatable, Codable {
        public var difference: Double
        public var low: Double
        public var high: Double
    }

    public struct Kind: Sendable, Equatable, Codable {
        public var kind: SuggestionKind
        public var shown: Arm
        public var heldOut: Arm
        /// Shown suggestions the person logged a contact from, dismissed, or snoozed.
        public var actedOn: Int
        public var dismissed: Int
        public var snoozed: Int
        /// Nil until both arms have `minimumMatured` matured suggestions.
        public var uplift: Uplift?
    }

    public var asOf: Day
    public var windowDays: Int
    public var holdoutShare: Double
    public var minimumMatured: Int
    public var kinds: [Kind]
}

extension DirectoryStore {
    /// The share of new suggestions kept back (0 until a national coordinator sets one).
    public func suggestionHoldout() throws -> Double {
        try read { db in try Double.fetchOne(db, sql: "SELECT holdout_share FROM suggestion_design WHERE id = 1") ?? 0 }
    }

    /// Sets the share of new suggestions kept back; suggestions already recorded keep their arm.
    public func setSuggestionHoldout(_ share: Double, by actor: Actor, at time: Date = Date()) throws {
        guard share >= 0, share <= Holdout.maximumShare else {
            throw StoreError.invalidField(field: "holdout", value: "\(share)", expected: "a share from 0 to \(Holdout.maximumShare)")
        }
        try Policy.check([.changeHoldout], by: actor)
        try write { db in
            try db.execute(sql: "UPDATE suggestion_design SET holdout_share = ? WHERE id = 1", arguments: [share])
            try Self.audit(db, actor: actor, action: .changeHoldout, detail: "share=\(share)", at: time)
        }
    }

    /// Records what `viewer` was just shown, and which suggestions the hold-out kept back from them. Only a
    /// person's own look counts (a coordinator viewing someone's suggestions is not that person seeing them), and
    /// nothing is recorded in a read-only file or a member copy, whose records never reach the programme.
    public func recordSuggestionUse(_ set: SuggestionSet, viewer: EntityID, by actor: Actor, today: Day) throws {
        guard actor.id == viewer, !isReadOnly, !(try fileKind().isMemberCopy) else { return }
        let rows = set.shown.map { ($0, "shown") } + set.heldOut.map { ($0, "held-out") }
        guard !rows.isEmpty else { return }
        try write { db in
            for (ranked, arm) in rows {
                let s = ranked.suggestion
                let subject = partyColumns(s.subject)
                try db.execute(sql: """
                    INSERT INTO suggestion_use (key, viewer_id, subject_person_id, subject_organization_id, kind, arm,
                                                first_day, last_day, best_rank, first_score)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET last_day = excluded.last_day,
                        days_shown = days_shown + (last_day <> excluded.last_day),
                        best_rank = min(best_rank, excluded.best_rank)
                    """, arguments: [s.key, viewer.number, subject.0, subject.1, s.kind.rawValue, arm,
                                     today.iso, today.iso, ranked.rank, s.score])
            }
        }
    }

    /// Marks a recorded suggestion as acted on, dismissed or snoozed, in the caller's transaction; the first day counts.
    static func markSuggestionUse(_ db: Database, key: String, _ mark: SuggestionUseMark, today: Day) throws {
        try db.execute(sql: "UPDATE suggestion_use SET \(mark.rawValue) = coalesce(\(mark.rawValue), ?) WHERE key = ?",
                       arguments: [today.iso, key])
    }

    /// The arms `viewer`'s suggestions were recorded in (true: kept back).
    func recordedArms(_ db: Database, viewer: EntityID) throws -> [String: Bool] {
        var arms: [String: Bool] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, arm FROM suggestion_use WHERE viewer_id = ?", arguments: [viewer.number]) {
            arms[row["key"]] = (row["arm"] as String) == "held-out"
        }
        return arms
    }

    /// Shown against kept-back suggestions, by kind: how many were followed by a logged contact between the two
    /// within `windowDays` of first being recorded. Coordinators only; counts, no names.
    public func suggestionUseReport(windowDays: Int, today: Day, by actor: Actor, minimumMatured: Int = 30) throws -> SuggestionUseReport {
        guard windowDays > 0 else {
            throw StoreError.invalidField(field: "window", value: "\(windowDays)", expected: "a number of days above 0")
        }
        try Policy.check([.studySuggestionUse], by: actor)
        let maturedBy = today.adding(days: -windowDays).iso
        return try read { db in
            let share = try Double.fetchOne(db, sql: "SELECT holdout_share FROM suggestion_design WHERE id = 1") ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT kind, arm, count(*) AS recorded,
                       coalesce(sum(first_day <= :matured), 0) AS matured,
                       coalesce(sum(first_day <= :matured AND EXISTS (
                           SELECT 1 FROM interaction i
                           WHERE i.day >= u.first_day AND i.day <= date(u.first_day, '+' || :window || ' days')
                             AND ((i.a_person_id = u.viewer_id AND i.b_person_id IS u.subject_person_id
                                   AND i.b_organization_id IS u.subject_organization_id)
                               OR (i.b_person_id = u.viewer_id AND i.a_person_id IS u.subject_person_id
                                   AND i.a_organization_id IS u.subject_organization_id)))), 0) AS followed,
                       coalesce(sum(acted_day IS NOT NULL), 0) AS acted,
                       coalesce(sum(dismissed_day IS NOT NULL), 0) AS dismissed,
                       coalesce(sum(snoozed_day IS NOT NULL), 0) AS snoozed
                FROM suggestion_use u GROUP BY kind, arm
                """, arguments: ["matured": maturedBy, "window": windowDays])
            let kinds: [SuggestionUseReport.Kind] = [SuggestionKind.reconnect, .meet, .partner].map { kind in
                func arm(_ name: String) -> (SuggestionUseReport.Arm, Row?) {
                    let row = rows.first { $0["kind"] == kind.rawValue && $0["arm"] == name }
                    return (SuggestionUseReport.Arm(recorded: row?["recorded"] ?? 0, matured: row?["matured"] ?? 0,
                                                    followed: row?["followed"] ?? 0), row)
                }
                let (shown, shownRow) = arm("shown"), (heldOut, _) = arm("held-out")
                return SuggestionUseReport.Kind(
                    kind: kind, shown: shown, heldOut: heldOut, actedOn: shownRow?["acted"] ?? 0,
                    dismissed: shownRow?["dismissed"] ?? 0, snoozed: shownRow?["snoozed"] ?? 0,
                    uplift: Self.uplift(shown, heldOut, minimumMatured: minimumMatured))
            }
            return SuggestionUseReport(asOf: today, windowDays: windowDays, holdoutShare: share,
                                       minimumMatured: minimumMatured, kinds: kinds)
        }
    }

    /// Difference of two proportions with the Agresti–Caffo 95 % interval (one success and one failure added to
    /// each arm, so a share of 0 or 1 still gets a width); nil while either arm is too small to say anything.
    static func uplift(_ shown: SuggestionUseReport.Arm, _ heldOut: SuggestionUseReport.Arm,
                       minimumMatured: Int) -> SuggestionUseReport.Uplift? {
        guard shown.matured >= minimumMatured, heldOut.matured >= minimumMatured,
              let p1 = shown.followedShare, let p0 = heldOut.followedShare else { return nil }
        let n1 = Double(shown.matured + 2), n0 = Double(heldOut.matured + 2)
        let q1 = Double(shown.followed + 1) / n1, q0 = Double(heldOut.followed + 1) / n0
        let margin = 1.96 * (q1 * (1 - q1) / n1 + q0 * (1 - q0) / n0).squareRoot()
        return SuggestionUseReport.Uplift(difference: p1 - p0, low: q1 - q0 - margin, high: q1 - q0 + margin)
    }
}

/// What a person did with a recorded suggestion; the column that holds its first day.
enum SuggestionUseMark: String {
    case acted = "acted_day", dismissed = "dismissed_day", snoozed = "snoozed_day"
}
