import BailanysCore
import BailanysGraph
import BailanysResources
import Foundation
import TerminalKit

/// One region as the map shows it: alumni from the store, ties from the graph's network health.
struct RegionFigures: Equatable, Sendable {
    var region: String
    var alumni: Int
    var ties = 0
    var fadingTies = 0
    var isolatedAlumni = 0

    init(region: String, alumni: Int, health: HealthFigures?) {
        self.region = region
        self.alumni = alumni
        if let health {
            ties = health.ties
            fadingTies = health.fadingTies
            isolatedAlumni = health.isolatedAlumni
        }
    }

    var fadingShare: Double { ties == 0 ? 0 : Double(fadingTies) / Double(ties) }
    var isolatedShare: Double { alumni == 0 ? 0 : Double(isolatedAlumni) / Double(alumni) }
}

struct MapState: Equatable, Sendable {
    /// Every gazetteer region, in gazetteer order.
    var regions: [RegionFigures] = []
    /// Region key.
    var selected: String?
    var isLoaded = false

    var selectedFigures: RegionFigures? { regions.first { $0.region == selected } }
}

extension AppState {
    /// The selected region's administrative centre (a settlement key): where a meetup plan
    /// started from the map is hosted.
    var mapSelectedCentre: String? { map.selected.flatMap { gazetteer.region($0)?.centre } }
}

/// How a region's marker encodes its figures: the glyph's size says how many alumni live there,
/// a second mark (and its colour) how its share of fading ties ranks among the regions. Both read
/// without colour.
enum MapMarks {
    static let sizeGlyphs = ["·", "•", "●"]
    static let fadingGlyphs = [" ", "▽", "▼"]

    /// Size class boundaries: a third and two thirds of the largest region's alumni, rounded up.
    static func sizeBounds(_ regions: [RegionFigures]) -> (Int, Int) {
        let largest = regions.map(\.alumni).max() ?? 0
        return (max(1, (largest + 2) / 3), max(2, (2 * largest + 2) / 3))
    }

    static func sizeClass(_ alumni: Int, bounds: (Int, Int)) -> Int {
        alumni < bounds.0 ? 0 : alumni < bounds.1 ? 1 : 2
    }

    /// Fading class boundaries: the fading shares of the regions at one and two thirds of the
    /// ranking (regions with ties only). Regional shares differ by a few points, so fixed thresholds
    /// would mark all regions alike; terciles always single out the most faded third.
    static func fadingBounds(_ regions: [RegionFigures]) -> (Double, Double)? {
        let shares = regions.filter { $0.ties > 0 }.map(\.fadingShare).sorted()
        guard let lowest = shares.first, let highest = shares.last, highest > lowest else { return nil }
        return (shares[shares.count / 3], shares[2 * shares.count / 3])
    }

    static func fadingClass(_ share: Double, bounds: (Double, Double)?) -> Int {
        guard let bounds else { return 0 }
        return share >= bounds.1 ? 2 : share >= bounds.0 ? 1 : 0
    }

    static func fadingStyle(_ fadingClass: Int, theme: Theme) -> Style {
        [theme.success, theme.fading, theme.error][fadingClass]
    }
}

/// Where the map, its markers and the side panel go for a screen size.
struct MapLayout {
    let size: Size
    /// The widest region name in the panel's language: the ranking's rows are sized to it.
    let longestRegionName: Int

    init(_ state: AppState) {
        size = state.size
        longestRegionName = state.map.regions.map { DisplayWidth.of(MapScreen.regionName($0.region, state)) }.max() ?? 0
    }

    private var body: Rect { ScreenLayout(size: size).body }
    /// Wide enough for the longest ranking row (mark, share, name; border and margins) when the screen has room: from
    /// 100 columns up to about a third of it, so "West Kazakhstan Region" and "Восточно-Казахстанская область" are not
    /// cut at 120. Narrower screens keep their room for the map.
    var panelWidth: Int {
        let base = min(size.width >= 160 ? 40 : size.width >= 100 ? 34 : 30, size.width / 2)
        // Two borders, the left inset and the cell `drawPanel` keeps free on the right.
        let needed = MapScreen.rankingPrefixWidth + longestRegionName + 4
        return size.width >= 100 ? max(base, min(needed, size.width * 36 / 100)) : base
    }
    var mapArea: Rect { body.splitColumns([.fill, .fixed(panelWidth)])[0].inset(left: 1, right: 1) }
    var panel: Rect { body.splitColumns([.fill, .fixed(panelWidth)])[1] }
    /// Wide enough to name every region beside its marker.
    var showsAllNames: Bool { size.width >= 120 }

