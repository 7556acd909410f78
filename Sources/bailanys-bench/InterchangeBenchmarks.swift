import BailanysCore
import BailanysInterchange
import BailanysResources
import BailanysStore
import Foundation

/// CSV import at scale: `people` people, then `interactions` interactions among them, into an empty
/// directory. Each figure covers reading, decoding, checking, resolving and the one-transaction write;
/// then the whole-process figures of issue 10 (`runInterchangeProcessBenchmarks`).
func runInterchangeBenchmarks(people: Int, interactions: Int, seed: UInt64, folder: String) throws -> Figures {
    let gazetteer = BailanysResources.gazetteer
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
            // The streamed path `bailanys import` runs.
            _ = try Importer.run(file: file, bytes: Array(text.utf8), store: store, options: options, by: try store.actor(nil), dryRun: false)
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
    ] + (try runInterchangeProcessBenchmarks(folder: folder, today: today))
}

/// Runs `bailanys ARGS` (the release binary beside this one) as a user runs it; `expect` is its exit status.
func measureBinary(_ arguments: [String], folder: String, today: Day, expect: Int32 = 0) throws -> SpawnFigures {
    try spawnMeasured(try releaseBinary(), arguments, environment: ["HOME": "\(folder)/home", "LANG": "C.UTF-8", "BAILANYS_TODAY": today.iso],
                      expect: expect)
}

/// Issue 10's goals, measured on the release binary as a user runs it:
/// - peak RSS of importing a 200 MB interactions CSV (≤ 1 GB), and of `export --format json` of a 100k-alumni
///   demo directory (≤ 300 MB);
/// - listing errors: `import --dry-run` of 100k and 400k bad rows (the 4× file may cost ≤ 4.5× the time).
/// By hand: `bailanys sample --alumni 100000 --db big.sqlite`, then
/// `/usr/bin/time -v bailanys export --format json -o out.json --db big.sqlite` (and likewise for the imports).
func runInterchangeProcessBenchmarks(folder: String, today: Day) throws -> Figures {
    let db = "\(folder)/alumni-100k.sqlite"
    _ = try measureBinary(["sample", "--alumni", "100000", "--db", db], folder: folder, today: today)
    // Both run as the demo's national coordinator: with no one speaking, the export holds only what anyone may see
    // (29 MiB instead of the whole directory) and the import's rows are refused (logging contacts between any two
    // people takes a coordinator).
    var coordinators = DirectoryFilter()
    coordinators.roles = [.coordinator]
    let store = try DirectoryStore.open(path: db, gazetteer: BailanysResources.gazetteer)
    guard let national = try store.list(filter: coordinators, limit: 100).map(\.id)
        .first(where: { (try? store.isNationalCoordinator($0)) == true }) else {
        throw BenchFailure("the 100k demo directory has no national coordinator")
    }
    let json = try measureBinary(["export", "--format", "json", "-o", "\(folder)/export.json", "--as", national.description, "--db", db],
                                 folder: folder, today: today)
    let jsonMiB = Double((try FileManager.default.attributesOfItem(atPath: "\(folder)/export.json")[.size] as? Int) ?? 0) / 1_048_576
    try? FileManager.default.removeItem(atPath: "\(folder)/export.json")

    // 200 MB of interactions among the directory's people (Bailanys ids), written in chunks.
    let file = "\(folder)/interactions-200mb.csv"
    _ = FileManager.default.createFile(atPath: file, contents: nil)
    let handle = FileHandle(forWritingAtPath: file)!
    var rng = SeededRandom(seed: 2026)
    let channels = Channel.allCases.map(\.rawValue)
    let firstDay = Day(iso: "2021-01-01")!.ordinal
    var chunk = "a,b,date,channel,note\n", written = 0
    while written < 200 * 1_048_576 {
        let a = 1 + Int(rng.next() % 100_000), b = 1 + (a + Int(rng.next() % 99_999)) % 100_000
        chunk += "P\(a),P\(b),\(Day(ordinal: firstDay + Int(rng.next() % 2000)).iso),\(channels[Int(rng.next() % 5)]),кездесу\n"
        if chunk.utf8.count > 1 << 20 {
            handle.write(Data(chunk.utf8))
            written += chunk.utf8.count
            chunk = ""
        }
    }
    handle.write(Data(chunk.utf8))
    try handle.close()
    let fileMiB = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1_048_576
    let imported = try measureBinary(["import", file, "--as", national.description, "--db", db], folder: folder, today: today)
    try? FileManager.default.removeItem(atPath: file)

    // Bad rows: every row names an unknown party, so every row is one listed problem.
    func badRows(_ count: Int) throws -> SpawnFigures {
        let bad = "\(folder)/bad-\(count).csv"
        var text = "a,b,date\n"
        text.reserveCapacity(count * 30)
        for i in 0..<count { text += "nobody-\(i),P1,2024-01-01\n" }
        try text.write(toFile: bad, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        return try measureBinary(["import", bad, "--dry-run", "--db", db], folder: folder, today: today, expect: 1)
    }
    let bad100k = try badRows(100_000), bad400k = try badRows(400_000)
    return [
        ("interchange.process.exportJSON.100kAlumni.peakRSS", json.peakMiB, "MiB"),
        ("interchange.process.exportJSON.100kAlumni.time", json.seconds, "s"),
        ("interchange.process.exportJSON.100kAlumni.fileSize", jsonMiB, "MiB"),
        ("interchange.process.import\(Int(fileMiB.rounded()))MiBInteractions.peakRSS", imported.peakMiB, "MiB"),
        ("interchange.process.import\(Int(fileMiB.rounded()))MiBInteractions.time", imported.seconds, "s"),
        ("interchange.process.listErrors.100kBadRows.time", bad100k.seconds, "s"),
        ("interchange.process.listErrors.400kBadRows.time", bad400k.seconds, "s"),
        ("interchange.process.listErrors.ratio4x", bad400k.seconds / max(bad100k.seconds, 0.001), "×"),
    ]
}
