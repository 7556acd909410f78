import BailanysCore
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Issue 14 items 5 and 6: a role's daily work from the lists, and text that keeps every letter.
@Suite struct DailyWorkTests {
    /// `l` on the directory's selected row logs a contact with that person, without opening the card first.
    @Test func logsAContactStraightFromTheDirectory() throws {
        let app = try Harness()
        app.type("/dana")
        app.keys(.enter, .character("l"))
        #expect(app.state.currentCard == nil, "still on the list")
        #expect(app.screen.contains("Log a contact with Dana Bekova"))
        app.keys(.enter)
        #expect(app.state.overlay == nil)
        #expect(try app.store.interactions(of: Fixtures.p(3)).count == 2)
        #expect(app.state.myLastContacts[Fixtures.p(3)] == Fixtures.today)
    }

    /// In the last-contact order, a contact logged with the second person moves them to the top: the selection goes
    /// with them. It stayed on the second row, now someone else (review).
    @Test func theSelectionFollowsThePersonALoggedContactMoves() throws {
        let app = try Harness()
        app.keys(.character("s"))
        #expect(app.state.directory.sort == .lastContact && app.state.directory.total >= 2, "\(app.screen)")
        app.keys(.down)
        let second = try #require(app.state.directory.selectedEntry)
        app.keys(.character("l"), .enter)
        #expect(app.state.overlay == nil, "\(app.screen)")
        #expect(app.state.directory.window.first?.id == second.id, "now the latest contact: \(app.screen)")
        #expect(app.state.directory.selectedEntry?.id == second.id, "\(app.screen)")
    }

    /// Contacts with partner bodies are logged as with people (the store and the CLI take them): `l` on an
    /// organisation's row and on its card (review: it did nothing, though help offered it).
    @Test func logsAContactWithAnOrganisation() throws {
        let app = try Harness()
        let akimat = EntityID(.organization, 1)
        app.type("/әкімдігі")
        app.keys(.enter, .character("l"))
        #expect(app.screen.contains("Log a contact with Ақтау қаласының әкімдігі"), "\(app.screen)")
        app.keys(.enter)
        #expect(app.state.overlay == nil)
        let before = try app.store.interactions(of: akimat).count
        #expect(before >= 1)
        app.keys(.enter)
        #expect(app.state.currentCard?.id == akimat)
        #expect(app.frame.text(row: app.state.size.height - 1).contains("l Log contact"))
        app.keys(.character("l"))
        #expect(app.screen.contains("Log a contact with Ақтау қаласының әкімдігі"), "\(app.screen)")
        app.keys(.enter)
        #expect(try app.store.interactions(of: akimat).count == before + 1)
    }

