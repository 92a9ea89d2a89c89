/// A `STICKER` body.
public struct StickerContent: Sendable, Hashable {
    /// `mediaUrl` (required).
    public var mediaURL: String
    /// `stickerId`.
    public var stickerID: String?

    /// Creates sticker content.
    public init(mediaURL: String, stickerID: String? = nil) {
        self.mediaURL = mediaURL
        self.stickerID = stickerID
    }
}