    /// Lon/lat onto the map area's Braille dots (2 × 4 per cell, square on a usual terminal font).
    var projection: MapProjection {
        MapProjection(bounds: MapScreen.outline.bounds, width: Double(mapArea.width * 2), height: Double(mapArea.height * 4))
    }

    /// The screen cell of a point, clamped into the map area.
    func cell(of point: GeoPoint) -> Point {
        let (x, y) = projection.project(point)
        return Point(x: mapArea.minX + min(max(0, Int(x) / 2), mapArea.width - 1),
                     y: mapArea.minY + min(max(0, Int(y) / 4), mapArea.height - 1))
    }

    /// Each region's marker cell (two cells wide: size glyph, fading mark). Larger regions are
    /// placed first at their true spot; a marker that would cover another moves to the nearest
    /// free spot (so Almaty and Konaev, 70 km apart, both stay visible at 80×24).
    func markers(_ regions: [RegionFigures], gazetteer: Gazetteer) -> [String: Point] {
        var taken: Set<Point> = []
        var result: [String: Point] = [:]
        let order = regions.sorted { $0.alumni != $1.alumni ? $0.alumni > $1.alumni : $0.region < $1.region }
        for figures in order {
            guard let centre = MapScreen.centre(of: figures.region, gazetteer: gazetteer) else { continue }
            let home = cell(of: centre)
            let spot = Self.nudges.lazy.map { Point(x: home.x + $0.x, y: home.y + $0.y) }.first { p in
                p.x >= mapArea.minX && p.x + 1 < mapArea.maxX && p.y >= mapArea.minY && p.y < mapArea.maxY
                    && !taken.contains(p) && !taken.contains(Point(x: p.x + 1, y: p.y))
                    && !taken.contains(Point(x: p.x - 1, y: p.y))
            } ?? home
            taken.insert(spot)
            result[figures.region] = spot
        }
        return result
    }

    /// Offsets tried in turn, nearest first (a row is about two columns tall).
    private static let nudges: [Point] = {
        var offsets: [Point] = []
        for dy in -3...3 { for dx in -6...6 { offsets.append(Point(x: dx, y: dy)) } }
        return offsets.sorted { a, b in
            let (da, db) = (abs(a.x) + 2 * abs(a.y), abs(b.x) + 2 * abs(b.y))
            return da != db ? da < db : (a.y, a.x) < (b.y, b.x)
        }
    }()
}

/// A map of Kazakhstan in Braille dots with a marker per region; arrows move between regions,
/// Enter lists the selected region's alumni in the directory.
enum MapScreen {
    static let outline: CountryOutline = {
        do {
            return try CountryOutline(json: BailanysResources.data(.kazakhstanOutline))
        } catch {
            fatalError("bundled country outline is broken: \(error)")  // a broken build, not a user error
        }
    }()

    static func centre(of region: String, gazetteer: Gazetteer) -> GeoPoint? {
        guard let key = gazetteer.region(region)?.centre, let place = gazetteer.settlement(key) else { return nil }
        return GeoPoint(longitude: place.longitude, latitude: place.latitude)
    }

    static func loaded(_ regions: [RegionFigures], _ state: inout AppState) {
        state.map.regions = regions
        state.map.isLoaded = true
        if state.map.selectedFigures == nil {
            state.map.selected = regions.max { ($0.alumni, $1.region) < ($1.alumni, $0.region) }?.region
        }
    }

    // MARK: Moving

