import BailanysCore
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Every screen, popup and form at 80×24 and 120×40 in kk, ru and en, text and styles
/// (`Golden/all/<screen>-<language>-<width>x<height>.txt` and `.styles.txt`).
@Suite struct AllScreensGoldenTests {
    static let sizes = [(80, 24), (120, 40)]

    /// A screen: how to reach it from a fresh app of a language and size.
    struct Shot: Sendable, CustomStringConvertible {
        var name: String
        var reach: @Sendable (Language, Int, Int) throws -> Harness
        var description: String { name }
    }

    static let coordinator = Fixtures.p(5)

    /// Which directory the app opens.
    /// Which directory the app opens; `named` ones lie at a fixed path, which their screens show.
    enum Store: Sendable { case fixture, named(String), empty, readOnly(String) }

    static func app(_ me: EntityID? = Fixtures.p(1), graph: Bool = false, _ keys: [KeyEvent] = [], typing text: String = "",
                    then more: [KeyEvent] = [], store: Store = .fixture, createdDemo: Bool = false)
        -> @Sendable (Language, Int, Int) throws -> Harness {
        { language, width, height in
            let opened: DirectoryStore? = switch store {
            case .fixture: nil
            case .named(let name): try Fixtures.store(path: Fixtures.fixedPath(name))
            case .empty: try FirstRunTests.emptyStore()
            case .readOnly(let name): try FirstRunTests.readOnlyStore(path: Fixtures.fixedPath(name))
            }
            let app = try Harness(me: me, language: language, width: width, height: height, graph: graph, store: opened,
                                  createdDemo: createdDemo)
            app.keys(keys)
            app.type(text)
            app.keys(more)
            return app
        }
    }

    static let shots: [Shot] = [
        Shot(name: "directory", reach: app()),
        Shot(name: "directory-coordinator", reach: app(coordinator)),
        Shot(name: "whoami", reach: app(nil)),
        Shot(name: "whoami-confirm", reach: app(nil, [.enter])),
        Shot(name: "person", reach: app(typing: "/aigerim", then: [.enter, .enter])),
        Shot(name: "organization", reach: app(typing: "/akimdigi", then: [.enter, .enter])),
        Shot(name: "initiative", reach: app(typing: "/akimdigi", then: [.enter, .enter, .enter])),
        Shot(name: "help", reach: app(Fixtures.p(1), [.character("?")])),
        Shot(name: "filter", reach: app(Fixtures.p(1), [.character("f")])),
        Shot(name: "add-person", reach: app(coordinator, [.character("a")])),
        Shot(name: "log-contact", reach: app(typing: "/erlan", then: [.enter, .enter, .character("l")])),
        Shot(name: "suggestions", reach: app(Fixtures.p(1), graph: true, [.character("2")])),
        Shot(name: "snooze", reach: app(Fixtures.p(1), graph: true, [.character("2"), .character("z")])),
        Shot(name: "edit-person", reach: app(typing: "/aigerim", then: [.enter, .enter, .character("e")])),
        Shot(name: "mentees", reach: app(Fixtures.p(4), graph: true, [.character("3")])),
        Shot(name: "map", reach: app(coordinator, [.character("5")])),
        Shot(name: "report", reach: app(coordinator, [.character("6")])),
        Shot(name: "meetup-form", reach: app(coordinator, [.character("4")])),
        Shot(name: "meetup-plan", reach: app(coordinator, [.character("4")], typing: "Aqtau", then: [.enter])),
        Shot(name: "empty-directory", reach: app(nil, store: .empty)),
        Shot(name: "created-demo", reach: app(nil, store: .named("created-demo"), createdDemo: true)),
        Shot(name: "read-only", reach: app(store: .readOnly("read-only"))),
        Shot(name: "read-only-refused", reach: app(typing: "/erlan", then: [.enter, .enter, .character("l")],
                                                   store: .readOnly("read-only-refused"))),
        Shot(name: "meetup-saved", reach: app(coordinator, [.character("4")], typing: "Aqtau", then: [.enter, .character("s")])),
        Shot(name: "meetup-confirm", reach: app(coordinator, [.character("4")], typing: "Aqtau", then: [.enter, .character("q")])),
    ]

    @Test(arguments: shots)
    func screen(_ shot: Shot) throws {
        for language in Language.allCases {
            for (width, height) in Self.sizes {
                let app = try shot.reach(language, width, height)
                try Golden.check(frame: app.frame, "all/\(shot.name)-\(language)-\(width)x\(height)")
            }
        }
    }
}
