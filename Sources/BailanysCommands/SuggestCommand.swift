import ArgumentParser
import BailanysCore
import BailanysGraph
import BailanysTUI
import Foundation

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Whom to reconnect with, whom to meet, which partner bodies to approach — with reasons.",
        discussion: """
            Each suggestion lists its reasons with their share of the score, worded in the interface language.
            People who opted out of suggestions never appear; dismissed and snoozed suggestions are hidden
            (`bailanys dismiss KEY`, `bailanys snooze KEY --until DATE`; `bailanys undismiss KEY` brings one back).
            What you are shown is recorded in the directory (ids and days, no text) so the programme can measure
            whether suggestions help (`bailanys uplift`); a share set by a national coordinator is kept back.
            --lang kk|ru|en words the reasons (default: config, then LANG).
            The tie model is fitted to the directory's tempo, and the weights are learned from its last window
            (which fading ties renewed, which new ties formed), hand-set where the history is too short
            (docs/algorithms.md).
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case reconnect, meet, partners

        var suggestionKind: SuggestionKind {
            switch self {
            case .reconnect: .reconnect
            case .meet: .meet
            case .partners: .partner
            }
        }
    }

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Option(help: "Only this kind: reconnect, meet or partners (default: all three).")
    var kind: Kind?

    @Option(help: "At most N suggestions of each kind.")
    var top: Int = 10

    @Flag(help: "Rank with the hand-set weights instead of those learned from the directory's history.")
    var handSet = false

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    /// `bailanys --lang` is the root's option; it may be written after `suggest` too.
    @ParentCommand var root: Bailanys

    struct ReasonJSON: Encodable { var code: String, share: Double, text: String }
    struct SuggestionJSON: Encodable {
        var key: String, id: String, name: String, score: Double, reasons: [ReasonJSON], tie: TieJSON?
    }
    struct ReportJSON: Encodable {
        var person: String, name: String, today: String, language: String
        var reconnect: [SuggestionJSON]?, meet: [SuggestionJSON]?, partners: [SuggestionJSON]?
    }

    func run() throws {
        guard top > 0 else { throw CommandError.usage("--top must be at least 1.") }
        let environment = directory.environment
        let language = try root.language.language(environment)
        let graph = try GraphContext(directory: directory, fit: handSet ? .tempo : .tempoAndWeights)
        let actor = try identity.actor(in: graph.store, environment: environment)
        guard let me = actor.id else {
            throw CommandError.user("Suggestions for whom? Add --as ID, or set `me` in config.toml.")
        }
        let feedback = try translatingErrors { try graph.store.suggestionFeedback(viewer: me) }
        let weights = handSet ? RankingWeights.handSet(graph.model) : graph.learnedWeights()
        let set = try Suggestions.compute(snapshot: graph.snapshot, me: me, now: graph.today, model: graph.model,
                                          feedback: feedback, limit: top, weights: weights)
        // What the person was shown (and what the hold-out kept back) is recorded once the output is written; a
        // busy or read-only file only costs the record, never the answer.
        defer { try? graph.store.recordSuggestionUse(set, viewer: me, by: actor, today: graph.today) }
        let wording = SuggestionWording(language: language, gazetteer: graph.store.gazetteer)
        func rows(_ kind: Kind, _ list: [Suggestion]) -> [SuggestionJSON]? {
            guard self.kind == nil || self.kind == kind else { return nil }
            return list.map { s in
                SuggestionJSON(key: s.key, id: s.subject.description, name: s.name, score: s.score,
                               reasons: s.reasons.map { ReasonJSON(code: $0.reason.code, share: $0.share, text: wording.reason($0.reason)) },
                               tie: s.tie.map { TieJSON($0, fading: $0.isFading(at: graph.today, model: graph.model)) })
            }
        }
        let report = ReportJSON(person: me.description, name: graph.name(me), today: graph.today.iso, language: language.rawValue,
                                reconnect: rows(.reconnect, set.reconnect), meet: rows(.meet, set.meet),
                                partners: rows(.partners, set.partners))
        if json { return try Output.json(report) }
        for (kind, list) in [(Kind.reconnect, report.reconnect), (.meet, report.meet), (.partners, report.partners)] {
            guard let list else { continue }
            Output.line("\(wording.title(of: kind.suggestionKind)) (\(list.count))")
            for (rank, s) in list.enumerated() {
                Output.line("\(rank + 1). \(s.name) (\(s.id))  \(wording.score(s.score))  \(wording.keyLabel(s.key))")
                Output.table(s.reasons.map { ["", wording.share($0.share), $0.text] }, widths: [1, 4, 100])
            }
            Output.line()
        }
    }
}