    /// The region an arrow leads to, measured on the projected map: among region centres ahead
    /// (positive distance `along` the arrow) and within 45° of it (`across` ≤ `along`), the one with
    /// the least `along + 2 × across`; when none lies within 45°, the same over every centre ahead;
    /// nil when none is ahead.
    static func neighbour(of region: String, towards direction: (x: Double, y: Double), state: AppState) -> String? {
        let projection = MapLayout(state).projection
        func position(_ key: String) -> (x: Double, y: Double)? {
            centre(of: key, gazetteer: state.gazetteer).map(projection.project)
        }
        guard let origin = position(region) else { return nil }
        let ahead = state.map.regions.compactMap { figures -> (key: String, along: Double, across: Double)? in
            guard figures.region != region, let p = position(figures.region) else { return nil }
            let (dx, dy) = (p.x - origin.x, p.y - origin.y)
            let along = dx * direction.x + dy * direction.y
            return along > 0 ? (figures.region, along, abs(dx * direction.y - dy * direction.x)) : nil
        }
        let inCone = ahead.filter { $0.across <= $0.along }
        return (inCone.isEmpty ? ahead : inCone)
            .min { ($0.along + 2 * $0.across, $0.key) < ($1.along + 2 * $1.across, $1.key) }?.key
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let action = KeyMap.action(for: key, in: .map), let selected = state.map.selected else { return [] }
        let direction: (x: Double, y: Double)
        switch action {
        case .left: direction = (-1, 0)
        case .right: direction = (1, 0)
        case .up: direction = (0, -1)
        case .down: direction = (0, 1)
        case .open: return showAlumni(&state)
        default: return []
        }
        if let next = neighbour(of: selected, towards: direction, state: state) { state.map.selected = next }
        return []
    }

    /// Enter: the directory, filtered to the selected region (its alumni, mentors and organisations).
    static func showAlumni(_ state: inout AppState) -> [Effect] {
        guard let region = state.map.selected else { return [] }
        state.directory.filter.region = region
        // The map counted every alumnus of the region: no search left in the box, and no order that lists only the
        // people I know, may hide them.
        state.directory.search = TextInput()
        state.directory.isEditingSearch = false
        state.directory.sort = .name
        state.screen = .directory
        return DirectoryScreen.reload(&state)
    }

    /// A click selects the nearest marker (within a few cells); a click on the selected one opens it.
    static func handleMouse(_ mouse: MouseEvent, _ state: inout AppState) -> [Effect] {
        guard case .press(.left) = mouse.kind else { return [] }
        let markers = MapLayout(state).markers(state.map.regions, gazetteer: state.gazetteer)
        let near = markers.map { key, p in (key, abs(p.x - mouse.x) + abs(p.x + 1 - mouse.x) + 4 * abs(p.y - mouse.y)) }
            .filter { $0.1 <= 7 }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let (region, _) = near else { return [] }
        if region == state.map.selected { return showAlumni(&state) }
        state.map.selected = region
        return []
    }

