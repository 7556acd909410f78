import Foundation

/// Mean Earth radius (IUGG), in kilometres.
public let earthMeanRadiusKm = 6371.0088

/// Great-circle distance in kilometres between two points given in decimal degrees (haversine formula).
public func greatCircleKm(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
    let toRadians = Double.pi / 180
    let halfDeltaLat = (lat2 - lat1) * toRadians / 2
    let halfDeltaLon = (lon2 - lon1) * toRadians / 2
    let a = sin(halfDeltaLat) * sin(halfDeltaLat)
        + cos(lat1 * toRadians) * cos(lat2 * toRadians) * sin(halfDeltaLon) * sin(halfDeltaLon)
    // min() guards against rounding pushing a just above 1 for antipodal points.
    return 2 * earthMeanRadiusKm * asin(min(1, a.squareRoot()))
}

extension Settlement {
    /// Great-circle distance in kilometres to another settlement.
    public func distanceKm(to other: Settlement) -> Double {
        greatCircleKm(lat1: latitude, lon1: longitude, lat2: other.latitude, lon2: other.longitude)
    }
}
