import BailanysCore
import BailanysGraph
import BailanysInterchange
import BailanysStore
import Foundation

/// Meetup texts in one language, from the string tables: reasons, focus, the messenger announcement and the
/// calendar event. Shared by the planner screen and `bailanys meetup`.
public struct MeetupWording: Sendable {
    /// How long a meetup lasts in its calendar event.
    public static let durationMinutes = 120

    let strings: Strings
    let gazetteer: Gazetteer

    public init(language: Language, gazetteer: Gazetteer) {
        strings = Strings(language: language)
        self.gazetteer = gazetteer
    }

    /// `Aktau, Mangystau Region`.
    public func place(_ settlement: String) -> String { strings.place(settlement, in: gazetteer) }

    /// `Aktau`: the settlement's name alone, for narrow columns.
    public func settlementName(_ key: String) -> String {
        gazetteer.settlement(key)?.names.name(for: strings.language.rawValue) ?? key
    }

    func round(year: Int, number: Int) -> String { strings("meetup.round", ["year": "\(year)", "number": "\(number)"]) }

    public func reason(_ reason: InviteReason) -> String {
        switch reason {
        case .revivesFadingTie(_, let name, let fraction, let last):
            strings("meetup.reason.revives", ["name": name, "percent": "\(Int((fraction * 100).rounded()))%",
                                              "date": strings.date(last)])
        case .isolated: strings("meetup.reason.isolated")
        case .onlineRound(let r): strings("meetup.reason.online", ["round": round(year: r.year, number: r.number)])
        case .round(let r, let count):
            strings("meetup.reason.round", ["round": round(year: r.year, number: r.number), "count": "\(count)"])
        case .mentorOf(_, let name): strings("meetup.reason.mentorOf", ["name": name])
        }
    }

    /// A saved reason; `names` and `rounds` supply what the codes only point to.
    public func reason(_ saved: SavedInviteReason, names: [EntityID: String], rounds: [EntityID: Round]) -> String {
        func roundText(_ id: EntityID) -> String { rounds[id].map { round(year: $0.year, number: $0.number) } ?? id.description }
        switch saved {
        case .revivesFadingTie(let other): return strings("meetup.reason.revivesSaved", ["name": names[other] ?? other.description])
        case .isolated: return strings("meetup.reason.isolated")
        case .onlineRound(let id): return strings("meetup.reason.online", ["round": roundText(id)])
        case .round(let id): return strings("meetup.reason.roundSaved", ["round": roundText(id)])
        case .mentorOf(let mentee): return strings("meetup.reason.mentorOf", ["name": names[mentee] ?? mentee.description])
        }
    }

    public func focus(_ focus: MeetupFocus?) -> String {
        switch focus {
        case nil: strings("meetup.focus.none")
        case .isolated?: strings("meetup.focus.isolated")
        case .round(let id)?: strings("meetup.focus.round", ["round": id.description])
        case .theme(let theme)?: strings("meetup.focus.theme", ["theme": theme])
        case .region(let key)?:
            strings("meetup.focus.region", ["region": gazetteer.region(key)?.names.name(for: strings.language.rawValue) ?? key])
        }
    }

    /// `Aktau youth centre, Aktau`, or the settlement alone when no venue is set.
    public func location(_ meetup: Meetup) -> String {
        [meetup.venue?.name, place(meetup.host)].compactMap { $0 }.joined(separator: ", ")
    }

    /// A short text to paste into a messenger group.
    public func announcement(_ meetup: Meetup) -> String {
        [strings("meetup.announce.title", ["place": place(meetup.host)]),
         strings("meetup.announce.when", ["date": strings.date(meetup.startsAt.day), "time": meetup.startsAt.clock]),
         strings("meetup.announce.where", ["venue": location(meetup)]),
         "",
         strings("meetup.announce.body", ["count": "\(meetup.invitees.count)"]),
         strings("meetup.announce.reply")].joined(separator: "\n")
    }

    public func calendarEvent(_ meetup: Meetup) -> CalendarEvent {
        CalendarEvent(uid: "\(meetup.id)-\(ICalendar.basicTime(meetup.startsAt))-\(meetup.host)@bailanys",
                      start: meetup.startsAt, end: meetup.startsAt.adding(minutes: Self.durationMinutes),
                      summary: strings("meetup.calendar.summary", ["place": place(meetup.host)]),
                      location: location(meetup), description: announcement(meetup))
    }

    /// The iCalendar file of a meetup, stamped `stamp`.
    public func calendar(_ meetup: Meetup, stamp: Date) -> String {
        ICalendar.write([calendarEvent(meetup)], stamp: stamp)
    }
}
