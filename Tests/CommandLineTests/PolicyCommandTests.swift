import BailanysCore
import BailanysPolicy
import BailanysResources
import BailanysStore
import Foundation
import Testing

/// Every rule of the policy both ways, through the real binary (docs/privacy.md). Refusals exit 4.
@Suite(.serialized) struct PolicyCommandTests {
    let cli = BinaryRunner()

    /// An alumnus (only) of the regional coordinator's region with a private e-mail, and another alumnus.
    struct World {
        var db: String, national: String, regional: String, regionName: String
        var target: Person, other: Person, outsider: String
    }

    func world() throws -> World {
        let db = try cli.demo()
        let (regional, region) = try cli.regionalCoordinator(db)
        let store = try cli.open(db)
        let people = try store.loadDirectory(audience: .coordinator).people
        let alumni = people.filter { $0.roles == [.alumnus] }
        let regionOf = { (p: Person) in store.gazetteer.settlement(p.settlement)?.region }
        let target = alumni.first { regionOf($0) == region && $0.contacts.contains { $0.kind == .email && !$0.shared } }!
        let other = alumni.first { $0.id != target.id && regionOf($0) == region }!
        let outsider = people.first { $0.roles.contains(.coordinator) && regionOf($0) != region && !(try! store.isNationalCoordinator($0.id)) }!
        return World(db: db, national: try cli.coordinatorID(db), regional: regional,
                     regionName: store.gazetteer.region(region)!.names.en, target: target, other: other, outsider: outsider.id.description)
    }

    func person(_ w: World, _ id: EntityID) throws -> Person { try cli.open(w.db).person(id, audience: .coordinator) }

    /// `show` gives gender and birth year to whom privacy.md says: the person and coordinators reaching them; no one
    /// else. They were never shown, not even to the person (review).
    @Test func genderAndBirthYearAreShownToThePersonAndTheirCoordinators() throws {
        let w = try world()
        var target = try person(w, w.target.id)
        target.gender = .female
        target.birthYear = 1996
        try cli.open(w.db).updatePerson(target, by: try cli.open(w.db).actor(EntityID(w.national)!))
        func card(as actor: String) throws -> [String: Any] {
            let shown = try cli.run(["show", target.id.description, "--json", "--db", w.db, "--as", actor])
            #expect(shown.status == 0, "\(shown.stderr)")
            return try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as! [String: Any]
        }
        for reader in [target.id.description, w.regional, w.national] {
            let json = try card(as: reader)
            #expect(json["gender"] as? String == "female" && json["birthYear"] as? Int == 1996, "\(reader)")
        }
        for reader in [w.other.id.description, w.outsider] {
            let json = try card(as: reader)
            #expect(json["gender"] == nil && json["birthYear"] == nil, "\(reader)")
        }
        let text = try cli.run(["show", target.id.description, "--db", w.db, "--as", target.id.description]).stdout
        #expect(text.contains("gender: female · born: 1996"), "\(text)")
    }

    @Test func consentIsThePersonsOrTheirRegionalCoordinators() throws {
        let w = try world()
        let t = w.target.id.description
        let refused = try cli.run(["edit", t, "--share", "email", "--as", w.other.id.description, "--db", w.db])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("only \(t) or a coordinator of \(w.regionName) can change \(t)'s consent"), "\(refused.stderr)")
        let anonymous = try cli.run(["edit", t, "--share", "email", "--db", w.db])
        #expect(anonymous.status == 4 && anonymous.stderr.contains("acting as nobody"))
        let elsewhere = try cli.run(["edit", t, "--share", "email", "--as", w.outsider, "--db", w.db])
        #expect(elsewhere.status == 4, "a coordinator of another region does not reach \(t)")
        #expect(try person(w, w.target.id).contacts.first { $0.kind == .email }?.shared == false)

