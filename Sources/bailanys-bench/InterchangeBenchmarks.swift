import BailanysCore
import BailanysInterchange
import BailanysResources
import BailanysStore
import Foundation

/// CSV import at scale: `people` people, then `interactions` interactions among them, into an empty
/// directory. Each figure covers reading, decoding, checking, resolving and the one-transaction write.
func runInterchangeBenchmarks(people: Int, interactions: Int, seed: UInt64, folder: String) throws -> Figures {
    let gazetteer = try Gazetteer(json: BailanysResources.data(.gazetteer))
    let today = Day(iso: "2026-11-25")!
    var rng = SeededRandom(seed: seed)
    // Places written the way coordinators type them: Kazakh, Russian and Latin names, and keys.
    let resolver = PlaceResolver(gazetteer: gazetteer)
    let places = gazetteer.settlements.flatMap { [$0.names.kk, $0.names.ru, $0.names.en, $0.key] }
        .filter { Set(resolver.resolve($0).map(\.settlementKey)).count == 1 }
    let givenNames = ["Айгерім", "Ерлан", "Дана", "Асель", "Нұрсұлтан", "Жанар", "Бекзат", "Aigerim", "Арман", "Мадина"]
    let familyNames = ["Сапарова", "Жақсылықов", "Бекова", "Оспанова", "Нұрланұлы", "Ахметов", "Ким", "Bekova"]
    var peopleCSV = "external_id,full_name,gender,birth_year,settlement,phone,phone_shared,interests\n"
    peopleCSV.reserveCapacity(people * 90)
    for i in 0..<people {
        let name = "\(givenNames[Int(rng.next() % 10)]) \(familyNames[Int(rng.next() % 8)])"
        let place = places[Int(rng.next() % UInt64(places.count))]
        let phone = String(format: "+7 70%d %03d %02d %02d", Int(rng.next() % 8), i % 1000, (i / 1000) % 100, i / 100_000)
        peopleCSV += "zp-\(i),\(name),\(i % 2 == 0 ? "female" : "male"),\(1990 + i % 15),\"\(place)\",\(phone),\(rng.chance(0.6) ? "yes" : "no"),экология;спорт\n"
    }
    var interactionsCSV = "a,b,date,channel,note\n"
    interactionsCSV.reserveCapacity(interactions * 40)
    let channels = Channel.allCases.map(\.rawValue)
    let firstDay = Day(iso: "2021-01-01")!.ordinal
    for _ in 0..<interactions {
        let a = Int(rng.next() % UInt64(people)), b = (a + 1 + Int(rng.next() % UInt64(people - 1))) % people
        let day = Day(ordinal: firstDay + Int(rng.next() % 2000))
        interactionsCSV += "zp-\(a),zp-\(b),\(day.iso),\(channels[Int(rng.next() % 5)]),\n"
    }
    let store = try DirectoryStore.create(path: "\(folder)/interchange.sqlite", gazetteer: gazetteer)
    let options = ImportOptions(today: today, audience: .coordinator)
    let clock = ContinuousClock()
    func load(_ text: String, file: String) throws -> Duration {
        try clock.measure {
            let plan = try Importer.plan(file: file, data: Data(text.utf8), store: store, options: options)
            try store.apply(plan.batch, by: try store.actor(nil))
        }
    }
    let peopleTime = try load(peopleCSV, file: "people.csv")
    let interactionsTime = try load(interactionsCSV, file: "interactions.csv")
    let stats = try store.stats()
    guard stats.people == people, stats.interactions == interactions else { throw CocoaError(.fileWriteUnknown) }
    return [
        ("interchange.import.\(people)people", milliseconds(peopleTime) / 1000, "s"),
        ("interchange.import.\(interactions)interactions", milliseconds(interactionsTime) / 1000, "s"),
        ("interchange.import.total", milliseconds(peopleTime + interactionsTime) / 1000, "s"),
    ]
}
