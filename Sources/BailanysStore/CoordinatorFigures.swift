import BailanysCore
import GRDB

extension DirectoryStore {
    /// Alumni per region key (people with the alumnus role, whatever their other roles).
    public func alumniByRegion() throws -> [String: Int] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT region, count(*) FROM person WHERE is_alumnus GROUP BY region").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
    }

    /// The study's figures recomputed from this directory. Sensitive categories are read only for a
    /// coordinator, so for anyone else the NEET and vulnerable groups are empty.
    public func studyIndicators(audience: Audience, now: Day,
                                parameters: IndicatorParameters = .init()) throws -> StudyIndicators {
        StudyIndicators.compute(try loadDirectory(audience: audience), gazetteer: gazetteer, now: now, parameters: parameters)
    }
}