        #expect(try cli.run(["edit", t, "--share", "email", "--as", t, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.first { $0.kind == .email }?.shared == true)
        #expect(try cli.run(["edit", t, "--private", "email", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.first { $0.kind == .email }?.shared == false)
        let audit = try cli.open(w.db).auditLog().filter { $0.action == "change-consent" }
        #expect(audit.count == 1 && audit[0].actor == w.regional, "only a consent change made for someone else is audited")
    }

    /// A contact typed in for a kind the person had none of starts private, as an import and the app's forms start it:
    /// a coordinator's `edit --telegram` (or `add person --phone`) published it to every member with no audit row
    /// (review G). Sharing it takes `--share`, which for someone else is an audited consent change.
    @Test func aNewContactStartsPrivateUntilShared() throws {
        let w = try world()
        let t = w.target.id.description
        #expect(try cli.run(["edit", t, "--telegram", "", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.allSatisfy { $0.kind != .telegram })
        #expect(try cli.run(["edit", t, "--telegram", "@typed_in", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.first { $0.kind == .telegram }?.shared == false)
        #expect(try !cli.run(["show", t, "--as", w.other.id.description, "--db", w.db]).stdout.contains("typed_in"))
        let added = try cli.run(["add", "person", "--name", "Жаңа Адам", "--settlement", w.regionName, "--phone", "+7 701 555 44 33",
                                 "--as", w.regional, "--db", w.db, "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.open(w.db).loadDirectory().people.first { $0.fullName == "Жаңа Адам" }?.contacts.map(\.shared) == [false])
        #expect(try cli.run(["edit", t, "--telegram", "@typed_in", "--share", "telegram", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.first { $0.kind == .telegram }?.shared == true)
        #expect(try cli.open(w.db).auditLog().filter { $0.action == "change-consent" }.count == 1)
        // A first contact of a kind added and shared at once for someone else is a consent change too (review H).
        #expect(try cli.run(["edit", t, "--telegram", "", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try cli.run(["edit", t, "--telegram", "@shared_at_once", "--share", "telegram", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try cli.open(w.db).auditLog().filter { $0.action == "change-consent" }.count == 2)
        // A changed value stays where the contact stood (it went to the end of the card).
        let kinds = try person(w, w.target.id).contacts.map(\.kind)
        #expect(kinds.count >= 2 && kinds.last == .telegram, "\(kinds)")
        #expect(try cli.run(["edit", t, "--\(kinds[0].rawValue)", kinds[0] == .email ? "moved@example.kz" : "+7 701 555 44 32",
                             "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).contacts.map(\.kind) == kinds)
    }

    @Test func rolesAndSensitiveCategoriesAreCoordinators() throws {
        let w = try world()
        let t = w.target.id.description
        for arguments in [["--role", "coordinator"], ["--neet", "yes"]] {
            let own = try cli.run(["edit", t] + arguments + ["--as", t, "--db", w.db])
            #expect(own.status == 4, "\(arguments) on one's own card")
        }
        #expect(try person(w, w.target.id).roles == [.alumnus])
        #expect(try cli.run(["edit", t, "--role", "alumnus", "--role", "mentor", "--as", w.regional, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).roles == [.alumnus, .mentor])
        #expect(try cli.run(["edit", t, "--role", "coordinator", "--as", w.outsider, "--db", w.db]).status == 4)
        let reach = try cli.run(["edit", w.regional, "--reach", "country", "--as", w.regional, "--db", w.db])
        #expect(reach.status == 4 && reach.stderr.contains("only a national coordinator"))
        #expect(try cli.run(["edit", w.regional, "--reach", "country", "--as", w.national, "--db", w.db]).status == 0)
        let actions = try cli.open(w.db).auditLog().map(\.action)
        #expect(actions.contains("change-roles") && actions.contains("change-reach"))
    }

    @Test func contactsAreLoggedByTheirParties() throws {
        let w = try world()
        let (t, o) = (w.target.id.description, w.other.id.description)
        let third = try cli.run(["log", t, o, "--as", w.national == "P1" ? "P2" : "P1", "--db", w.db])
        #expect(third.status == 4 && third.stderr.contains("can log a contact between \(t) and \(o)"))
        #expect(try cli.run(["log", t, o, "--note", "tea", "--as", o, "--db", w.db]).status == 0)
        #expect(try cli.run(["log", t, o, "--as", w.regional, "--db", w.db]).status == 0)
        // The note of a contact is for its parties and coordinators reaching them.
        let outsiderView = try cli.run(["show", t, "--json", "--as", w.outsider, "--db", w.db])
        #expect(outsiderView.status == 0 && !outsiderView.stdout.contains("\"tea\""))
        let partyView = try cli.run(["show", t, "--json", "--as", o, "--db", w.db])
        #expect(partyView.stdout.contains("\"tea\""))
    }

    @Test func suggestionsAreManagedByTheirOwner() throws {
        let w = try world()
        let (t, o) = (w.target.id.description, w.other.id.description)
        let key = "meet:\(t):\(o)"
        let refused = try cli.run(["dismiss", key, "--as", o, "--db", w.db])
        #expect(refused.status == 4 && refused.stderr.contains("only \(t) can dismiss or snooze \(t)'s suggestions"))
        #expect(try cli.run(["snooze", key, "--until", "2027-01-01", "--as", w.national, "--db", w.db]).status == 4)
        #expect(try cli.run(["dismiss", key, "--as", t, "--db", w.db]).status == 0)
    }

    @Test func onlyCoordinatorsAddPeopleAndCoordinators() throws {
        let w = try world()
        let alumnus = try cli.run(["add", "person", "--name", "Жаңа Адам", "--settlement", "Aqtau", "--role", "coordinator",
                                   "--as", w.target.id.description, "--db", w.db])
        #expect(alumnus.status == 4 && alumnus.stderr.contains("can add a coordinator there"))
        let added = try cli.run(["add", "person", "--name", "Жаңа Адам", "--settlement", "Aqtau", "--role", "coordinator",
                                 "--as", w.national, "--db", w.db])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.open(w.db).auditLog().contains { $0.action == "add-person" && $0.detail.contains("roles=coordinator") })
    }

    @Test func othersSeeNoPrivateFields() throws {
        let w = try world()
        let t = w.target.id.description
        #expect(try cli.run(["edit", t, "--note", "private matter", "--as", t, "--db", w.db]).status == 0)
        let email = w.target.contacts.first { $0.kind == .email }!.value
        let other = try cli.run(["show", t, "--json", "--as", w.other.id.description, "--db", w.db])
        #expect(!other.stdout.contains("private matter") && !other.stdout.contains(email) && !other.stdout.contains("\"sensitive\""))
        let own = try cli.run(["show", t, "--json", "--as", t, "--db", w.db])
        #expect(own.stdout.contains("private matter") && own.stdout.contains(email) && !own.stdout.contains("\"sensitive\""))
        let coordinator = try cli.run(["show", t, "--json", "--as", w.regional, "--db", w.db])
        #expect(coordinator.stdout.contains("private matter") && coordinator.stdout.contains("\"sensitive\""))
        #expect(try cli.open(w.db).auditLog().contains { $0.action == "read-sensitive" && $0.actor == w.regional })
        let outsider = try cli.run(["show", t, "--json", "--as", w.outsider, "--db", w.db])
        #expect(!outsider.stdout.contains("\"sensitive\""), "a coordinator's reach is their region")
    }

    @Test func exportsRevealPrivateFieldsOnlyWithinTheCoordinatorsReach() throws {
        let w = try world()
        let t = w.target.id.description
        #expect(try cli.run(["edit", t, "--note", "private matter", "--as", t, "--db", w.db]).status == 0)
        // Properties of a card without a Bailanys field are kept, and private: they went to every coordinator (review).
        let card = cli.path("own.vcf")
        try "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:\(t)\r\nFN:\(w.target.fullName)\r\nBDAY:19980505\r\nX-SECRET:diagnosis\r\nEND:VCARD\r\n"
            .write(toFile: card, atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", card, "--as", t, "--db", w.db])
        #expect(imported.status == 0, "\(imported.stderr)")
        for (reader, sees) in [(w.outsider, false), (w.other.id.description, false), (w.regional, true), (w.national, true)] {
            let cards = try cli.run(["export", "--format", "vcard", "--as", reader, "--db", w.db]).stdout
            #expect(cards.contains("X-SECRET:diagnosis") == sees && cards.contains("BDAY:19980505") == sees, "\(reader)")
        }
        let email = w.target.contacts.first { $0.kind == .email && !$0.shared }!.value
        for format in ["json", "csv", "vcard"] {
            for sensitive in [true, false] {
                let flags = ["export", "--format", format] + (sensitive ? ["--include-sensitive"] : [])
                let outsider = try cli.run(flags + ["--as", w.outsider, "--db", w.db])
                #expect(outsider.status == 0, "\(outsider.stderr)")
                #expect(!outsider.stdout.contains("private matter"), "\(format) \(sensitive): another region's coordinator got the note")
                #expect(!(sensitive && outsider.stdout.contains(email)), "\(format): another region's coordinator got a private contact")
                let regional = try cli.run(flags + ["--as", w.regional, "--db", w.db])
                #expect(regional.stdout.contains("private matter"), "\(format) \(sensitive): the region's own coordinator lost the note")
                #expect(!sensitive || regional.stdout.contains(email), "\(format): the region's own coordinator lost a private contact")
            }
        }
    }

    /// A move between regions needs reach over both: the refusal named one region's coordinators, refused too (review).
    @Test func aMoveIsRefusedNamingWhoMayMove() throws {
        let w = try world()
        // Into the outsider's region: each regional coordinator reaches one end of the move.
        let elsewhere = try cli.open(w.db).person(EntityID(w.outsider)!).settlement
        for mover in [w.regional, w.outsider] {
            let refused = try cli.run(["edit", w.target.id.description, "--settlement", elsewhere, "--as", mover, "--db", w.db])
            #expect(refused.status == 4 && refused.stderr.contains("a coordinator reaching both"), "\(mover): \(refused.stderr)")
        }
        // The same by import: one refusal for the row, the move's (the card edit it implies named one region's coordinators).
        let move = cli.path("move.csv")
        try "external_id,full_name,settlement\n\(w.target.id),,\(elsewhere)\n".write(toFile: move, atomically: true, encoding: .utf8)
        for mover in [w.regional, w.outsider] {
            let refused = try cli.run(["import", move, "--as", mover, "--db", w.db])
            #expect(refused.status == 4 && refused.stderr.contains("Not allowed to import 1 entry") && refused.stderr.contains("a coordinator reaching both"),
                    "\(mover): \(refused.stderr)")
        }
        #expect(try cli.run(["edit", w.target.id.description, "--settlement", elsewhere, "--as", w.national, "--db", w.db]).status == 0)
    }

    /// A sensitive column or vCard line in a member's import is the policy's refusal, and exits 4 like every other
    /// (it exited 1, as if the file were at fault); each is named FILE:LINE:COLUMN. A bad cell beside it is the
    /// file's fault first (exit 1).
    @Test func aMembersSensitiveImportIsRefusedLikeAnyOtherWrite() throws {
        let w = try world()
        let csv = cli.path("sensitive.csv"), vcf = cli.path("sensitive.vcf"), mixed = cli.path("mixed.csv")
        try "external_id,full_name,neet\n\(w.other.id),,\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Test\r\nX-BAILANYS-NEET:yes\r\nEND:VCARD\r\n".write(toFile: vcf, atomically: true, encoding: .utf8)
        try "external_id,full_name,neet,birth_year\n\(w.other.id),,,soon\n".write(toFile: mixed, atomically: true, encoding: .utf8)
        for (file, place) in [(csv, "sensitive.csv:1:23:"), (vcf, "sensitive.vcf:4:1:")] {
            let refused = try cli.run(["import", file, "--as", w.other.id.description, "--settlement", "aktau", "--db", w.db])
            #expect(refused.status == 4 && refused.stderr.contains(place) && refused.stderr.contains("nothing was imported"),
                    "\(refused.stderr)")
        }
        let both = try cli.run(["import", mixed, "--as", w.other.id.description, "--db", w.db])
        #expect(both.status == 1 && both.stderr.contains("2 problems"), "\(both.stderr)")
        #expect(try cli.run(["import", csv, "--as", w.regional, "--db", w.db, "--dry-run"]).status == 0)
    }

    /// The app shows the map, network health and the meetup planner to coordinators only; their commands answered
    /// anyone, nobody included: an alumnus listed whom a meetup would invite and why ("isolated"), and every region's
    /// health (review).
    @Test func aCoordinatorsViewsAreTheirsOnTheCommandLineToo() throws {
        let w = try world()
        #expect(try cli.run(["meetup", "plan", "--host", "Астана", "--date", "2026-11-20T18:30", "--capacity", "12", "--radius", "300",
                             "--save", "--as", w.national, "--db", w.db]).status == 0)
        let views = [["health"], ["fading", "--region", w.regionName], ["meetup", "list"], ["meetup", "show", "M1"],
                     ["meetup", "export", "M1", "--format", "csv"],
                     ["meetup", "plan", "--host", "Астана", "--date", "2026-11-20T18:30", "--capacity", "12", "--radius", "300"]]
        for view in views {
            for member in [w.target.id.description, nil] {
                let refused = try cli.run(view + ["--db", w.db] + (member.map { ["--as", $0] } ?? []))
                #expect(refused.status == 4 && refused.stderr.contains("only a coordinator can") && refused.stdout.isEmpty, "\(view) \(member ?? "nobody")")
            }
            for coordinator in [w.regional, w.outsider] {
                let allowed = try cli.run(view + ["--db", w.db, "--as", coordinator])
                #expect(allowed.status == 0, "\(view) \(coordinator): \(allowed.stderr)")
            }
        }
        #expect(try cli.run(["fading", "--as", w.target.id.description, "--db", w.db]).status == 0, "one's own fading ties")
    }

    /// A row equal to what is stored was "already present" and never judged: exit 0 for a right guess, 4 for a wrong
    /// one, so a member learned a birth year, a private e-mail or Telegram handle, and a coordinator of another region
    /// NEET or a contact's note; then the refusals' wording and number still differed (reviews). Now a row naming
    /// anything but what everyone sees of a person is refused for that alone, the same whatever the value; whoever may
    /// see the values still re-imports them unchanged.
    @Test func anImportNeverConfirmsAGuessedHiddenValue() throws {
        let w = try world()
        let t = w.target.id.description, o = w.other.id.description
        var target = try person(w, w.target.id)
        target.birthYear = 1996
        target.sensitive.neet = true
        target.contacts.append(Contact(kind: .telegram, value: "@secret_handle", shared: false))
        try cli.open(w.db).updatePerson(target, by: try cli.open(w.db).actor(EntityID(w.national)!))
        #expect(try cli.run(["log", t, o, "--date", "2026-11-20", "--channel", "meeting", "--note", "met at cafe", "--as", w.national, "--db", w.db]).status == 0)
        let email = target.contacts.first { $0.kind == .email && !$0.shared }!.value
        /// Exit status and every word printed, for each row imported alone from the same file name.
        func outcomes(_ header: String, _ rows: [String], as actor: String) throws -> [String] {
            try rows.map { row in
                let file = cli.path("guess.csv")
                try "\(header)\n\(row)\n".write(toFile: file, atomically: true, encoding: .utf8)
                let result = try cli.run(["import", file, "--as", actor, "--db", w.db])
                return "\(result.status)\n\(result.stdout)\(result.stderr)"
            }
        }
        let guesses: [(String, [String], String)] = [
            ("external_id,full_name,birth_year", ["\(t),,1996", "\(t),,1997"], o),
            ("external_id,full_name,gender", ["\(t),,female", "\(t),,male"], o),
            ("external_id,full_name,email", ["\(t),,\(email)", "\(t),,x\(email)"], o),
            ("external_id,full_name,telegram", ["\(t),,@secret_handle", "\(t),,@another_handle"], o),
            ("external_id,full_name,email_shared", ["\(t),,no", "\(t),,yes"], o),
            ("external_id,full_name,neet", ["\(t),,yes", "\(t),,no"], w.outsider),
            ("a,b,date,channel,note", ["\(t),\(o),2026-11-20,meeting,met at cafe", "\(t),\(o),2026-11-20,meeting,met at the park"], w.outsider),
        ]
        for (header, rows, actor) in guesses {
            let seen = try outcomes(header, rows, as: actor)
            #expect(seen[0].hasPrefix("4\n") && seen[0] == seen[1], "\(header): \(seen)")
        }
        // Whoever may see the values re-imports them unchanged.
        #expect(try outcomes("external_id,full_name,birth_year", ["\(t),,1996"], as: t)[0].hasPrefix("0\n"))
        #expect(try outcomes("external_id,full_name,neet", ["\(t),,yes"], as: w.regional)[0].hasPrefix("0\n"))
        #expect(try outcomes("a,b,date,channel,note", ["\(t),\(o),2026-11-20,meeting,met at cafe"], as: w.regional)[0].hasPrefix("0\n"))
        #expect(try person(w, w.target.id) == target)
    }

    /// Every role's own CSV export comes back unchanged: a "no" consent beside a withheld contact was refused as naming
    /// it (review), so only a national coordinator's export re-imported.
    @Test func everyRolesOwnExportComesBackUnchanged() throws {
        let w = try world()
        // vCard too: every card's plain N and ADR came back as kept properties of people the importer may not edit,
        // so only a national coordinator's vCard export re-imported (review).
        for actor in [w.target.id.description, w.regional, w.outsider, w.national] {
            for (format, ext) in [("csv", "csv"), ("vcard", "vcf"), ("vcard3", "vcf")] {
                let file = cli.path("own-\(actor)-\(format).\(ext)")
                #expect(try cli.run(["export", "--format", format, "-o", file, "--as", actor, "--db", w.db]).status == 0)
                let back = try cli.run(["import", file, "--dry-run", "--as", actor, "--db", w.db])
                #expect(back.status == 0 && back.stdout.contains("0 new, 0 updated"),
                        "\(actor) \(format): \(back.stdout)\(back.stderr.prefix(400))")
            }
        }
    }

    @Test func importsObeyTheSameRulesRowByRow() throws {
        let w = try world()
        let t = w.target.id.description
        let vcard = cli.path("takeover.vcf")
        try "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:\(t)\r\nFN:Someone Else\r\nEND:VCARD\r\n".write(toFile: vcard, atomically: true, encoding: .utf8)
        let before = FileManager.default.contents(atPath: w.db)
        let refused = try cli.run(["import", vcard, "--as", w.other.id.description, "--db", w.db])
        // Named like every other problem of a file: FILE:LINE (it named the person only).
        #expect(refused.status == 4 && refused.stderr.contains("\(vcard):1: only \(t) or a coordinator"), "\(refused.stdout)\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: w.db) == before)
        let roles = cli.path("roles.csv")
        try "id,full_name,roles\n\(w.other.id),\(w.other.fullName),coordinator\n".write(toFile: roles, atomically: true, encoding: .utf8)
        let claim = try cli.run(["import", roles, "--as", w.other.id.description, "--db", w.db])
        #expect(claim.status == 4 && claim.stderr.contains("\(roles):2: only") && claim.stderr.contains("can change \(w.other.id)'s roles"),
                "\(claim.stdout)\(claim.stderr)")
        #expect(try person(w, w.other.id).roles == [.alumnus])
        #expect(try cli.run(["import", vcard, "--as", t, "--db", w.db]).status == 0)
        #expect(try person(w, w.target.id).fullName == "Someone Else")
    }
}

