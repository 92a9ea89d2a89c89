/// A `URL` body.
public struct URLContent: Sendable, Hashable {
    /// `mediaUrl` (required; `mediaURL` is accepted too, as one guide spells it).
    public var mediaURL: String

    /// Creates URL content.
    public init(mediaURL: String) { self.mediaURL = mediaURL }
}
