import BailanysCore
@testable import BailanysPolicy
import Testing

/// Every rule both ways, on the pure policy (the store and command tests drive the same rules end to end).
struct PolicyTests {
    let mangystau = Subject(id: EntityID(.person, 26), region: "mangystau", regionNames: PlaceNames(verbatim: "Mangystau Region"))
    let almaty = Subject(id: EntityID(.person, 40), region: "almaty-region", regionNames: PlaceNames(verbatim: "Almaty Region"))
    let alumnus = Actor(id: EntityID(.person, 1), roles: [.alumnus])
    let regional = Actor(id: EntityID(.person, 90), roles: [.coordinator], reach: .region("mangystau"))
    let national = Actor(id: EntityID(.person, 91), roles: [.coordinator], reach: .country)
    var owner: Actor { Actor(id: EntityID(.person, 26), roles: [.alumnus]) }

    @Test func ownCardAndConsentOnlyByThePersonOrACoordinatorWithReach() {
        for action in [PolicyAction.editCard(mangystau), .changeConsent(mangystau), .readPrivate(mangystau)] {
            #expect(Policy.allows(action, by: owner))
            #expect(Policy.allows(action, by: regional))
            #expect(Policy.allows(action, by: national))
            #expect(!Policy.allows(action, by: alumnus))
            #expect(!Policy.allows(action, by: .nobody))
        }
        #expect(!Policy.allows(.changeConsent(almaty), by: regional), "a regional coordinator's reach is their region")
        let refusal = Policy.decide(.changeConsent(mangystau), by: alumnus)
        #expect(refusal?.reason(in: "en") == "only P26 or a coordinator of Mangystau Region can change P26's consent")
        #expect(refusal?.description.contains("acting as P1") == true)
    }

    @Test func rolesSensitiveAndExternalIDsAreCoordinatorsOnlyEvenForOneself() {
        for action in [PolicyAction.changeRoles(mangystau), .changeSensitive(mangystau), .readSensitive(mangystau), .changeExternalID(mangystau)] {
            #expect(!Policy.allows(action, by: owner))
            #expect(!Policy.allows(action, by: alumnus))
            #expect(Policy.allows(action, by: regional))
            #expect(!Policy.allows(action, by: Actor(id: EntityID(.person, 92), roles: [.coordinator], reach: .region("almaty-region"))))
        }
        #expect(Policy.allows(.changeReach(mangystau), by: national))
        #expect(!Policy.allows(.changeReach(mangystau), by: regional))
    }

