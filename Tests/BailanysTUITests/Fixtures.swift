import BailanysCore
import BailanysStore
import Foundation
@testable import BailanysTUI

/// A small directory with Kazakh, Russian and Latin names, in a fresh temporary store per test.
enum Fixtures {
    static let gazetteer: Gazetteer = {
        func names(_ kk: String, _ latn: String, _ ru: String, _ en: String) -> PlaceNames {
            PlaceNames(kk: kk, kkLatn: latn, ru: ru, en: en)
        }
        return try! Gazetteer(
            source: "tui-test",
            regions: [
                Region(key: "mangystau", kind: .region, names: names("Маңғыстау облысы", "Mańǵystaý oblysy", "Мангистауская область", "Mangystau Region"), centre: "aktau", aliases: []),
                Region(key: "astana", kind: .city, names: names("Астана", "Astana", "Астана", "Astana"), centre: "astana", aliases: ["Nur-Sultan"]),
            ],
            settlements: [
                Settlement(key: "aktau", region: "mangystau", type: .city, names: names("Ақтау", "Aqtaý", "Актау", "Aktau"), latitude: 43.65, longitude: 51.17, population: 263_000, aliases: ["Shevchenko"]),
                Settlement(key: "shetpe", region: "mangystau", type: .village, names: names("Шетпе", "Shetpe", "Шетпе", "Shetpe"), latitude: 44.16, longitude: 52.12, population: 14_000, aliases: []),
                Settlement(key: "astana", region: "astana", type: .city, names: names("Астана", "Astana", "Астана", "Astana"), latitude: 51.17, longitude: 71.45, population: 1_350_000, aliases: ["Nur-Sultan"]),
            ])
    }()

    static func p(_ n: Int) -> EntityID { EntityID(.person, n) }
    static let today = Day(iso: "2026-11-25")!
}
