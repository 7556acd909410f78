import Foundation

enum Geography {
    /// IUGG mean Earth radius.
    static let earthRadiusKm = 6371.0088

    /// Great-circle distance by the haversine formula, which stays accurate for nearby villages.
    static func distanceKm(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (latitude2 - latitude1) * radians, dLon = (longitude2 - longitude1) * radians
        let h = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude1 * radians) * cos(latitude2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(h)))
    }

    static func distanceKm(_ a: GraphNode, _ b: GraphNode) -> Double {
        distanceKm(latitude1: a.latitude, longitude1: a.longitude, latitude2: b.latitude, longitude2: b.longitude)
    }
}
