/// An `IMAGE`, `VIDEO`, `AUDIO` or `FILE` body.
public struct MediaContent: Sendable, Hashable {
    /// `caption`.
    public var caption: String?
    /// `attachment` (required).
    public var attachment: Attachment
    /// `additionalDetails`, kept as sent (may hold `fileName`).
    public var additionalDetails: JSONValue?

    /// Creates media content.
    public init(caption: String? = nil, attachment: Attachment, additionalDetails: JSONValue? = nil) {
        self.caption = caption
        self.attachment = attachment
        self.additionalDetails = additionalDetails
    }
}

/// A stored file that a message points at.
public struct Attachment: Sendable, Hashable {
    /// `mediaUrl` (required, not blank).
    public var mediaURL: String
    /// `thumbnail`.
    public var thumbnail: String?
    /// `mimeType`.
    public var mimeType: String?
    /// `size` in bytes.
    public var size: Int64?
    /// `mediaLabel`.
    public var mediaLabel: String?
    /// `mediaName`.
    public var mediaName: String?

    /// Creates an attachment.
    public init(
        mediaURL: String, thumbnail: String? = nil, mimeType: String? = nil, size: Int64? = nil, mediaLabel: String? = nil, mediaName: String? = nil
    ) {
        self.mediaURL = mediaURL
        self.thumbnail = thumbnail
        self.mimeType = mimeType
        self.size = size
        self.mediaLabel = mediaLabel
        self.mediaName = mediaName
    }
}
