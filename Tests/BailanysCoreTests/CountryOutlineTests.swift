import BailanysCore
import BailanysResources
import Foundation
import Testing

@Suite struct CountryOutlineTests {
    static let outline = try! CountryOutline(json: BailanysResources.data(.kazakhstanOutline))

    /// Even–odd ray casting on lon/lat, good enough away from the poles and the antimeridian.
    private func contains(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        var inside = false
        for (a, b) in zip(ring, ring.dropFirst() + [ring[0]])
        where (a.latitude > p.latitude) != (b.latitude > p.latitude) {
            let x = a.longitude + (p.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
            if p.longitude < x { inside.toggle() }
        }
        return inside
    }

    @Test func bundledOutlineKeepsItsSourceAndHoldsEveryRegionCentre() throws {
        let outline = Self.outline
        #expect(outline.source.contains("Natural Earth") && outline.source.contains("public domain"))
        let bounds = outline.bounds
        #expect(abs(bounds.longitudes.lowerBound - 46.47) < 0.01 && abs(bounds.longitudes.upperBound - 87.36) < 0.01)
        #expect(abs(bounds.latitudes.lowerBound - 40.66) < 0.01 && abs(bounds.latitudes.upperBound - 55.39) < 0.01)
        let gazetteer = try Gazetteer(json: BailanysResources.data(.gazetteer))
        for region in gazetteer.regions {
            let centre = try #require(gazetteer.settlement(region.centre))
            let point = GeoPoint(longitude: centre.longitude, latitude: centre.latitude)
            #expect(outline.rings.contains { contains($0, point) }, "\(region.key) centre \(centre.key) lies inside the border")
        }
    }

    @Test(arguments: [
        (#"{"name": "x", "source": "s", "rings": [[[50, 40], [51, 41]]]}"#, "ring 0 has 2 points"),
        (#"{"name": "x", "source": "s", "rings": [[[50, 40], [51, 41], [200, 41]]]}"#, "ring 0 point 2"),
        (#"{"name": "x", "source": "s", "rings": [[[50, 40], [51], [52, 41]]]}"#, "ring 0 point 1"),
        (#"{"name": "x", "source": "s", "rings": []}"#, "no rings"),
        (#"{"name": "x", "rings": []}"#, "source"),
    ])
    func badOutlinesAreRefusedWithTheReason(json: String, reason: String) {
        do {
            _ = try CountryOutline(json: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(String(describing: error).contains(reason), "\(error)")
        }
    }

    @Test func projectionKeepsTheMeanLatitudeRatioAndFits() {
        let bounds = Self.outline.bounds
        let projection = MapProjection(bounds: bounds, width: 200, height: 200)
        let meanLatitude = (bounds.latitudes.lowerBound + bounds.latitudes.upperBound) / 2
        let origin = projection.project(GeoPoint(longitude: 60, latitude: 48))
        let east = projection.project(GeoPoint(longitude: 61, latitude: 48))
        let north = projection.project(GeoPoint(longitude: 60, latitude: 49))
        #expect(abs((east.x - origin.x) / (origin.y - north.y) - cos(meanLatitude * .pi / 180)) < 1e-9)
        #expect(east.y == origin.y && north.x == origin.x)
        // Kazakhstan is wider than tall: it fills the width and is centred vertically.
        let west = projection.project(GeoPoint(longitude: bounds.longitudes.lowerBound, latitude: bounds.latitudes.upperBound))
        let southEast = projection.project(GeoPoint(longitude: bounds.longitudes.upperBound, latitude: bounds.latitudes.lowerBound))
        #expect(abs(west.x) < 1e-9 && abs(southEast.x - 200) < 1e-9)
        #expect(abs(west.y - (200 - southEast.y)) < 1e-9 && west.y > 0)
        #expect(abs((southEast.x - west.x) / (southEast.y - west.y) - 27.36 / 14.72) < 0.01)
    }
}
