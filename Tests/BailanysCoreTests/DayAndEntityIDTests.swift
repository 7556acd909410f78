import BailanysCore
import PropertyBased
import Testing

@Suite("Day")
struct DayTests {
    @Test func isoRoundTripOverOrdinals() async {
        // 1900-01-01 to 2199-12-31.
        await propertyCheck(count: 500, input: Gen.int(in: -25_567...84_005)) { ordinal in
            let day = Day(ordinal: ordinal)
            #expect(Day(iso: day.iso) == day, "\(day.iso)")
            let (y, m, d) = day.components
            #expect(Day(year: y, month: m, day: d) == day)
        }
    }

    @Test func epochAndKnownDates() {
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(ordinal: 19_723).iso == "2024-01-01")
        #expect(Day(iso: "2024-01-01")?.weekday == 0)
        #expect(Day(iso: "1970-01-01")?.weekday == 3)
    }

    @Test func leapYears() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2000-02-29") != nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day.isLeap(2024) && Day.isLeap(2000) && !Day.isLeap(1900) && !Day.isLeap(2023))
        #expect(Day(iso: "2024-03-01")!.days(since: Day(iso: "2024-02-28")!) == 2)
    }

    @Test("impossible or malformed dates are rejected",
          arguments: ["2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2023-1-01", "23-01-01", "2023/01/01", "", "２０２３-01-01",
                     "2023-01-01 ", "2023--01-01", "20230-1-01", "2023-01-0a", "2023-01-0١", "2023-01-01\u{301}", "+023-01-01"])
    func rejects(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func addingMonthsClamps() {
        #expect(Day(iso: "2024-01-31")!.adding(months: 1).iso == "2024-02-29")
        #expect(Day(iso: "2023-12-15")!.adding(months: 1).iso == "2024-01-15")
    }

    /// "12 months ago" a year to the day later (dividing the days by 30.44 said 11), and never a month too many.
    @Test func wholeMonthsCountCalendarMonths() async {
        #expect(Day(iso: "2026-01-01")!.wholeMonths(since: Day(iso: "2025-01-01")!) == 12)
        #expect(Day(iso: "2025-02-14")!.wholeMonths(since: Day(iso: "2025-01-15")!) == 0)
        #expect(Day(iso: "2025-02-15")!.wholeMonths(since: Day(iso: "2025-01-15")!) == 1)
        #expect(Day(iso: "2025-01-15")!.wholeMonths(since: Day(iso: "2025-02-15")!) == -1)
        await propertyCheck(count: 500, input: Gen.int(in: 0...40_000), Gen.int(in: 0...3_000)) { start, length in
            let from = Day(ordinal: start), to = Day(ordinal: start + length)
            let months = to.wholeMonths(since: from)
            #expect(months >= 0 && from.adding(months: months) <= to && from.adding(months: months + 1) > to,
                    "\(from.iso) → \(to.iso): \(months)")
        }
    }
}

@Suite("EntityID")
struct EntityIDTests {
    @Test func parsesCaseInsensitively() {
        #expect(EntityID("p12") == EntityID(.person, 12))
        #expect(EntityID("O17")?.kind == .organization)
        #expect(EntityID(" I305 ")?.description == "I305")
    }

    @Test("malformed ids are rejected", arguments: ["P0", "P-1", "X", "P1a", "", "Q12", "P 1", "P+1"])
    func rejects(_ text: String) {
        #expect(EntityID(text) == nil)
    }

    @Test func descriptionRoundTrips() async {
        await propertyCheck(input: Gen.int(in: 1...1_000_000)) { number in
            for kind in EntityID.Kind.allCases {
                let id = EntityID(kind, number)
                #expect(EntityID(id.description) == id)
            }
        }
    }
}
