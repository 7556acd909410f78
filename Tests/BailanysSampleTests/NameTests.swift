import BailanysCore
import BailanysSample
import Testing

@Suite struct NameTests {
    let people = Fixtures.sample2025.people

    @Test func namesListsAreRichEnough() {
        let names = Fixtures.names
        #expect(names.kazakhFemale.count >= 60 && names.kazakhMale.count >= 60)
        #expect(names.russianFemale.count >= 25 && names.russianMale.count >= 25)
        #expect(names.kazakhFemale.contains("Айгерім"))
    }

    @Test func bothKazakhSurnamePatternsAppear() {
        #expect(people.contains { $0.fullName.hasSuffix("ұлы") })
        #expect(people.contains { $0.fullName.hasSuffix("қызы") })
        #expect(people.contains { $0.fullName.hasSuffix("ова") || $0.fullName.hasSuffix("ева") })
        #expect(people.contains { $0.fullName.hasSuffix("ов") || $0.fullName.hasSuffix("ев") })
    }

    @Test func severalAigerimsInBothScripts() {
        #expect(people.filter { $0.fullName.hasPrefix("Айгерім ") }.count >= 10)
        #expect(people.contains { $0.fullName.hasPrefix("Aigerim ") })
    }

    @Test func someNamesAreRussianAndSomeLatin() {
        let russian = Set(Fixtures.names.russianFemale + Fixtures.names.russianMale)
        let russianShare = Double(people.filter { russian.contains(String($0.fullName.split(separator: " ")[0])) }.count)
            / Double(people.count)
        #expect((0.06...0.14).contains(russianShare), "Russian names \(russianShare)")
        let latinShare = Double(people.filter { $0.fullName.allSatisfy { $0.isASCII } }.count) / Double(people.count)
        #expect((0.03...0.08).contains(latinShare), "Latin names \(latinShare)")
    }

    @Test func latinSpellingFollowsCommonUsage() {
        #expect(Fixtures.names.latinized("Айгерім Бекова") == "Aigerim Bekova")
        #expect(Fixtures.names.latinized("Жансая Ерланқызы") == "Zhansaya Erlankyzy")
    }

    @Test func contactsLookReal() {
        let phone = /\+7 7(0[0-8]|47|71|7[5-8]) \d{3} \d{2} \d{2}/
        let phones = people.flatMap(\.contacts).filter { $0.kind == .phone }.map(\.value)
        #expect(phones.count == people.count)
        #expect(phones.allSatisfy { $0.wholeMatch(of: phone) != nil })
        #expect(Set(phones).count == phones.count)
        let emails = people.flatMap(\.contacts).filter { $0.kind == .email }.map(\.value)
        #expect(Set(emails).count == emails.count)
        #expect(emails.allSatisfy { $0.wholeMatch(of: /[a-z0-9.]+@(gmail\.com|mail\.ru|inbox\.kz)/) != nil })
        let handles = people.flatMap(\.contacts).filter { $0.kind == .telegram }.map(\.value)
        #expect(handles.allSatisfy { $0.wholeMatch(of: /@[a-z0-9_]{5,}/) != nil })
    }

    @Test func initiativesHaveThemesAndTitles() {
        let themes = Set(Fixtures.names.themes.map(\.key))
        let initiatives = Fixtures.sample2025.initiatives
        #expect(initiatives.allSatisfy { themes.contains($0.theme) && !$0.title.isEmpty && !$0.title.contains("{") })
        #expect(Set(initiatives.map(\.theme)) == themes)
    }
}
