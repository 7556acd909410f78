import BailanysCore
import BailanysGraph
import Foundation
import GRDB

/// What every graph command and the app fit to the directory before answering: the tie tempo and, for
/// suggestions, the ranking weights learned from its last window (docs/algorithms.md).
public struct FittedTies: Hashable, Sendable, Codable {
    public var tempo: TieTempo
    /// Nil until some caller asked for them.
    public var weights: RankingWeights?
}

extension DirectoryStore {
    /// The fits for this snapshot at `today` with this prior, from `tie_fit` when they were made before for exactly
    /// this content (`GraphSnapshot.contentFingerprint`, which any write that touches a tie changes), else fitted
    /// now and kept. Learning the weights replays the last window, the most expensive step of `suggest` at 100k.
    /// The cache is best effort: a file that cannot be written (a read-only copy) just fits every time.
    /// `progress` hears the fitting and learning steps, both finished on return (a hit skips to the end).
    public func fittedTies(snapshot: GraphSnapshot, today: Day, prior: TieModel, learnWeights: Bool,
                           progress: GraphLoadReport = { _, _ in }) throws -> FittedTies {
        let priorText = String(decoding: try Self.cacheEncoder.encode(prior), as: UTF8.self)
        // The fingerprint takes about as long as fitting the tempo: half of the step each.
        let key = "\(snapshot.contentFingerprint { progress(.fitting, 0.5 * $0) }) \(today.iso) \(priorText) learner \(RankingLearner.version)"
        var cached = (try? read { db in try String.fetchOne(db, sql: "SELECT fitted FROM tie_fit WHERE key = ?", arguments: [key]) })
            .flatMap { $0 }.flatMap { try? JSONDecoder().decode(FittedTies.self, from: Data($0.utf8)) }
        if let hit = cached, hit.weights != nil || !learnWeights {
            progress(.fitting, 1)
            progress(.learning, 1)
            return hit
        }
        let tempo = cached?.tempo
            ?? TieTempo.fit(snapshot: snapshot, before: today, prior: prior) { progress(.fitting, 0.5 + 0.5 * $0) }
        progress(.fitting, 1)
        var fitted = FittedTies(tempo: tempo, weights: nil)
        if learnWeights {
            fitted.weights = try RankingLearner.learn(snapshot: snapshot, now: today, model: tempo.model,
                                                      horizonDays: RankingLearner.horizonDays(tempo)) { progress(.learning, $0) }
        }
        progress(.learning, 1)
        cached = fitted
        if let text = try? String(decoding: Self.cacheEncoder.encode(fitted), as: UTF8.self) {
            // Only the latest fit is worth keeping: any other key is a snapshot or a day that has passed.
            try? write { db in
                try db.execute(sql: "DELETE FROM tie_fit")
                try db.execute(sql: "INSERT INTO tie_fit (key, fitted) VALUES (?, ?)", arguments: [key, text])
            }
        }
        return fitted
    }

    /// Empties the fit cache (benchmarks time a first fit; nothing else needs it).
    public func clearTieFitCache() throws {
        try write { db in try db.execute(sql: "DELETE FROM tie_fit") }
    }

    private static var cacheEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
