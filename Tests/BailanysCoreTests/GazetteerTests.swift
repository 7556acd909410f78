import BailanysCore
import Foundation
import BailanysResources
import Testing

/// The bundled gazetteer, loaded once per use.
func bundledGazetteer() throws -> Gazetteer {
    try Gazetteer(json: BailanysResources.data(.gazetteer))
}

@Suite("Bundled gazetteer")
struct GazetteerTests {
    /// The app starts from the values the build step wrote out of the JSON; they are the JSON's, to the last digit.
    @Test func theBuiltInValuesAreTheFilesValues() throws {
        let file = try bundledGazetteer(), builtIn = BailanysResources.gazetteer
        #expect(builtIn.source == file.source)
        #expect(builtIn.regions == file.regions)
        #expect(builtIn.settlements == file.settlements)
    }

    @Test func twentyTopLevelEntries() throws {
        let gazetteer = try bundledGazetteer()
        #expect(gazetteer.regions.count == 20)
        #expect(gazetteer.regions.filter { $0.kind == .region }.count == 17)
        #expect(Set(gazetteer.regions.filter { $0.kind == .city }.map(\.key)) == ["astana", "almaty", "shymkent"])
    }

    @Test func the2022Regions() throws {
        let gazetteer = try bundledGazetteer()
        let expectedCentres = [
            "abai": "semey", "akmola": "kokshetau", "aktobe": "aktobe", "almaty-region": "konaev",
            "atyrau": "atyrau", "east-kazakhstan": "oskemen", "jambyl": "taraz", "jetisu": "taldykorgan",
            "karaganda": "karaganda", "kostanay": "kostanay", "kyzylorda": "kyzylorda", "mangystau": "aktau",
            "pavlodar": "pavlodar", "north-kazakhstan": "petropavl", "turkistan": "turkistan",
            "ulytau": "zhezkazgan", "west-kazakhstan": "oral",
            "astana": "astana", "almaty": "almaty", "shymkent": "shymkent",
        ]
        #expect(Dictionary(uniqueKeysWithValues: gazetteer.regions.map { ($0.key, $0.centre) }) == expectedCentres)
        for region in gazetteer.regions {
            #expect(gazetteer.region(of: region.centre)?.key == region.key, "\(region.key)'s centre lies elsewhere")
        }
    }

    @Test func everyRegionHasSevenSettlements() throws {
        let gazetteer = try bundledGazetteer()
        for region in gazetteer.regions {
            #expect(gazetteer.settlements(in: region.key).count >= 7, "\(region.key)")
        }
        #expect((150...200).contains(gazetteer.settlements.count))
        for region in gazetteer.regions where region.kind == .region {
            let types = Set(gazetteer.settlements(in: region.key).map(\.type))
            #expect(types.contains(.village) && types.count >= 2, "\(region.key) needs towns and villages")
        }
    }

    @Test func coordinatesInsideKazakhstan() throws {
        for settlement in try bundledGazetteer().settlements {
            #expect((40.5...55.5).contains(settlement.latitude), "\(settlement.key)")
            #expect((46.4...87.4).contains(settlement.longitude), "\(settlement.key)")
            #expect(settlement.population > 0, "\(settlement.key)")
        }
    }

    @Test func keysAreUniqueSlugs() throws {
        let gazetteer = try bundledGazetteer()
        let keys = gazetteer.settlements.map(\.key)
        #expect(Set(keys).count == keys.count)
        for key in keys + gazetteer.regions.map(\.key) {
            #expect(!key.isEmpty && key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }, "\(key)")
        }
    }

    @Test func everyNameIsFilledIn() throws {
        let gazetteer = try bundledGazetteer()
        let names = gazetteer.regions.map(\.names) + gazetteer.settlements.map(\.names)
        for name in names {
            #expect(name.all.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(name)")
        }
        for alias in gazetteer.regions.flatMap(\.aliases) + gazetteer.settlements.flatMap(\.aliases) {
            #expect(!TextFold.fold(alias).isEmpty, "\(alias)")
        }
    }

    @Test func kazakhLatinUsesOnlyThe2021Letters() throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáǵıńóşúýÁǴŃÓŞÚÝ -")
        let gazetteer = try bundledGazetteer()
        for name in gazetteer.regions.map(\.names) + gazetteer.settlements.map(\.names) {
            #expect(name.kkLatn.allSatisfy(allowed.contains), "\(name.kkLatn)")
            #expect(TextFold.fold(name.kkLatn) == TextFold.fold(name.kk), "\(name.kk) / \(name.kkLatn)")
        }
    }

    @Test func kazakhCyrillicIsCyrillic() throws {
        let gazetteer = try bundledGazetteer()
        for name in gazetteer.regions.map(\.names) + gazetteer.settlements.map(\.names) {
            #expect(name.kk.unicodeScalars.allSatisfy { (0x0400...0x04FF).contains($0.value) || " -".unicodeScalars.contains($0) }, "\(name.kk)")
        }
    }
}
