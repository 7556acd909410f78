import BailanysCore

/// The partner bodies of one region, as indices into the organisation list.
struct RegionalBodies {
    var akimat: Int
    var atameken: Int
    var youthCentre: Int
    /// District or town akimats and youth centres by settlement index.
    var localAkimats: [Int: Int] = [:]
    var localYouthCentres: [Int: Int] = [:]

    func akimat(near settlement: Int) -> Int { localAkimats[settlement] ?? akimat }
    func youthCentre(near settlement: Int) -> Int { localYouthCentres[settlement] ?? youthCentre }
}

struct OrganizationsBuilder {
    var organizations: [Organization] = []
    var bodies: [RegionalBodies] = []
    var foundations: [Int] = []

    /// Every region gets its akimat, Atameken chamber and youth resource centre, then akimats and
    /// youth centres for its larger towns and villages; foundations sit in the biggest cities.
    init(places: Places, names: NameLists, phones: inout PhoneBook, rng: inout SeededRandom) {
        for (regionIndex, region) in places.regions.enumerated() {
            let centre = places.centreOfRegion[regionIndex]
            let kkOwner = Self.kazakhGenitive(region)
            var regional = RegionalBodies(
                akimat: add("\(kkOwner) әкімдігі", .akimat, at: centre, places, &phones, &rng),
                atameken: add("Палата предпринимателей \(Self.russianGenitive(region)) «Атамекен»", .atameken,
                              at: centre, places, &phones, &rng),
                youthCentre: add("\(kkOwner) жастар ресурстық орталығы", .youthCentre, at: centre, places, &phones, &rng))
            let others = places.settlementsInRegion[regionIndex]
                .filter { $0 != centre }
                .sorted { (places.settlements[$0].population, $1) > (places.settlements[$1].population, $0) }
            let districtCount = min(others.count, 2 + rng.index(below: 2))
            for settlement in others.prefix(districtCount) {
                let place = places.settlements[settlement]
                let unit = place.type.isRural ? "ауылының" : "қаласының"
                regional.localAkimats[settlement] = add("\(place.names.kk) \(unit) әкімдігі", .akimat,
                                                        at: settlement, places, &phones, &rng)
            }
            for settlement in others.prefix(others.count >= 3 ? 2 : others.count >= 1 ? 1 : 0) {
                let place = places.settlements[settlement]
                let prefix = place.type.isRural ? "с." : "г."
                regional.localYouthCentres[settlement] = add("Молодёжный ресурсный центр \(prefix) \(place.names.ru)",
                                                             .youthCentre, at: settlement, places, &phones, &rng)
            }
            bodies.append(regional)
        }
        let hubs = Array(places.byPopulation.prefix(3))
        for (index, foundation) in names.foundations.enumerated() {
            foundations.append(add(foundation.name, foundation.kind, at: hubs[index % hubs.count], places, &phones, &rng))
        }
    }

    private mutating func add(_ name: String, _ kind: OrganizationKind, at settlement: Int, _ places: Places,
                              _ phones: inout PhoneBook, _ rng: inout SeededRandom) -> Int {
        let contact = Contact(kind: .phone, value: phones.next(&rng), shared: true)
        organizations.append(Organization(id: EntityID(.organization, organizations.count + 1), name: name, kind: kind,
                                          settlement: places.key(settlement), contacts: [contact]))
        return organizations.count - 1
    }

    /// "Маңғыстау облысы" → "Маңғыстау облысының", "Астана" → "Астана қаласының".
    static func kazakhGenitive(_ region: Region) -> String {
        if region.kind == .city { return "\(region.names.kk) қаласының" }
        return region.names.kk.hasSuffix("облысы") ? region.names.kk + "ның" : region.names.kk
    }

    /// "Мангистауская область" → "Мангистауской области", "область Абай" → "области Абай".
    static func russianGenitive(_ region: Region) -> String {
        let name = region.names.ru
        if region.kind == .city { return "города \(name)" }
        if name.hasSuffix("ая область") { return String(name.dropLast("ая область".count)) + "ой области" }
        if name.hasPrefix("область ") { return "области " + name.dropFirst("область ".count) }
        return name
    }
}