    // MARK: Drawing

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let layout = MapLayout(state)
        var canvas = BrailleCanvas(columns: layout.mapArea.width, rows: layout.mapArea.height)
        let projection = layout.projection
        for ring in outline.rings {
            for (a, b) in zip(ring, ring.dropFirst() + [ring[0]]) {
                let (p, q) = (projection.project(a), projection.project(b))
                canvas.drawLine(from: Point(x: Int(p.x), y: Int(p.y)), to: Point(x: Int(q.x), y: Int(q.y)), style: theme.border)
            }
        }
        buffer.render(canvas, in: layout.mapArea)
        guard state.map.isLoaded else {
            GraphLoadingView.draw(state, theme: theme, in: layout.mapArea, into: &buffer)
            return
        }
        drawMarkers(state, layout: layout, theme: theme, into: &buffer)
        drawPanel(state, layout: layout, theme: theme, into: &buffer)
    }

    static func regionName(_ key: String, _ state: AppState) -> String {
        state.gazetteer.region(key)?.names.name(for: state.language.rawValue) ?? key
    }

    private static func centreName(_ key: String, _ state: AppState) -> String {
        state.gazetteer.region(key).flatMap { state.gazetteer.settlement($0.centre) }?
            .names.name(for: state.language.rawValue) ?? key
    }

    private static func drawMarkers(_ state: AppState, layout: MapLayout, theme: Theme, into buffer: inout Buffer) {
        let bounds = MapMarks.sizeBounds(state.map.regions)
        let fadingBounds = MapMarks.fadingBounds(state.map.regions)
        let markers = layout.markers(state.map.regions, gazetteer: state.gazetteer)
        var used = Set(markers.values.flatMap { [$0, Point(x: $0.x + 1, y: $0.y)] })
        let markerCells = used
        for figures in state.map.regions {
            guard let spot = markers[figures.region] else { continue }
            let fading = MapMarks.fadingClass(figures.fadingShare, bounds: fadingBounds)
            var style = MapMarks.fadingStyle(fading, theme: theme).adding(.bold)
            if figures.region == state.map.selected { style = style.overlaid(with: theme.selection) }
            let glyph = MapMarks.sizeGlyphs[MapMarks.sizeClass(figures.alumni, bounds: bounds)]
            buffer.put(glyph + MapMarks.fadingGlyphs[fading], x: spot.x, y: spot.y, style: style)
        }
        // Names: the selected region's always, every region's when there is room; never over a marker.
        let named = state.map.regions.filter { layout.showsAllNames || $0.region == state.map.selected }
            .sorted { ($0.region == state.map.selected ? 0 : 1, -$0.alumni, $0.region) < ($1.region == state.map.selected ? 0 : 1, -$1.alumni, $1.region) }
        for figures in named {
            guard let spot = markers[figures.region] else { continue }
            let name = centreName(figures.region, state)
            let width = DisplayWidth.of(name)
            // Right of the marker, else left of it, else on the row above or below (where two centres sit side by
            // side, as Turkistan and Shymkent do), starting at the marker or, by the map's east edge (Ust-Kamenogorsk),
            // ending at it: the first place that is free.
            let right = spot.x + 2 + width < layout.mapArea.maxX ? spot.x + 2 : spot.x - 1 - width
            let candidates = [Point(x: right, y: spot.y), Point(x: spot.x - 1 - width, y: spot.y),
                              Point(x: spot.x, y: spot.y - 1), Point(x: spot.x, y: spot.y + 1),
                              Point(x: spot.x + 1 - width, y: spot.y - 1), Point(x: spot.x + 1 - width, y: spot.y + 1)]
            let own = Set([spot, Point(x: spot.x + 1, y: spot.y)])
            let place = candidates.first { at in
                let cells = (at.x...(at.x + width + 1)).map { Point(x: $0, y: at.y) }
                // Nor beside another region's marker, where it would read as that one's name (ru "●▽ Тараз" by
                // Shymkent's marker, a row below Taraz's).
                let beside = ((at.x - 2)...(at.x + width + 3)).map { Point(x: $0, y: at.y) }
                // One free cell after the name too, so it never runs into the next marker.
                return at.x >= layout.mapArea.minX && at.x + width < layout.mapArea.maxX
                    && at.y >= layout.mapArea.minY && at.y < layout.mapArea.maxY && cells.allSatisfy { !used.contains($0) }
                    && beside.allSatisfy { !markerCells.contains($0) || own.contains($0) }
            }
            guard let place else { continue }
            used.formUnion((place.x..<(place.x + width + 1)).map { Point(x: $0, y: place.y) })
            let isSelected = figures.region == state.map.selected
            // A blank cell on each side of the name, so the outline never runs into it ("Oral⠤⣀", "Semey⠑⠤⡀"), within
            // the map.
            let after = place.x + width + 1 < layout.mapArea.maxX ? " " : ""
            buffer.put(" " + name + after, x: place.x, y: place.y, style: isSelected ? theme.heading : theme.dim)
        }
    }

    private static func drawPanel(_ state: AppState, layout: MapLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        buffer.render(Box(title: strings("map.panel"), style: theme.border), in: layout.panel)
        let inner = Box.inner(of: layout.panel).inset(left: 1)
        var lines: [[Span]] = []
        let fadingBounds = MapMarks.fadingBounds(state.map.regions)
        if let figures = state.map.selectedFigures {
            let fading = MapMarks.fadingClass(figures.fadingShare, bounds: fadingBounds)
            lines += [
                [Span(regionName(figures.region, state), style: theme.heading)],
                field(strings("map.centre"), centreName(figures.region, state), theme: theme),
                field(strings("map.alumni"), strings.number(figures.alumni), theme: theme),
                field(strings("map.ties"), strings.number(figures.ties), theme: theme),
                field(strings("map.fading"), "\(strings.number(figures.fadingTies)) · \(strings.percent(figures.fadingShare, decimals: 1))",
                      theme: theme) + [Span(" " + MapMarks.fadingGlyphs[fading], style: MapMarks.fadingStyle(fading, theme: theme))],
                // To a tenth, as the fading share above it (regions differ by tenths).
                field(strings("map.isolated"),
                      "\(strings.number(figures.isolatedAlumni)) · \(strings.percent(figures.isolatedShare, decimals: 1))", theme: theme),
                [],
            ]
        }
        let bounds = MapMarks.sizeBounds(state.map.regions)
        lines += [
            [Span(strings("map.legend"), style: theme.heading)],
            [Span(MapMarks.sizeGlyphs[0] + " "), Span(strings("map.legend.fewer", ["count": strings.number(bounds.0)]), style: theme.dim)],
            [Span(MapMarks.sizeGlyphs[1] + " "), Span(strings("map.legend.fewer", ["count": strings.number(bounds.1)]), style: theme.dim)],
            [Span(MapMarks.sizeGlyphs[2] + " "), Span(strings("map.legend.more", ["count": strings.number(bounds.1)]), style: theme.dim)],
        ]
        if let fadingBounds {
            for (index, share) in [fadingBounds.0, fadingBounds.1].enumerated() {
                lines.append([Span(MapMarks.fadingGlyphs[index + 1] + " ", style: MapMarks.fadingStyle(index + 1, theme: theme)),
                              Span(strings("map.legend.fading", ["share": strings.percent(share, decimals: 1)]), style: theme.dim)])
            }
        }
        lines = lines.flatMap { fitted($0, width: inner.width - 1) }
        // The rest of the panel ranks the regions, most faded first.
        if inner.height > lines.count + 2 {
            lines += [[], [Span(strings("map.ranking"), style: theme.heading)]]
            let ranked = state.map.regions.filter { $0.ties > 0 }
                .sorted { ($1.fadingShare, $0.region) < ($0.fadingShare, $1.region) }
            for figures in ranked.prefix(inner.height - lines.count) {
                let fading = MapMarks.fadingClass(figures.fadingShare, bounds: fadingBounds)
                let isSelected = figures.region == state.map.selected
                lines.append([Span(MapMarks.fadingGlyphs[fading] + " ", style: MapMarks.fadingStyle(fading, theme: theme)),
                              Span(DisplayWidth.pad(strings.percent(figures.fadingShare, decimals: 1), toColumns: rankingShareWidth,
                                                    alignment: .right) + " "),
                              Span(regionName(figures.region, state), style: isSelected ? theme.heading : theme.text)])
            }
        }
        for (row, spans) in lines.enumerated() where row < inner.height {
            buffer.put(spans, x: inner.minX, y: inner.minY + row, maxWidth: inner.width - 1)
        }
    }

    /// The ranking's share column, and what comes before a region's name on its row: mark, space, share, space.
    static let rankingShareWidth = 6
    static var rankingPrefixWidth: Int { 2 + rankingShareWidth + 1 }

    /// A line wider than the panel goes on under its first span, indented (a field's value under its label), so a
    /// figure is never cut: `Әлсірегендер: 1 175 · 22,7%` does not fit the 80-column panel.
    private static func fitted(_ line: [Span], width: Int) -> [[Span]] {
        guard line.count > 1, line.reduce(0, { $0 + DisplayWidth.of($1.text) }) > width else { return [line] }
        return [[line[0]], [Span("  ")] + line.dropFirst()]
    }

    private static func field(_ label: String, _ value: String, theme: Theme) -> [Span] {
        CardLine.field(label, value, theme: theme).spans
    }
}
