import BailanysCore
import Foundation

/// What the full-text index holds for one entry, already folded (see docs/text-folding.md),
/// so that "Aqtau", "Aktau", "Ақтау" and "Актау" all meet the same tokens.
struct SearchDocument {
    var name: String
    var place: String
    var other: String
    /// The entry's `NameOrder` key, stored beside its row and its initials.
    var sortKey: Data

    /// Folded names of each settlement and its region, every script and alias; built once per store.
    final class PlaceCache: Sendable {
        private let gazetteer: Gazetteer
        private let folded = Memo<String, String>()

        init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

        func place(_ settlementKey: String) -> String {
            folded.value(settlementKey) { key in
                var spellings: [String] = [key]
                if let settlement = gazetteer.settlement(key) {
                    spellings += settlement.names.all + settlement.aliases
                    if let region = gazetteer.region(settlement.region) {
                        spellings += region.names.all + region.aliases
                    }
                }
                return uniqueWords(spellings)
            }
        }
    }

    static func person(_ person: Person, initiativeTexts: [String], places: PlaceCache) -> SearchDocument {
        SearchDocument(name: TextFold.fold(person.fullName),
                       place: places.place(person.settlement),
                       other: uniqueWords(person.interests + initiativeTexts),
                       sortKey: BailanysStore.sortKey(person.fullName))
    }

    static func organization(_ org: Organization, places: PlaceCache) -> SearchDocument {
        SearchDocument(name: TextFold.fold(org.name), place: places.place(org.settlement), other: org.kind.rawValue,
                       sortKey: BailanysStore.sortKey(org.name))
    }

    /// Folds and de-duplicates words, keeping first-seen order so documents are deterministic.
    static func uniqueWords(_ texts: [String]) -> String {
        var seen = Set<String>()
        var words: [String] = []
        for text in texts {
            for word in TextFold.words(text) where seen.insert(word).inserted { words.append(word) }
        }
        return words.joined(separator: " ")
    }
}

/// Sort keys are stored as BLOBs so SQLite's byte comparison gives the directory's order (`NameOrder`).
func sortKey(_ text: String) -> Data { sortKeyData(NameOrder.key(text)) }