    /// `l` on Mentees logs a contact with the selected mentee.
    @Test func logsAContactStraightFromMentees() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true)
        app.keys(.character("3"))
        let mentee = try #require(app.state.mentees.entries.first)
        app.keys(.character("l"))
        #expect(app.screen.contains("Log a contact with \(mentee.name)"))
        app.keys(.enter)
        #expect(try app.store.interactions(of: mentee.mentee).contains { $0.other.id == Fixtures.p(4) && $0.day == Fixtures.today })
    }

    /// The reasons box wraps each reason beside its share and bar: no line is cut (no `…`) at any width, and
    /// the suggestion's internal key (`reconnect:P1:P4`) is never shown.
    @Test(arguments: Language.allCases)
    func reasonsKeepEveryLetterAndHideTheKey(language: Language) throws {
        for width in stride(from: 60, through: 100, by: 4) {
            let app = try Harness(language: language, width: width, height: 24, graph: true)
            app.keys(.character("2"))
            // The Why box: from its top-left corner down, right of it (at 120 columns it sits beside the list).
            let top = try #require(app.frame.lines.firstIndex { $0.contains("╭─") }, "\(language) \(width): \(app.screen)")
            let left = app.frame.lines[top].distance(from: app.frame.lines[top].startIndex,
                                                     to: try #require(app.frame.lines[top].range(of: "╭─")).lowerBound)
            let box = app.frame.lines[top...].map { String($0.dropFirst(left)) }
            #expect(!box.contains { $0.contains("…") }, "\(language) \(width): \(app.screen)")
            #expect(!app.screen.contains("reconnect:P1"), "\(language) \(width)")
        }
    }

    /// A name and a date stay on one line where a line holds them (review: "…Ольга" / "Павлова", "last contact 18" /
    /// "Jan 2022"); where one does not fit a line, it breaks as any words do.
    @Test func wrapKeepsNamesAndDatesTogether() {
        #expect(Render.wrap("1 · Қайрат Мамыров, Ольга Павлова, Динара Жанболатқызы", width: 24)
                == ["1 · Қайрат Мамыров,", "Ольга Павлова,", "Динара Жанболатқызы"])
        #expect(Render.wrap("revives a fading tie (9% of its peak, last contact 18 Jan 2022)", width: 40)
                == ["revives a fading tie (9% of its peak,", "last contact 18 Jan 2022)"])
        #expect(Render.wrap("последний контакт 28 сент. 2026", width: 20) == ["последний контакт", "28 сент. 2026"])
        #expect(Render.wrap("Алматы. Ольга Павлова", width: 14) == ["Алматы.", "Ольга Павлова"], "a clause's end is not a name")
        #expect(Render.wrap("Абылай Жанұзақов", width: 10) == ["Абылай", "Жанұзақов"], "too long for a line: broken at its space")
        #expect(Render.wrap("A phone number of 10–15 digits, e.g. +7 701 234 56 78", width: 51)
                == ["A phone number of 10–15 digits, e.g.", "+7 701 234 56 78"], "a phone number is not split (review)")
        // Whatever the words and the width, every line fits and no letter is lost or moved.
        var random = SeededRandom(seed: 7)
        let vocabulary = ["Ольга", "Павлова,", "18", "Jan", "2022)", "a", "(9%", "tie", "Жанболатқызы", "·", "Auezov", "District"]
        for _ in 0..<500 {
            let words = (0..<Int(random.next() % 12)).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
            let width = 1 + Int(random.next() % 30)
            let lines = Render.wrap(words.joined(separator: " "), width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
            #expect(lines.joined().filter { $0 != " " } == words.joined(), "\(words) at \(width)")
        }
    }

    /// A word longer than the line is broken across lines, never cut.
    @Test func wrapBreaksLongWordsWithoutLosingLetters() {
        let lines = Render.wrap("see (round 1, 2021) Жаңаөзенмұнайгазсервис", width: 8)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 8 })
        #expect(lines.joined().filter { $0 != " " } == "see(round1,2021)Жаңаөзенмұнайгазсервис")
    }

    /// `x` on Mentees writes "my mentees' shared contacts" (mode 0600): names and shared contacts, no gender,
    /// birth year, private contacts or sensitive categories.
    @Test func menteesExportWritesSharedContactsOnly() throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Fixtures.p(4), graph: true, exportFolder: folder.path)
        app.keys(.character("3"), .character("x"))
        let file = folder.appendingPathComponent("mentees-P4.csv")
        let csv = try String(contentsOf: file, encoding: .utf8)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as! Int == 0o600)
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 4, "P1, P2, P3 and the header: \(csv)")
        let gender = try #require(rows[0].firstIndex(of: "gender"))
        #expect(rows.dropFirst().allSatisfy { $0[gender].isEmpty })
        #expect(csv.contains("+7 701 111 22 33") && !csv.contains("aigerim@mail.kz") && !csv.contains("neet"))
        guard case .message(let title, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(title == "mentees.exported.title")
        #expect(text == "Saved 3 mentees\u{2019} shared contacts to \(file.path)")
    }

    /// `c` on Mentees sends the very text `x` writes to the terminal's clipboard (OSC 52), and writes no file.
    @Test func menteesCopySendsTheExportsTextToTheClipboard() throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Fixtures.p(4), graph: true, exportFolder: folder.path)
        app.keys(.character("3"))
        #expect(app.frame.text(row: app.frame.height - 1).contains("c Copy shared contacts"))
        app.keys(.character("c"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(app.state.notice?.text == "Copied 3 mentees\u{2019} shared contacts (CSV)")
        let copied = try #require(app.terminal.clipboard.first)
        #expect(app.terminal.clipboard.count == 1)
        #expect(copied.contains("+7 701 111 22 33") && !copied.contains("aigerim@mail.kz") && !copied.contains("neet"))
        app.keys(.character("x"))
        #expect(try String(contentsOf: folder.appendingPathComponent("mentees-P4.csv"), encoding: .utf8) == copied)
    }

    /// At 80 columns the copy's notice is whole beside the first hint, and the export's message names the whole path,
    /// in every language (review: "Отправлено в буфер обмена: открытые контакты…" lost the count).
    @Test(arguments: Language.allCases)
    func menteesCopyAndExportAreWholeAt80Columns(_ language: Language) throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Fixtures.p(4), language: language, width: 80, height: 24, graph: true, exportFolder: folder.path)
        app.keys(.character("3"), .character("c"))
        let notice = try #require(app.state.notice?.text)
        #expect(app.frame.text(row: 23).contains(notice), "\(app.frame.text(row: 23))")
        app.keys(.character("x"))
        guard case .message(_, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(text.contains(folder.appendingPathComponent("mentees-P4.csv").path))
        #expect(FirstRunTests.showsWhole(text, app.screen), "\(app.screen)")
    }

    /// A terminal not known to take copies gets nothing, and the member is told why in full.
    @Test func menteesCopyExplainsATerminalWithoutClipboard() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true)
        app.terminal.acceptsClipboard = false
        app.keys(.character("3"), .character("c"))
        #expect(app.terminal.clipboard.isEmpty)
        #expect(app.state.overlay == .message(title: "clipboard.notCopied.title", text: app.state.strings("clipboard.unsupported")))
        #expect(app.screen.contains("Nothing copied") && app.screen.contains("OSC 52"))
        // A list too long for one copy is refused whole, with both sizes.
        app.keys(.escape)
        app.session.send(.menteesCopied(count: 900, .tooLong(bytes: 120_400, limit: 74_994)))
        #expect(app.state.overlay == .message(title: "clipboard.notCopied.title", text:
            "The list takes 121 kB, more than a terminal takes in one copy (74 kB): nothing was sent rather than part of it."))
    }

    /// Kazakh (and Russian) write decimals with a comma on every screen; English with a point.
    @Test func decimalsFollowTheLanguage() throws {
        let kk = try Harness(language: .kk, graph: true)
        kk.keys(.character("2"))
        #expect(kk.screen.contains("0,083") && !kk.screen.contains("0.083"))
        #expect(Strings(language: .kk).percent(0.164, decimals: 1) == "16,4%")
        #expect(Strings(language: .en).percent(0.164, decimals: 1) == "16.4%")
    }

    /// At 60 columns the planner's date field shows the whole date and time, focused or not.
    @Test func dateFieldIsWholeAt60Columns() throws {
        let app = try Harness(me: Fixtures.p(5), width: 60, height: 20)
        app.keys(.character("4"))
        let date = try #require(app.state.meetup?.fields.first { $0.id == "date" }?.input.text)
        #expect(date.count == 16)
        #expect(app.screen.contains(date), "\(app.screen)")
        app.keys(.tab)
        #expect(app.screen.contains(date), "\(app.screen)")
    }

    /// "Last contact" is the last logged contact everywhere: Ғалым never logged one with Ерлан, so Mentees shows
    /// "—" as the directory does, not the round's start (1 Mar 2023).
    @Test func lastContactIsTheLoggedContactEverywhere() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true)
        app.keys(.character("3"))
        let erlan = try #require(app.state.mentees.entries.first { $0.mentee == Fixtures.p(2) })
        #expect(erlan.lastContact == nil && app.state.myLastContacts[Fixtures.p(2)] == nil)
        let row = try #require(app.frame.lines.first { $0.contains("Ерлан") })
        #expect(!row.contains("2023") && row.contains("—"), "\(row)")
        let aigerim = try #require(app.state.mentees.entries.first { $0.mentee == Fixtures.p(1) })
        #expect(aigerim.lastContact == Day(iso: "2025-01-10") && app.state.myLastContacts[Fixtures.p(1)] == Day(iso: "2025-01-10"))
    }

    /// Every tie bar is on one scale: the directory's, the card header's and Mentees' bar for the same tie agree,
    /// and logging a contact moves the card header's bar, even for my strongest tie.
    @Test func tieBarsShareOneScaleAndTheHeaderBarMoves() throws {
        let mentor = try Harness(me: Fixtures.p(4), graph: true)
        mentor.keys(.character("3"))
        for entry in mentor.state.mentees.entries {
            let mine = try #require(mentor.state.myTies[entry.mentee])
            #expect(mentor.state.mentees.view?.ties[entry.mentee] == mine)
            let row = try #require(mentor.frame.lines.first { $0.contains(entry.name) })
            #expect(row.contains(PersonCardView.barText(mine.strength)), "\(row)")
        }
        for other in [Fixtures.p(2), Fixtures.p(4)] {
            let app = try Harness(graph: true)
            let before = try #require(app.state.myTies[other])
            let name = other == Fixtures.p(2) ? "Ерлан" : "Ғалым"
            app.type("/\(name)")
            app.keys(.enter, .enter)
            let header = try #require(app.frame.lines.first { $0.contains(PersonCardView.barText(before.strength)) })
            app.keys(.character("l"), .enter)
            let after = try #require(app.state.myTies[other])
            #expect(after.strength > before.strength && before.strength < 1, "\(name)")
            #expect(PersonCardView.barText(after.strength) != PersonCardView.barText(before.strength), "\(name)")
            #expect(!app.frame.lines.contains(header) || header.isEmpty, "\(name): the header bar moved")
        }
    }

    /// At 120 columns every region centre is named on the map, Turkistan (beside Shymkent) included.
    @Test func turkistanIsLabelledAt120Columns() throws {
        let app = try CoordinatorFixtures.harness(width: 120, height: 40)
        app.keys(.character("5"))
        #expect(app.frame.lines.contains { line in
            line.ranges(of: "Turkistan").contains { !line[$0.upperBound...].hasPrefix(" Region") }
        }, "\(app.screen)")
    }

    /// An active filter stays visible while searching (the search box takes the place where it was shown).
    @Test func activeFilterStaysVisibleWhileSearching() throws {
        for width in [80, 120] {
            let app = try Harness(width: width, height: 24)
            app.keys(.character("f"), .down, .right, .enter)
            #expect(app.screen.contains("Filter: alumnus"))
            app.type("/е")
            #expect(app.state.directory.isEditingSearch)
            #expect(app.screen.contains("Filter: alumnus"), "\(width): \(app.screen)")
            app.keys(.enter)
            #expect(app.screen.contains("Filter: alumnus"), "\(width): \(app.screen)")
        }
    }

    /// A coordinator finds a mentor on Mentees with `/` and their name in any spelling, instead of stepping with ←/→.
    @Test func coordinatorFindsAMentorBySearch() throws {
        let app = try Harness(me: Fixtures.p(5), graph: true)
        app.keys(.character("3"))
        #expect(app.state.mentees.view?.mentors.map(\.id) == [Fixtures.p(4)])
        app.keys(.character("/"))
        app.type("zzz")
        #expect(app.screen.contains("No mentor by that name."))
        for _ in 0..<3 { app.keys(.backspace) }
        app.type("Galym")
        #expect(app.state.mentees.mentorMatches.map(\.id) == [Fixtures.p(4)])
        #expect(app.screen.contains("Ғалым Нұрланұлы"))
        app.keys(.enter)
        #expect(app.state.mentees.mentorSearch == nil && app.state.mentees.view?.mentor.id == Fixtures.p(4))
        #expect(app.screen.contains("Mentees of Ғалым Нұрланұлы"))
        app.keys(.character("/"), .escape)
        #expect(app.state.mentees.mentorSearch == nil && app.state.screen == .mentees)
    }

    /// The sort, the filter and the screen are remembered between runs (per directory, in the config).
    @Test func sortFilterAndScreenAreRememberedBetweenRuns() throws {
        let first = try Harness(me: Fixtures.p(4), graph: true)
        first.keys(.character("s"))
        first.keys(.character("f"), .down, .right, .enter)
        first.keys(.character("3"))
        let memory = try #require(first.views.last)
        #expect(memory == ViewMemory(screen: "mentees", sort: "lastContact", filter: ["role": "alumnus"]))
        #expect(ViewMemory(line: memory.line) == memory)

        let next = try Harness(me: Fixtures.p(4), graph: true, store: first.store, view: memory)
        #expect(next.state.screen == .mentees)
        #expect(next.screen.contains("Mentees of Ғалым Нұрланұлы"))
        next.keys(.character("1"))
        #expect(next.state.directory.sort == .lastContact && next.state.directory.filter.roles == [.alumnus])
        #expect(next.screen.contains("Filter: alumnus") && next.screen.contains("sort: last contact"), "\(next.screen)")

        // A screen I may not open (an alumnus on Mentees) is not restored; unknown values are ignored.
        let alumnus = try Harness(me: Fixtures.p(1), view: ViewMemory(line: "screen=mentees;sort=bogus;role=wizard"))
        #expect(alumnus.state.screen == .directory && alumnus.state.directory.sort == .name)
        #expect(alumnus.state.directory.filter == DirectoryFilter())
    }

    /// The planner's reasons for an invitee wrap in Russian instead of being cut with `…`.
    @Test func plannerReasonsWrapInsteadOfBeingCut() throws {
        for width in [60, 80, 120] {
            let app = try Harness(me: Fixtures.p(5), language: .ru, width: width, height: 40)
            app.keys(.character("4"))
            app.type("Aqtau")
            app.keys(.enter)
            let heading = try #require(app.frame.lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Почему ") },
                                       "\(width): \(app.screen)")
            let column = app.frame.lines[heading].distance(from: app.frame.lines[heading].startIndex,
                                                           to: app.frame.lines[heading].firstIndex { $0 != " " }!)
            let reasons = app.frame.lines[(heading + 1)...].map { String($0.dropFirst(column)) }
                .prefix { $0.hasPrefix("· ") || $0.hasPrefix("  ") }
            #expect(!reasons.isEmpty, "\(width): \(app.screen)")
            #expect(!reasons.contains { $0.contains("…") }, "\(width): \(app.screen)")
        }
    }

    /// While the tie graph loads, Suggestions, Mentees and the map say what is being built and from how much.
    @Test func graphLoadingSaysWhatAndHowMuch() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true)
        let stats = try app.store.stats()
        let expected = "Building the tie graph from \(stats.people) people and \(stats.interactions) logged contacts…"
        app.keys(.character("2"))
        var waiting = app.state
        waiting.suggestions.isLoaded = false
        #expect(Render.frame(waiting).lines.contains { $0.contains(expected) }, "\(Render.frame(waiting).lines.joined(separator: "\n"))")
        app.keys(.character("3"))
        waiting = app.state
        waiting.mentees.view = nil
        #expect(Render.frame(waiting).lines.contains { $0.contains(expected) })
    }

    /// The directory's last-contact column holds the longest date and its heading whole in every language (at 120
    /// columns, Russian showed "Посл. конта…" over "28 сент. 20…").
    @Test(arguments: Language.allCases)
    func directoryDatesAreWhole(_ language: Language) throws {
        let app = try Harness(me: Fixtures.p(4), language: language, graph: true,
                              contacts: [Interaction(a: Fixtures.p(4), b: Fixtures.p(2), day: Day(iso: "2024-09-28")!,
                                                     channel: .call, source: .manual)])
        let strings = app.state.strings
        #expect(app.screen.contains(strings.date(Day(iso: "2024-09-28")!)), "\(app.screen)")
        #expect(app.screen.contains(strings("col.last") + " "), "\(app.screen)")
        #expect(strings.widestDate >= DisplayWidth.of(strings.date(Day(iso: "2026-09-28")!)))
    }

    /// A card has room for whole words: its labels are not the table's abbreviations (kk "Соңғы байл.:", "Байл.:").
    @Test(arguments: Language.allCases)
    func cardLabelsAreWholeWords(_ language: Language) throws {
        let app = try Harness(me: Fixtures.p(4), language: language, graph: true,
                              contacts: [Interaction(a: Fixtures.p(4), b: Fixtures.p(3), day: Day(iso: "2024-09-28")!,
                                                     channel: .call, source: .manual)])
        app.type("/dana")
        app.keys(.enter, .enter)
        let strings = app.state.strings
        #expect(app.state.currentCard?.id == Fixtures.p(3))
        for key in ["card.last", "card.tie"] {
            #expect(app.screen.contains(strings(key) + ":"), "\(key): \(app.screen)")
            #expect(!strings(key).contains("."), "\(key) is abbreviated")
        }
    }

    /// The same tie has the same bar on the directory and on the card, at any width (review: 8 cells on the
    /// directory at 120 columns, 5 at 80, 6 on the card).
    @Test(arguments: [80, 120])
    func aTieHasOneBarOnTheDirectoryAndTheCard(width: Int) throws {
        let app = try Harness(me: Fixtures.p(4), width: width, height: 30, graph: true,
                              contacts: [Interaction(a: Fixtures.p(4), b: Fixtures.p(3), day: Day(iso: "2024-09-28")!,
                                                     channel: .call, source: .manual)])
        let blocks = Set("█▉▊▋▌▍▎▏")
        func bar(_ line: String) -> String { String(line.drop { !blocks.contains($0) }.prefix { blocks.contains($0) || $0 == " " }) }
        app.type("/dana")
        let row = try #require(app.frame.lines.first { $0.contains("Dana") && $0.contains { blocks.contains($0) } })
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == Fixtures.p(3))
        let tieLine = try #require(app.frame.lines.first { $0.contains(app.state.strings("card.tie") + ":") })
        let onCard = bar(tieLine).trimmingCharacters(in: .whitespaces), onRow = bar(row).trimmingCharacters(in: .whitespaces)
        #expect(!onCard.isEmpty && onCard == onRow, "card \(onCard) · directory \(onRow)")
    }

    /// Mentees' last-contact column holds a whole Russian date ("10 янв. 2025", "22 февр. 2024"): never cut.
    @Test func menteesDatesAreWholeInRussian() throws {
        let app = try Harness(me: Fixtures.p(4), language: .ru, graph: true,
                              contacts: [Interaction(a: Fixtures.p(4), b: Fixtures.p(2), day: Day(iso: "2024-02-22")!,
                                                     channel: .call, source: .manual)])
        app.keys(.character("3"))
        #expect(app.screen.contains("22 февр. 2024"), "\(app.screen)")
        #expect(app.screen.contains("Посл. контакт") || !app.screen.contains("Посл. конта…"), "\(app.screen)")
    }
}