/// Member copies through the binary: publish, what the copy says it is, no coordinators in it, the log's way back.
@Suite(.serialized) struct MemberCopyCommandTests {
    let cli = BinaryRunner()

    @Test func publishTakeCopyAndExportLogRoundTrip() throws {
        let db = try cli.demo()
        let national = try cli.coordinatorID(db)
        let (regional, region) = try cli.regionalCoordinator(db)
        let copy = cli.path("copy.sqlite")
        let refused = try cli.run(["publish", "--for", "alumni", "-o", copy, "--as", "P1", "--db", db])
        #expect(refused.status == 4 && !FileManager.default.fileExists(atPath: copy))
        #expect(try cli.run(["publish", "--for", "alumni", "-o", copy, "--as", regional, "--db", db]).status == 4,
                "a regional coordinator publishes their region only")
        let regionName = try cli.open(db).gazetteer.region(region)!.names.en
        #expect(try cli.run(["publish", "--for", "mentors", "--region", regionName, "-o", cli.path("regional.sqlite"),
                             "--as", regional, "--db", db]).status == 0)
        let published = try cli.run(["publish", "--for", "alumni", "-o", copy, "--as", national, "--db", db])
        #expect(published.status == 0, "\(published.stderr)")
        let stats = try cli.run(["stats", "--db", copy])
        #expect(stats.stdout.contains("member copy for alumni, published 2026-11-25 from demo.sqlite"))
        #expect(try cli.run(["stats", "--db", db]).stdout.contains("coordinator's master"))
        let doctor = try cli.run(["doctor", "--db", copy])
        #expect(doctor.status == 0 && doctor.stdout.contains("member copy: holds nothing members may not see"))
        // In the copy the national coordinator's claim carries no powers, and says why.
        let claimed = try cli.run(["edit", "P2", "--role", "coordinator", "--as", national, "--db", copy])
        #expect(claimed.status == 4 && claimed.stderr.contains("do not apply in a member copy"))
        #expect(try cli.run(["export", "--format", "csv", "--include-sensitive", "--as", national, "--db", copy]).status == 4)

        #expect(try cli.run(["log", "P1", "P2", "--note", "village tea", "--as", "P1", "--db", copy]).status == 0)
        let log = cli.path("p1.csv")
        let exported = try cli.run(["export-log", "-o", log, "--as", "P1", "--db", copy])
        #expect(exported.status == 0 && exported.stdout.contains("`bailanys import \(log) --as P1`"), "\(exported.stdout)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "a,b,date,channel,note\r\nP1,P2,2026-11-25,message,village tea\r\n"
                || (try String(contentsOfFile: log, encoding: .utf8)).contains("P1,P2,2026-11-25,message,village tea"))
        func interactions() throws -> Int {
            (try JSONSerialization.jsonObject(with: Data(try cli.run(["stats", "--json", "--db", db]).stdout.utf8)) as! [String: Any])["interactions"] as! Int
        }
        let before = try interactions()
        let third = try cli.run(["import", log, "--as", "P3", "--db", db])
        #expect(third.status == 4 && third.stderr.contains("\(log):2: only P1, P2 or"), "a third alumnus may not import a contact of P1 and P2: \(third.stderr)")
        // A row about two others added to the log on its way is refused when it is imported as its member, as printed.
        let forged = cli.path("forged.csv")
        try (String(contentsOfFile: log, encoding: .utf8) + "P3,P4,2026-11-20,call,\r\n").write(toFile: forged, atomically: true, encoding: .utf8)
        let forgedRow = try cli.run(["import", forged, "--as", "P1", "--db", db])
        #expect(forgedRow.status == 4 && forgedRow.stderr.contains("\(forged):3: only P3, P4 or"), "\(forgedRow.stderr)")
        #expect(try cli.run(["import", log, "--as", "P1", "--db", db]).status == 0)
        #expect(try cli.run(["import", log, "--as", national, "--db", db]).status == 0)
        #expect(try interactions() == before + 1, "importing a member's log twice adds it once")

        let newer = cli.path("newer.sqlite")
        #expect(try cli.run(["publish", "--for", "alumni", "-o", newer, "--as", national, "--db", db]).status == 0)
        let taken = try cli.run(["take-copy", newer, "--as", "P1", "--db", copy])
        #expect(taken.status == 0 && taken.stdout.contains("kept 1 contact"), "\(taken.stderr)")
        let shown = try cli.run(["show", "P1", "--json", "--as", "P1", "--db", copy])
        #expect(shown.stdout.contains("village tea"))
        #expect(try cli.run(["take-copy", newer, "--db", db]).status == 1, "a master is never replaced by a copy")
    }
}
