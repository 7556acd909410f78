import BailanysCore
import BailanysGraph
import BailanysPolicy
import BailanysInterchange
import BailanysStore
import Foundation

extension EffectRunner {
    func perform(_ effect: MeetupEffect, language: Language) throws -> [AppEvent] {
        let store = context.store
        switch effect {
        case .plan(let request):
            // The app's live graph when there is one (it already holds this session's contacts and meetups), with
            // the tie model fitted to the directory's tempo, as `bailanys meetup plan` uses.
            let snapshot = try context.ties.graph() ?? store.graphSnapshot()
            let plan = MeetupPlanner.plan(snapshot: snapshot, request: request, model: context.ties.fittedModel() ?? context.tieModel)
            return [.meetup(.planned(plan))]
        case .save(let draft, let actor):
            return [.meetup(.saved(try store.saveMeetup(draft, by: actor)))]
        case .attend(let id, let people, let actor):
            context.ties.record(try store.markAttendance(id, people: people, by: actor, today: context.today))
            return [.meetup(.attended(id, people))]
        case .loadSaved:
            return [.meetup(.savedLoaded(try store.meetups()))]
        case .loadInviteePlaces(let id, let people):
            let places = try store.people(ids: people, audience: .member).map { ($0.id, $0.settlement) }
            return [.meetup(.inviteePlaces(id, Dictionary(places) { first, _ in first }))]
        case .exportCalendar(let id):
            let meetup = try store.meetup(id)
            let folder = URL(fileURLWithPath: context.exportFolder)
            let calendar = folder.appendingPathComponent("meetup-\(id).ics").path
            let inviteList = folder.appendingPathComponent("meetup-\(id)-invitees.csv").path
            let exporter = DirectoryExporter.sharedContacts(store: store)
            // Readable by the owner only, like `bailanys export -o`; never over an earlier file, nor through a link.
            let wrote = try OutputFile.writeKeepingOthers([
                (MeetupWording(language: language, gazetteer: store.gazetteer).calendar(meetup, stamp: Date()), calendar),
                (exporter.csv(people: try exporter.invitees(of: meetup)), inviteList)])
            return [.meetup(.exported(calendar: wrote[0], inviteList: wrote[1]))]
        }
    }
}
