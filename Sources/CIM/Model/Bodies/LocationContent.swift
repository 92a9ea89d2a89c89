/// A `LOCATION` body.
public struct LocationContent: Sendable, Hashable {
    /// `location.latitude` (required, -90…90).
    public var latitude: Double
    /// `location.longitude` (required, -180…180).
    public var longitude: Double
    /// `additionalDetails.name`.
    public var name: String?
    /// `additionalDetails.address`.
    public var address: String?

    /// Creates location content.
    public init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }
}
