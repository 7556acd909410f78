import BailanysCore
import Testing

@Suite("Great-circle distance")
struct GeoDistanceTests {
    @Test func astanaToAlmaty() {
        let km = greatCircleKm(lat1: 51.1694, lon1: 71.4491, lat2: 43.2389, lon2: 76.8897)
        #expect(abs(km - 970) / 970 < 0.01, "got \(km)")
    }

    @Test func oneDegreeOfLatitude() {
        let km = greatCircleKm(lat1: 0, lon1: 0, lat2: 1, lon2: 0)
        #expect(abs(km - 111.195) < 0.01)
    }

    @Test func symmetricAndZero() {
        let there = greatCircleKm(lat1: 43.65, lon1: 51.17, lat2: 49.95, lon2: 82.61)
        let back = greatCircleKm(lat1: 49.95, lon1: 82.61, lat2: 43.65, lon2: 51.17)
        #expect(there == back)
        #expect(greatCircleKm(lat1: 43.65, lon1: 51.17, lat2: 43.65, lon2: 51.17) == 0)
    }

    @Test func antipodesAreHalfTheCircumference() {
        let km = greatCircleKm(lat1: 10, lon1: 20, lat2: -10, lon2: -160)
        #expect(abs(km - 6371.0088 * Double.pi) < 0.001)
    }
}
