import BailanysCore
import BailanysResources
import BailanysSample

/// The bundled data and the default sample, generated once per test run and shared.
enum Fixtures {
    static let gazetteer = try! Gazetteer(json: BailanysResources.data(.gazetteer))
    static let names = try! NameLists.bundled()

    static let autumn2025 = Day(iso: "2025-09-01")!
    static let winter2026 = Day(iso: "2026-11-25")!

    static let sample2025 = generate(today: autumn2025)
    static let sample2026 = generate(today: winter2026)

    static func generate(alumni: Int = 8_900, seed: UInt64 = 2021, today: Day) -> DirectoryData {
        SampleGenerator.generate(SampleParameters(alumni: alumni, seed: seed, today: today),
                                 gazetteer: gazetteer, names: names)
    }

    static func sample(for today: Day) -> DirectoryData { today == autumn2025 ? sample2025 : sample2026 }
}
