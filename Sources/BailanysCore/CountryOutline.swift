import Foundation

/// A point on the Earth in degrees (WGS84).
public struct GeoPoint: Hashable, Sendable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }
}

/// A country's border as closed rings of lon/lat points; the data lives in
/// `Resources/kazakhstan-outline.json` (Natural Earth, public domain), this file only gives it a shape.
public struct CountryOutline: Sendable {
    public let name: String
    /// Where the outline comes from, shown in the docs and kept in the file.
    public let source: String
    public let rings: [[GeoPoint]]

    public enum LoadError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let why): "country outline: \(why)" }
        }
    }

    private struct File: Decodable {
        var name: String
        var source: String
        var rings: [[[Double]]]
    }

    /// Parses `{"name", "source", "rings": [[[lon, lat], …], …]}`; every point must be a finite
    /// longitude/latitude pair and every ring needs at least three points.
    public init(json: Data) throws {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw LoadError.invalid("\(error)")
        }
        var rings: [[GeoPoint]] = []
        for (r, ring) in file.rings.enumerated() {
            guard ring.count >= 3 else { throw LoadError.invalid("ring \(r) has \(ring.count) points; a ring needs at least 3") }
            rings.append(try ring.enumerated().map { p, pair in
                guard pair.count == 2, (-180...180).contains(pair[0]), (-90...90).contains(pair[1]) else {
                    throw LoadError.invalid("ring \(r) point \(p) is not a [longitude, latitude] pair in degrees")
                }
                return GeoPoint(longitude: pair[0], latitude: pair[1])
            })
        }
        guard !rings.isEmpty else { throw LoadError.invalid("no rings") }
        name = file.name
        source = file.source
        self.rings = rings
    }

    /// The smallest lon/lat box holding every ring.
    public var bounds: GeoBounds {
        let points = rings.joined()
        return GeoBounds(longitudes: points.map(\.longitude).min()!...points.map(\.longitude).max()!,
                         latitudes: points.map(\.latitude).min()!...points.map(\.latitude).max()!)
    }
}

public struct GeoBounds: Hashable, Sendable {
    public var longitudes: ClosedRange<Double>
    public var latitudes: ClosedRange<Double>

    public init(longitudes: ClosedRange<Double>, latitudes: ClosedRange<Double>) {
        self.longitudes = longitudes
        self.latitudes = latitudes
    }
}

/// Equirectangular projection for a small map: x = (λ − λ₀)·cos φₘ, y = φ, with φₘ the mean latitude
/// of the bounds, so east–west distances at the country's middle latitude keep their true ratio to
/// north–south ones (at 48° N a degree of longitude is 0.67 of a degree of latitude). The result is
/// scaled uniformly to fit `width × height` square units (y grows downward, like screen rows) and
/// centred. Good to a few percent across Kazakhstan's 15° of latitude; it is not an equal-area map.
public struct MapProjection: Hashable, Sendable {
    public let bounds: GeoBounds
    public let width: Double
    public let height: Double
    public let longitudeScale: Double
    /// Projection units per degree of latitude.
    public let scale: Double
    private let offsetX: Double
    private let offsetY: Double

    public init(bounds: GeoBounds, width: Double, height: Double) {
        self.bounds = bounds
        self.width = width
        self.height = height
        let meanLatitude = (bounds.latitudes.lowerBound + bounds.latitudes.upperBound) / 2
        longitudeScale = cos(meanLatitude * .pi / 180)
        let spanX = (bounds.longitudes.upperBound - bounds.longitudes.lowerBound) * longitudeScale
        let spanY = bounds.latitudes.upperBound - bounds.latitudes.lowerBound
        let fit = min(spanX > 0 ? width / spanX : .infinity, spanY > 0 ? height / spanY : .infinity)
        scale = fit.isFinite ? fit : 1
        offsetX = (width - spanX * scale) / 2
        offsetY = (height - spanY * scale) / 2
    }

    /// Where a point falls, in the `width × height` plane (0,0 at the top-left).
    public func project(_ point: GeoPoint) -> (x: Double, y: Double) {
        (offsetX + (point.longitude - bounds.longitudes.lowerBound) * longitudeScale * scale,
         offsetY + (bounds.latitudes.upperBound - point.latitude) * scale)
    }
}
