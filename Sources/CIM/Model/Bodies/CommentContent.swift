/// A `COMMENT` body: a social-media comment or reaction.
public struct CommentContent: Sendable, Hashable {
    /// The item types a comment may be.
    public static let itemTypes = ["VIDEO", "TEXT", "IMAGE", "LIKE", "UNLIKE", "DELETE", "HIDE", "PRIVATE_REPLY"]

    /// `postId` (required).
    public var postID: String
    /// `itemType` (required, one of ``itemTypes``).
    public var itemType: String

    /// Creates comment content.
    public init(postID: String, itemType: String) {
        self.postID = postID
        self.itemType = itemType
    }
}
