import BailanysCore
import BailanysPolicy
@testable import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Found by driving the real app at 80×24 in Kazakh (2026-12-07): themes shown and filtered by their English keys, the
/// Mentees column headings scrolling away, and a sort named over search results it does not order.
@Suite struct ThemesAndHeadingsTests {
    /// A long name on a card at 80 columns ran over its id (`Нұрсұлтанова-… Тестовая Очень Дли…`, P9230 lost; review).
    @Test func aLongNameGivesWayToItsIdOnTheCard() throws {
        let store = try Fixtures.store()
        var person = try store.person(Fixtures.p(2), audience: .coordinator)
        person.fullName = "Ерлан Нұрсұлтанова-Жақсылықова Тестовая Очень Длинная Фамилия Ещё Длиннее"
        try store.updatePerson(person, by: Actor(id: nil, roles: [.coordinator], reach: .country))
        let app = try Harness(me: Fixtures.p(5), width: 80, height: 24, store: store)
        app.type("/erlan")
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == Fixtures.p(2))
        let heading = try #require(app.screen.split(separator: "\n").first { $0.contains("Ерлан Нұрсұлтанова") })
        #expect(heading.contains("…  P2"), "\(heading)")
    }

    /// With a card open, the top bar named the card's person and then *my* role with my name dropped
    /// ("› Айдана Серікбаева coordinator · EN"): read as that person's role (review). The crumb now gives way first.
    @Test(arguments: [(80, 24), (100, 30), (120, 40)])
    func theRoleOnTheTopBarIsNeverBesideAnotherPersonsNameAlone(size: (Int, Int)) throws {
        for me in [Fixtures.p(1), Fixtures.p(5)] {
            for language in Language.allCases {
                let app = try Harness(me: me, language: language, width: size.0, height: size.1)
                let myName = try app.store.person(me).fullName
                app.type("/erlan")
                app.keys(.enter, .enter)
                let top = String(app.screen.split(separator: "\n")[0])
                #expect(!top.contains("›") || top.contains("› Ерл"), "\(size) \(me) \(language): \(top)")
                #expect(!top.contains("›") || top.contains(String(myName.prefix(4))), "\(size) \(me) \(language): \(top)")
            }
        }
    }

    /// The data holds a theme's key (`ecology`); the initiative card names it in the interface's language.
    @Test(arguments: [(Language.kk, "экология"), (.ru, "экология"), (.en, "ecology")])
    func theInitiativeCardNamesTheThemeInTheLanguage(_ language: Language, _ name: String) throws {
        let app = try Harness(language: language, width: 80, height: 24)
        app.type("/akimdigi")
        app.keys(.enter, .enter, .enter)
        let theme = try #require(app.frame.lines.first { $0.contains(app.state.strings("card.theme")) })
        #expect(theme.trimmingCharacters(in: .whitespaces).hasSuffix(": \(name)"), "\(theme)")
    }

    /// The theme row takes a theme's name in any language (or its key, in any case); other text is matched as typed,
    /// for themes imported as free text. The filter line names the theme in the interface's language.
    @Test func theThemeFilterTakesAThemesNameInAnyLanguage() throws {
        let app = try Harness(me: Fixtures.p(5), language: .kk, width: 80, height: 24)
        func filterTheme(_ text: String) {
            app.keys(.character("f"))
            app.keys(Array(repeating: KeyEvent.down, count: FilterEditor.Row.allCases.count - 1))
            app.keys(.control("u"))
            app.type(text)
            app.keys(.enter)
        }
        for typed in ["экология", "Экология", "ECOLOGY", "ecology"] {
            filterTheme(typed)
            #expect(app.state.directory.filter.theme == "ecology", "\(typed)")
            #expect(app.state.directory.total == 4, "the team and mentor of Таза Каспий, for \(typed)")
            #expect(app.screen.contains("экология"), "\(typed)")
        }
        filterTheme("робототехника")
        #expect(app.state.directory.filter.theme == "робототехника")
        #expect(app.state.directory.total == 0)
        // Reopened, the row shows the name, not the key.
        filterTheme("экология")
        app.keys(.character("f"))
        #expect(app.screen.contains("экология") && !app.screen.contains("ecology"), "\(app.screen)")
        app.keys(.escape)
    }

    /// The column headings stay on screen above the mentees however far the list scrolls.
    @Test func menteeHeadingsStayWhenTheListScrolls() throws {
        // A second team of twelve, also mentored by Ғалым (P4): more mentees than the screen's rows.
        let store = try Fixtures.store()
        var batch = ImportBatch()
        batch.newPeople = (0..<12).map {
            Person(id: Fixtures.p(20 + $0), fullName: "Zhan Team \($0)", roles: [.alumnus], settlement: "aktau")
        }
        batch.newInitiatives = [Initiative(id: EntityID(.initiative, 2), title: "Жас Ақтау", theme: "sport", round: EntityID(.round, 1),
                                           settlement: "aktau", status: .continuing,
                                           team: batch.newPeople.map { TeamMember(person: $0.id, role: .member) },
                                           mentors: [Fixtures.p(4)], partners: [])]
        try store.apply(batch, by: Actor(id: nil, roles: [.coordinator], reach: .country))
        let app = try Harness(me: Fixtures.p(4), language: .en, width: 80, height: 12, graph: true, store: store)
        app.keys(.character("3"))
        let columns = app.state.strings("col.last")
        let heading = try #require(app.row(containing: columns))
        app.keys(.end)
        #expect(app.row(containing: columns) == heading, "\(app.screen)")
        #expect(app.screen.contains("Zhan Team"), "the last mentees are shown: \(app.screen)")
    }

    /// On a narrow top bar my name gives way, and my role and the language (what `L` changes) stay whole. Found at
    /// 80×24 on 2026-12-07: `Айдана Серікбаева · түлек · K…`.
    @Test(arguments: [80, 120])
    func theTopBarKeepsTheRoleAndLanguageWhole(width: Int) throws {
        let app = try Harness(me: Fixtures.p(5), language: .kk, width: width, height: 24)
        let top = app.frame.text(row: 0).trimmingCharacters(in: .whitespaces)
        #expect(top.hasSuffix("· \(app.state.strings.role(.coordinator)) · KK"), "\(top)")
        app.keys(.character("L"))
        #expect(app.frame.text(row: 0).trimmingCharacters(in: .whitespaces).hasSuffix(" · RU"))
    }

    /// A contact line too wide for its pane cuts the name, never the count and day of the last contact. Found at
    /// 120×40 on 2026-12-07 in the directory's preview: `Досжан Бекжанұлы  2× · last 3 Jun 2…`.
    @Test func aContactLineCutsTheNameNotTheDate() throws {
        let app = try Harness(me: Fixtures.p(5), language: .en, width: 120, height: 40)
        app.type("/aigerim")
        app.keys(.enter)
        let previewLines = app.frame.lines.filter { $0.contains("Ерлан") || $0.contains("Ғалым") }
        #expect(previewLines.contains { $0.contains("1× · 1 May 2024") }, "\(app.screen)")
        #expect(previewLines.contains { $0.contains("1× · 10 Jan 2025") }, "\(app.screen)")
        let line = PersonCardView.contactLine(
            ContactSummary(party: EntityRef(id: Fixtures.p(2), name: "Досжан Бекжанұлы-Сапарбекұлы"), interactions: 2, last: Day(iso: "2025-06-03")!),
            tie: nil, strings: app.state.strings, theme: .standard)
        let fitted = line.fitted(to: 36).map(\.text).joined()
        #expect(DisplayWidth.of(fitted) <= 36 && fitted.hasSuffix("2× · 3 Jun 2025") && fitted.contains("…"), "\(fitted)")
        // The word "last" gives way before the name does: in kk the name kept eight letters (review).
        let kk = Strings(language: .kk)
        let kazakh = PersonCardView.contactLine(
            ContactSummary(party: EntityRef(id: Fixtures.p(2), name: "Жандос Сұлтанов"), interactions: 68, last: Day(iso: "2026-10-25")!),
            tie: nil, strings: kk, theme: .standard).fitted(to: 40).map(\.text).joined()
        #expect(kazakh.contains("Жандос Сұлтанов  68× · 25 қаз. 2026"), "\(kazakh)")
        // An initiative's title is what names it: its round and status give way instead (review: "▸ Бег п…").
        let initiative = CardLine.link("Бег по утрам для всех", "2021/2 · offline · completed · member", to: EntityID(.initiative, 1),
                                       theme: .standard, keepsDetail: false).fitted(to: 36).map(\.text).joined()
        #expect(DisplayWidth.of(initiative) <= 36 && initiative.contains("Бег по утрам для всех  2021/2") && initiative.hasSuffix("…"),
                "\(initiative)")
    }

    /// With every tab named, an open card's name still shows in the top bar beside mine, both shortened (reviews: a
    /// coordinator's breadcrumb at 120 columns was a bare "…"; then my name gave way whole, and my role read as theirs).
    @Test func theOpenCardIsNamedBesideEveryTab() throws {
        let app = try Harness(me: Fixtures.p(5), width: 120, height: 40)
        app.type("/aigerim")
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == Fixtures.p(1))
        let top = app.frame.text(row: 0)
        let me = try app.store.person(Fixtures.p(5)).fullName
        #expect(top.contains("› Айгер") && top.contains(String(me.prefix(4))) && top.hasSuffix("coordinator · EN "), "\(top)")
    }

    /// The order is named whole at 80 columns in every language; the keys' hint beside it gives way a key at a time
    /// (review: ru "сортировка: последний к…").
    @Test(arguments: Language.allCases)
    func theOrderIsNamedWholeAt80Columns(_ language: Language) throws {
        let app = try Harness(me: Fixtures.p(4), language: language, width: 80, height: 24)
        app.keys(.character("s"))
        let strings = app.state.strings
        let header = app.frame.text(row: 1)
        #expect(header.contains(strings("dir.sort", ["sort": strings(DirectorySort.lastContact.labelKey)])), "\(header)")
        #expect(header.hasPrefix(" / "), "the hint keeps its first key: \(header)")
        #expect(!header.contains("…"), "\(header)")
    }

    /// Search results come by relevance: the header names no sort while searching, and names it again after.
    @Test func noSortIsNamedOverSearchResults() throws {
        let app = try Harness(language: .en, width: 80, height: 24)
        let sortLabel = app.state.strings("dir.sort", ["sort": app.state.strings(app.state.directory.sort.labelKey)])
        #expect(app.screen.contains(sortLabel))
        app.type("/aigerim")
        app.keys(.enter)
        #expect(app.state.directory.isSearching)
        #expect(!app.screen.contains(sortLabel), "\(app.screen)")
        app.keys(.escape)
        #expect(app.screen.contains(sortLabel))
    }
}