    /// Moving a coordinator to another region moves their reach there: refused unless the mover reaches that region,
    /// and said so. It read "only a coordinator of Almaty Region can change P90's roles" though no role changed (review).
    @Test func movingACoordinatorIsRefusedInWordsAboutTheMove() {
        var coordinator = Person(id: EntityID(.person, 90), fullName: "Coord", roles: [.coordinator], settlement: "aktau")
        let before = coordinator
        coordinator.settlement = "almaty"
        let here = Subject(id: coordinator.id, region: "mangystau", regionNames: PlaceNames(verbatim: "Mangystau Region"))
        let there = Subject(id: coordinator.id, region: "almaty-region", regionNames: PlaceNames(verbatim: "Almaty Region"))
        let actions = Policy.actions(changing: before, to: coordinator, subject: here, moved: there)
        #expect(!actions.contains(.changeRoles(there)))
        let refusal = actions.lazy.compactMap { Policy.decide($0, by: regional) }.first
        #expect(refusal?.reason(in: "en") == "only a coordinator reaching both Mangystau Region and Almaty Region (a national one) can move coordinator P90: "
                + "a coordinator's reach moves with them", "\(String(describing: refusal))")
        #expect(actions.allSatisfy { Policy.allows($0, by: national) })
        #expect(actions.contains { $0.isAudited(by: national) && $0.auditName == "move-coordinator" })
        #expect(!actions.allSatisfy { Policy.allows($0, by: Actor(id: coordinator.id, roles: [.coordinator], reach: .region("mangystau"))) },
                "a coordinator does not move their own reach")
    }

    /// Moving someone between regions needs reach over both; the refusal named the coordinators of one region, who
    /// were refused too ("only P12 or a coordinator of Mangystau Region can edit P12's card"; review).
    @Test func movingAPersonNamesWhoMayMoveThem() {
        let before = Person(id: EntityID(.person, 26), fullName: "Айгерім", roles: [.alumnus], settlement: "aktau")
        var after = before
        after.settlement = "almaty"
        let here = Subject(id: before.id, region: "mangystau", regionNames: PlaceNames(verbatim: "Mangystau Region"))
        let there = Subject(id: before.id, region: "almaty-region", regionNames: PlaceNames(verbatim: "Almaty Region"))
        let actions = Policy.actions(changing: before, to: after, subject: here, moved: there)
        let almatyCoordinator = Actor(id: EntityID(.person, 92), roles: [.coordinator], reach: .region("almaty-region"))
        for mover in [regional, almatyCoordinator] {
            let refusal = actions.lazy.compactMap { Policy.decide($0, by: mover) }.first
            #expect(refusal?.reason(in: "en") == "only P26 or a coordinator reaching both Mangystau Region and Almaty Region (a national one) can move P26 "
                    + "from one to the other", "\(String(describing: refusal))")
        }
        #expect(actions.allSatisfy { Policy.allows($0, by: national) && Policy.allows($0, by: owner) })
        #expect(!actions.contains { $0.isAudited(by: national) })
    }

    @Test func contactsAreLoggedByAPartyOrACoordinatorReachingOne() {
        let both = [mangystau, almaty]
        #expect(Policy.allows(.logContact(both), by: owner))
        #expect(!Policy.allows(.logContact(both), by: alumnus))
        #expect(Policy.allows(.logContact(both), by: regional))
        #expect(Policy.decide(.logContact(both), by: alumnus)?.reason(in: "en")
                == "only P26, P40 or a coordinator of Mangystau Region or Almaty Region can log a contact between P26 and P40")
        #expect(!Policy.allows(.readContactNote(both), by: alumnus))
        #expect(Policy.allows(.readContactNote(both), by: owner))
    }

    /// Every refusal reads whole in each UI language: its words are in every string table, each `{value}` filled,
    /// regions named in that language (they were English in a kk or ru app).
    @Test(arguments: ["kk", "ru", "en"])
    func everyRefusalIsWordedInEachLanguage(_ language: String) throws {
        let names = PlaceNames(kk: "Маңғыстау облысы", kkLatn: "Mańǵystaý oblysy", ru: "Мангистауская область", en: "Mangystau Region")
        let here = Subject(id: EntityID(.person, 26), region: "mangystau", regionNames: names)
        let body = Subject(id: EntityID(.organization, 3), region: "mangystau", regionNames: names)
        let almaty = Subject(id: EntityID(.person, 40), region: "almaty-region",
                             regionNames: PlaceNames(kk: "Алматы облысы", kkLatn: "Almaty oblysy", ru: "Алматинская область", en: "Almaty Region"))
        let actions: [PolicyAction] = [
            .editCard(here), .changeConsent(here), .changeExternalID(here), .changeRoles(here), .changeReach(here),
            .movePerson(from: here, to: almaty, coordinator: false), .movePerson(from: here, to: almaty, coordinator: true),
            .changeSensitive(here), .readPrivate(here), .readSensitive(here), .addPerson(here, roles: [.alumnus]),
            .addPerson(here, roles: [.coordinator]), .editOrganization(body), .editProgramme, .logContact([here, almaty]),
            .logContact([body]), .readContactNote([here, body]), .readContactNote([body]),
            .removeContact([here, almaty], recorded: false), .removeContact([body], recorded: false),
            .removeContact([here, almaty], recorded: true), .removeContact([body], recorded: true),
            .manageSuggestions(owner: here.id), .exportSensitive, .manageMeetups(region: "mangystau", regionNames: names),
            .publish(region: "mangystau", regionNames: names), .publish(region: nil, regionNames: nil), .manageAccess(here),
            .changeHoldout, .studySuggestionUse, .readNetworkHealth, .previewMeetup,
        ]
        var reasons: Set<String> = []
        for action in actions {
            for actor in [Actor.nobody, alumnus, Actor(id: EntityID(.person, 5), roles: [.coordinator])] {
                let refusal = try #require(Policy.decide(action, by: actor), "\(action) by \(actor)")
                let message = refusal.message(in: language)
                #expect(!message.contains("{") && !message.contains("policy."), "\(message)")
                #expect(language == "en" || message.range(of: "[a-z]{4,}", options: .regularExpression) == nil
                        || message.contains("config.toml") || message.contains("--region"), "English in \(language): \(message)")
                #expect(!refusal.reasonKey.contains("region") || message.contains(names.name(for: language)), "\(message)")
                reasons.insert(refusal.reasonKey)
            }
        }
        #expect(reasons.count == actions.count, "each action its own words")
    }

    /// A contact logged by mistake is removed by whoever may log it; one the programme recorded (imported, a meetup's
    /// attendance) only by a coordinator reaching a party. Removing someone else's contact is audited.
    @Test func aContactIsRemovedByWhoMayLogIt() {
        let both = [mangystau, almaty]
        for recorded in [false, true] {
            #expect(Policy.allows(.removeContact(both, recorded: recorded), by: regional))
            #expect(Policy.allows(.removeContact(both, recorded: recorded), by: national))
            #expect(!Policy.allows(.removeContact(both, recorded: recorded), by: alumnus))
            #expect(!Policy.allows(.removeContact(both, recorded: recorded), by: .nobody))
        }
        #expect(Policy.allows(.removeContact(both, recorded: false), by: owner))
        #expect(!Policy.allows(.removeContact(both, recorded: true), by: owner), "a party does not erase the programme's record")
        #expect(!PolicyAction.removeContact(both, recorded: false).isAudited(by: owner))
        #expect(PolicyAction.removeContact(both, recorded: false).isAudited(by: regional))
    }

    @Test func suggestionsBelongToTheirPerson() {
        #expect(Policy.allows(.manageSuggestions(owner: EntityID(.person, 26)), by: owner))
        #expect(!Policy.allows(.manageSuggestions(owner: EntityID(.person, 26)), by: alumnus))
        #expect(!Policy.allows(.manageSuggestions(owner: EntityID(.person, 26)), by: national))
    }

    @Test func memberCopiesGiveNoCoordinatorPowers() {
        let claimed = Actor(id: EntityID(.person, 90), roles: [.coordinator], reach: .none)
        let refusal = Policy.decide(.changeRoles(mangystau), by: claimed)
        #expect(refusal != nil)
        #expect(refusal?.description.contains("member copy") == true)
        #expect(!Policy.allows(.exportSensitive, by: claimed))
    }

    @Test func theOwnerOfAFileWithoutCoordinatorsMayStartIt() {
        let owner = Actor(id: nil, isOwner: true)
        #expect(Policy.allows(.addPerson(mangystau, roles: [.coordinator]), by: owner))
        #expect(Policy.allows(.editProgramme, by: owner))
        #expect(!Policy.allows(.addPerson(mangystau, roles: [.alumnus]), by: .nobody))
    }

    @Test func auditedActions() {
        #expect(PolicyAction.changeConsent(mangystau).isAudited(by: regional))
        #expect(!PolicyAction.changeConsent(mangystau).isAudited(by: owner), "one's own consent is one's own business")
        #expect(PolicyAction.changeRoles(mangystau).isAudited(by: owner))
        #expect(PolicyAction.readSensitive(mangystau).isAudited(by: regional))
        #expect(PolicyAction.exportSensitive.isAudited(by: regional))
        #expect(!PolicyAction.editCard(mangystau).isAudited(by: regional))
    }

    @Test func editsAskForWhatTheyChange() {
        let before = Person(id: EntityID(.person, 26), fullName: "Айгерім", roles: [.alumnus], settlement: "aktau",
                            contacts: [Contact(kind: .email, value: "a@b.kz", shared: false)])
        var after = before
        after.contacts[0].shared = true
        #expect(Policy.actions(changing: before, to: after, subject: mangystau, moved: mangystau) == [.changeConsent(mangystau)])
        after = before
        after.roles = [.coordinator]
        #expect(Policy.actions(changing: before, to: after, subject: mangystau, moved: mangystau) == [.changeRoles(mangystau)])
        after = before
        after.settlement = "almaty"
        #expect(Policy.actions(changing: before, to: after, subject: mangystau, moved: almaty)
                == [.movePerson(from: mangystau, to: almaty, coordinator: false), .editCard(mangystau)])
        #expect(Policy.actions(changing: before, to: before, subject: mangystau, moved: mangystau).isEmpty)
    }

    @Test func othersSeeNoPrivateFields() {
        let person = Person(id: EntityID(.person, 26), fullName: "Айгерім", gender: .female, birthYear: 2001, roles: [.alumnus],
                            settlement: "aktau", contacts: [Contact(kind: .phone, value: "+77010000000", shared: false),
                                                            Contact(kind: .email, value: "a@b.kz", shared: true)],
                            sensitive: SensitiveCategories(neet: true), note: "private")
        let seen = Policy.visible(person, to: alumnus, subject: mangystau)
        #expect(seen.gender == nil && seen.birthYear == nil && seen.note.isEmpty && seen.sensitive == .none)
        #expect(seen.contacts.map(\.kind) == [.email])
        let own = Policy.visible(person, to: owner, subject: mangystau)
        #expect(own.note == "private" && own.contacts.count == 2 && own.sensitive == .none)
        #expect(Policy.visible(person, to: regional, subject: mangystau) == person)
        #expect(Policy.merge(seen, onto: person, by: alumnus, subject: mangystau) == person, "an edit keeps what it could not see")
    }

    /// What counts as a consent change among contacts (audited when made for someone else): more contacts shown than
    /// shown ones replaced, a shown one replaced by a private one, a kept one re-flagged; not a shown value replaced by
    /// a shown one, nor a removal (reviews H and I: a private phone replaced by a shared one, and a first telegram added
    /// shared, were written for someone else with no audit row).
    @Test(arguments: [
        ([("a", true)], [("b", true)], false),                   // a shown number replaced: the consent goes with it
        ([("a", false)], [("b", true)], true),                   // a private one replaced by a shown one
        ([("a", true)], [("a", true), ("b", true)], true),       // an extra shown one
        ([], [("b", true)], true),                               // a first one, shown
        ([], [("b", false)], false),                             // a first one, private
        ([("a", true)], [("b", false)], true),                   // a shown one replaced by a private one
        ([("a", true), ("c", false)], [("c", false)], false),    // a shown one removed
        ([("a", false)], [("a", true)], true),                   // re-flagged
    ])
    func consentChangesAmongContacts(before: [(String, Bool)], after: [(String, Bool)], changes: Bool) {
        let phones = { (list: [(String, Bool)]) in list.map { Contact(kind: .phone, value: $0.0, shared: $0.1) } }
        #expect(Policy.consentChanges(from: phones(before), to: phones(after)) == changes)
    }
}
